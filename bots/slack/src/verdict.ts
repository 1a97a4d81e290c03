// Verdict rules, pure and configurable. README "Verdict rules" documents the same steps:
//
// 1. No MISP hit: "known benign" when the value is on a warninglist, else "not found".
// 2. Each hit gets a level:
//    - a benign tag (default: confirmed false positive, high false-positive risk) → benign;
//    - a malicious tag on the attribute (default: threat actors, malware families, "very likely"/"almost
//      certain") → malicious; the same tag on its event → malicious only if `to_ids` is set (if `requireToIds`);
//    - a suspicious tag (analyst hedging, e.g. "roughly even chance") → suspicious, and the
//      threat-level rule below may not promote it;
//    - threat level in `maliciousThreatLevels` (default High) and `to_ids` set (if `requireToIds`)
//      and published (if `requirePublished`) → malicious;
//    - anything else MISP knows → suspicious.
//    The indicator's level is the highest of its hits.
// 3. More false-positive sightings than sightings → one step down (malicious → suspicious → benign).
// 4. Every hit expired (an expiration sighting in the past) → malicious becomes suspicious.
// 5. On a warninglist → known benign, unless an attribute itself carries a malicious tag.
// 6. A URL whose host MISP knows (the hostname, or other URLs on it) takes the host's verdict, capped at
//    `hostVerdictCeiling` (default suspicious), if that is more severe than its own. It never makes a URL
//    benign, and a URL that is itself known benign stays benign.
import type { AttributeHit } from './lookup/types.js';

export type Verdict = 'malicious' | 'suspicious' | 'benign' | 'not_found';

export const VERDICT_RANK: Record<Verdict, number> = { malicious: 3, suspicious: 2, benign: 1, not_found: 0 };

export const VERDICT_LABEL: Record<Verdict, string> = {
  malicious: 'Malicious',
  suspicious: 'Suspicious',
  benign: 'Known benign',
  not_found: 'Not found',
};

export const THREAT_LEVEL_LABEL: Record<string, string> = { '1': 'High', '2': 'Medium', '3': 'Low', '4': 'Undefined' };
export const ANALYSIS_LABEL: Record<string, string> = { '0': 'Initial', '1': 'Ongoing', '2': 'Complete' };

export interface VerdictConfig {
  /** Tag patterns (case-insensitive, `*` = any characters) that make a hit malicious. */
  maliciousTags: string[];
  /** Tag patterns that make a hit suspicious and stop the threat-level rule from promoting it. */
  suspiciousTags: string[];
  /** Tag patterns that make a hit benign. */
  benignTags: string[];
  /** Event threat levels ("1" High … "4" Undefined) that make a hit malicious. */
  maliciousThreatLevels: string[];
  /** The threat-level rule applies only to attributes with `to_ids` set. */
  requireToIds: boolean;
  /** The threat-level rule applies only to published events. */
  requirePublished: boolean;
  /** Rule 3. */
  falsePositiveSightingsDowngrade: boolean;
  /** Rule 5. */
  warninglistMeansBenign: boolean;
  /** Rule 6: the most a URL's host alone can make the URL; `off` shows host context without a verdict effect. */
  hostVerdictCeiling: HostVerdictCeiling;
}

export const HOST_VERDICT_CEILINGS = ['malicious', 'suspicious', 'off'] as const;
export type HostVerdictCeiling = (typeof HOST_VERDICT_CEILINGS)[number];

export const defaultVerdictConfig: VerdictConfig = {
  maliciousTags: [
    'misp-galaxy:threat-actor=*',
    'misp-galaxy:malpedia=*',
    'misp-galaxy:ransomware=*',
    'misp-galaxy:botnet=*',
    'misp-galaxy:backdoor=*',
    'misp-galaxy:stealer=*',
    'estimative-language:likelihood-probability="very-likely"',
    'estimative-language:likelihood-probability="almost-certain"',
  ],
  suspiciousTags: [
    'estimative-language:likelihood-probability="roughly-even-chance"',
    'estimative-language:likelihood-probability="unlikely"',
    'estimative-language:likelihood-probability="likely"',
  ],
  benignTags: ['false-positive:confirmed="true"', 'false-positive:risk="high"'],
  maliciousThreatLevels: ['1'],
  requireToIds: true,
  requirePublished: false,
  falsePositiveSightingsDowngrade: true,
  warninglistMeansBenign: true,
  hostVerdictCeiling: 'suspicious',
};

export interface VerdictOutcome {
  verdict: Verdict;
  /** Why, in short phrases suitable for a card ("threat level High with to_ids"). */
  reasons: string[];
}

const patternCache = new Map<string, RegExp>();

/** True when a tag name matches a pattern (case-insensitive; `*` matches any run of characters). */
export function tagMatches(name: string, pattern: string): boolean {
  let re = patternCache.get(pattern);
  if (!re) {
    const body = pattern
      .trim()
      .split('*')
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*');
    re = new RegExp(`^${body}$`, 'i');
    patternCache.set(pattern, re);
  }
  return re.test(name.trim());
}

function matchingTag(
  hit: AttributeHit,
  patterns: string[],
  scope: 'all' | 'own' | 'event' = 'all',
): string | undefined {
  const own = hit.tags.filter((t) => !t.inherited);
  const fromEvent = [...hit.tags.filter((t) => t.inherited), ...hit.event.tags];
  const list = scope === 'own' ? own : scope === 'event' ? fromEvent : [...own, ...fromEvent];
  for (const tag of list) {
    if (patterns.some((p) => tagMatches(tag.name, p))) return tag.name;
  }
  return undefined;
}

