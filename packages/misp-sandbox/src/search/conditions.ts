import type { Database } from 'better-sqlite3';
import { IN_LIST, jsonList, prepare } from '../db/statements.js';
import {
  type FilterSet,
  likePattern,
  normaliseSearchValue,
  parseBoolFilter,
  parseFilter,
  parseTimeRange,
  toDateString,
} from './filters.js';

/** Accumulates SQL conditions with bound parameters (values are never spliced into SQL). */
export class Where {
  readonly parts: string[] = [];
  readonly params: unknown[] = [];
  /** Set when a filter can match nothing (e.g. an AND tag that does not exist). */
  impossible = false;

  add(sql: string, ...params: unknown[]): void {
    this.parts.push(sql);
    this.params.push(...params);
  }

  /** Adds `sql` with each of its `?` bound to `values` as one JSON list (see IN_LIST). */
  addList(sql: string, values: readonly unknown[]): void {
    const list = jsonList(values);
    this.add(sql, ...Array.from(sql.matchAll(/\?/g), () => list));
  }

  get sql(): string {
    if (this.impossible) return '0';
    return this.parts.length ? this.parts.join(' AND ') : '1';
  }
}

const isLike = (v: string) => v.includes('%');
const unique = <T>(values: Iterable<T>): T[] => [...new Set(values)];

/** Exact values and LIKE patterns of a list, apart (patterns checked to be usable). */
function byKind(values: string[]): { exact: string[]; patterns: string[] } {
  return { exact: values.filter((v) => !isLike(v)), patterns: values.filter(isLike).map(likePattern) };
}

/**
 * `column` matched against a filter set: exact (NOCASE) or LIKE when `%` is present. Every list is
 * one JSON parameter (IN_LIST), so its length costs neither SQL variables nor expression depth.
 */
export function columnFilter(
  w: Where,
  column: string,
  set: FilterSet | null,
  map: (v: string) => string = (v) => v,
): void {
  if (!set) return;
  if (set.OR.length) {
    const { exact, patterns } = byKind(set.OR.map(map));
    const alternatives: string[] = [];
    const params: string[] = [];
    if (exact.length) {
      alternatives.push(`${column} IN (${IN_LIST})`);
      params.push(jsonList(exact));
    }
    if (patterns.length) {
      alternatives.push(`EXISTS (SELECT 1 FROM json_each(?) p WHERE ${column} LIKE p.value)`);
      params.push(jsonList(patterns));
    }
    w.add(`(${alternatives.join(' OR ')})`, ...params);
  }
  // `IS NOT 1` / `IS NOT 0` keep SQL's rule that a NULL column matches neither a value nor its negation.
  const matches = `(CASE WHEN instr(p.value, '%') THEN ${column} LIKE p.value ELSE ${column} = p.value END)`;
  if (set.AND.length) {
    // Every value must match: the first (an exact one if any) as a plain condition, which an index can
    // serve, the others checked on the rows it leaves.
    const { exact, patterns } = byKind(set.AND.map(map));
    const [first = '', ...rest] = [...exact, ...patterns];
    w.add(`${column} ${isLike(first) ? 'LIKE' : '='} ?`, first);
    if (rest.length) w.addList(`NOT EXISTS (SELECT 1 FROM json_each(?) p WHERE ${matches} IS NOT 1)`, rest);
  }
  if (set.NOT.length) {
    const { exact, patterns } = byKind(set.NOT.map(map));
    if (exact.length) w.addList(`NOT (${column} IN (${IN_LIST}))`, exact);
    if (patterns.length) w.addList(`NOT EXISTS (SELECT 1 FROM json_each(?) p WHERE ${matches} IS NOT 0)`, patterns);
  }
}

/**
 * The NOCASE index range that holds every match of a LIKE pattern: from its literal ASCII prefix,
 * lower-cased (NOCASE folds ASCII only), to that prefix with its last character incremented. SQLite
 * finds this range itself for one bound pattern, not for patterns read from a JSON list.
 */
function likeRange(pattern: string): [string, string] | null {
  let end = 0;
  while (end < pattern.length && pattern.charCodeAt(end) < 0x80 && pattern[end] !== '%' && pattern[end] !== '_') end++;
  if (end === 0) return null;
  const low = pattern.slice(0, end).toLowerCase();
  return [low, low.slice(0, -1) + String.fromCharCode(low.charCodeAt(end - 1) + 1)];
}

