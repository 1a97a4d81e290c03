import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { type ObjectTemplate, templateByUuid } from '../catalogues/object-templates.js';
import { IN_LIST, jsonList, prepare } from '../db/statements.js';
import type { Row } from '../types.js';
import {
  type AttributeDraft,
  draftAttribute,
  type FieldErrors,
  flag,
  insertAttribute,
  isUuid,
  now,
} from './attributes.js';
import { bool, formatTag, str } from './format.js';

/**
 * MISP objects and object references: the columns MISP has beyond the first schema (first_seen, last_seen) and
 * the object_references table. Idempotent, so it upgrades a database written by an older sandbox.
 */
export function migrateObjects(db: Database): void {
  const columns = new Set((db.prepare('PRAGMA table_info(objects)').all() as { name: string }[]).map((c) => c.name));
  for (const column of ['first_seen', 'last_seen']) {
    if (!columns.has(column)) db.exec(`ALTER TABLE objects ADD COLUMN ${column} TEXT`);
  }
  db.exec(`
    CREATE TABLE IF NOT EXISTS object_references (
      id INTEGER PRIMARY KEY AUTOINCREMENT, uuid TEXT NOT NULL UNIQUE COLLATE NOCASE, timestamp INTEGER NOT NULL,
      object_id INTEGER NOT NULL, event_id INTEGER NOT NULL, source_uuid TEXT NOT NULL, referenced_uuid TEXT NOT NULL,
      referenced_id INTEGER NOT NULL, referenced_type INTEGER NOT NULL, relationship_type TEXT NOT NULL DEFAULT '',
      comment TEXT NOT NULL DEFAULT '', deleted INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX IF NOT EXISTS idx_object_references_object ON object_references(object_id);
    CREATE INDEX IF NOT EXISTS idx_object_references_event ON object_references(event_id);
    CREATE TABLE IF NOT EXISTS id_sequences (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
  `);
}

/**
 * The next id of `table`, never one a deleted row had: MySQL's auto-increment does not reuse ids, SQLite's rowid
 * does once the highest row is gone (and ids show in MISP's answers: urls, `errors`).
 */
function nextId(db: Database, table: 'objects' | 'object_references'): number {
  const highest = (prepare(db, `SELECT MAX(id) AS n FROM ${table}`).get() as { n: number | null }).n ?? 0;
  const stored = (prepare(db, 'SELECT value FROM id_sequences WHERE name = ?').get(table) as Row | undefined)?.value;
  const id = Math.max(highest, Number(stored ?? 0)) + 1;
  prepare(
    db,
    'INSERT INTO id_sequences (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value',
  ).run(table, id);
  return id;
}

/**
 * first_seen / last_seen as MISP keeps them: microseconds in UTC, given back as ISO 8601 with six fraction digits
 * and `+00:00`. Input is an ISO string (any offset; none means UTC) or epoch seconds. `undefined` when
 * unparsable, `null` for null or "".
 */
export function parseSeen(value: unknown): string | null | undefined {
  if (value === undefined) return undefined;
  if (value === null || value === '') return null;
  if (typeof value === 'number' || /^\d+$/.test(String(value))) {
    const date = new Date(Number(value) * 1000);
    return Number.isNaN(date.getTime()) ? undefined : `${date.toISOString().slice(0, 19)}.000000+00:00`;
  }
  if (typeof value !== 'string') return undefined;
  const match = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2})?)(?:\.(\d{1,9}))?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(
    value.trim(),
  );
  if (!match) return undefined;
  const [, day, time = '00:00:00', fraction = '', zone = 'Z'] = match;
  const offset = zone.toUpperCase() === 'Z' ? 'Z' : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const date = new Date(`${day}T${time.length === 5 ? `${time}:00` : time}${offset}`);
  if (Number.isNaN(date.getTime())) return undefined;
  return `${date.toISOString().slice(0, 19)}.${fraction.slice(0, 6).padEnd(6, '0')}+00:00`;
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
    first_seen: row.first_seen ?? null,
    last_seen: row.last_seen ?? null,
  };
}

