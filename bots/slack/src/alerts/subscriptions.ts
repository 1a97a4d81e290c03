// `/intel subscribe …` filters: parsing, display and matching. Pure.
import { clampEscaped, codeSpan, safeLine } from '../escape.js';
import { type ConversationKind, ceilingFor, TLP_LEVELS, type Tlp, type TlpPolicy, tlpLabel, tlpRank } from '../tlp.js';
import { alertTlp } from './event.js';
import type { AlertEvent, SubscriptionFilters, ThreatLevel } from './types.js';

export const THREAT_NAMES: Record<ThreatLevel, string> = { 1: 'High', 2: 'Medium', 3: 'Low', 4: 'Undefined' };
const THREAT_WORDS: Record<string, ThreatLevel> = { high: 1, medium: 2, low: 3, any: 4, undefined: 4 };

export const DEFAULT_FILTERS: SubscriptionFilters = { minThreat: 1, includeTags: [], excludeTags: [], orgs: [] };

export const SUBSCRIBE_USAGE =
  'Usage: `/intel subscribe [threat:high|medium|low|any] [tag:NAME] [-tag:NAME] [org:NAME] [tlp:clear|green|amber|amber+strict|red]`';

export type ParseResult = { ok: true; filters: SubscriptionFilters } | { ok: false; error: string };

/**
 * Parses the words after `subscribe`. Values may be quoted (`org:"Some CERT"`). Repeating `tag:`
 * requires every tag; repeating `org:` accepts any of them; `-tag:` excludes.
 */
export function parseSubscribeArgs(text: string): ParseResult {
  const tokens = tokenize(text.trim());
  if (!tokens.ok) return tokens;
  const filters: SubscriptionFilters = { ...DEFAULT_FILTERS, includeTags: [], excludeTags: [], orgs: [] };
  let sawThreat = false;
  let sawTlp = false;
  for (const token of tokens.tokens) {
    const m = /^(-?)([a-z]+):(.*)$/is.exec(token);
    if (!m) return { ok: false, error: `I don't understand \`${safeLine(token)}\`. ${SUBSCRIBE_USAGE}` };
    const [, minus, rawKey, value = ''] = m;
    const key = (rawKey ?? '').toLowerCase();
    if (value.trim() === '') return { ok: false, error: `\`${safeLine(token)}\` needs a value. ${SUBSCRIBE_USAGE}` };
    if (minus && key !== 'tag')
      return { ok: false, error: `Only tags can be excluded with \`-\` (got \`${safeLine(token)}\`).` };
    switch (key) {
      case 'threat': {
        const level =
          THREAT_WORDS[value.toLowerCase()] ?? (/^[1-4]$/.test(value) ? (Number(value) as ThreatLevel) : undefined);
        if (!level)
          return { ok: false, error: `Unknown threat level \`${safeLine(value)}\`: use high, medium, low or any.` };
        if (sawThreat) return { ok: false, error: 'Give `threat:` only once.' };
        sawThreat = true;
        filters.minThreat = level;
        break;
      }
      case 'tag':
        (minus ? filters.excludeTags : filters.includeTags).push(value.trim());
        break;
      case 'org':
        filters.orgs.push(value.trim());
        break;
      case 'tlp': {
        const tlp = value
          .toLowerCase()
          .replace(/^tlp:/, '')
          .replace(/^white$/, 'clear');
        if (!(TLP_LEVELS as readonly string[]).includes(tlp)) {
          return { ok: false, error: `Unknown TLP \`${safeLine(value)}\`: use ${TLP_LEVELS.join(', ')}.` };
        }
        if (sawTlp) return { ok: false, error: 'Give `tlp:` only once.' };
        sawTlp = true;
        filters.tlpCeiling = tlp as Tlp;
        break;
      }
      default:
        return { ok: false, error: `Unknown filter \`${safeLine(rawKey ?? '')}:\`. ${SUBSCRIBE_USAGE}` };
    }
  }
  const both = filters.includeTags.find((t) => filters.excludeTags.some((x) => x.toLowerCase() === t.toLowerCase()));
  if (both) return { ok: false, error: `Tag \`${safeLine(both)}\` is both required and excluded.` };
  return { ok: true, filters };
}

