import type { Row } from '../types.js';

/**
 * The filter rules of sync servers and feeds, read as MISP 2.5 reads them:
 * - pull rules (`servers.pull_rules`) become filters of the remote's events/index (Server::filterRuleToParameter:
 *   `tags` → `tag`, `orgs` → `org`, NOT terms prefixed with `!`, `url_params` merged in);
 * - push rules (`servers.push_rules`) hold local tag ids and creator organisation ids (Server::eventFilterPushableServers);
 * - feed rules (`feeds.rules`) match a manifest entry's tag names and creator organisation name or uuid, and a
 *   minimum `timestamp` in `url_params` (Feed::checkEventAgainstRules).
 */

export interface RuleSet {
  OR: string[];
  NOT: string[];
}

export interface SyncRules {
  tags: RuleSet;
  orgs: RuleSet;
  /** The JSON object in `url_params` (MISP stores it as a JSON string inside the JSON). */
  urlParams: Record<string, unknown>;
}

const terms = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.filter((v) => v !== null && v !== undefined && String(v) !== '').map(String)
    : value !== null && value !== undefined && typeof value !== 'object' && String(value) !== ''
      ? [String(value)]
      : [];

const ruleSet = (value: unknown): RuleSet => {
  const set = value && typeof value === 'object' && !Array.isArray(value) ? (value as Row) : {};
  return { OR: terms(set.OR), NOT: terms(set.NOT) };
};

function decode(raw: unknown): Row {
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) return raw as Row;
  if (typeof raw !== 'string' || raw.trim() === '') return {};
  try {
    const parsed = JSON.parse(raw) as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Row) : {};
  } catch {
    return {};
  }
}

export function parseRules(raw: unknown): SyncRules {
  const rules = decode(raw);
  return { tags: ruleSet(rules.tags), orgs: ruleSet(rules.orgs), urlParams: decode(rules.url_params) };
}

/**
 * Server::filterRuleToParameter: each rule field loses its last letter (`tags` → `tag`, `type_attributes` →
 * `type_attribute`), NOT terms are sent as `!term`, and `url_params` is merged over the result.
 */
export function pullRuleParameters(raw: unknown): Record<string, unknown> {
  const rules = decode(raw);
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(rules)) {
    if (field === 'url_params') continue;
    const set = ruleSet(value);
    const list = [...set.OR, ...set.NOT.map((t) => `!${t}`)];
    if (list.length) out[field.slice(0, -1)] = list;
  }
  for (const [key, value] of Object.entries(decode(rules.url_params))) {
    const current = out[key];
    // PHP's array_merge_recursive: two values under one key become a list of both.
    out[key] = current === undefined ? value : [...[current].flat(), ...[value].flat()];
  }
  return out;
}

/** Server::eventFilterPushableServers for one server: tag ids of the event and its creator organisation id. */
export function pushAllowed(rules: SyncRules, eventTagIds: number[], orgcId: number): boolean {
  const tags = new Set(eventTagIds.map(String));
  if (rules.tags.OR.length && !rules.tags.OR.some((t) => tags.has(t))) return false;
  if (rules.tags.NOT.some((t) => tags.has(t))) return false;
  if (rules.orgs.OR.length && !rules.orgs.OR.includes(String(orgcId))) return false;
  if (rules.orgs.NOT.includes(String(orgcId))) return false;
  return true;
}

/** MISP's resolveTimeDelta: `7d`, `12h`, `30m`, `45s` before now, or an epoch as it is. */
export function resolveTimeDelta(value: unknown, nowSeconds: number): number {
  const text = String(value ?? '').trim();
  const match = /^(\d+)([dhms])$/i.exec(text);
  if (!match) return Number.parseInt(text, 10) || 0;
  const unit = { d: 86_400, h: 3_600, m: 60, s: 1 }[match[2]?.toLowerCase() as 'd' | 'h' | 'm' | 's'];
  return nowSeconds - Number(match[1]) * unit;
}

/** Feed::checkEventAgainstRules for a manifest entry (`{Orgc, Tag, timestamp, …}`). */
export function feedEntryAllowed(rules: SyncRules, entry: Row, nowSeconds: number): boolean {
  const tags = new Set(
    (Array.isArray(entry.Tag) ? (entry.Tag as Row[]) : []).map((t) => String(t?.name ?? '')).filter(Boolean),
  );
  if (rules.tags.OR.length && !rules.tags.OR.some((t) => tags.has(t))) return false;
  if (rules.tags.NOT.some((t) => tags.has(t))) return false;
  const orgc = (entry.Orgc ?? {}) as Row;
  const isOrg = (t: string) => t === String(orgc.uuid ?? '') || t === String(orgc.name ?? '');
  if (rules.orgs.OR.length && !rules.orgs.OR.some(isOrg)) return false;
  if (rules.orgs.NOT.some(isOrg)) return false;
  if (rules.urlParams.timestamp !== undefined) {
    if (Number(entry.timestamp ?? 0) < resolveTimeDelta(rules.urlParams.timestamp, nowSeconds)) return false;
  }
  return true;
}