/** A reference as objectReferences/view (and add, with `object_uuid`) give it. */
export function formatReference(row: Row): Record<string, unknown> {
  return {
    id: str(row.id),
    uuid: row.uuid,
    timestamp: str(row.timestamp),
    object_id: str(row.object_id),
    event_id: str(row.event_id),
    source_uuid: row.source_uuid,
    referenced_uuid: row.referenced_uuid,
    referenced_id: str(row.referenced_id),
    referenced_type: str(row.referenced_type),
    relationship_type: row.relationship_type,
    comment: row.comment,
    deleted: bool(row.deleted),
  };
}

/**
 * The ObjectReference list of an object in an event: MISP's key order, and a summary of what is referenced —
 * `Object` {distribution, sharing_group_id, uuid, name, meta-category} or `Attribute` {distribution,
 * sharing_group_id, uuid, value, type, category, to_ids}.
 */
export function referencesByObject(db: Database, objectIds: number[], deleted: 0 | 1 | 2 = 0): Map<number, Row[]> {
  const map = new Map<number, Row[]>();
  if (objectIds.length === 0) return map;
  const condition = deleted === 2 ? '' : ` AND r.deleted = ${deleted === 1 ? 1 : 0}`;
  const rows = prepare(
    db,
    `SELECT r.*, o.distribution AS o_distribution, o.sharing_group_id AS o_sharing_group_id, o.uuid AS o_uuid,
       o.name AS o_name, o.meta_category AS o_meta_category, a.distribution AS a_distribution,
       a.sharing_group_id AS a_sharing_group_id, a.uuid AS a_uuid, a.value1 AS a_value1, a.value2 AS a_value2,
       a.type AS a_type, a.category AS a_category, a.to_ids AS a_to_ids
     FROM object_references r
     LEFT JOIN objects o ON r.referenced_type = 1 AND o.id = r.referenced_id
     LEFT JOIN attributes a ON r.referenced_type = 0 AND a.id = r.referenced_id
     WHERE r.object_id IN (${IN_LIST})${condition} ORDER BY r.id`,
  ).all(jsonList(objectIds)) as Row[];
  for (const row of rows) {
    const reference: Row = {
      id: str(row.id),
      uuid: row.uuid,
      timestamp: str(row.timestamp),
      object_id: str(row.object_id),
      referenced_uuid: row.referenced_uuid,
      referenced_id: str(row.referenced_id),
      referenced_type: str(row.referenced_type),
      relationship_type: row.relationship_type,
      comment: row.comment,
      deleted: bool(row.deleted),
      event_id: str(row.event_id),
      source_uuid: row.source_uuid,
    };
    if (Number(row.referenced_type) === 1 && row.o_uuid !== null) {
      reference.Object = {
        distribution: str(row.o_distribution),
        sharing_group_id: str(row.o_sharing_group_id),
        uuid: row.o_uuid,
        name: row.o_name,
        'meta-category': row.o_meta_category,
      };
    } else if (Number(row.referenced_type) === 0 && row.a_uuid !== null) {
      reference.Attribute = {
        distribution: str(row.a_distribution),
        sharing_group_id: str(row.a_sharing_group_id),
        uuid: row.a_uuid,
        value: row.a_value2 ? `${row.a_value1}|${row.a_value2}` : String(row.a_value1),
        type: row.a_type,
        category: row.a_category,
        to_ids: bool(row.a_to_ids),
      };
    }
    const list = map.get(Number(row.object_id));
    if (list) list.push(reference);
    else map.set(Number(row.object_id), [reference]);
  }
  return map;
}