/**
 * Ids of the attributes whose value1 or value2 matches one of `values`, as one UNION of index searches
 * (OR-ing `IN` lists with LIKE or composite terms makes SQLite scan the whole table). Each kind of value
 * is one JSON list: exact values, composite `a|b` pairs (value1 = a AND value2 = b), LIKE patterns with a
 * literal prefix (searched as an index range), and patterns without one (one scan for all of them).
 * `CROSS JOIN` keeps the list as the outer loop, one index search per element: SQLite never reorders
 * it, and with ANALYZE statistics it would otherwise scan attributes once per list element.
 */
function matchingIds(values: string[]): { sql: string; params: string[] } {
  const exact: string[] = [];
  const pairs: [string, string][] = [];
  const ranged: [string, string, string][] = [];
  const unranged: string[] = [];
  for (const value of values.map(normaliseSearchValue)) {
    const pipe = value.indexOf('|');
    if (isLike(value)) {
      const range = likeRange(likePattern(value));
      if (range) ranged.push([value, ...range]);
      else unranged.push(value);
    } else if (pipe > 0) pairs.push([value.slice(0, pipe), value.slice(pipe + 1)]);
    else exact.push(value);
  }
  const selects: string[] = [];
  const params: string[] = [];
  if (exact.length) {
    for (const column of ['value1', 'value2']) {
      selects.push(`SELECT x.id FROM json_each(?) p CROSS JOIN attributes x ON x.${column} = p.value`);
      params.push(jsonList(exact));
    }
  }
  if (pairs.length) {
    selects.push(
      'SELECT x.id FROM json_each(?) p CROSS JOIN attributes x ON x.value1 = p.value ->> 0 AND x.value2 = p.value ->> 1',
    );
    params.push(jsonList(pairs));
  }
  if (ranged.length) {
    for (const column of ['value1', 'value2']) {
      selects.push(
        `SELECT x.id FROM json_each(?) p CROSS JOIN attributes x ON x.${column} >= p.value ->> 1` +
          ` AND x.${column} < p.value ->> 2 AND x.${column} LIKE p.value ->> 0`,
      );
      params.push(jsonList(ranged));
    }
  }
  if (unranged.length) {
    selects.push(
      'SELECT id FROM attributes x WHERE EXISTS (SELECT 1 FROM json_each(?) p WHERE x.value1 LIKE p.value OR x.value2 LIKE p.value)',
    );
    params.push(jsonList(unranged));
  }
  return { sql: selects.join(' UNION '), params };
}

/** One search value as a JSON term for `matchesTerm`: `['=', v]`, `['like', pattern]` or `['pair', a, b]`. */
function valueTerm(raw: string): string[] {
  const value = normaliseSearchValue(raw);
  const pipe = value.indexOf('|');
  if (isLike(value)) return ['like', likePattern(value)];
  return pipe > 0 ? ['pair', value.slice(0, pipe), value.slice(pipe + 1)] : ['=', value];
}

/** SQL: attribute `alias` matches the term `p.value` (a row of `json_each` over `valueTerm`s). */
const matchesTerm = (alias: string) =>
  `(CASE p.value ->> 0 WHEN 'like' THEN ${alias}.value1 LIKE p.value ->> 1 OR ${alias}.value2 LIKE p.value ->> 1` +
  ` WHEN 'pair' THEN ${alias}.value1 = p.value ->> 1 AND ${alias}.value2 = p.value ->> 2` +
  ` ELSE ${alias}.value1 = p.value ->> 1 OR ${alias}.value2 = p.value ->> 1 END)`;

/** `value` matches value1 OR value2, so either half of a composite attribute hits. */
export function valueFilter(w: Where, set: FilterSet | null, alias = 'a'): void {
  if (!set) return;
  if (set.OR.length) {
    const ids = matchingIds(set.OR);
    w.add(`${alias}.id IN (${ids.sql})`, ...ids.params);
  }
  if (set.AND.length) {
    // Every value must match: the first through the indexes, the others on the rows it found.
    const [first = '', ...rest] = set.AND;
    const ids = matchingIds([first]);
    w.add(`${alias}.id IN (${ids.sql})`, ...ids.params);
    if (rest.length) {
      w.addList(`NOT EXISTS (SELECT 1 FROM json_each(?) p WHERE ${matchesTerm(alias)} IS NOT 1)`, rest.map(valueTerm));
    }
  }
  if (set.NOT.length) {
    const ids = matchingIds(set.NOT);
    w.add(`${alias}.id NOT IN (${ids.sql})`, ...ids.params);
  }
}

