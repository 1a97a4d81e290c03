import type { Database } from 'better-sqlite3';
import { IN_LIST, jsonList, prepare } from '../db/statements.js';
import { attachFeedHits, withFeedKeys } from '../sync/feeds.js';
import type { AuthUser, Row } from '../types.js';
import { warningsFor } from '../warninglists.js';
import { analystDataFor } from './analyst-data.js';
import { relatedAttributesBrief, relatedEvents } from './correlations.js';
import { eventReportsJson, reportsByEvent } from './event-reports.js';
import { formatAttribute, formatEventHeader, formatOrg, formatSighting, str } from './format.js';
import { formatObject, referencesByObject } from './objects.js';
import { proposalsByEvent } from './shadow-attributes.js';
import { galaxiesFor, tagJson, tagsByParent } from './tags.js';
import { attributeVisible, eventVisible, objectVisible } from './visibility.js';

export interface EventBuildOptions {
  /** Omit Attribute/Object (events/restSearch `metadata`). */
  metadata?: boolean;
  /** 0 (default) live only, 1 deleted only, 2 both. */
  deleted?: 0 | 1 | 2;
  /** Only attributes with this to_ids value. */
  toIds?: boolean;
  /** Leave sightings out (MISP's `noSightings`); otherwise sighted attributes carry their `Sighting` list. */
  noSightings?: boolean;
  /** `false` is the same as `noSightings: true`. */
  includeSightings?: boolean;
  includeWarninglistHits?: boolean;
  enforceWarninglist?: boolean;
  /** Tag ids whose attributes are dropped (events/restSearch `tags: {NOT: …}`). */
  blockedTagIds?: number[];
  /** events/view: each RelatedEvent entry also carries MISP's (empty) `RelationshipInbound`. */
  relationshipInbound?: boolean;
  /** `includeGranularCorrelations`: each correlating attribute lists its `RelatedAttribute`s. */
  granularCorrelations?: boolean;
  /** Leave `EventReport` out (MISP's `noEventReports`). */
  noEventReports?: boolean;
  /** events/view: the `Note`, `Opinion` and `Relationship` lists on the event and its attributes. */
  analystData?: boolean;
  /** Attributes whose value a cached feed holds carry `Feed`, and the event lists those feeds (sync/feeds.ts). */
  includeFeedCorrelations?: boolean;
}

const orgStmt = (db: Database) => prepare(db, 'SELECT id, name, uuid, local FROM organisations WHERE id = ?');

export function findVisibleEvent(db: Database, user: AuthUser, idOrUuid: string | undefined): Row | undefined {
  if (!idOrUuid) return undefined;
  const visible = eventVisible(user);
  const column = /^\d+$/.test(idOrUuid) ? 'e.id' : 'e.uuid';
  return prepare(db, `SELECT e.* FROM events e WHERE ${column} = ? AND ${visible.sql}`).get(
    idOrUuid,
    ...visible.params,
  ) as Row | undefined;
}

export function sightingsByAttribute(db: Database, eventIds: number[]): Map<number, Record<string, unknown>[]> {
  const map = new Map<number, Record<string, unknown>[]>();
  if (eventIds.length === 0) return map;
  const rows = prepare(
    db,
    `SELECT s.*, a.uuid AS attribute_uuid, o.name AS org_name, o.uuid AS org_uuid
       FROM json_each(?) ids CROSS JOIN sightings s ON s.event_id = ids.value
       JOIN attributes a ON a.id = s.attribute_id JOIN organisations o ON o.id = s.org_id ORDER BY s.id`,
  ).all(jsonList(eventIds)) as Row[];
  for (const row of rows) {
    const list = map.get(Number(row.attribute_id)) ?? [];
    list.push({
      ...formatSighting(row),
      attribute_uuid: row.attribute_uuid,
      Organisation: { id: str(row.org_id), uuid: row.org_uuid, name: row.org_name },
    });
    map.set(Number(row.attribute_id), list);
  }
  return map;
}