/** The AttributeTag list objects/view, objects/edit and objects/restSearch give each attribute. */
export function attributeTagLinks(db: Database, attributeId: unknown): Row[] {
  const rows = prepare(
    db,
    `SELECT l.id AS link_id, l.attribute_id, l.event_id, l.tag_id, l.local AS link_local, t.*
       FROM attribute_tags l JOIN tags t ON t.id = l.tag_id WHERE l.attribute_id = ? ORDER BY l.id`,
  ).all(attributeId) as Row[];
  return rows.map((l) => ({
    id: str(l.link_id),
    attribute_id: str(l.attribute_id),
    event_id: str(l.event_id),
    tag_id: str(l.tag_id),
    local: bool(l.link_local),
    relationship_type: '',
    // Non-exportable tags are left out of the link, as MISP's contain condition does.
    ...(bool(l.exportable) ? { Tag: formatTag(l) } : {}),
  }));
}

/** The validation MISP's Object model applies on create (name, meta-category, template fields, uuid, seen). */
export function objectFieldErrors(input: Row, creating: boolean): FieldErrors {
  const errors: FieldErrors = {};
  const notEmpty = (key: string, required: boolean) => {
    const value = input[key];
    if (value === undefined) {
      if (required) errors[key] = ['stringNotEmpty'];
    } else if (typeof value !== 'string' && typeof value !== 'number') errors[key] = ['stringNotEmpty'];
    else if (String(value).trim() === '') errors[key] = ['stringNotEmpty'];
  };
  if (input.uuid !== undefined && input.uuid !== '' && !isUuid(input.uuid)) {
    errors.uuid = ['Please provide a valid RFC 4122 UUID'];
  }
  if (creating) {
    notEmpty('name', true);
    notEmpty('meta-category', true);
    notEmpty('description', false);
    if (!isUuid(input.template_uuid)) errors.template_uuid = ['Please provide a valid RFC 4122 UUID'];
    const version = input.template_version;
    if (version !== undefined && version !== '' && version !== null && !/^[1-9]\d*$/.test(String(version))) {
      errors.template_version = ['numeric'];
    }
  }
  const first = parseSeen(input.first_seen);
  const last = parseSeen(input.last_seen);
  if (first === undefined && input.first_seen !== undefined) errors.first_seen = ['Invalid ISO 8601 format'];
  if (last === undefined && input.last_seen !== undefined) errors.last_seen = ['Invalid ISO 8601 format'];
  else if (first && last && last < first) {
    errors.last_seen = ['Last seen value should be greater than first seen value'];
  }
  return errors;
}

/** MISP's "field: message, message" lines of a failed object save. */
export const describeErrors = (errors: FieldErrors): string =>
  Object.entries(errors)
    .map(([field, messages]) => `${field}: ${messages.join(', ')}`)
    .join('\n');

export interface ObjectFields {
  name: string;
  meta_category: string;
  description: string;
  template_uuid: string;
  template_version: string;
  distribution: number;
  sharing_group_id: number;
  comment: string;
  first_seen: string | null;
  last_seen: string | null;
  deleted: number;
}

/** An object's columns from its input, over the existing row (edits) and the template (objects/add). */
export function objectFields(input: Row, existing?: Row, template?: ObjectTemplate): ObjectFields {
  const pick = (key: string, column = key) => (input[key] ?? existing?.[column]) as unknown;
  const distribution = Number(pick('distribution') ?? 5);
  const first = parseSeen(input.first_seen);
  const last = parseSeen(input.last_seen);
  return {
    name: String(template?.row.name ?? pick('name') ?? ''),
    meta_category: String(template?.row.meta_category ?? pick('meta-category', 'meta_category') ?? ''),
    description: String(template?.row.description ?? pick('description') ?? ''),
    template_uuid: String(template?.row.uuid ?? pick('template_uuid') ?? ''),
    // A string: the column is TEXT, and a bound JS number would be stored as "11.0".
    template_version: String(
      Number.parseInt(String(template?.row.version ?? (pick('template_version') || 1)), 10) || 1,
    ),
    distribution: Number.isInteger(distribution) ? distribution : 5,
    sharing_group_id: distribution === 4 ? Number(pick('sharing_group_id') ?? 0) || 0 : 0,
    comment: String(pick('comment') ?? ''),
    first_seen: first !== undefined ? first : ((existing?.first_seen as string | null | undefined) ?? null),
    last_seen: last !== undefined ? last : ((existing?.last_seen as string | null | undefined) ?? null),
    deleted: input.deleted !== undefined ? (flag(input.deleted) ? 1 : 0) : Number(existing?.deleted ?? 0),
  };
}