/** Tag names (SQL LIKE, case-insensitive) or numeric ids → tag ids. */
export function resolveTagIds(db: Database, pattern: string): number[] {
  if (/^\d+$/.test(pattern)) return [Number(pattern)];
  return (prepare(db, 'SELECT id FROM tags WHERE name LIKE ?').all(likePattern(pattern)) as { id: number }[]).map(
    (r) => r.id,
  );
}

/** The ids of many tag names (each name once). */
const resolveAll = (db: Database, names: string[]) => unique(unique(names).flatMap((t) => resolveTagIds(db, t)));

export interface TagFilterResult {
  /** Tag ids from a NOT clause (events scope prunes attributes carrying them). */
  blocked: number[];
}

/** SQL for "carries one of the tags in the JSON list `list`" (a `?` or a column holding such a list). */
export type HasTag = (list?: string) => string;

/**
 * `tags`: an attribute matches if it or its event carries the tag. OR tags that resolve to no tag
 * and AND tags that do not exist make the whole query empty, as in MISP. `notHasTag` is used for NOT
 * (events scope: only event tags exclude an event; attribute tags prune).
 */
export function tagFilter(
  db: Database,
  w: Where,
  value: unknown,
  hasTag: HasTag,
  notHasTag: HasTag = hasTag,
): TagFilterResult {
  const set = parseFilter(value);
  if (!set) return { blocked: [] };
  if (set.OR.length) {
    const ids = resolveAll(db, set.OR);
    if (ids.length === 0) w.impossible = true;
    else w.addList(hasTag(), ids);
  }
  const groups = unique(set.AND).map((tag) => resolveTagIds(db, tag));
  if (groups.some((ids) => ids.length === 0)) w.impossible = true;
  else if (groups.length) {
    // One tag id list per AND tag, all in one JSON list: no row may miss one of them.
    w.addList(`NOT EXISTS (SELECT 1 FROM json_each(?) g WHERE NOT ${hasTag('g.value')})`, groups);
  }
  const blocked = resolveAll(db, set.NOT);
  if (blocked.length) w.addList(`NOT ${notHasTag()}`, blocked);
  return { blocked };
}

const tagIn = (list: string) => `tag_id IN (SELECT value FROM json_each(${list}))`;

export const attributeHasTag: HasTag = (list = '?') =>
  `(EXISTS (SELECT 1 FROM attribute_tags xt WHERE xt.attribute_id = a.id AND xt.${tagIn(list)})` +
  ` OR EXISTS (SELECT 1 FROM event_tags xe WHERE xe.event_id = a.event_id AND xe.${tagIn(list)}))`;

export const eventOwnTag: HasTag = (list = '?') =>
  `EXISTS (SELECT 1 FROM event_tags xe WHERE xe.event_id = e.id AND xe.${tagIn(list)})`;

export const eventHasTag: HasTag = (list = '?') =>
  `(EXISTS (SELECT 1 FROM event_tags xe WHERE xe.event_id = e.id AND xe.${tagIn(list)})` +
  ` OR EXISTS (SELECT 1 FROM attribute_tags xt WHERE xt.event_id = e.id AND xt.${tagIn(list)}))`;

export function timeFilter(w: Where, column: string, value: unknown, now: number): void {
  const range = parseTimeRange(value, now);
  if (!range) return;
  w.add(`${column} >= ?`, range.from);
  if (range.to !== undefined) w.add(`${column} <= ?`, range.to);
}

export type Filters = Record<string, unknown>;