/** The `Event` object of events/view and events/restSearch (MISP core format). */
export function buildEvent(
  db: Database,
  user: AuthUser,
  event: Row,
  options: EventBuildOptions = {},
): Record<string, unknown> {
  return buildEvents(db, user, [event], options)[0] as Record<string, unknown>;
}

function groupBy(rows: Row[], key: string): Map<number, Row[]> {
  const map = new Map<number, Row[]>();
  for (const row of rows) {
    const id = Number(row[key]);
    const list = map.get(id);
    if (list) list.push(row);
    else map.set(id, [row]);
  }
  return map;
}

/** Builds many events with one query per child table (not one per event). */
export function buildEvents(
  db: Database,
  user: AuthUser,
  events: Row[],
  options: EventBuildOptions = {},
): Record<string, unknown>[] {
  const ids = events.map((e) => Number(e.id));
  const orgCache = new Map<unknown, Record<string, unknown>>();
  const org = (id: unknown) => {
    let found = orgCache.get(id);
    if (!found) {
      found = formatOrg(orgStmt(db).get(id) as Row);
      orgCache.set(id, found);
    }
    return found;
  };
  const eventTags = tagsByParent(db, 'event', ids);
  // MISP names the event's creator to site admins and to auditors (perm_audit, which every default role
  // has) of the creating organisation.
  const creatorEmail = prepare(db, 'SELECT email FROM users WHERE id = ?');
  const seesCreator = (event: Row) => Boolean(user.role.perm_site_admin) || Number(event.orgc_id) === user.org_id;
  let attributesByEvent = new Map<number, Row[]>();
  let objectsByEvent = new Map<number, Row[]>();
  let references = new Map<number, Row[]>();
  let attributeTags = new Map<number, Row[]>();
  let sightings = new Map<number, Record<string, unknown>[]>();
  if (!options.metadata && ids.length) {
    const visible = attributeVisible(user);
    const conditions = [visible.sql];
    const deleted = options.deleted ?? 0;
    if (deleted !== 2) conditions.push(`a.deleted = ${deleted}`);
    if (options.toIds !== undefined) conditions.push(`a.to_ids = ${options.toIds ? 1 : 0}`);
    // One query per table for all events (a JSON id list), and no `push(...rows)`: spreading an
    // array passes each element on the stack, which overflows beyond ~100,000 attributes.
    const rows = prepare(
      db,
      `SELECT a.* FROM attributes a JOIN events e ON e.id = a.event_id
       WHERE a.event_id IN (${IN_LIST}) AND ${conditions.join(' AND ')} ORDER BY a.id`,
    ).all(jsonList(ids), ...visible.params) as Row[];
    // Soft-deleted objects too: an object shows when one of its attributes passes the filters above. Objects the
    // user may not see (their own distribution) are left out with their attributes.
    const objectAcl = objectVisible(user);
    const objects = prepare(
      db,
      `SELECT o.* FROM objects o JOIN events e ON e.id = o.event_id
       WHERE o.event_id IN (${IN_LIST}) AND ${objectAcl.sql} ORDER BY o.id`,
    ).all(jsonList(ids), ...objectAcl.params) as Row[];
    references = referencesByObject(
      db,
      objects.map((o) => Number(o.id)),
      deleted === 0 ? 0 : 2,
    );
    attributeTags = tagsByParent(
      db,
      'attribute',
      rows.map((r) => Number(r.id)),
    );
    const blocked = new Set(options.blockedTagIds ?? []);
    const kept = blocked.size
      ? rows.filter((r) => !(attributeTags.get(Number(r.id)) ?? []).some((t) => blocked.has(Number(t.id))))
      : rows;
    attributesByEvent = groupBy(kept, 'event_id');
    objectsByEvent = groupBy(objects, 'event_id');
    if (!options.noSightings && options.includeSightings !== false) sightings = sightingsByAttribute(db, ids);
  }
  const related = relatedEvents(db, user, ids, org);
  const proposals = options.metadata ? undefined : proposalsByEvent(db, ids);
  const reports = options.metadata || options.noEventReports ? undefined : reportsByEvent(db, user, ids);
  // Notes, opinions and relationships on the event, its attributes, objects and reports.
  const analyst = options.analystData
    ? analystDataFor(
        db,
        user,
        [
          ...events,
          ...[...attributesByEvent.values()].flat(),
          ...[...objectsByEvent.values()].flat(),
          ...[...(reports?.values() ?? [])].flat(),
        ].map((r) => String(r.uuid).toLowerCase()),
      )
    : undefined;
  const analystOf = (row: Record<string, unknown>) => analyst?.get(String(row.uuid).toLowerCase());
  const granular = options.granularCorrelations
    ? relatedAttributesBrief(
        db,
        user,
        [...attributesByEvent.values()].flat().map((r) => Number(r.id)),
      )
    : undefined;
  const relatedOf = (eventId: number) =>
    (related.get(eventId) ?? []).map((r) => (options.relationshipInbound ? r : { Event: r.Event }));
  return events.map((event) => {
    const eventId = Number(event.id);
    const tags = eventTags.get(eventId) ?? [];
    const result: Record<string, unknown> = { ...formatEventHeader(event) };
    const email = seesCreator(event) ? (creatorEmail.get(event.user_id) as Row | undefined) : undefined;
    if (email) result.event_creator_email = email.email;
    Object.assign(result, {
      Org: org(event.org_id),
      Orgc: org(event.orgc_id),
    });
    if (!options.metadata) {
      const attributes: Record<string, unknown>[] = [];
      for (const row of attributesByEvent.get(eventId) ?? []) {
        const attribute = formatAttribute(row);
        // MISP checks warninglists only for to_ids attributes in an event: the others neither carry
        // `warnings` nor are dropped by enforceWarninglist.
        const warnings =
          (options.includeWarninglistHits || options.enforceWarninglist) && row.to_ids
            ? warningsFor(db, String(attribute.value), String(row.type))
            : [];
        if (options.enforceWarninglist && warnings.length > 0) continue;
        const own = attributeTags.get(Number(row.id)) ?? [];
        attribute.Galaxy = galaxiesFor(db, own);
        attribute.ShadowAttribute = proposals?.attribute.get(Number(row.id)) ?? [];
        if (own.length) attribute.Tag = own.map(tagJson);
        const sighted = sightings.get(Number(row.id));
        if (sighted?.length) attribute.Sighting = sighted;
        if (options.includeWarninglistHits && warnings.length) attribute.warnings = warnings;
        const correlating = granular?.get(Number(row.id));
        if (correlating) attribute.RelatedAttribute = correlating;
        if (analyst) Object.assign(attribute, analystOf(row));
        attributes.push(attribute);
      }
      if (options.includeFeedCorrelations) {
        const feeds = attachFeedHits(db, user, attributes);
        if (feeds.length) Object.assign(result, withFeedKeys(result, feeds));
      }
      result.Attribute = attributes.filter((a) => a.object_id === '0');
      result.ShadowAttribute = proposals?.event.get(eventId) ?? [];
      result.RelatedEvent = relatedOf(eventId);
      result.Galaxy = galaxiesFor(db, tags);
      result.Object = (objectsByEvent.get(eventId) ?? [])
        .map((o) => ({
          ...formatObject(o),
          ObjectReference: references.get(Number(o.id)) ?? [],
          Attribute: attributes.filter((a) => a.object_id === String(o.id)),
          ...analystOf(o),
        }))
        .filter((o) => o.Attribute.length > 0);
      if (reports) {
        result.EventReport = eventReportsJson(reports, eventId).map((report) => ({ ...report, ...analystOf(report) }));
      }
      result.CryptographicKey = [];
    } else {
      result.RelatedEvent = relatedOf(eventId);
      result.Galaxy = galaxiesFor(db, tags);
      result.CryptographicKey = [];
    }
    if (analyst) Object.assign(result, analyst.get(String(event.uuid).toLowerCase()));
    if (tags.length) result.Tag = tags.map(tagJson);
    return result;
  });
}

/** Kept for the modules that import it from here; objects live in model/objects.ts. */
export { formatObject };
