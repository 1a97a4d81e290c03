// What events/add and events/edit take beyond attributes, objects and tags, as MISP 2.5 captures it: the event's
// reports (EventReport) and the analyst data (Note, Opinion, Relationship) on the event, its attributes, its
// objects and their attributes, and — on edit only — its reports.
import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { prepare } from '../db/statements.js';
import type { AuthUser, Row } from '../types.js';
import { captureAnalystData, carriesAnalystData } from './analyst-data.js';
import { flag, isUuid } from './attributes.js';
import { insertReport, updateReport, validateReport } from './event-reports.js';

const records = (value: unknown): Row[] =>
  Array.isArray(value)
    ? (value as unknown[]).filter((v): v is Row => Boolean(v) && typeof v === 'object' && !Array.isArray(v))
    : [];

/**
 * Gives a uuid to the payload's attributes and objects that carry analyst data but no uuid, so the entries can be
 * attached to what is saved (MISP attaches them to the saved element's uuid). Run before the payload is saved.
 */
export function assignAnalystTargets(input: Row): void {
  const give = (element: Row) => {
    if (!isUuid(element.uuid) && carriesAnalystData(element)) element.uuid = randomUUID();
  };
  for (const attribute of records(input.Attribute)) give(attribute);
  for (const object of records(input.Object)) {
    give(object);
    for (const attribute of records(object.Attribute)) give(attribute);
  }
}

/**
 * The analyst data of the payload's event, attributes, objects and object attributes, each attached to the
 * element saved with that uuid in this event (elements that were dropped get none).
 */
export function captureEventAnalystData(db: Database, user: AuthUser, event: Row, input: Row): void {
  const inEvent = (table: 'attributes' | 'objects', uuid: unknown) =>
    isUuid(uuid) && prepare(db, `SELECT 1 FROM ${table} WHERE uuid = ? AND event_id = ?`).get(uuid, event.id);
  const capture = (element: Row, type: 'Attribute' | 'Object') => {
    if (carriesAnalystData(element) && inEvent(type === 'Object' ? 'objects' : 'attributes', element.uuid)) {
      captureAnalystData(db, user, element, type, String(element.uuid).toLowerCase());
    }
  };
  for (const attribute of records(input.Attribute)) capture(attribute, 'Attribute');
  for (const object of records(input.Object)) {
    for (const attribute of records(object.Attribute)) capture(attribute, 'Attribute');
    capture(object, 'Object');
  }
  captureAnalystData(db, user, input, 'Event', String(event.uuid));
}

const clientTimestamp = (report: Row): number | undefined =>
  /^\d+$/.test(String(report.timestamp ?? '')) && Number(report.timestamp) > 0 ? Number(report.timestamp) : undefined;

const state = (report: Row) => ({
  timestamp: clientTimestamp(report),
  deleted: report.deleted === undefined ? undefined : flag(report.deleted),
});

/**
 * The payload's EventReport list (MISP's captureReport on add, editReport on edit). On add each report is saved
 * with its uuid, timestamp and `deleted`, or dropped when it fails validation (its uuid taken, no name, …); MISP
 * does not capture the analyst data of reports added this way. On edit a report of this event is updated when the
 * payload's timestamp is newer (or absent), with its analyst data; an unknown one is added as on add. A uuid of
 * another event's report is left alone.
 */
export function captureEventReports(
  db: Database,
  user: AuthUser,
  eventId: number,
  input: Row,
  mode: 'add' | 'edit',
): void {
  for (const raw of records(input.EventReport)) {
    const report = raw.EventReport && typeof raw.EventReport === 'object' ? (raw.EventReport as Row) : raw;
    const existing =
      mode === 'edit' && isUuid(report.uuid)
        ? (prepare(db, 'SELECT * FROM event_reports WHERE uuid = ?').get(report.uuid) as Row | undefined)
        : undefined;
    if (!existing) {
      const draft = validateReport(db, user, report);
      if (typeof draft !== 'string') insertReport(db, eventId, draft, state(report));
      continue;
    }
    if (Number(existing.event_id) !== eventId) continue;
    const timestamp = clientTimestamp(report);
    if (timestamp !== undefined && timestamp <= Number(existing.timestamp)) continue;
    const draft = validateReport(db, user, report, existing);
    if (typeof draft === 'string') continue;
    updateReport(db, Number(existing.id), draft, state(report));
    captureAnalystData(db, user, report, 'EventReport', String(existing.uuid));
  }
}
