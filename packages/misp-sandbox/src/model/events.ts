import type { Database } from 'better-sqlite3';
import { prepare } from '../db/statements.js';
import type { AuthUser, Row } from '../types.js';
import { warningsFor } from '../warninglists.js';
import { bool, formatAttribute, formatEventHeader, formatOrg, formatSighting, str } from './format.js';
import { galaxiesFor, tagJson, tagsByParent } from './tags.js';
import { attributeVisible, eventVisible } from './visibility.js';

export interface EventBuildOptions {
  /** Omit Attribute/Object (events/restSearch `metadata`). */
  metadata?: boolean;
  /** 0 (default) live only, 1 deleted only, 2 both. */
  deleted?: 0 | 1 | 2;
  /** Only attributes with this to_ids value. */
  toIds?: boolean;
  includeSightings?: boolean;
  includeWarninglistHits?: boolean;
  enforceWarninglist?: boolean;
  /** Tag ids whose attributes are dropped (events/restSearch `tags: {NOT: …}`). */
  blockedTagIds?: number[];
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
    `SELECT s.*, a.uuid AS attribute_uuid, o.name AS org_name, o.uuid AS org_uuid FROM sightings s
       JOIN attributes a ON a.id = s.attribute_id JOIN organisations o ON o.id = s.org_id
       WHERE s.event_id IN (${eventIds.map(() => '?').join(',')}) ORDER BY s.id`,
  ).all(...eventIds) as Row[];
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
  const eventId = Number(event.id);
  const orgs = orgStmt(db);
  const eventTags = tagsByParent(db, 'event', [eventId]).get(eventId) ?? [];
  const result: Record<string, unknown> = {
    ...formatEventHeader(event),
    Org: formatOrg(orgs.get(event.org_id) as Row),
    Orgc: formatOrg(orgs.get(event.orgc_id) as Row),
  };
  if (!options.metadata) {
    const visible = attributeVisible(user);
    const conditions = [`a.event_id = ?`, visible.sql];
    const params: unknown[] = [eventId, ...visible.params];
    const deleted = options.deleted ?? 0;
    if (deleted !== 2) conditions.push(`a.deleted = ${deleted}`);
    if (options.toIds !== undefined) conditions.push(`a.to_ids = ${options.toIds ? 1 : 0}`);
    let rows = prepare(
      db,
      `SELECT a.* FROM attributes a JOIN events e ON e.id = a.event_id WHERE ${conditions.join(' AND ')} ORDER BY a.id`,
    ).all(...params) as Row[];
    const attributeTags = tagsByParent(
      db,
      'attribute',
      rows.map((r) => Number(r.id)),
    );
    if (options.blockedTagIds?.length) {
      const blocked = new Set(options.blockedTagIds);
      rows = rows.filter((r) => !(attributeTags.get(Number(r.id)) ?? []).some((t) => blocked.has(Number(t.id))));
    }
    const sightings = options.includeSightings ? sightingsByAttribute(db, [eventId]) : new Map();
    const attributes: Record<string, unknown>[] = [];
    for (const row of rows) {
      const attribute = formatAttribute(row);
      const warnings =
        options.includeWarninglistHits || options.enforceWarninglist ? warningsFor(String(attribute.value)) : [];
      if (options.enforceWarninglist && warnings.length > 0) continue;
      const tags = attributeTags.get(Number(row.id)) ?? [];
      attribute.Galaxy = galaxiesFor(db, tags);
      attribute.ShadowAttribute = [];
      if (tags.length) attribute.Tag = tags.map(tagJson);
      if (options.includeSightings) attribute.Sighting = sightings.get(Number(row.id)) ?? [];
      if (options.includeWarninglistHits && warnings.length) attribute.warnings = warnings;
      attributes.push(attribute);
    }
    const objects = prepare(db, 'SELECT * FROM objects WHERE event_id = ? AND deleted = 0 ORDER BY id').all(
      eventId,
    ) as Row[];
    result.Attribute = attributes.filter((a) => a.object_id === '0');
    result.ShadowAttribute = [];
    result.RelatedEvent = [];
    result.Galaxy = galaxiesFor(db, eventTags);
    result.Object = objects
      .map((o) => ({
        ...formatObject(o),
        Attribute: attributes.filter((a) => a.object_id === String(o.id)),
        ObjectReference: [],
      }))
      .filter((o) => o.Attribute.length > 0);
    result.EventReport = [];
    result.CryptographicKey = [];
  } else {
    result.Galaxy = galaxiesFor(db, eventTags);
  }
  if (eventTags.length) result.Tag = eventTags.map(tagJson);
  return result;
}

export function formatObject(row: Row): Record<string, unknown> {
  return {
    id: str(row.id),
    name: row.name,
    'meta-category': row.meta_category,
    description: row.description,
    template_uuid: row.template_uuid,
    template_version: str(row.template_version),
    event_id: str(row.event_id),
    uuid: row.uuid,
    timestamp: str(row.timestamp),
    distribution: str(row.distribution),
    sharing_group_id: str(row.sharing_group_id),
    comment: row.comment,
    deleted: bool(row.deleted),
    first_seen: null,
    last_seen: null,
  };
}
