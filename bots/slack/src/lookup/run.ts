// One lookup = exactly two MISP calls in parallel, whatever the number of indicators:
// a batched attributes/restSearch (event tags, event context, sightings, warninglist hits on each
// attribute) and a warninglists/checkValue for the raw values. Hits are then grouped per indicator.
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
  const callOptions = { timeoutMs: options.timeoutMs, ...(options.signal ? { signal: options.signal } : {}) };
  const [attributes, warnings] = await Promise.all([
    misp.attributes.search(
      {
        value: values,
        includeEventTags: true,
        includeContext: true,
        includeSightings: true,
        includeWarninglistHits: true,
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

function matches(hitValue: string, indicator: string): boolean {
  const a = hitValue.toLowerCase();
  const b = indicator.toLowerCase();
  if (a === b) return true;
  // Composite attributes (filename|sha256, ip-dst|port, domain|ip) match on either half.
  return a.includes('|') && a.split('|').includes(b);
}

export function group(
  indicators: IndicatorRef[],
  hits: AttributeHit[],
  lists: Map<string, string[]>,
): IndicatorResult[] {
  const listsLower = new Map([...lists].map(([k, v]) => [k.toLowerCase(), v]));
  return indicators.map((indicator) => {
    const own = hits.filter((hit) => matches(hit.value, indicator.value));
    const names = new Set([
      ...(listsLower.get(indicator.value.toLowerCase()) ?? []),
      ...own.flatMap((h) => h.warninglists),
    ]);
    return { indicator, hits: own, warninglists: [...names] };
  });
}
