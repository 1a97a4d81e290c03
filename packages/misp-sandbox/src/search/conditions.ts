import type { Database } from 'better-sqlite3';
import { prepare } from '../db/statements.js';
import {
  type FilterSet,
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

  get sql(): string {
    if (this.impossible) return '0';
    return this.parts.length ? this.parts.join(' AND ') : '1';
  }
}

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');
const isLike = (v: string) => v.includes('%');

/** `column` matched against a filter set: exact (NOCASE) or LIKE when `%` is present. */
export function columnFilter(
  w: Where,
  column: string,
  set: FilterSet | null,
  map: (v: string) => string = (v) => v,
): void {
  if (!set) return;
  const or = set.OR.map(map);
  if (or.length) {
    const exact = or.filter((v) => !isLike(v));
    const likes = or.filter(isLike);
    const alternatives: string[] = [];
    if (exact.length) alternatives.push(`${column} IN (${placeholders(exact.length)})`);
    for (const _ of likes) alternatives.push(`${column} LIKE ?`);
    w.add(`(${alternatives.join(' OR ')})`, ...exact, ...likes);
  }
  for (const value of set.AND.map(map)) w.add(`${column} ${isLike(value) ? 'LIKE' : '='} ?`, value);
  for (const value of set.NOT.map(map)) w.add(`NOT (${column} ${isLike(value) ? 'LIKE' : '='} ?)`, value);
}

function oneValue(value: string, alias: string): { sql: string; params: unknown[] } {
  const v = normaliseSearchValue(value);
  if (isLike(v)) return { sql: `(${alias}.value1 LIKE ? OR ${alias}.value2 LIKE ?)`, params: [v, v] };
  const pipe = v.indexOf('|');
  if (pipe > 0) {
    return { sql: `(${alias}.value1 = ? AND ${alias}.value2 = ?)`, params: [v.slice(0, pipe), v.slice(pipe + 1)] };
  }
  return { sql: `(${alias}.value1 = ? OR ${alias}.value2 = ?)`, params: [v, v] };
}

/** `value` matches value1 OR value2, so either half of a composite attribute hits. */
export function valueFilter(w: Where, set: FilterSet | null, alias = 'a'): void {
  if (!set) return;
  if (set.OR.length) {
    // One UNION of index lookups: OR-ing `IN` lists with LIKE or composite terms makes SQLite scan the
    // whole table, while each SELECT below is an index search (a LIKE pattern that does not start with
    // `%` is a range search on the NOCASE index).
    const values = set.OR.map(normaliseSearchValue);
    const isComposite = (v: string) => v.indexOf('|') > 0;
    const simple = values.filter((v) => !isLike(v) && !isComposite(v));
    const selects: string[] = [];
    const params: unknown[] = [];
    if (simple.length) {
      selects.push(`SELECT id FROM attributes WHERE value1 IN (${placeholders(simple.length)})`);
      selects.push(`SELECT id FROM attributes WHERE value2 IN (${placeholders(simple.length)})`);
      params.push(...simple, ...simple);
    }
    for (const value of values) {
      if (isLike(value)) {
        selects.push('SELECT id FROM attributes WHERE value1 LIKE ?', 'SELECT id FROM attributes WHERE value2 LIKE ?');
        params.push(value, value);
      } else if (isComposite(value)) {
        const pipe = value.indexOf('|');
        selects.push('SELECT id FROM attributes WHERE value1 = ? AND value2 = ?');
        params.push(value.slice(0, pipe), value.slice(pipe + 1));
      }
    }
    w.add(`${alias}.id IN (${selects.join(' UNION ')})`, ...params);
  }
  for (const value of set.AND) {
    const one = oneValue(value, alias);
    w.add(one.sql, ...one.params);
  }
  for (const value of set.NOT) {
    const one = oneValue(value, alias);
    w.add(`NOT ${one.sql}`, ...one.params);
  }
}

/** Tag names (SQL LIKE, case-insensitive) or numeric ids → tag ids. */
export function resolveTagIds(db: Database, pattern: string): number[] {
  if (/^\d+$/.test(pattern)) return [Number(pattern)];
  return (prepare(db, 'SELECT id FROM tags WHERE name LIKE ?').all(pattern) as { id: number }[]).map((r) => r.id);
}

export interface TagFilterResult {
  /** Tag ids from a NOT clause (events scope prunes attributes carrying them). */
  blocked: number[];
}

/**
 * `tags`: an attribute matches if it or its event carries the tag. OR tags that resolve to no tag
 * and AND tags that do not exist make the whole query empty, as in MISP.
 */
