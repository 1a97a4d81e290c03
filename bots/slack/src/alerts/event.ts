// MISP event JSON (restSearch or the workflow webhook's `{Event:{…}}`) → AlertEvent. MISP sends
// numbers as strings and tags in several places; anything malformed becomes a clear error.
import { effectiveTlp, parseTlpTag, stricter, type Tlp, type TlpPolicy, tlpRank } from '../tlp.js';
import type { AlertEvent, AlertIndicator, ThreatLevel } from './types.js';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const arr = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const bool = (v: unknown): boolean => v === true || v === 1 || v === '1' || v === 'true';
const tagNames = (v: unknown): string[] =>
  arr(v)
    .map((t) => str(t.name))
    .filter(Boolean);

export class BadEventError extends Error {
  override name = 'BadEventError';
}

const MAX_INDICATORS = 10;
const MAX_VALUES = 500;

/**
 * Accepts `{Event:{…}}` or the bare event. `policy` is the bot's one TLP policy: an untagged
 * event, or one with only unknown `tlp:` tags, gets its default.
 */
export function toAlertEvent(input: unknown, policy: TlpPolicy): AlertEvent {
  const e = isObj(input) && isObj(input.Event) ? input.Event : input;
  if (!isObj(e)) throw new BadEventError('event is not an object');
  const uuid = str(e.uuid);
  if (!/^[0-9a-f-]{36}$/i.test(uuid)) throw new BadEventError('event has no valid uuid');
  const publishTimestamp = Number(str(e.publish_timestamp));
  if (!Number.isFinite(publishTimestamp) || publishTimestamp < 0)
    throw new BadEventError(`event ${uuid} has no valid publish_timestamp`);
  const threat = Number(str(e.threat_level_id));
  const threatLevel = (threat >= 1 && threat <= 4 ? threat : 4) as ThreatLevel;

  // Attributes: the webhook's flattened list, else event attributes plus those inside objects.
  const attributes = Array.isArray(e._AttributeFlattened)
    ? arr(e._AttributeFlattened)
    : [...arr(e.Attribute), ...arr(e.Object).flatMap((o) => arr(o.Attribute))];
  const live = attributes.filter((a) => !bool(a.deleted));
  const eventTags = tagNames(e.Tag).concat(tagNames(arr(e.EventTag).map((et) => et.Tag)));
  const attributeTags = live.flatMap((a) => tagNames(a.Tag));

  const counts: Record<string, number> = {};
  for (const a of live) {
    const type = str(a.type) || 'unknown';
    counts[type] = (counts[type] ?? 0) + 1;
  }
  const indicators: AlertIndicator[] = live
    .map((a) => ({ type: str(a.type), value: str(a.value), toIds: bool(a.to_ids) }))
    .filter((a) => a.value !== '')
    .sort((a, b) => Number(b.toIds) - Number(a.toIds))
    .slice(0, MAX_INDICATORS);
  const galaxies = arr(e.Galaxy).flatMap((g) =>
    arr(g.GalaxyCluster).map((c) => `${str(g.name) || str(c.type)}: ${str(c.value)}`),
  );
  const tlpTags = [...new Set([...eventTags, ...attributeTags].filter((t) => parseTlpTag(t) !== undefined))];
  const org = isObj(e.Orgc) ? str(e.Orgc.name) : isObj(e.Org) ? str(e.Org.name) : '';

  return {
    uuid: uuid.toLowerCase(),
    id: str(e.id),
    info: str(e.info) || '(untitled event)',
    date: str(e.date),
    threatLevel,
    publishTimestamp,
    published: bool(e.published),
    org,
    tags: [...new Set(eventTags)],
    galaxies: [...new Set(galaxies)],
    attributeCount: live.length,
    attributeCounts: counts,
    indicators,
    // Strictest of event and attribute TLP tags: an alert never shows more than its most
    // restricted part allows. The tags are kept so the sender decides again with its policy.
    tlpTags,
    tlp: effectiveTlp(tlpTags, policy),
    values: [...new Set(live.map((a) => str(a.value)).filter(Boolean))].slice(0, MAX_VALUES),
  };
}

/**
 * The alert's TLP under `policy`, decided again where it is delivered: a row queued before
 * MISPKIT_DEFAULT_TLP changed, or by a replica with another setting, follows this process's policy.
 *
 * A row stored before the tags were kept has only the TLP decided then, always with AMBER for
 * "untagged or unknown": CLEAR and GREEN came from tags alone and stand; anything else may hide
 * that default, so the configured default applies on top (it can only become stricter).
 */
export function alertTlp(event: AlertEvent, policy: TlpPolicy): Tlp {
  if (event.tlpTags) return effectiveTlp(event.tlpTags, policy);
  return tlpRank(event.tlp) < tlpRank('amber') ? event.tlp : stricter(event.tlp, policy.defaultTlp);
}

/** The event with its TLP decided by `policy` (what every alert builder renders). */
export function withPolicyTlp(event: AlertEvent, policy: TlpPolicy): AlertEvent {
  const tlp = alertTlp(event, policy);
  return tlp === event.tlp ? event : { ...event, tlp };
}