interface HitLevel {
  verdict: Exclude<Verdict, 'not_found'>;
  reason: string;
  /** A malicious tag on the attribute itself: an analyst said so about this very value. */
  explicitMalicious: boolean;
}

export function hitLevel(hit: AttributeHit, config: VerdictConfig = defaultVerdictConfig): HitLevel {
  const benign = matchingTag(hit, config.benignTags);
  if (benign) return { verdict: 'benign', reason: `tagged ${benign}`, explicitMalicious: false };
  const malicious = matchingTag(hit, config.maliciousTags, 'own');
  if (malicious) return { verdict: 'malicious', reason: `tagged ${malicious}`, explicitMalicious: true };
  // An event about a malware family also lists context (resolvers, user agents): its tags
  // condemn only the attributes flagged for detection.
  const eventMalicious = (hit.toIds || !config.requireToIds) && matchingTag(hit, config.maliciousTags, 'event');
  if (eventMalicious)
    return { verdict: 'malicious', reason: `event tagged ${eventMalicious}`, explicitMalicious: false };
  const suspicious = matchingTag(hit, config.suspiciousTags);
  if (suspicious) return { verdict: 'suspicious', reason: `tagged ${suspicious}`, explicitMalicious: false };
  const level = hit.event.threatLevelId;
  if (
    level !== undefined &&
    config.maliciousThreatLevels.includes(level) &&
    (hit.toIds || !config.requireToIds) &&
    (hit.event.published || !config.requirePublished)
  ) {
    const label = THREAT_LEVEL_LABEL[level] ?? level;
    return {
      verdict: 'malicious',
      reason: `threat level ${label}${hit.toIds ? ' with to_ids' : ''}`,
      explicitMalicious: false,
    };
  }
  return {
    verdict: 'suspicious',
    reason: hit.toIds ? 'known to MISP' : 'known to MISP (to_ids off)',
    explicitMalicious: false,
  };
}

const DOWN: Record<Exclude<Verdict, 'not_found'>, Exclude<Verdict, 'not_found'>> = {
  malicious: 'suspicious',
  suspicious: 'benign',
  benign: 'benign',
};

/** The verdict for one indicator from the hits that may be shown and the warninglists it is on. */
export function decideVerdict(
  hits: readonly AttributeHit[],
  warninglists: readonly string[],
  config: VerdictConfig = defaultVerdictConfig,
  nowSeconds: number = Date.now() / 1000,
): VerdictOutcome {
  const onWarninglist = warninglists.length > 0 && config.warninglistMeansBenign;
  const listNames = warninglists.slice(0, 3).join(', ');
  if (hits.length === 0) {
    return onWarninglist
      ? { verdict: 'benign', reasons: [`on warninglist ${listNames}`] }
      : { verdict: 'not_found', reasons: [] };
  }

  const levels = hits.map((hit) => hitLevel(hit, config));
  let best = levels[0] as HitLevel;
  for (const level of levels) if (VERDICT_RANK[level.verdict] > VERDICT_RANK[best.verdict]) best = level;
  let verdict = best.verdict;
  const reasons = [best.reason];

  const all = hits.flatMap((hit) => hit.sightings);
  const seen = all.filter((s) => s.type === '0').length;
  const falsePositives = all.filter((s) => s.type === '1').length;
  if (config.falsePositiveSightingsDowngrade && falsePositives > seen) {
    verdict = DOWN[verdict];
    reasons.push(
      `${falsePositives} false-positive sighting${falsePositives === 1 ? '' : 's'} vs ${seen} sighting${seen === 1 ? '' : 's'}`,
    );
  }

  const expired = hits.every((hit) => hit.sightings.some((s) => s.type === '2' && s.timestamp <= nowSeconds));
  if (expired && verdict === 'malicious') {
    verdict = 'suspicious';
    reasons.push('expired');
  }

  const explicit = levels.some((level) => level.explicitMalicious);
  if (onWarninglist && !explicit && verdict !== 'benign') {
    verdict = 'benign';
    reasons.push(`on warninglist ${listNames}`);
  } else if (onWarninglist) {
    reasons.push(`also on warninglist ${listNames}`);
  }
  return { verdict, reasons };
}

/**
 * Rule 6: a URL's own outcome raised by what MISP knows about its host (`hostHits`: the shown hits on the
 * hostname or other URLs on it), never above `hostVerdictCeiling` and never from benign.
 */
export function withHostVerdict(
  own: VerdictOutcome,
  hostHits: readonly AttributeHit[],
  config: VerdictConfig = defaultVerdictConfig,
  nowSeconds: number = Date.now() / 1000,
): VerdictOutcome {
  const ceiling = config.hostVerdictCeiling;
  if (ceiling === 'off' || hostHits.length === 0 || own.verdict === 'benign') return own;
  const host = decideVerdict(hostHits, [], config, nowSeconds);
  if (host.verdict !== 'malicious' && host.verdict !== 'suspicious') return own;
  const capped = VERDICT_RANK[host.verdict] > VERDICT_RANK[ceiling] ? ceiling : host.verdict;
  if (VERDICT_RANK[capped] <= VERDICT_RANK[own.verdict]) return own;
  const why = capped === host.verdict ? host.reasons.join('; ') : `${host.verdict}, capped at ${capped}`;
  return { verdict: capped, reasons: [...own.reasons, `host known to MISP (${why})`] };
}
