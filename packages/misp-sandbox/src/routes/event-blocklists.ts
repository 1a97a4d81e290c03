import type { Database } from 'better-sqlite3';
import { prepare } from '../db/statements.js';
import { HttpError, saveSuccess } from '../http.js';
import { isUuid } from '../model/attributes.js';
import type { Route } from '../router.js';
import type { RequestContext, Row } from '../types.js';

/**
 * Event blocklists (MISP's EventBlocklistsController, site admin only): uuids of events this instance refuses
 * to create. events/delete adds the deleted event's uuid (MISP does so while `MISP.enableEventBlocklisting`
 * is on, its default), so a deleted event cannot be added again until its entry is removed.
 */
export function migrateEventBlocklists(db: Database): void {
  db.exec(`CREATE TABLE IF NOT EXISTS event_blocklists (
    id INTEGER PRIMARY KEY AUTOINCREMENT, event_uuid TEXT NOT NULL UNIQUE, created TEXT NOT NULL,
    event_info TEXT NOT NULL DEFAULT '', comment TEXT NOT NULL DEFAULT '', event_orgc TEXT NOT NULL DEFAULT ''
  )`);
}

const FIELDS = ['event_uuid', 'comment', 'event_info', 'event_orgc'] as const;
const nowText = () => new Date().toISOString().slice(0, 19).replace('T', ' ');

export const isEventBlocklisted = (db: Database, uuid: string): boolean =>
  prepare(db, 'SELECT 1 FROM event_blocklists WHERE event_uuid = ?').get(uuid) !== undefined;

/** Adds an entry unless the uuid is invalid or already blocked; whether it was saved. */
export function blockEvent(db: Database, entry: Record<(typeof FIELDS)[number], string>): boolean {
  if (!isUuid(entry.event_uuid) || isEventBlocklisted(db, entry.event_uuid)) return false;
  prepare(
    db,
    'INSERT INTO event_blocklists (event_uuid, created, event_info, comment, event_orgc) VALUES (?, ?, ?, ?, ?)',
  ).run(entry.event_uuid, nowText(), entry.event_info, entry.comment, entry.event_orgc);
  return true;
}

const format = (row: Row) => ({
  id: String(row.id),
  event_uuid: row.event_uuid,
  created: row.created,
  event_info: row.event_info,
  comment: row.comment,
  event_orgc: row.event_orgc,
});

/** The body with MISP's optional `{EventBlocklist: …}` wrapper removed. */
function input(ctx: RequestContext): Row {
  let body = ctx.body && typeof ctx.body === 'object' && !Array.isArray(ctx.body) ? (ctx.body as Row) : {};
  if (body.EventBlocklist && typeof body.EventBlocklist === 'object') body = body.EventBlocklist as Row;
  return body;
}

const text = (value: unknown) =>
  value === undefined || value === null || value === '' || value === false ? '' : String(value);

/** Filters are CakePHP named parameters only (`/eventBlocklists/index/comment:x`); a body is ignored. */
function index(ctx: RequestContext) {
  const where: string[] = [];
  const params: string[] = [];
  for (const field of FIELDS) {
    const value = ctx.namedParams[field];
    if (value) {
      where.push(`${field} = ?`);
      params.push(value);
    }
  }
  const all = ctx.namedParams.searchall;
  if (all) {
    where.push(`(${FIELDS.map((f) => `${f} = ?`).join(' OR ')})`);
    params.push(...FIELDS.map(() => all));
  }
  const rows = prepare(
    ctx.db,
    `SELECT * FROM event_blocklists ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id`,
  ).all(...params) as Row[];
  return rows.map(format);
}

/**
 * `uuids` is a list or one string of newline-separated uuids; each is trimmed and saved with the shared
 * comment, event_info and event_orgc, or reported in `fails` (not 36 characters, not a uuid, already blocked).
 */
function add(ctx: RequestContext) {
  const body = input(ctx);
  const uuids = Array.isArray(body.uuids) ? body.uuids.map((u) => text(u)) : text(body.uuids).trim().split('\n');
  const successes: string[] = [];
  const fails: string[] = [];
  ctx.db.transaction(() => {
    for (const raw of uuids) {
      const uuid = raw.trim();
      const saved =
        uuid.length === 36 &&
        blockEvent(ctx.db, {
          event_uuid: uuid,
          comment: text(body.comment),
          event_info: text(body.event_info),
          event_orgc: text(body.event_orgc),
        });
      (saved ? successes : fails).push(uuid);
    }
  })();
  return {
    result: { successes, fails },
    message: `Done. Added ${successes.length} new entries to the blocklist. ${fails.length} entries could not be saved.`,
  };
}

/** An entry by id or by the blocked event's uuid. */
function findEntry(ctx: RequestContext, missing: string): Row {
  const ref = ctx.args[0] ?? '';
  const row = prepare(ctx.db, `SELECT * FROM event_blocklists WHERE ${isUuid(ref) ? 'event_uuid' : 'id'} = ?`).get(
    ref,
  ) as Row | undefined;
  if (!row) throw new HttpError(404, missing);
  return row;
}

/** Any of the four fields may change; an invalid or already blocked `event_uuid` is 405, as in MISP. */
function edit(ctx: RequestContext) {
  const entry = findEntry(ctx, 'Blocklist item not found.');
  const body = input(ctx);
  const next: Row = { ...entry };
  for (const field of FIELDS) if (body[field] !== undefined && body[field] !== null) next[field] = String(body[field]);
  const uuid = String(next.event_uuid);
  const taken = prepare(ctx.db, 'SELECT 1 FROM event_blocklists WHERE event_uuid = ? AND id != ?').get(uuid, entry.id);
  if (!isUuid(uuid) || taken) throw new HttpError(405, 'Could not save the blocklist item.');
  prepare(
    ctx.db,
    'UPDATE event_blocklists SET event_uuid = @event_uuid, comment = @comment, event_info = @event_info, event_orgc = @event_orgc WHERE id = @id',
  ).run(next);
  return {
    EventBlocklist: format(prepare(ctx.db, 'SELECT * FROM event_blocklists WHERE id = ?').get(entry.id) as Row),
  };
}

function remove(ctx: RequestContext) {
  const entry = findEntry(ctx, 'Invalid blocklist entry');
  prepare(ctx.db, 'DELETE FROM event_blocklists WHERE id = ?').run(entry.id);
  return saveSuccess('EventBlocklists', 'delete', ctx.args[0], 'Blocklist entry removed');
}

export const eventBlocklistRoutes: Route[] = [
  {
    controller: 'event_blocklists',
    action: 'index',
    methods: ['GET', 'POST'],
    handler: index,
    permission: 'site_admin',
  },
  { controller: 'event_blocklists', action: 'add', methods: ['POST'], handler: add, permission: 'site_admin' },
  { controller: 'event_blocklists', action: 'edit', methods: ['POST', 'PUT'], handler: edit, permission: 'site_admin' },
  {
    controller: 'event_blocklists',
    action: 'delete',
    methods: ['POST', 'DELETE'],
    handler: remove,
    permission: 'site_admin',
  },
];