function tokenize(text: string): { ok: true; tokens: string[] } | { ok: false; error: string } {
  const tokens: string[] = [];
  const re = /\s*((?:[^\s"]+|"[^"]*")+)/gy;
  let pos = 0;
  while (pos < text.length) {
    re.lastIndex = pos;
    const m = re.exec(text);
    if (!m?.[1]) {
      if (text.slice(pos).trim() === '') break;
      return { ok: false, error: 'Unbalanced quote in the filters.' };
    }
    tokens.push(m[1].replace(/"/g, ''));
    pos = re.lastIndex;
  }
  if (text.split('"').length % 2 === 0) return { ok: false, error: 'Unbalanced quote in the filters.' };
  return { ok: true, tokens };
}

/** One line describing the filters, escaped for mrkdwn. */
export function describeFilters(f: SubscriptionFilters): string {
  const parts = [
    f.minThreat === 4
      ? 'any threat level'
      : `threat ${THREAT_NAMES[f.minThreat]}${f.minThreat > 1 ? ' or higher' : ''}`,
  ];
  if (f.includeTags.length) parts.push(`with ${f.includeTags.map((t) => codeSpan(t, 100)).join(' and ')}`);
  if (f.excludeTags.length) parts.push(`without ${f.excludeTags.map((t) => codeSpan(t, 100)).join(' or ')}`);
  if (f.orgs.length) parts.push(`from ${f.orgs.map((o) => clampEscaped(safeLine(o), 100)).join(' or ')}`);
  if (f.tlpCeiling) parts.push(`up to ${tlpLabel(f.tlpCeiling)}`);
  return parts.join(', ');
}

/** The text of `/intel subscriptions` for a channel. */
export function formatSubscription(channelId: string, f: SubscriptionFilters | undefined): string {
  if (!f)
    return `<#${channelId}> has no alert subscription. Subscribe with \`/intel subscribe\` (${SUBSCRIBE_USAGE.replace('Usage: ', '')}).`;
  return `<#${channelId}> receives MISP alerts: ${describeFilters(f)}. Stop with \`/intel unsubscribe\`.`;
}

const lower = (s: string) => s.trim().toLowerCase();

/** Whether an event passes a channel's filters (TLP is checked separately: see `tlpDecision`). */
export function matchesFilters(event: AlertEvent, f: SubscriptionFilters): boolean {
  if (!event.published) return false;
  if (event.threatLevel > f.minThreat) return false;
  const tags = new Set(event.tags.map(lower));
  if (!f.includeTags.every((t) => tags.has(lower(t)))) return false;
  if (f.excludeTags.some((t) => tags.has(lower(t)))) return false;
  if (f.orgs.length && !f.orgs.some((o) => lower(o) === lower(event.org))) return false;
  // The default rule: an event whose every attribute is a known false positive is noise.
  if (event.allWarninglisted) return false;
  return true;
}

/** The strictest TLP a channel may receive: its kind's ceiling, lowered by the subscription's. */
export function channelCeiling(kind: ConversationKind, f: SubscriptionFilters, policy: TlpPolicy): Tlp {
  const kindCeiling = ceilingFor(kind, policy);
  if (!f.tlpCeiling) return kindCeiling;
  return tlpRank(f.tlpCeiling) < tlpRank(kindCeiling) ? f.tlpCeiling : kindCeiling;
}

export function mayDeliver(
  event: AlertEvent,
  kind: ConversationKind,
  f: SubscriptionFilters,
  policy: TlpPolicy,
): boolean {
  return tlpRank(alertTlp(event, policy)) <= tlpRank(channelCeiling(kind, f, policy));
}