export function insertObjectRow(db: Database, eventId: number, uuid: string, fields: ObjectFields): number {
  const info = prepare(
    db,
    `INSERT INTO objects (id, event_id, uuid, name, meta_category, description, template_uuid, template_version, timestamp,
       distribution, sharing_group_id, comment, deleted, first_seen, last_seen)
     VALUES (@id, @event_id, @uuid, @name, @meta_category, @description, @template_uuid, @template_version, @timestamp,
       @distribution, @sharing_group_id, @comment, @deleted, @first_seen, @last_seen)`,
  ).run({ ...fields, id: nextId(db, 'objects'), event_id: eventId, uuid, timestamp: now() });
  return Number(info.lastInsertRowid);
}

export function updateObjectRow(db: Database, id: number, fields: ObjectFields, timestamp = now()): void {
  prepare(
    db,
    `UPDATE objects SET name=@name, meta_category=@meta_category, description=@description, template_uuid=@template_uuid,
       template_version=@template_version, timestamp=@timestamp, distribution=@distribution,
       sharing_group_id=@sharing_group_id, comment=@comment, deleted=@deleted, first_seen=@first_seen,
       last_seen=@last_seen WHERE id=@id`,
  ).run({ ...fields, id, timestamp });
  if (fields.deleted) softDeleteAttributes(db, id);
}

/** Soft-deletes the live attributes of an object (MISP does it when the object is saved as deleted). */
function softDeleteAttributes(db: Database, objectId: number): void {
  prepare(db, 'UPDATE attributes SET deleted = 1, timestamp = ? WHERE object_id = ? AND deleted = 0').run(
    now(),
    objectId,
  );
}

/** Updates an attribute row from a validated draft (the path events/edit uses for plain attributes too). */
export function updateAttributeRow(db: Database, id: unknown, draft: AttributeDraft, deleted: boolean): void {
  const { tags: _tags, ...row } = draft;
  prepare(
    db,
    `UPDATE attributes SET type=@type, category=@category, value1=@value1, value2=@value2, to_ids=@to_ids,
       distribution=@distribution, sharing_group_id=@sharing_group_id, comment=@comment, timestamp=@timestamp,
       disable_correlation=@disable_correlation, first_seen=@first_seen, last_seen=@last_seen, deleted=@deleted
       WHERE id=@id`,
  ).run({ ...row, id, deleted: deleted ? 1 : 0 });
}

/**
 * Saves one attribute of an object from an event payload, as MISP's captureAttribute / editAttribute do: by
 * uuid an attribute of the same object is updated (unless the payload's timestamp is not newer), an unknown one
 * is added; an invalid one, or a uuid used elsewhere, is dropped.
 */
export function upsertObjectAttribute(
  db: Database,
  eventId: number,
  objectId: number,
  raw: Row,
  forceDeleted = false,
): void {
  const existing = isUuid(raw.uuid)
    ? (prepare(db, 'SELECT * FROM attributes WHERE uuid = ?').get(raw.uuid) as Row | undefined)
    : undefined;
  if (existing) {
    if (Number(existing.event_id) !== eventId || Number(existing.object_id) !== objectId) return;
    if (raw.timestamp !== undefined && Number(existing.timestamp) >= Number(raw.timestamp)) return;
    const result = draftAttribute(raw, existing);
    if ('errors' in result) return;
    updateAttributeRow(db, existing.id, result.draft, forceDeleted || flag(raw.deleted ?? existing.deleted));
    return;
  }
  const result = draftAttribute(raw);
  if ('errors' in result) return;
  const row = insertAttribute(db, eventId, result.draft, objectId);
  if (forceDeleted || flag(raw.deleted)) prepare(db, 'UPDATE attributes SET deleted = 1 WHERE id = ?').run(row.id);
}

