// Event reports: Markdown documents attached to an event (MISP's EventReport model).
import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { SG_MEMBER_SQL } from '../accounts/permissions.js';
import { IN_LIST, jsonList, prepare } from '../db/statements.js';
import type { AuthUser, Row } from '../types.js';
import { isUuid, now } from './attributes.js';
import { bool, str } from './format.js';
import { eventVisible } from './visibility.js';

/** Idempotent: the table is created on first use and left alone afterwards (see db/schema.ts `migrate`). */
export function migrateEventReports(db: Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS event_reports (
      id INTEGER PRIMARY KEY AUTOINCREMENT, uuid TEXT NOT NULL UNIQUE COLLATE NOCASE, event_id INTEGER NOT NULL, name TEXT NOT NULL,
      content TEXT, distribution INTEGER NOT NULL DEFAULT 0, sharing_group_id INTEGER NOT NULL DEFAULT 0,
      timestamp INTEGER NOT NULL, deleted INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX IF NOT EXISTS idx_event_reports_event ON event_reports(event_id);
  `);
}

export function formatEventReport(row: Row): Record<string, unknown> {
  return {
    id: str(row.id),
    uuid: row.uuid,
    event_id: str(row.event_id),
    name: row.name,
    content: row.content ?? null,
    distribution: str(row.distribution),
    sharing_group_id: str(row.sharing_group_id),
    timestamp: str(row.timestamp),
    deleted: bool(row.deleted),
  };
}

/**
 * Which reports a user sees, as MISP's buildACLConditions says: the event must be visible, and the report
 * belongs to the user's organisation's event, or has distribution 1, 2, 3 or 5 (inherit), or is shared
 * with a sharing group the organisation is in. Site admins see everything.
 */
export function reportVisible(user: AuthUser, alias = 'r', eventAlias = 'e'): { sql: string; params: unknown[] } {
  if (user.role.perm_site_admin) return { sql: '1', params: [] };
  const event = eventVisible(user, eventAlias);
  return {
    sql: `(${event.sql} AND (${eventAlias}.org_id = ? OR ${alias}.distribution IN (1, 2, 3, 5)
      OR (${alias}.distribution = 4 AND ${alias}.sharing_group_id IN ${SG_MEMBER_SQL})))`,
    params: [...event.params, user.org_id, user.org_id],
  };
}

/** A visible report by id or uuid (MISP's simpleFetchById), soft-deleted ones included. */
export function findVisibleReport(db: Database, user: AuthUser, ref: string | undefined): Row | undefined {
  if (ref === undefined) return undefined;
  const column = /^\d+$/.test(ref) ? 'r.id' : isUuid(ref) ? 'r.uuid' : undefined;
  if (!column) return undefined;
  const visible = reportVisible(user);
  return prepare(
    db,
    `SELECT r.* FROM event_reports r JOIN events e ON e.id = r.event_id WHERE ${column} = ? AND ${visible.sql}`,
  ).get(ref, ...visible.params) as Row | undefined;
}

export interface ReportFilters {
  eventId?: string | undefined;
  /** `default` live only, `deleted` deleted only, anything else both. */
  context?: string | undefined;
  /** Substring of name or content (case-insensitive), or an exact id or uuid. */
  value?: string | undefined;
}

export function listReports(db: Database, user: AuthUser, filters: ReportFilters): Row[] {
  const visible = reportVisible(user);
  const where = [visible.sql];
  const params: unknown[] = [...visible.params];
  if (filters.eventId) {
    where.push('r.event_id = ?');
    params.push(filters.eventId);
  }
  const context = filters.context || 'default';
  if (context === 'default') where.push('r.deleted = 0');
  else if (context === 'deleted') where.push('r.deleted = 1');
  if (filters.value) {
    where.push('(LOWER(r.name) LIKE ? OR LOWER(r.content) LIKE ? OR r.id = ? OR r.uuid = ?)');
    const like = `%${filters.value.toLowerCase()}%`;
    params.push(like, like, like, like);
  }
  return prepare(
    db,
    `SELECT r.* FROM event_reports r JOIN events e ON e.id = r.event_id WHERE ${where.join(' AND ')} ORDER BY r.id`,
  ).all(...params) as Row[];
}

/** The reports of events/view, soft-deleted ones included (MISP lists them with `deleted: true`). */
export function reportsByEvent(db: Database, user: AuthUser, eventIds: number[]): Map<number, Row[]> {
  const map = new Map<number, Row[]>();
  if (eventIds.length === 0) return map;
  const visible = reportVisible(user);
  const rows = prepare(
    db,
    `SELECT r.* FROM event_reports r JOIN events e ON e.id = r.event_id
     WHERE r.event_id IN (${IN_LIST}) AND ${visible.sql} ORDER BY r.id`,
  ).all(jsonList(eventIds), ...visible.params) as Row[];
  for (const row of rows) {
    const list = map.get(Number(row.event_id)) ?? [];
    list.push(row);
    map.set(Number(row.event_id), list);
  }
  return map;
}

/** The embedded `EventReport` list of one event in events/view. */
export const eventReportsJson = (reports: Map<number, Row[]>, eventId: number): Record<string, unknown>[] =>
  (reports.get(eventId) ?? []).map(formatEventReport);

export interface ReportDraft {
  uuid: string;
  name: string;
  content: string | null;
  distribution: number;
  sharing_group_id: number;
}

const DISTRIBUTION_MESSAGE =
  'Options: Your organisation only, This community only, Connected communities, All communities, Sharing group, Inherit event';

/**
 * MISP's validation of a report, first failure only: MISP's controller reports the first message of its
 * validation errors as one string (`errors: "This field cannot be left blank"`).
 */
export function validateReport(db: Database, user: AuthUser, input: Row, existing?: Row): ReportDraft | string {
  const name = input.name ?? existing?.name;
  const rawDistribution = input.distribution ?? existing?.distribution ?? 0;
  const uuid = existing ? String(existing.uuid) : input.uuid;
  if (!existing && uuid !== undefined && uuid !== null && uuid !== '' && !isUuid(uuid))
    return 'Please provide a valid RFC 4122 UUID';
  if (!existing && isUuid(uuid) && prepare(db, 'SELECT 1 FROM event_reports WHERE uuid = ?').get(uuid))
    return 'The UUID provided is not unique';
  if (typeof name !== 'string' && typeof name !== 'number') return 'This field cannot be left blank';
  if (String(name).trim() === '') return 'This field cannot be left blank';
  if (!['0', '1', '2', '3', '4', '5'].includes(String(rawDistribution))) return DISTRIBUTION_MESSAGE;
  let distribution = Number(rawDistribution);
  let sharingGroupId = Number(input.sharing_group_id ?? existing?.sharing_group_id ?? 0);
  if (distribution === 4) {
    // MISP keeps a sharing group only when the user may use it; otherwise the report drops to distribution 0.
    if (!sharingGroupUsable(db, user, sharingGroupId)) {
      distribution = 0;
      sharingGroupId = 0;
    }
  } else sharingGroupId = 0;
  const content = input.content !== undefined ? input.content : (existing?.content ?? null);
  return {
    uuid: isUuid(uuid) ? uuid.toLowerCase() : randomUUID(),
    name: String(name),
    content: content === null || content === undefined ? null : String(content),
    distribution,
    sharing_group_id: sharingGroupId,
  };
}

function sharingGroupUsable(db: Database, user: AuthUser, id: number): boolean {
  if (!Number.isInteger(id) || id <= 0) return false;
  if (!prepare(db, 'SELECT 1 FROM sharing_groups WHERE id = ?').get(id)) return false;
  if (user.role.perm_site_admin) return true;
  return Boolean(prepare(db, `SELECT 1 WHERE ? IN ${SG_MEMBER_SQL}`).get(id, user.org_id));
}

/** A client's `timestamp` and `deleted` are kept when a report comes in an event payload (MISP's captureReport). */
export interface ReportState {
  timestamp?: number | undefined;
  deleted?: boolean | undefined;
}

export function insertReport(db: Database, eventId: number, draft: ReportDraft, state: ReportState = {}): Row {
  const info = prepare(
    db,
    `INSERT INTO event_reports (uuid, event_id, name, content, distribution, sharing_group_id, timestamp, deleted)
     VALUES (@uuid, @event_id, @name, @content, @distribution, @sharing_group_id, @timestamp, @deleted)`,
  ).run({ ...draft, event_id: eventId, timestamp: state.timestamp ?? now(), deleted: state.deleted ? 1 : 0 });
  return prepare(db, 'SELECT * FROM event_reports WHERE id = ?').get(info.lastInsertRowid) as Row;
}

export function updateReport(db: Database, id: number, draft: ReportDraft, state: ReportState = {}): void {
  prepare(
    db,
    `UPDATE event_reports SET name = @name, content = @content, distribution = @distribution,
       sharing_group_id = @sharing_group_id, timestamp = @timestamp, deleted = COALESCE(@deleted, deleted) WHERE id = @id`,
  ).run({
    ...draft,
    id,
    timestamp: state.timestamp ?? now(),
    deleted: state.deleted === undefined ? null : state.deleted ? 1 : 0,
  });
}

export function setReportDeleted(db: Database, id: number, deleted: boolean): void {
  prepare(db, 'UPDATE event_reports SET deleted = ? WHERE id = ?').run(deleted ? 1 : 0, id);
}

export function hardDeleteReport(db: Database, id: number): void {
  prepare(db, 'DELETE FROM event_reports WHERE id = ?').run(id);
}