/** Filters on the event row (alias `e`) shared by both restSearch scopes. */
export function eventLevelFilters(db: Database, w: Where, f: Filters, now: number): void {
  const eventIds = parseFilter(f.eventid ?? f.event_id ?? f.event_ids);
  if (eventIds) {
    // Longer digit strings are no id (nor would they survive JSON as numbers): they are compared as uuids.
    const isId = (v: string) => /^\d{1,15}$/.test(v);
    const ids = eventIds.OR.filter(isId).map(Number);
    const uuids = eventIds.OR.filter((v) => !isId(v));
    const alternatives: string[] = [];
    const params: string[] = [];
    if (ids.length) {
      alternatives.push(`e.id IN (${IN_LIST})`);
      params.push(jsonList(ids));
    }
    if (uuids.length) {
      alternatives.push(`e.uuid IN (${IN_LIST})`);
      params.push(jsonList(uuids));
    }
    if (alternatives.length) w.add(`(${alternatives.join(' OR ')})`, ...params);
    const notIds = eventIds.NOT.filter(isId).map(Number);
    const notUuids = eventIds.NOT.filter((v) => !isId(v));
    if (notIds.length) w.addList(`e.id NOT IN (${IN_LIST})`, notIds);
    if (notUuids.length) w.addList(`e.uuid NOT IN (${IN_LIST})`, notUuids);
  }
  const org = parseFilter(f.org);
  if (org) {
    const orgIds = (name: string) =>
      (
        prepare(db, 'SELECT id FROM organisations WHERE id = ? OR name LIKE ? OR uuid = ?').all(
          /^\d+$/.test(name) ? Number(name) : -1,
          likePattern(name),
          name,
        ) as { id: number }[]
      ).map((r) => r.id);
    const allOrgIds = (names: string[]) => unique(unique(names).flatMap(orgIds));
    if (org.OR.length) {
      const ids = allOrgIds(org.OR);
      if (ids.length === 0) w.impossible = true;
      else w.addList(`e.orgc_id IN (${IN_LIST})`, ids);
    }
    const groups = unique(org.AND).map(orgIds);
    if (groups.some((ids) => ids.length === 0)) w.impossible = true;
    else if (groups.length) {
      w.addList(
        'NOT EXISTS (SELECT 1 FROM json_each(?) g WHERE e.orgc_id NOT IN (SELECT value FROM json_each(g.value)))',
        groups,
      );
    }
    const blocked = allOrgIds(org.NOT);
    if (blocked.length) w.addList(`e.orgc_id NOT IN (${IN_LIST})`, blocked);
  }
  columnFilter(w, 'e.threat_level_id', parseFilter(f.threat_level_id));
  columnFilter(w, 'e.info', parseFilter(f.eventinfo));
  columnFilter(w, 'e.distribution', parseFilter(f.distribution));
  columnFilter(w, 'e.sharing_group_id', parseFilter(f.sharinggroup ?? f.sharing_group_id));
  const published = parseBoolFilter(f.published);
  if (published !== undefined) w.add('e.published = ?', published ? 1 : 0);
  timeFilter(w, 'e.publish_timestamp', f.publish_timestamp ?? f.last, now);
  if (f.publish_timestamp !== undefined && f.last !== undefined) timeFilter(w, 'e.publish_timestamp', f.last, now);
  timeFilter(w, 'e.timestamp', f.event_timestamp, now);
  const date = f.date;
  if (date !== undefined && date !== null && date !== '') {
    if (Array.isArray(date) && date.length === 2) {
      const [a, b] = [toDateString(date[0], now), toDateString(date[1], now)].sort();
      w.add('e.date >= ? AND e.date <= ?', a, b);
    } else w.add('e.date >= ?', toDateString(Array.isArray(date) ? date[0] : date, now));
  }
  if (f.from !== undefined && f.from !== null && f.from !== '') w.add('e.date >= ?', toDateString(f.from, now));
  if (f.to !== undefined && f.to !== null && f.to !== '') w.add('e.date <= ?', toDateString(f.to, now));
}

/** Filters on attribute rows (alias `a`), used directly (attributes) or inside EXISTS (events). */
export function attributeLevelFilters(w: Where, f: Filters): void {
  valueFilter(w, parseFilter(f.value));
  columnFilter(w, 'a.value1', parseFilter(f.value1));
  columnFilter(w, 'a.value2', parseFilter(f.value2));
  const types = parseFilter(f.type);
  if (types?.OR.some((t) => t === 'email-src' || t === 'email-dst') && !types.OR.includes('email'))
    types.OR.push('email');
  columnFilter(w, 'a.type', types);
  columnFilter(w, 'a.category', parseFilter(f.category));
  columnFilter(w, 'a.object_relation', parseFilter(f.object_relation));
  columnFilter(w, 'a.comment', parseFilter(f.comment));
  const searchall = f.searchall ?? f.quickFilter;
  if (typeof searchall === 'string' && searchall !== '') {
    const like = likePattern(searchall.includes('%') ? searchall : `%${searchall}%`);
    w.add('(a.value1 LIKE ? OR a.value2 LIKE ? OR a.comment LIKE ?)', like, like, like);
  }
}

export const hasAttributeLevelFilters = (f: Filters): boolean =>
  ['value', 'value1', 'value2', 'type', 'category', 'object_relation', 'comment'].some(
    (k) => f[k] !== undefined && f[k] !== null && f[k] !== '',
  );
