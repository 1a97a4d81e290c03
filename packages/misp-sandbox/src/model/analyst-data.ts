// Analyst data (MISP 2.5): notes, opinions and relationships an analyst attaches to any element by its uuid
// (event, attribute, object, report, organisation, … and other analyst data, so they nest). MISP keeps one
// table per kind, with ids of their own; so does the sandbox.
import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { SG_MEMBER_SQL } from '../accounts/permissions.js';
import { IN_LIST, jsonList, prepare } from '../db/statements.js';
import { HttpError } from '../http.js';
import type { AuthUser, Row } from '../types.js';
import { bool, formatAttribute, formatOrganisation, str } from './format.js';
import { formatObject } from './objects.js';
import { attributeVisible, eventVisible, objectVisible } from './visibility.js';

export const ANALYST_TYPES = ['Note', 'Opinion', 'Relationship'] as const;
export type AnalystType = (typeof ANALYST_TYPES)[number];

export const TABLE: Record<AnalystType, string> = {
  Note: 'analyst_notes',
  Opinion: 'analyst_opinions',
  Relationship: 'analyst_relationships',
};
const TYPE_ID: Record<AnalystType, number> = { Note: 0, Opinion: 1, Relationship: 2 };
/** The fields of each kind beyond the common ones, in MISP's order. */
export const OWN_FIELDS: Record<AnalystType, string[]> = {
  Note: ['note', 'language'],
  Opinion: ['opinion', 'comment'],
  Relationship: ['relationship_type', 'related_object_uuid', 'related_object_type'],
};

