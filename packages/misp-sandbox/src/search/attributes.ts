import type { Database } from 'better-sqlite3';
import { prepare } from '../db/statements.js';
import { type DecayScore, scoresForAttributes } from '../decaying.js';
import { relatedAttributesFull } from '../model/correlations.js';
import { sightingsByAttribute } from '../model/events.js';
import {
  bool,
  formatAttribute,
  formatAttributeTag,
  formatContextEvent,
  formatOrg,
  formatTagBrief,
  str,
} from '../model/format.js';
import { seenFilters } from '../model/seen.js';
import { tagsByParent } from '../model/tags.js';
import { attributeVisible, eventVisible } from '../model/visibility.js';
import type { AuthUser, Row } from '../types.js';
import { warningsFor } from '../warninglists.js';
import {
  attributeHasTag,
  attributeLevelFilters,
  columnFilter,
  eventLevelFilters,
  type Filters,
  tagFilter,
  timeFilter,
  Where,
} from './conditions.js';
import { paging, parseBoolFilter, parseDeleted, parseFilter } from './filters.js';

const on = (value: unknown) => value === true || value === 1 || value === '1' || value === 'true';

export interface SearchResult<T> {
  items: T[];
  total: number;
}

/**
 * attributes/restSearch's X-Result-Count, as MISP 2.5.1 computes it: without `limit`, the number of rows
 * the query found; with `limit`, the rows of this page plus one when the page came back full (MISP's
 * look-ahead), so a client can only learn that another page *may* exist — never a total.
 */
export function resultCount(fetched: number, kept: number, page: { limit: number } | undefined): number {
  if (!page) return fetched;
  return fetched + (kept >= page.limit ? 1 : 0);
}

/** attributes/restSearch: the filter engine compiled to one SQL query with bound parameters. */
export function searchAttributes(
  db: Database,
  user: AuthUser,
  f: Filters,
  now: number,
): SearchResult<Record<string, unknown>> {
  const w = new Where();
  const ev = eventVisible(user);
  const av = attributeVisible(user);
  w.add(ev.sql, ...ev.params);
  w.add(av.sql, ...av.params);
  const deleted = parseDeleted(f.deleted);
  if (deleted !== 2) w.add('a.deleted = ?', deleted);
  attributeLevelFilters(w, f);
  const uuid = parseFilter(f.uuid);
  columnFilter(w, 'a.uuid', uuid);
  const toIds = parseBoolFilter(f.to_ids);
  if (toIds !== undefined) w.add('a.to_ids = ?', toIds ? 1 : 0);
  timeFilter(w, 'a.timestamp', f.timestamp, now);
  timeFilter(w, 'a.timestamp', f.attribute_timestamp, now);
  seenFilters(w, f);
  eventLevelFilters(db, w, f, now);
  tagFilter(db, w, f.tags ?? f.tag, attributeHasTag);
  if (w.impossible) return { items: [], total: 0 };

  const from = `FROM attributes a JOIN events e ON e.id = a.event_id WHERE ${w.sql}`;
  const page = paging(f);
  const fetched = (
    page
      ? prepare(db, `SELECT a.* ${from} ORDER BY a.id LIMIT ? OFFSET ?`).all(...w.params, page.limit, page.offset)
      : prepare(db, `SELECT a.* ${from} ORDER BY a.id`).all(...w.params)
  ) as Row[];
  // As in MISP, the page is cut in SQL and warninglists are enforced on what it holds.
  const rows = on(f.enforceWarninglist)
    ? fetched.filter(
        (r) => warningsFor(db, r.value2 ? `${r.value1}|${r.value2}` : String(r.value1), String(r.type)).length === 0,
      )
    : fetched;
  // Decay scores (MISP's decaying models): excludeDecayed drops what any applicable model calls decayed.
  const decay = on(f.includeDecayScore) || on(f.excludeDecayed) ? scoresForAttributes(db, user, rows, f) : undefined;
  const kept =
    decay && on(f.excludeDecayed)
      ? rows.filter((r) => !(decay.get(Number(r.id)) ?? []).some((score) => score.decayed))
      : rows;
  return {
    items: renderAttributes(db, user, kept, f, on(f.includeDecayScore) ? decay : undefined),
    total: resultCount(fetched.length, kept.length, page),
  };
}