/**
 * An object of an events/add or events/edit payload (MISP's captureObject / editObject): an object whose uuid
 * is in this event is updated (unless the payload's timestamp is not newer), one whose uuid is in another event
 * is dropped, a new one is added when MISP's object validation passes (else dropped, as MISP only logs it).
 * Returns the object's id, or undefined when nothing was saved.
 */
export function upsertEventObject(
  db: Database,
  eventId: number,
  input: Row,
  breakOnDuplicate = false,
): number | undefined {
  const existing = isUuid(input.uuid)
    ? (prepare(db, 'SELECT * FROM objects WHERE uuid = ?').get(input.uuid) as Row | undefined)
    : undefined;
  const attributes = Array.isArray(input.Attribute) ? (input.Attribute as unknown[]) : [];
  let objectId: number;
  if (existing) {
    if (Number(existing.event_id) !== eventId) return undefined;
    objectId = Number(existing.id);
    if (input.timestamp !== undefined && Number(existing.timestamp) >= Number(input.timestamp)) return objectId;
    if (Object.keys(objectFieldErrors(input, false)).length) return undefined;
    updateObjectRow(db, objectId, objectFields(input, existing));
  } else {
    // MISP's captureObject drops, silently, a duplicate of an object of the event when breakOnDuplicate is asked for.
    if (
      (breakOnDuplicate || flag(input.breakOnDuplicate)) &&
      findDuplicateObject(db, eventId, input.template_uuid, payloadAttributeKeys(attributes))
    ) {
      return undefined;
    }
    if (Object.keys(objectFieldErrors(input, true)).length) return undefined;
    const uuid = isUuid(input.uuid) ? input.uuid.toLowerCase() : randomUUID();
    objectId = insertObjectRow(db, eventId, uuid, { ...objectFields(input), distribution: objectDistribution(input) });
  }
  for (const raw of attributes) {
    if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
      upsertObjectAttribute(db, eventId, objectId, raw as Row, flag(input.deleted));
    }
  }
  return objectId;
}

/** Objects saved through an event payload without a distribution get 0 (MISP's column default there). */
const objectDistribution = (input: Row): number => {
  const value = Number(input.distribution ?? 0);
  return Number.isInteger(value) && value >= 0 && value <= 5 ? value : 0;
};

/**
 * The ObjectReference lists of an event payload's objects, saved once all the objects exist (so a reference may
 * point at an object later in the payload), as MISP's captureReference: a known reference uuid is updated when
 * newer; otherwise the target (an object, else an attribute, by referenced_uuid) must be in the same event, or
 * the reference is dropped.
 */
export function captureReferences(db: Database, eventId: number, saved: { input: Row; id: number }[]): void {
  for (const { input, id } of saved) {
    const references = Array.isArray(input.ObjectReference) ? (input.ObjectReference as unknown[]) : [];
    if (!references.length) continue;
    const source = prepare(db, 'SELECT id, uuid FROM objects WHERE id = ? AND event_id = ?').get(id, eventId) as
      | Row
      | undefined;
    if (!source) continue;
    for (const raw of references) {
      if (raw && typeof raw === 'object' && !Array.isArray(raw)) captureReference(db, eventId, source, raw as Row);
    }
  }
}

