// One lookup = exactly two MISP calls in parallel, whatever the number of indicators:
// a batched attributes/restSearch (event tags, event context, sightings, warninglist hits on each
// attribute) and a warninglists/checkValue for the raw values. Hits are then grouped per indicator.
// MISP matches values as exact strings, so for a URL the same search also asks for its other
// trailing-slash form, its hostname and the URLs on that host (prefix patterns, which an index serves).
import { normaliseAttribute, normaliseWarninglistCheck } from './normalise.js';
import type { AttributeHit, IndicatorRef, IndicatorResult, MispPort } from './types.js';

/** Upper bound on attributes fetched for one lookup, so one very common value cannot flood memory. */
export const MAX_ATTRIBUTES = 1000;

export interface LookupOptions {
  timeoutMs: number;
  signal?: AbortSignal;
}

export async function runLookup(
  misp: MispPort,
  indicators: IndicatorRef[],
  options: LookupOptions,
): Promise<IndicatorResult[]> {
  if (indicators.length === 0) return [];
  const values = indicators.map((i) => i.value);
  const searched = [...new Set([...values, ...indicators.flatMap(extraSearchValues)])];
  const callOptions = { timeoutMs: options.timeoutMs, ...(options.signal ? { signal: options.signal } : {}) };
  const [attributes, warnings] = await Promise.all([
    misp.attributes.search(
      {
        value: searched,
        includeEventTags: true,
        includeContext: true,
        includeSightings: true,
        includeWarninglistHits: true,
        includeDecayScore: true,
        limit: MAX_ATTRIBUTES,
      },
      callOptions,
    ),
    misp.warninglists.check(values, callOptions),
  ]);
  const hits = (Array.isArray(attributes) ? attributes : [])
    .map(normaliseAttribute)
    .filter((h): h is AttributeHit => h !== undefined);
  const lists = normaliseWarninglistCheck(warnings);
  return group(indicators, hits, lists);
}

/** The lower-case hostname of a URL indicator, or undefined for anything else (or a URL without host). */
export function urlHost(indicator: IndicatorRef): string | undefined {
  if (indicator.kind !== 'url') return undefined;
  try {
    const host = new URL(indicator.value).hostname.toLowerCase();
    // An IPv6 literal comes back bracketed; MISP stores it bare.
    return host.replace(/^\[(.*)\]$/, '$1') || undefined;
  } catch {
    return undefined;
  }
}

/** The same URL with a trailing slash added or removed, which MISP would otherwise miss. */
function slashTwin(url: string): string {
  return url.endsWith('/') ? url.replace(/\/+$/, '') : `${url}/`;
}

function extraSearchValues(indicator: IndicatorRef): string[] {
  const host = urlHost(indicator);
  if (!host) return [];
  // `%` is MISP's wildcard; `_` would be one too, but extra matches are filtered out in `group`.
  return [slashTwin(indicator.value), host, `http://${host}/%`, `https://${host}/%`];
}

function matches(hitValue: string, indicator: string): boolean {
  const a = hitValue.toLowerCase();
  const b = indicator.toLowerCase();
  if (a === b) return true;
  // Composite attributes (filename|sha256, ip-dst|port, domain|ip) match on either half.
  return a.includes('|') && a.split('|').includes(b);
}

function matchesUrl(hitValue: string, url: string): boolean {
  return matches(hitValue, url) || matches(hitValue, slashTwin(url));
}

/** A hit about the host: the hostname itself (or half of a composite), or another URL on it. */
function onHost(hitValue: string, host: string): boolean {
  if (matches(hitValue, host)) return true;
  try {
    return new URL(hitValue).hostname.toLowerCase() === host;
  } catch {
    return false;
  }
}

export function group(
  indicators: IndicatorRef[],
  hits: AttributeHit[],
  lists: Map<string, string[]>,
): IndicatorResult[] {
  const listsLower = new Map([...lists].map(([k, v]) => [k.toLowerCase(), v]));
  return indicators.map((indicator) => {
    const host = urlHost(indicator);
    const own = hits.filter((hit) =>
      host ? matchesUrl(hit.value, indicator.value) : matches(hit.value, indicator.value),
    );
    const names = new Set([
      ...(listsLower.get(indicator.value.toLowerCase()) ?? []),
      ...own.flatMap((h) => h.warninglists),
    ]);
    const result: IndicatorResult = { indicator, hits: own, warninglists: [...names] };
    if (host) {
      result.host = host;
      result.hostHits = hits.filter((hit) => !own.includes(hit) && onHost(hit.value, host));
    }
    return result;
  });
}
