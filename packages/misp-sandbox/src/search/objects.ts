import type { Database } from 'better-sqlite3';
import { prepare } from '../db/statements.js';
import { eventVisible, objectVisible } from '../model/visibility.js';
import type { AuthUser, Row } from '../types.js';
import {
  attributeLevelFilters,
  columnFilter,
  eventLevelFilters,
  type Filters,
  type HasTag,
  tagFilter,
  timeFilter,
  Where,
} from './conditions.js';
import { paging, parseBoolFilter, parseFilter, parseTimeRange } from './filters.js';

const tagIn = (list: string) => `tag_id IN (SELECT value FROM json_each(${list}))`;

/** objects/restSearch `tags`: the object's event, or one of its attributes (deleted ones too), carries the tag. */
const objectHasTag: HasTag = (list = '?') =>
  `(EXISTS (SELECT 1 FROM event_tags xe WHERE xe.event_id = o.event_id AND xe.${tagIn(list)})` +
  ` OR EXISTS (SELECT 1 FROM attribute_tags xt JOIN attributes xa ON xa.id = xt.attribute_id` +
  ` WHERE xa.object_id = o.id AND xt.${tagIn(list)}))`;

/**
 * objects/restSearch as MISP 2.5 runs it: event-level filters on the object's event (`timestamp` is the
 * event's), object filters (`object_name`, `object_template_uuid`, `object_template_version`, `first_seen` at
 * or after, `last_seen` at or before), and attribute filters (`value`, `type`, `category`, `object_relation`,
 * `comment`, `to_ids`, `uuid`, `attribute_timestamp`) that select objects having such an attribute — deleted
 * or not — without narrowing the attributes shown. Soft-deleted objects are found too. `uuid` is MISP's: both
 * the event's and an attribute's uuid must match. Ordered by object id; `limit`/`page` page the objects.
 */
export function searchObjects(db: Database, user: AuthUser, f: Filters, now: number): Row[] {
  const w = new Where();
  const visible = eventVisible(user);
  w.add(visible.sql, ...visible.params);
  const objectAcl = objectVisible(user);
  w.add(objectAcl.sql, ...objectAcl.params);
  eventLevelFilters(db, w, { ...f, event_timestamp: f.timestamp ?? f.event_timestamp }, now);
  columnFilter(w, 'o.name', parseFilter(f.object_name));
  columnFilter(w, 'o.template_uuid', parseFilter(f.object_template_uuid));
  columnFilter(w, 'o.template_version', parseFilter(f.object_template_version));
  seenFilter(w, 'o.first_seen', f.first_seen, '>=', now);
  seenFilter(w, 'o.last_seen', f.last_seen, '<=', now);
  tagFilter(db, w, f.tags, objectHasTag);
  const uuid = parseFilter(f.uuid);
  if (uuid) columnFilter(w, 'e.uuid', uuid);
  const a = new Where();
  attributeLevelFilters(a, f);
  if (uuid) columnFilter(a, 'a.uuid', uuid);
  const toIds = parseBoolFilter(f.to_ids);
  if (toIds !== undefined && !Array.isArray(f.to_ids)) a.add('a.to_ids = ?', toIds ? 1 : 0);
  timeFilter(a, 'a.timestamp', f.attribute_timestamp, now);
  if (a.impossible) return [];
  if (a.parts.length) w.add(`EXISTS (SELECT 1 FROM attributes a WHERE a.object_id = o.id AND ${a.sql})`, ...a.params);
  if (w.impossible) return [];
  const page = paging(f);
  return prepare(
    db,
    `SELECT o.* FROM objects o JOIN events e ON e.id = o.event_id WHERE ${w.sql} ORDER BY o.id${page ? ' LIMIT ? OFFSET ?' : ''}`,
  ).all(...w.params, ...(page ? [page.limit, page.offset] : [])) as Row[];
}

/** first_seen / last_seen against a time filter: the ISO strings compare in order, as MISP's microseconds do. */
function seenFilter(w: Where, column: string, value: unknown, op: '>=' | '<=', now: number): void {
  if (value === undefined || value === null || value === '') return;
  let bound: string | undefined;
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value)) {
    const date = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
    if (!Number.isNaN(date.getTime())) bound = date.toISOString();
  }
  if (bound === undefined) {
    const range = parseTimeRange(value, now);
    if (!range) return;
    bound = new Date(range.from * 1000).toISOString();
  }
  w.add(`${column} IS NOT NULL AND ${column} ${op} ?`, `${bound.slice(0, 19)}.${bound.slice(20, 23)}000+00:00`);
}