function captureReference(db: Database, eventId: number, source: Row, input: Row): void {
  if (isUuid(input.uuid)) {
    const existing = prepare(db, 'SELECT * FROM object_references WHERE uuid = ?').get(input.uuid) as Row | undefined;
    if (existing) {
      if (input.timestamp !== undefined && Number(input.timestamp) <= Number(existing.timestamp)) return;
      prepare(
        db,
        `UPDATE object_references SET timestamp = ?, relationship_type = ?, comment = ?, deleted = ? WHERE id = ?`,
      ).run(
        input.timestamp !== undefined ? Number(input.timestamp) || now() : existing.timestamp,
        input.relationship_type !== undefined ? String(input.relationship_type) : existing.relationship_type,
        input.comment !== undefined ? String(input.comment) : existing.comment,
        input.deleted !== undefined ? (flag(input.deleted) ? 1 : 0) : existing.deleted,
        existing.id,
      );
      return;
    }
  }
  const target =
    typeof input.referenced_uuid === 'string'
      ? findTarget(db, input.referenced_uuid)
      : input.referenced_id !== undefined && Number(input.referenced_type) === 1
        ? findTargetById(db, input.referenced_id)
        : undefined;
  if (!target || target.event_id !== eventId) return;
  insertReference(db, {
    uuid: isUuid(input.uuid) ? input.uuid.toLowerCase() : randomUUID(),
    timestamp: Number(input.timestamp) || now(),
    object_id: Number(source.id),
    event_id: eventId,
    source_uuid: String(source.uuid),
    referenced_uuid: target.uuid,
    referenced_id: target.id,
    referenced_type: target.type,
    relationship_type: typeof input.relationship_type === 'string' ? input.relationship_type : '',
    comment: typeof input.comment === 'string' ? input.comment : '',
    deleted: flag(input.deleted) ? 1 : 0,
  });
}

export interface ReferenceTarget {
  id: number;
  uuid: string;
  event_id: number;
  /** 1 object, 0 attribute. */
  type: 0 | 1;
}

/** What a referenced uuid names: a live object, else a live attribute (MISP looks in that order). */
export function findTarget(db: Database, uuid: string, liveOnly = false): ReferenceTarget | undefined {
  const live = liveOnly ? ' AND deleted = 0' : '';
  const object = prepare(db, `SELECT id, uuid, event_id FROM objects WHERE uuid = ?${live}`).get(uuid) as
    | Row
    | undefined;
  if (object) return { id: Number(object.id), uuid: String(object.uuid), event_id: Number(object.event_id), type: 1 };
  const attribute = prepare(db, `SELECT id, uuid, event_id FROM attributes WHERE uuid = ?${live}`).get(uuid) as
    | Row
    | undefined;
  if (attribute) {
    return { id: Number(attribute.id), uuid: String(attribute.uuid), event_id: Number(attribute.event_id), type: 0 };
  }
  return undefined;
}

function findTargetById(db: Database, id: unknown): ReferenceTarget | undefined {
  const object = prepare(db, 'SELECT id, uuid, event_id FROM objects WHERE id = ?').get(Number(id)) as Row | undefined;
  return object
    ? { id: Number(object.id), uuid: String(object.uuid), event_id: Number(object.event_id), type: 1 }
    : undefined;
}

export function insertReference(db: Database, row: Row): number {
  const info = prepare(
    db,
    `INSERT INTO object_references (id, uuid, timestamp, object_id, event_id, source_uuid, referenced_uuid, referenced_id,
       referenced_type, relationship_type, comment, deleted)
     VALUES (@id, @uuid, @timestamp, @object_id, @event_id, @source_uuid, @referenced_uuid, @referenced_id, @referenced_type,
       @relationship_type, @comment, @deleted)`,
  ).run({ ...row, id: nextId(db, 'object_references') });
  return Number(info.lastInsertRowid);
}

/** Bumps an object's timestamp (a reference added or removed changes the object, as in MISP). */
export function touchObject(db: Database, objectId: number): void {
  prepare(db, 'UPDATE objects SET timestamp = ? WHERE id = ?').run(now(), objectId);
}

