// Proposals (MISP's ShadowAttribute model): attributes, or changes to attributes, that a user suggests to an
// event's owner. Each of MISP's answers shows a different set of a proposal's columns; the formatters below
// are named after the answer that uses them.
import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { IN_LIST, jsonList, prepare } from '../db/statements.js';
import type { AuthUser, Row } from '../types.js';
import { warningsFor } from '../warninglists.js';
import { now } from './attributes.js';
import { bool, str } from './format.js';
import { eventVisible } from './visibility.js';

/** Idempotent: the table is created on first use and left alone afterwards (see db/schema.ts `migrate`). */
export function migrateShadowAttributes(db: Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS shadow_attributes (
      id INTEGER PRIMARY KEY AUTOINCREMENT, old_id INTEGER NOT NULL DEFAULT 0, event_id INTEGER NOT NULL, event_uuid TEXT NOT NULL,
      event_org_id INTEGER NOT NULL, org_id INTEGER NOT NULL, email TEXT NOT NULL, type TEXT NOT NULL,
      category TEXT NOT NULL, value1 TEXT NOT NULL DEFAULT '', value2 TEXT NOT NULL DEFAULT '',
      to_ids INTEGER NOT NULL DEFAULT 1, uuid TEXT NOT NULL, comment TEXT NOT NULL DEFAULT '',
      deleted INTEGER NOT NULL DEFAULT 0, proposal_to_delete INTEGER NOT NULL DEFAULT 0,
      disable_correlation INTEGER NOT NULL DEFAULT 0, timestamp INTEGER NOT NULL, first_seen TEXT, last_seen TEXT
    );
    CREATE INDEX IF NOT EXISTS idx_shadow_attributes_event ON shadow_attributes(event_id);
  `);
  const columns = db.prepare('PRAGMA table_info(events)').all() as { name: string }[];
  if (!columns.some((c) => c.name === 'proposal_email_lock'))
    db.exec('ALTER TABLE events ADD COLUMN proposal_email_lock INTEGER NOT NULL DEFAULT 0');
}

/** MISP's alert lock: set when a proposal is saved (the alert e-mail went out), cleared by the event's owner. */
export function setProposalLock(db: Database, eventId: number, locked: boolean): void {
  prepare(db, 'UPDATE events SET proposal_email_lock = ? WHERE id = ?').run(locked ? 1 : 0, eventId);
}

export interface ProposalDraft {
  old_id: number;
  /** A proposal to delete the attribute `old_id` (shadowAttributes/delete). */
  proposal_to_delete?: boolean;
  type: string;
  category: string;
  value1: string;
  value2: string;
  to_ids: number;
  uuid: string;
  comment: string;
  first_seen: string | null;
  last_seen: string | null;
}

const value = (row: Row): string => (row.value2 ? `${row.value1}|${row.value2}` : String(row.value1 ?? ''));

export function insertProposal(db: Database, user: AuthUser & { email?: unknown }, event: Row, draft: ProposalDraft) {
  const email = (prepare(db, 'SELECT email FROM users WHERE id = ?').get(user.id) as Row | undefined)?.email ?? '';
  const info = prepare(
    db,
    `INSERT INTO shadow_attributes (old_id, event_id, event_uuid, event_org_id, org_id, email, type, category, value1,
       value2, to_ids, uuid, comment, timestamp, first_seen, last_seen, proposal_to_delete)
     VALUES (@old_id, @event_id, @event_uuid, @event_org_id, @org_id, @email, @type, @category, @value1, @value2,
       @to_ids, @uuid, @comment, @timestamp, @first_seen, @last_seen, @proposal_to_delete)`,
  ).run({
    ...draft,
    proposal_to_delete: draft.proposal_to_delete ? 1 : 0,
    event_id: event.id,
    event_uuid: event.uuid,
    event_org_id: event.orgc_id,
    org_id: user.org_id,
    email,
    timestamp: now(),
  });
  setProposalLock(db, Number(event.id), true);
  return findProposal(db, Number(info.lastInsertRowid)) as Row;
}

export const findProposal = (db: Database, id: unknown): Row | undefined =>
  /^\d+$/.test(String(id ?? ''))
    ? (prepare(db, 'SELECT * FROM shadow_attributes WHERE id = ?').get(Number(id)) as Row | undefined)
    : undefined;

export const newProposalUuid = (): string => randomUUID();

// How each proposal field is written in MISP's answers. MISP lists different fields, in a different order, in each
// answer; the lists below give them in MISP's order.
const FIELD: Record<string, (row: Row) => unknown> = {
  id: (row) => str(row.id),
  old_id: (row) => str(row.old_id),
  event_id: (row) => str(row.event_id),
  org_id: (row) => str(row.org_id),
  event_org_id: (row) => str(row.event_org_id),
  timestamp: (row) => str(row.timestamp),
  to_ids: (row) => bool(row.to_ids),
  deleted: (row) => bool(row.deleted),
  proposal_to_delete: (row) => bool(row.proposal_to_delete),
  disable_correlation: (row) => bool(row.disable_correlation),
  first_seen: (row) => row.first_seen ?? null,
  last_seen: (row) => row.last_seen ?? null,
  value: (row) => value(row),
};
const fields = (row: Row, names: string): Record<string, unknown> =>
  Object.fromEntries(names.split(' ').map((name) => [name, (FIELD[name] ?? ((r: Row) => r[name]))(row)]));

/** The answer of shadowAttributes/add and /edit. */
export const formatSavedProposal = (row: Row): Record<string, unknown> =>
  fields(
    row,
    'id old_id event_id type category comment to_ids uuid event_org_id email deleted timestamp first_seen last_seen value',
  );

/** The answer of shadowAttributes/view. */
export const formatViewedProposal = (row: Row): Record<string, unknown> =>
  fields(row, 'id old_id event_id type category uuid to_ids comment org_id first_seen last_seen value');

/** One item of shadowAttributes/index (rows joined with the proposing organisation as org_name/org_uuid). */
export function formatIndexedProposal(row: Row): Record<string, unknown> {
  return {
    ShadowAttribute: {
      ...fields(
        row,
        'id old_id event_id type category uuid to_ids comment org_id timestamp first_seen last_seen deleted proposal_to_delete disable_correlation value org_uuid',
      ),
      // MISP names the attribute a change is proposed to by its uuid (the proposal carries the same one).
      ...(Number(row.old_id) ? { old_uuid: row.uuid } : {}),
      event_uuid: row.event_uuid,
      Org: { name: row.org_name, uuid: row.org_uuid, id: str(row.org_id) },
    },
  };
}

/** A proposal as events/view embeds it (in the event, or in the attribute it changes). */
function formatEmbeddedProposal(db: Database, row: Row): Record<string, unknown> {
  const result: Record<string, unknown> = {
    ...fields(
      row,
      'id type category to_ids uuid event_uuid event_id old_id comment org_id proposal_to_delete timestamp first_seen last_seen value',
    ),
    Org: { id: str(row.org_id), name: row.org_name, uuid: row.org_uuid, local: bool(row.org_local) },
  };
  // MISP checks every to_ids proposal of an event against the warninglists, asked or not.
  if (row.to_ids) {
    const warnings = warningsFor(db, value(row), String(row.type));
    if (warnings.length) result.warnings = warnings;
  }
  return result;
}

const WITH_ORG = `SELECT s.*, o.name AS org_name, o.uuid AS org_uuid, o.local AS org_local
  FROM shadow_attributes s JOIN organisations o ON o.id = s.org_id`;

/** The live proposals of events, for events/view: `event` (new attributes) and `attribute` (changes) by id. */
export function proposalsByEvent(
  db: Database,
  eventIds: number[],
): { event: Map<number, Record<string, unknown>[]>; attribute: Map<number, Record<string, unknown>[]> } {
  const event = new Map<number, Record<string, unknown>[]>();
  const attribute = new Map<number, Record<string, unknown>[]>();
  if (eventIds.length === 0) return { event, attribute };
  const rows = prepare(db, `${WITH_ORG} WHERE s.event_id IN (${IN_LIST}) AND s.deleted = 0 ORDER BY s.id`).all(
    jsonList(eventIds),
  ) as Row[];
  for (const row of rows) {
    const [map, key] = Number(row.old_id) ? [attribute, Number(row.old_id)] : [event, Number(row.event_id)];
    map.set(key, [...(map.get(key) ?? []), formatEmbeddedProposal(db, row)]);
  }
  return { event, attribute };
}

export interface ProposalFilters {
  eventId?: number;
  /** `0` live only, `1` discarded or accepted only; both when absent. */
  deleted?: 0 | 1;
}

/** shadowAttributes/index: the proposals to the events the user can see, newest event first. */
export function listProposals(db: Database, user: AuthUser, filters: ProposalFilters): Row[] {
  const visible = eventVisible(user);
  const conditions = [visible.sql];
  const params: unknown[] = [...visible.params];
  if (filters.eventId !== undefined) {
    conditions.push('s.event_id = ?');
    params.push(filters.eventId);
  }
  if (filters.deleted !== undefined) conditions.push(`s.deleted = ${filters.deleted}`);
  return prepare(
    db,
    `${WITH_ORG} JOIN events e ON e.id = s.event_id WHERE ${conditions.join(' AND ')} ORDER BY s.event_id DESC, s.id`,
  ).all(...params) as Row[];
}

/**
 * Marks a proposal handled. MISP does it by saving the proposal again, through its validation: a proposal saved
 * without a value fails it, so it stays live although MISP reports it discarded.
 */
export function setProposalDeleted(db: Database, id: number): void {
  prepare(db, "UPDATE shadow_attributes SET deleted = 1 WHERE id = ? AND value1 <> ''").run(id);
}
