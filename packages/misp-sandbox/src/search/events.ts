import type { Database } from 'better-sqlite3';
import { prepare } from '../db/statements.js';
import { buildEvents } from '../model/events.js';
import { attributeVisible, eventVisible } from '../model/visibility.js';
import type { AuthUser, Row } from '../types.js';
import type { SearchResult } from './attributes.js';
import {
  attributeLevelFilters,
  eventHasTag,
  eventLevelFilters,
  eventOwnTag,
  type Filters,
  tagFilter,
  timeFilter,
  Where,
} from './conditions.js';
import { parseBoolFilter, parseDeleted, parseFilter, positiveInt } from './filters.js';

const on = (value: unknown) => value === true || value === 1 || value === '1' || value === 'true';

/**
 * events/restSearch: event-level filters apply to the event row; attribute-level filters only
 * select which events match (through EXISTS), and matched events come back whole.
 */
export function searchEvents(
  db: Database,
  user: AuthUser,
  f: Filters,
  now: number,
): SearchResult<Record<string, unknown>> {
  const w = new Where();
  const ev = eventVisible(user);
  w.add(ev.sql, ...ev.params);
  eventLevelFilters(db, w, f, now);
  timeFilter(w, 'e.timestamp', f.timestamp, now);
  const uuid = parseFilter(f.uuid ?? f.event_uuid);
  if (uuid?.OR.length) {
    const marks = uuid.OR.map(() => '?').join(', ');
    w.add(
      `(e.uuid IN (${marks}) OR EXISTS (SELECT 1 FROM attributes a WHERE a.event_id = e.id AND a.uuid IN (${marks})))`,
      ...uuid.OR,
      ...uuid.OR,
    );
  }
  const tags = tagFilter(db, w, f.tags ?? f.tag, eventHasTag, true, { sql: eventOwnTag, twice: false });
  tagFilter(db, w, f.event_tags, eventOwnTag, false);
  const sub = new Where();
  attributeLevelFilters(sub, f);
  const toIds = parseBoolFilter(f.to_ids);
  const deleted = parseDeleted(f.deleted);
  if (sub.parts.length) {
    const av = attributeVisible(user);
    sub.add(av.sql, ...av.params);
    if (deleted !== 2) sub.add('a.deleted = ?', deleted);
    if (toIds !== undefined) sub.add('a.to_ids = ?', toIds ? 1 : 0);
    w.add(`EXISTS (SELECT 1 FROM attributes a WHERE a.event_id = e.id AND ${sub.sql})`, ...sub.params);
  }
  if (w.impossible || sub.impossible) return { items: [], total: 0 };
  const from = `FROM events e WHERE ${w.sql}`;
  const limit = positiveInt(f.limit);
  const page = positiveInt(f.page) ?? 1;
  const rows = (
    limit
      ? prepare(db, `SELECT e.* ${from} ORDER BY e.id LIMIT ? OFFSET ?`).all(...w.params, limit, (page - 1) * limit)
      : prepare(db, `SELECT e.* ${from} ORDER BY e.id`).all(...w.params)
  ) as Row[];
  const total = limit ? (prepare(db, `SELECT COUNT(*) AS n ${from}`).get(...w.params) as { n: number }).n : rows.length;
  const items = buildEvents(db, user, rows, {
    metadata: on(f.metadata),
    deleted,
    ...(toIds !== undefined ? { toIds } : {}),
    includeSightings: on(f.includeSightings) || on(f.includeSightingdb),
    includeWarninglistHits: on(f.includeWarninglistHits),
    enforceWarninglist: on(f.enforceWarninglist),
    blockedTagIds: tags.blocked,
  });
  return { items, total };
}