/** Soft delete (object and its attributes flagged) or hard delete (rows gone, references to it too). */
export function deleteObject(db: Database, object: Row, hard: boolean): void {
  const id = Number(object.id);
  if (!hard) {
    prepare(db, 'UPDATE objects SET deleted = 1, timestamp = ? WHERE id = ?').run(now(), id);
    softDeleteAttributes(db, id);
    // The references pointing at it are soft-deleted with it (its own stay), as in MISP.
    prepare(db, 'UPDATE object_references SET deleted = 1 WHERE referenced_type = 1 AND referenced_id = ?').run(id);
    return;
  }
  const attributeIds = (prepare(db, 'SELECT id FROM attributes WHERE object_id = ?').all(id) as Row[]).map((r) =>
    Number(r.id),
  );
  const list = jsonList(attributeIds);
  prepare(db, `DELETE FROM attribute_tags WHERE attribute_id IN (${IN_LIST})`).run(list);
  prepare(db, `DELETE FROM sightings WHERE attribute_id IN (${IN_LIST})`).run(list);
  prepare(db, `DELETE FROM object_references WHERE referenced_type = 0 AND referenced_id IN (${IN_LIST})`).run(list);
  prepare(db, 'DELETE FROM attributes WHERE object_id = ?').run(id);
  prepare(db, 'DELETE FROM object_references WHERE object_id = ? OR (referenced_type = 1 AND referenced_id = ?)').run(
    id,
    id,
  );
  prepare(db, 'DELETE FROM objects WHERE id = ?').run(id);
}

/** The template objects/add checks against when the URL names none: the payload's exact uuid and version. */
export const payloadTemplate = (db: Database, input: Row): ObjectTemplate | undefined =>
  isUuid(input.template_uuid) && input.template_version !== undefined && input.template_version !== ''
    ? templateByUuid(db, input.template_uuid, String(input.template_version))
    : undefined;

/** What MISP's duplicate check compares of an object attribute: relation, category, type and normalised value. */
const attributeKey = (a: {
  object_relation?: unknown;
  category: unknown;
  type: unknown;
  value1: unknown;
  value2?: unknown;
}) =>
  JSON.stringify([
    a.object_relation ?? '',
    a.category,
    a.type,
    a.value2 ? `${a.value1}|${a.value2}` : String(a.value1),
  ]);

/** The keys of a payload's object attributes, their values normalised as MISP saves them (raw when invalid). */
export function payloadAttributeKeys(attributes: unknown[]): string[] {
  return attributes.map((raw) => {
    const input = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Row) : {};
    const result = draftAttribute(input);
    return 'errors' in result
      ? attributeKey({ ...input, category: input.category, type: input.type, value1: input.value ?? '' })
      : attributeKey(result.draft);
  });
}

/**
 * MISP's checkForDuplicateObjects (breakOnDuplicate): a live object of the event with the same template whose
 * live attributes are as many as the new object's and all among them (relation, category, type, value).
 */
export function findDuplicateObject(
  db: Database,
  eventId: number,
  templateUuid: unknown,
  keys: string[],
): Row | undefined {
  const wanted = new Set(keys);
  const candidates = prepare(
    db,
    'SELECT id, uuid FROM objects WHERE event_id = ? AND template_uuid = ? AND deleted = 0 ORDER BY id',
  ).all(eventId, String(templateUuid ?? '')) as Row[];
  const attributesOf = prepare(
    db,
    'SELECT object_relation, category, type, value1, value2 FROM attributes WHERE object_id = ? AND deleted = 0',
  );
  return candidates.find((object) => {
    const existing = (attributesOf.all(object.id) as Row[]).map((a) =>
      attributeKey(a as Parameters<typeof attributeKey>[0]),
    );
    return existing.length > 0 && existing.length === keys.length && existing.every((key) => wanted.has(key));
  });
}