function renderAttributes(
  db: Database,
  user: AuthUser,
  rows: Row[],
  f: Filters,
  decay?: Map<number, DecayScore[]>,
): Record<string, unknown>[] {
  if (rows.length === 0) return [];
  const eventIds = [...new Set(rows.map((r) => Number(r.event_id)))];
  const events = new Map<number, Row>();
  for (let i = 0; i < eventIds.length; i += 500) {
    const chunk = eventIds.slice(i, i + 500);
    for (const e of prepare(db, `SELECT * FROM events WHERE id IN (${chunk.map(() => '?').join(',')})`).all(
      ...chunk,
    ) as Row[]) {
      events.set(Number(e.id), e);
    }
  }
  const attributeTags = tagsByParent(
    db,
    'attribute',
    rows.map((r) => Number(r.id)),
  );
  const includeEventTags = on(f.includeEventTags) || on(f.includeContext);
  const eventTags = includeEventTags ? tagsByParent(db, 'event', eventIds) : new Map<number, Row[]>();
  const sightings = on(f.includeSightings) ? sightingsByAttribute(db, eventIds) : new Map();
  const orgStmt = prepare(db, 'SELECT id, name, uuid, local FROM organisations WHERE id = ?');
  const objectStmt = prepare(db, 'SELECT id, distribution, sharing_group_id FROM objects WHERE id = ?');
  const related = on(f.includeCorrelations)
    ? relatedAttributesFull(
        db,
        user,
        rows.map((r) => Number(r.id)),
      )
    : undefined;
  return rows.map((row) => {
    const attribute = formatAttribute(row);
    const event = events.get(Number(row.event_id)) as Row;
    if (on(f.includeEventUuid)) attribute.event_uuid = event.uuid;
    if (on(f.includeContext)) {
      const tags = (eventTags.get(Number(event.id)) ?? []).filter((t) => bool(t.exportable));
      attribute.Event = {
        ...formatContextEvent(event),
        Tag: tags.map((t) => ({ local: bool(t.link_local), ...formatTagBrief(t) })),
        Orgc: formatOrg(orgStmt.get(event.orgc_id) as Row),
      };
    } else {
      attribute.Event = {
        org_id: str(event.org_id),
        distribution: str(event.distribution),
        id: str(event.id),
        info: event.info,
        orgc_id: str(event.orgc_id),
        uuid: event.uuid,
        publish_timestamp: str(event.publish_timestamp),
      };
    }
    if (Number(row.object_id) !== 0) {
      const object = objectStmt.get(row.object_id) as Row | undefined;
      if (object) {
        attribute.Object = {
          id: str(object.id),
          distribution: str(object.distribution),
          sharing_group_id: str(object.sharing_group_id),
        };
      }
    }
    // Only exportable tags, in MISP's slim forms: own tags with is_galaxy and local, inherited ones brief.
    const own = (attributeTags.get(Number(row.id)) ?? []).filter((t) => bool(t.exportable)).map(formatAttributeTag);
    const inherited = includeEventTags
      ? (eventTags.get(Number(row.event_id)) ?? [])
          .filter((t) => bool(t.exportable) && !own.some((o) => o.id === String(t.id)))
          .map((t) => ({ ...formatTagBrief(t), inherited: 1 }))
      : [];
    if (own.length + inherited.length > 0) attribute.Tag = [...own, ...inherited];
    if (on(f.includeSightings)) attribute.Sighting = sightings.get(Number(row.id)) ?? [];
    // As MISP: no decay_score at all when no model covers the attribute.
    const scores = decay?.get(Number(row.id));
    if (scores) attribute.decay_score = scores;
    if (related) attribute.RelatedAttribute = related.get(Number(row.id)) ?? [];
    // As MISP: only to_ids attributes carry `warnings` here, although enforceWarninglist (above) drops any hit.
    if (on(f.includeWarninglistHits) && row.to_ids) {
      const warnings = warningsFor(db, String(attribute.value), String(row.type));
      if (warnings.length) attribute.warnings = warnings;
    }
    return attribute;
  });
}