export function tagFilter(
  db: Database,
  w: Where,
  value: unknown,
  hasTag: (ids: number[]) => string,
  twice = true,
  /** Condition used for NOT (events scope: only event tags exclude an event; attribute tags prune). */
  notHasTag: { sql: (ids: number[]) => string; twice: boolean } = { sql: hasTag, twice },
): TagFilterResult {
  const set = parseFilter(value);
  if (!set) return { blocked: [] };
  if (set.OR.length) {
    const ids = [...new Set(set.OR.flatMap((t) => resolveTagIds(db, t)))];
    if (ids.length === 0) w.impossible = true;
    else w.add(hasTag(ids), ...ids, ...(twice ? ids : []));
  }
  for (const tag of set.AND) {
    const ids = resolveTagIds(db, tag);
    if (ids.length === 0) w.impossible = true;
    else w.add(hasTag(ids), ...ids, ...(twice ? ids : []));
  }
  const blocked = [...new Set(set.NOT.flatMap((t) => resolveTagIds(db, t)))];
  if (blocked.length) w.add(`NOT ${notHasTag.sql(blocked)}`, ...blocked, ...(notHasTag.twice ? blocked : []));
  return { blocked };
}

export const attributeHasTag = (ids: number[]) =>
  `(EXISTS (SELECT 1 FROM attribute_tags xt WHERE xt.attribute_id = a.id AND xt.tag_id IN (${placeholders(ids.length)}))` +
  ` OR EXISTS (SELECT 1 FROM event_tags xe WHERE xe.event_id = a.event_id AND xe.tag_id IN (${placeholders(ids.length)})))`;

export const eventOwnTag = (ids: number[]) =>
  `EXISTS (SELECT 1 FROM event_tags xe WHERE xe.event_id = e.id AND xe.tag_id IN (${placeholders(ids.length)}))`;

export const eventHasTag = (ids: number[]) =>
  `(EXISTS (SELECT 1 FROM event_tags xe WHERE xe.event_id = e.id AND xe.tag_id IN (${placeholders(ids.length)}))` +
  ` OR EXISTS (SELECT 1 FROM attribute_tags xt WHERE xt.event_id = e.id AND xt.tag_id IN (${placeholders(ids.length)})))`;

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
    const mapped = { OR: [] as string[], AND: eventIds.AND, NOT: eventIds.NOT };
    const uuids: string[] = [];
    for (const id of eventIds.OR) (/^\d+$/.test(id) ? mapped.OR : uuids).push(id);
    const alternatives: string[] = [];
    const params: unknown[] = [];
    if (mapped.OR.length) {
      alternatives.push(`e.id IN (${placeholders(mapped.OR.length)})`);
      params.push(...mapped.OR.map(Number));
    }
    if (uuids.length) {
      alternatives.push(`e.uuid IN (${placeholders(uuids.length)})`);
      params.push(...uuids);
    }
    if (alternatives.length) w.add(`(${alternatives.join(' OR ')})`, ...params);
    for (const id of eventIds.NOT)
      w.add(/^\d+$/.test(id) ? 'e.id != ?' : 'e.uuid != ?', /^\d+$/.test(id) ? Number(id) : id);
  }
  const org = parseFilter(f.org);
  if (org) {
    const orgIds = (name: string) =>
      (
        prepare(db, 'SELECT id FROM organisations WHERE id = ? OR name LIKE ? OR uuid = ?').all(
          /^\d+$/.test(name) ? Number(name) : -1,
          name,
          name,
        ) as { id: number }[]
      ).map((r) => r.id);
    if (org.OR.length) {
      const ids = org.OR.flatMap(orgIds);
      if (ids.length === 0) w.impossible = true;
      else w.add(`e.orgc_id IN (${placeholders(ids.length)})`, ...ids);
    }
    for (const name of org.AND) {
      const ids = orgIds(name);
      if (ids.length === 0) w.impossible = true;
      else w.add(`e.orgc_id IN (${placeholders(ids.length)})`, ...ids);
    }
    const blocked = org.NOT.flatMap(orgIds);
    if (blocked.length) w.add(`e.orgc_id NOT IN (${placeholders(blocked.length)})`, ...blocked);
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
    const like = searchall.includes('%') ? searchall : `%${searchall}%`;
    w.add('(a.value1 LIKE ? OR a.value2 LIKE ? OR a.comment LIKE ?)', like, like, like);
  }
}

export const hasAttributeLevelFilters = (f: Filters): boolean =>
  ['value', 'value1', 'value2', 'type', 'category', 'object_relation', 'comment'].some(
    (k) => f[k] !== undefined && f[k] !== null && f[k] !== '',
  );