/** Idempotent: the tables are created on first use and left alone afterwards (see db/schema.ts `migrate`). */
export function migrateAnalystData(db: Database): void {
  for (const table of Object.values(TABLE)) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS ${table} (
        id INTEGER PRIMARY KEY AUTOINCREMENT, uuid TEXT NOT NULL UNIQUE COLLATE NOCASE, object_uuid TEXT NOT NULL COLLATE NOCASE,
        object_type TEXT NOT NULL, authors TEXT, org_uuid TEXT NOT NULL, orgc_uuid TEXT NOT NULL, created TEXT NOT NULL,
        modified TEXT NOT NULL, distribution INTEGER NOT NULL DEFAULT 1, sharing_group_id INTEGER, locked INTEGER NOT NULL DEFAULT 0,
        note TEXT, language TEXT, opinion INTEGER, comment TEXT, relationship_type TEXT, related_object_uuid TEXT,
        related_object_type TEXT
      );
      CREATE INDEX IF NOT EXISTS idx_${table}_object ON ${table}(object_uuid);
    `);
  }
}

export const isAnalystType = (value: unknown): value is AnalystType =>
  typeof value === 'string' && (ANALYST_TYPES as readonly string[]).includes(value);

/** MISP's datetime columns: `YYYY-MM-DD HH:MM:SS`, UTC. */
export const datetime = (): string => new Date().toISOString().slice(0, 19).replace('T', ' ');

/**
 * Which entries a user sees (MISP's buildConditions): those of the user's organisation, distribution 1–3,
 * or distribution 4 with a sharing group the organisation is in. Site admins see all.
 */
function visible(user: AuthUser, orgUuid: string, alias = 'd'): { sql: string; params: unknown[] } {
  if (user.role.perm_site_admin) return { sql: '1', params: [] };
  return {
    sql: `(${alias}.org_uuid = ? OR (${alias}.distribution > 0 AND ${alias}.distribution < 4)
      OR (${alias}.distribution = 4 AND ${alias}.sharing_group_id IN ${SG_MEMBER_SQL}))`,
    params: [orgUuid, user.org_id],
  };
}

export interface Viewer {
  user: AuthUser;
  orgUuid: string;
}

export function viewerOf(db: Database, user: AuthUser): Viewer {
  const org = prepare(db, 'SELECT uuid FROM organisations WHERE id = ?').get(user.org_id) as Row;
  return { user, orgUuid: String(org.uuid) };
}

export function findAnalystData(db: Database, viewer: Viewer, type: AnalystType, ref: string): Row | undefined {
  const v = visible(viewer.user, viewer.orgUuid);
  const column = /^\d+$/.test(ref) ? 'd.id' : 'd.uuid';
  return prepare(db, `SELECT d.* FROM ${TABLE[type]} d WHERE ${column} = ? AND ${v.sql}`).get(ref, ...v.params) as
    | Row
    | undefined;
}

export function listAnalystData(db: Database, viewer: Viewer, type: AnalystType): Row[] {
  const v = visible(viewer.user, viewer.orgUuid);
  return prepare(db, `SELECT d.* FROM ${TABLE[type]} d WHERE ${v.sql} ORDER BY d.id`).all(...v.params) as Row[];
}

/** Entries of one kind attached to any of these uuids. */
function attachedTo(db: Database, viewer: Viewer, type: AnalystType, uuids: string[], objectType?: string): Row[] {
  if (uuids.length === 0) return [];
  const v = visible(viewer.user, viewer.orgUuid);
  const typed = objectType ? ' AND d.object_type = ?' : '';
  return prepare(
    db,
    `SELECT d.* FROM ${TABLE[type]} d WHERE d.object_uuid IN (${IN_LIST})${typed} AND ${v.sql} ORDER BY d.id`,
  ).all(jsonList(uuids), ...(objectType ? [objectType] : []), ...v.params) as Row[];
}

export const canEditAnalystData = (viewer: Viewer, row: Row): boolean =>
  Boolean(viewer.user.role.perm_site_admin) || String(row.orgc_uuid) === viewer.orgUuid;

const orgByUuid = (db: Database, uuid: unknown) =>
  prepare(db, 'SELECT * FROM organisations WHERE uuid = ?').get(uuid) as Row | undefined;

/** One entry as MISP serialises it (`note_type` is a JSON number there, the only one). */
export function formatAnalystData(
  db: Database,
  viewer: Viewer,
  type: AnalystType,
  row: Row,
  canEdit: boolean,
  slimOrgs = false,
): Record<string, unknown> {
  const entry: Record<string, unknown> = {
    id: str(row.id),
    uuid: row.uuid,
    object_uuid: row.object_uuid,
    object_type: row.object_type,
    authors: row.authors ?? null,
    org_uuid: row.org_uuid,
    orgc_uuid: row.orgc_uuid,
    created: row.created,
    modified: row.modified,
    distribution: str(row.distribution),
    sharing_group_id: row.sharing_group_id === null ? null : str(row.sharing_group_id),
    locked: Boolean(row.locked),
  };
  for (const field of OWN_FIELDS[type]) {
    const value = row[field];
    entry[field] = value === null || value === undefined ? null : field === 'opinion' ? String(value) : value;
  }
  entry.note_type = TYPE_ID[type];
  entry.note_type_name = type;
  const orgc = orgByUuid(db, row.orgc_uuid);
  if (orgc) entry.Orgc = slimOrgs ? slimOrg(orgc, false) : formatOrganisation(orgc);
  const org = orgByUuid(db, row.org_uuid);
  if (org) entry.Org = slimOrgs ? slimOrg(org, true) : formatOrganisation(org);
  if (canEdit) entry._canEdit = canEditAnalystData(viewer, row);
  if (type === 'Relationship' && row.related_object_type && row.related_object_uuid) {
    entry.related_object = relatedObject(
      db,
      viewer.user,
      String(row.related_object_type),
      String(row.related_object_uuid),
    );
  }
  return entry;
}

/** An event row as MISP's fetchSimpleEvent gives it: the events table's columns, in its order. */
function simpleEvent(row: Row): Record<string, unknown> {
  return {
    id: str(row.id),
    org_id: str(row.org_id),
    date: row.date,
    info: row.info,
    user_id: str(row.user_id),
    uuid: row.uuid,
    published: bool(row.published),
    analysis: str(row.analysis),
    attribute_count: str(row.attribute_count),
    orgc_id: str(row.orgc_id),
    timestamp: str(row.timestamp),
    distribution: str(row.distribution),
    sharing_group_id: str(row.sharing_group_id),
    proposal_email_lock: false,
    locked: bool(row.locked),
    threat_level_id: str(row.threat_level_id),
    publish_timestamp: str(row.publish_timestamp),
    sighting_timestamp: str(row.sighting_timestamp),
    disable_correlation: bool(row.disable_correlation),
    extends_uuid: row.extends_uuid ?? '',
    protected: null,
  };
}

const NULL_OBJECT = Object.fromEntries(
  [
    'id',
    'name',
    'meta-category',
    'description',
    'template_uuid',
    'template_version',
    'event_id',
    'uuid',
    'timestamp',
    'distribution',
    'sharing_group_id',
    'comment',
    'deleted',
    'first_seen',
    'last_seen',
  ].map((key) => [key, null]),
);

/**
 * What a relationship points at, as MISP's Relationship::getRelatedElement fetches it for the user: an event
 * (`{Event}`), an attribute (`{Attribute: {…, Event, Object, Organisation, orgc_uuid}}`, Object all null for a
 * standalone one) or an object (`{Object: {…, Event, Organisation, orgc_uuid}}`); `[]` when it does not exist
 * here, the user may not see it, or it is of another kind. (MISP 2.5.1 fails with a 500 wherever a relationship
 * to a note, opinion or relationship is fetched; the sandbox gives `[]`.)
 */
function relatedObject(db: Database, user: AuthUser, type: string, uuid: string): Record<string, unknown> | [] {
  const event = eventVisible(user);
  const eventRow = (id: unknown) => prepare(db, 'SELECT * FROM events WHERE id = ?').get(id) as Row;
  const creator = (row: Row) => {
    const org = prepare(db, 'SELECT * FROM organisations WHERE id = ?').get(row.orgc_id) as Row | undefined;
    return { Organisation: org ? formatOrganisation(org) : null, orgc_uuid: org?.uuid ?? null };
  };
  if (type === 'Event') {
    const row = prepare(db, `SELECT e.* FROM events e WHERE e.uuid = ? AND ${event.sql}`).get(uuid, ...event.params) as
      | Row
      | undefined;
    return row ? { Event: simpleEvent(row) } : [];
  }
  if (type === 'Attribute') {
    const acl = attributeVisible(user);
    const row = prepare(
      db,
      `SELECT a.* FROM attributes a JOIN events e ON e.id = a.event_id WHERE a.uuid = ? AND ${event.sql} AND ${acl.sql}`,
    ).get(uuid, ...event.params, ...acl.params) as Row | undefined;
    if (!row) return [];
    const object = Number(row.object_id)
      ? (prepare(db, 'SELECT * FROM objects WHERE id = ?').get(row.object_id) as Row | undefined)
      : undefined;
    const parent = eventRow(row.event_id);
    return {
      Attribute: {
        ...formatAttribute(row, true),
        Event: simpleEvent(parent),
        Object: object ? formatObject(object) : NULL_OBJECT,
        ...creator(parent),
      },
    };
  }
  if (type === 'Object') {
    const acl = objectVisible(user);
    const row = prepare(
      db,
      `SELECT o.* FROM objects o JOIN events e ON e.id = o.event_id WHERE o.uuid = ? AND ${event.sql} AND ${acl.sql}`,
    ).get(uuid, ...event.params, ...acl.params) as Row | undefined;
    if (!row) return [];
    const parent = eventRow(row.event_id);
    return { Object: { ...formatObject(row), Event: simpleEvent(parent), ...creator(parent) } };
  }
  return [];
}

/** The organisations of entries embedded in an event: a few fields, the creator's without its description. */
function slimOrg(row: Row, withDescription: boolean): Record<string, unknown> {
  return {
    id: str(row.id),
    name: row.name,
    uuid: row.uuid,
    type: row.type,
    ...(withDescription ? { description: row.description } : {}),
    sector: row.sector,
    nationality: row.nationality,
    local: Boolean(row.local),
  };
}

const hasChildren = (db: Database, viewer: Viewer, type: AnalystType, uuid: string) =>
  (['Note', 'Opinion'] as const).some((kind) => attachedTo(db, viewer, kind, [uuid], type).length > 0);

/**
 * The notes and opinions on an entry, nested as MISP nests them: `depth` levels expanded, and at the last
 * level `_max_depth_reached` says whether there is more below.
 */
export function withChildren(
  db: Database,
  viewer: Viewer,
  type: AnalystType,
  row: Row,
  entry: Record<string, unknown>,
  depth: number,
  slimOrgs: (kind: AnalystType) => boolean = () => false,
): Record<string, unknown> {
  if (depth === 0) {
    entry._max_depth_reached = hasChildren(db, viewer, type, String(row.uuid));
    return entry;
  }
  for (const kind of ['Note', 'Opinion'] as const) {
    const slim = slimOrgs(kind);
    const children = attachedTo(db, viewer, kind, [String(row.uuid)], type).map((child) =>
      withChildren(
        db,
        viewer,
        kind,
        child,
        formatAnalystData(db, viewer, kind, child, true, slim),
        depth - 1,
        slimOrgs,
      ),
    );
    if (children.length) entry[kind] = children;
  }
  return entry;
}

/**
 * The `Note`, `Opinion` and `Relationship` lists of the elements with these uuids, as events/view embeds them:
 * each entry with its children (two levels) and `_max_depth_reached` on it. Keys are absent when empty.
 */
export function analystDataFor(
  db: Database,
  user: AuthUser,
  uuids: string[],
): Map<string, Record<string, Record<string, unknown>[]>> {
  const map = new Map<string, Record<string, Record<string, unknown>[]>>();
  if (uuids.length === 0) return map;
  const viewer = viewerOf(db, user);
  // MISP binds the few-fields organisation associations (Org, Orgc) of the Note, Opinion and Relationship models
  // for one find only: in a request, the first find of each kind gets a few organisation fields, every later one
  // all of them. The event's own entries are found first, kind by kind, each note's children as it is read.
  const found = new Set<AnalystType>();
  const firstFind = (kind: AnalystType) => !found.has(kind) && Boolean(found.add(kind));
  for (const type of ANALYST_TYPES) {
    const slimOnEvent = firstFind(type);
    for (const row of attachedTo(db, viewer, type, uuids)) {
      const onEvent = row.object_type === 'Event';
      let entry = formatAnalystData(db, viewer, type, row, true, onEvent && slimOnEvent);
      // MISP fetches the event's own entries twice, with their children, and the second pass marks them; those of
      // attributes, objects and reports are fetched once, without children.
      if (onEvent) {
        if (type !== 'Relationship') entry = withChildren(db, viewer, type, row, entry, 2, firstFind);
        entry._max_depth_reached = hasChildren(db, viewer, type, String(row.uuid));
      }
      const lists = map.get(String(row.object_uuid).toLowerCase()) ?? {};
      lists[type] = [...(lists[type] ?? []), entry];
      map.set(String(row.object_uuid).toLowerCase(), lists);
    }
  }
  return map;
}

/** Relationships pointing at an element (eventReports/view's `RelationshipInbound`). */
export function inboundRelationships(db: Database, user: AuthUser, uuid: string): Record<string, unknown>[] {
  const viewer = viewerOf(db, user);
  const v = visible(viewer.user, viewer.orgUuid);
  const rows = prepare(
    db,
    `SELECT d.* FROM ${TABLE.Relationship} d WHERE d.related_object_uuid = ? AND ${v.sql} ORDER BY d.id`,
  ).all(uuid, ...v.params) as Row[];
  return rows.map((row) => formatAnalystData(db, viewer, 'Relationship', row, true));
}

export interface AnalystDraft {
  [field: string]: unknown;
}

/**
 * The row to save, or `undefined` when MISP's database would refuse it (MISP answers those with a 500):
 * an opinion that is not a non-negative integer, a relationship without `related_object_uuid`.
 */
export function draftAnalystData(type: AnalystType, input: Row, existing?: Row): AnalystDraft | undefined {
  const draft: AnalystDraft = {};
  const take = (field: string) => (input[field] !== undefined ? input[field] : existing?.[field]);
  for (const field of OWN_FIELDS[type]) draft[field] = take(field) ?? null;
  if (type === 'Note' && (draft.language === null || draft.language === '')) draft.language = 'en';
  if (type === 'Opinion' && draft.opinion !== null) {
    if (!/^\d+$/.test(String(draft.opinion))) return undefined;
    draft.opinion = Number(draft.opinion);
  }
  if (type === 'Relationship' && (draft.related_object_uuid === null || draft.related_object_uuid === undefined))
    return undefined;
  const distribution = take('distribution');
  draft.distribution = distribution === undefined || distribution === null ? 1 : Number(distribution);
  const group = take('sharing_group_id');
  draft.sharing_group_id =
    draft.distribution !== 4 && group !== undefined && group !== null && Number(group) !== 0
      ? 0
      : group === undefined || group === null
        ? null
        : Number(group);
  draft.authors = take('authors') ?? null;
  return draft;
}

export function insertAnalystData(
  db: Database,
  viewer: Viewer,
  type: AnalystType,
  objectUuid: string,
  objectType: string,
  draft: AnalystDraft,
  email: string,
): Row {
  const time = datetime();
  const columns = {
    uuid: randomUUID(),
    object_uuid: objectUuid,
    object_type: objectType,
    authors: draft.authors || email,
    org_uuid: viewer.orgUuid,
    orgc_uuid: viewer.orgUuid,
    created: time,
    modified: time,
    distribution: draft.distribution,
    sharing_group_id: draft.sharing_group_id,
    ...Object.fromEntries(OWN_FIELDS[type].map((f) => [f, draft[f]])),
  };
  const names = Object.keys(columns);
  const info = prepare(
    db,
    `INSERT INTO ${TABLE[type]} (${names.join(', ')}) VALUES (${names.map((n) => `@${n}`).join(', ')})`,
  ).run(columns);
  return prepare(db, `SELECT * FROM ${TABLE[type]} WHERE id = ?`).get(info.lastInsertRowid) as Row;
}

export function updateAnalystData(db: Database, type: AnalystType, id: number, draft: AnalystDraft): Row {
  const columns: Record<string, unknown> = {
    distribution: draft.distribution,
    sharing_group_id: draft.sharing_group_id,
    modified: datetime(),
    ...Object.fromEntries(OWN_FIELDS[type].map((f) => [f, draft[f]])),
  };
  if (draft.authors !== null) columns.authors = draft.authors;
  const sets = Object.keys(columns).map((c) => `${c} = @${c}`);
  prepare(db, `UPDATE ${TABLE[type]} SET ${sets.join(', ')} WHERE id = @id`).run({ ...columns, id });
  return prepare(db, `SELECT * FROM ${TABLE[type]} WHERE id = ?`).get(id) as Row;
}

export function deleteAnalystData(db: Database, type: AnalystType, id: number): void {
  prepare(db, `DELETE FROM ${TABLE[type]} WHERE id = ?`).run(id);
}

const isRecord = (value: unknown): value is Row => Boolean(value) && typeof value === 'object' && !Array.isArray(value);

/** The Note, Opinion or Relationship list an element of an event payload carries (as MISP 2.5 exports them). */
const entriesOf = (data: Row, type: AnalystType): Row[] =>
  Array.isArray(data[type]) ? (data[type] as unknown[]).filter(isRecord) : [];

export const carriesAnalystData = (data: Row): boolean => ANALYST_TYPES.some((type) => entriesOf(data, type).length);

/**
 * MISP's Event::captureAnalystData: the Note, Opinion and Relationship lists of an element saved through an
 * event payload (the event, an attribute, an object; a report on edit) are attached to it. Throws MISP's
 * answers for what its capture cannot save: a nested entry without `note_type_name` (404), one MISP's database
 * refuses (500: no object_uuid, an opinion that is not a number, a relationship without a target). Callers run
 * it in the payload's transaction, so such a payload saves nothing.
 */
export function captureAnalystData(db: Database, user: AuthUser, data: Row, objectType: string, uuid: string): void {
  const viewer = viewerOf(db, user);
  for (const type of ANALYST_TYPES) {
    for (const entry of entriesOf(data, type)) {
      captureEntry(db, viewer, { ...entry, note_type_name: type, object_type: objectType, object_uuid: uuid });
    }
  }
}

/**
 * MISP's deduceAnalystDataType: `note_type_name`, else the kind the entry is wrapped in (`{"Note": {…}}`). MISP
 * then takes `input[kind]`, when there is one, for the wrapped entry — also when it is the entry's own list of
 * children of its kind (a note nested in a note), which its database then refuses (500).
 */
function deduceType(input: Row): { type: AnalystType; entry: Row } {
  const present = (key: string) => input[key] !== undefined && input[key] !== null;
  const type = isAnalystType(input.note_type_name) ? input.note_type_name : ANALYST_TYPES.find(present);
  if (!type) throw new HttpError(404, 'Invalid or could not deduce analyst data type');
  if (!present(type)) return { type, entry: input };
  if (!isRecord(input[type])) throw new HttpError(500, 'An Internal Error Has Occurred.');
  return { type, entry: input[type] as Row };
}

/** MISP's datetime columns from a client's value (kept, as UTC), or now. */
function clientDatetime(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') return datetime();
  const date = new Date(/[zZ]|[+-]\d{2}:?\d{2}$/.test(value) ? value : `${value.replace(' ', 'T')}Z`);
  return Number.isNaN(date.getTime()) ? datetime() : date.toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * One entry, its children first (as MISP saves them from the leaves): a new uuid is added with the payload's
 * uuid, authors, times and `locked`; an existing one is changed only when it is `locked` (synchronised) and the
 * payload's `modified` is newer — a local entry is never changed by an event payload, as in MISP.
 */
function captureEntry(db: Database, viewer: Viewer, input: Row): void {
  const { type, entry } = deduceType(input);
  for (const childType of ANALYST_TYPES)
    for (const child of entriesOf(entry, childType)) captureEntry(db, viewer, child);
  const uuid = typeof entry.uuid === 'string' && entry.uuid !== '' ? entry.uuid.toLowerCase() : randomUUID();
  const existing = prepare(db, `SELECT * FROM ${TABLE[type]} WHERE uuid = ?`).get(uuid) as Row | undefined;
  const modified = clientDatetime(entry.modified);
  if (existing) {
    if (!existing.locked || modified <= String(existing.modified)) return;
    const draft = draftAnalystData(type, entry, existing);
    if (!draft) throw new HttpError(500, 'An Internal Error Has Occurred.');
    const row = updateAnalystData(db, type, Number(existing.id), draft);
    prepare(db, `UPDATE ${TABLE[type]} SET modified = ? WHERE id = ?`).run(modified, row.id);
    return;
  }
  const objectUuid = entry.object_uuid;
  const objectType = entry.object_type;
  const draft = draftAnalystData(type, entry);
  if (!draft || typeof objectUuid !== 'string' || typeof objectType !== 'string' || !objectUuid || !objectType) {
    throw new HttpError(500, 'An Internal Error Has Occurred.');
  }
  // MISP refuses a relationship of an element with itself without saying so.
  if (type === 'Relationship' && String(draft.related_object_uuid).toLowerCase() === objectUuid.toLowerCase()) return;
  // Only a sync user (or a site admin) keeps another creator organisation, and only one this instance knows.
  const orgc = isRecord(entry.Orgc) ? entry.Orgc.uuid : entry.orgc_uuid;
  const keepsOrgc =
    (viewer.user.role.perm_site_admin || (viewer.user.role as unknown as Row).perm_sync) &&
    typeof orgc === 'string' &&
    prepare(db, 'SELECT 1 FROM organisations WHERE uuid = ?').get(orgc);
  const columns: Row = {
    uuid,
    object_uuid: objectUuid,
    object_type: objectType,
    authors: draft.authors || viewer.user.email,
    org_uuid: viewer.orgUuid,
    orgc_uuid: keepsOrgc ? orgc : viewer.orgUuid,
    created: clientDatetime(entry.created),
    modified,
    distribution: draft.distribution,
    sharing_group_id: draft.distribution === 4 ? draft.sharing_group_id : null,
    locked: bool(entry.locked) ? 1 : 0,
    ...Object.fromEntries(OWN_FIELDS[type].map((f) => [f, draft[f]])),
  };
  const names = Object.keys(columns);
  prepare(db, `INSERT INTO ${TABLE[type]} (${names.join(', ')}) VALUES (${names.map((n) => `@${n}`).join(', ')})`).run(
    columns,
  );
}
