import type { Database } from 'better-sqlite3';
import { nowText } from '../accounts/roles.js';
import { prepare } from '../db/statements.js';
import { HttpError, saveSuccess } from '../http.js';
import { isUuid, now } from '../model/attributes.js';
import type { Route } from '../router.js';
import type { RequestContext, Row } from '../types.js';

/**
 * Organisation blocklists (MISP's OrgBlocklistsController, site admin only): uuids of creator organisations
 * whose events this instance refuses. events/add answers 403, a pull skips their events in the remote index,
 * a feed fetch leaves them out silently. A fresh MISP ships with two example entries (ids 3 and 4).
 */
export function migrateOrgBlocklists(db: Database): void {
  db.exec(`CREATE TABLE IF NOT EXISTS org_blocklists (
    id INTEGER PRIMARY KEY AUTOINCREMENT, org_uuid TEXT NOT NULL UNIQUE, created TEXT NOT NULL,
    org_name TEXT NOT NULL DEFAULT '', comment TEXT NOT NULL DEFAULT ''
  )`);
  // MISP's redis counters of refused events, keyed by organisation uuid like its redis keys.
  db.exec(`CREATE TABLE IF NOT EXISTS org_blocklist_counts (
    org_uuid TEXT PRIMARY KEY, amount INTEGER NOT NULL, last_time INTEGER NOT NULL
  )`);
  const started = db.prepare("SELECT 1 FROM sqlite_sequence WHERE name = 'org_blocklists'").get();
  if (started) return;
  const insert = db.prepare(
    'INSERT INTO org_blocklists (id, org_uuid, created, org_name, comment) VALUES (?, ?, ?, ?, ?)',
  );
  insert.run(3, '58d38339-7b24-4386-b4b4-4c0f950d210f', nowText(), 'Setec Astrononomy', 'default example');
  insert.run(4, '58d38326-eda8-443a-9fa8-4e12950d210f', nowText(), 'Acme Finance', 'default example');
}

export const ORG_BLOCKED = 'Event blocked by organisation blocklist.';

export const isOrgBlocklisted = (db: Database, uuid: unknown): boolean =>
  typeof uuid === 'string' && prepare(db, 'SELECT 1 FROM org_blocklists WHERE org_uuid = ?').get(uuid) !== undefined;

const FIELDS = ['org_uuid', 'comment', 'org_name'] as const;

/** Counts one refused event of a blocked organisation (MISP's saveEventBlocked). */
function countRefusal(db: Database, uuid: string): void {
  prepare(
    db,
    `INSERT INTO org_blocklist_counts (org_uuid, amount, last_time) VALUES (?, 1, ?)
     ON CONFLICT (org_uuid) DO UPDATE SET amount = amount + 1, last_time = excluded.last_time`,
  ).run(uuid, now());
}

// `false` for both until an event of the organisation is refused, then decimal strings (as redis returns them).
function blockedData(db: Database, uuid: unknown) {
  const count = prepare(db, 'SELECT amount, last_time FROM org_blocklist_counts WHERE org_uuid = ?').get(uuid) as
    | Row
    | undefined;
  return count
    ? { blocked_amount: String(count.amount), blocked_last_time: String(count.last_time) }
    : { blocked_amount: false, blocked_last_time: false };
}

const format = (db: Database, row: Row) => ({
  id: String(row.id),
  org_uuid: row.org_uuid,
  created: row.created,
  org_name: row.org_name,
  comment: row.comment,
  blocked_data: blockedData(db, row.org_uuid),
});

/** The body with MISP's optional `{OrgBlocklist: …}` (or `{request: …}`) wrapper removed. */
function input(ctx: RequestContext): Row {
  let body = ctx.body && typeof ctx.body === 'object' && !Array.isArray(ctx.body) ? (ctx.body as Row) : {};
  if (body.request && typeof body.request === 'object') body = body.request as Row;
  if (body.OrgBlocklist && typeof body.OrgBlocklist === 'object') body = body.OrgBlocklist as Row;
  return body;
}

const text = (value: unknown) =>
  value === undefined || value === null || value === '' || value === false ? '' : String(value);

/** Every entry in id order: unlike event blocklists, MISP applies no filter here (named parameters are ignored). */
function index(ctx: RequestContext) {
  return (prepare(ctx.db, 'SELECT * FROM org_blocklists ORDER BY id').all() as Row[]).map((row) => format(ctx.db, row));
}

/** `uuids`: a list, or one string of newline-separated uuids; what cannot be saved is listed in `fails`. */
function add(ctx: RequestContext) {
  const body = input(ctx);
  const uuids = Array.isArray(body.uuids) ? body.uuids.map((u) => text(u)) : text(body.uuids).trim().split('\n');
  const successes: string[] = [];
  const fails: string[] = [];
  const insert = prepare(
    ctx.db,
    'INSERT INTO org_blocklists (org_uuid, created, org_name, comment) VALUES (?, ?, ?, ?)',
  );
  ctx.db.transaction(() => {
    for (const raw of uuids) {
      const uuid = raw.trim();
      const saved = uuid.length === 36 && isUuid(uuid) && !isOrgBlocklisted(ctx.db, uuid);
      if (saved) insert.run(uuid, nowText(), text(body.org_name), text(body.comment));
      (saved ? successes : fails).push(uuid);
    }
  })();
  return {
    result: { successes, fails },
    message: `Done. Added ${successes.length} new entries to the blocklist. ${fails.length} entries could not be saved.`,
  };
}

/** An entry by id or by the blocked organisation's uuid. */
function findEntry(ctx: RequestContext, missing: string): Row {
  const ref = ctx.args[0] ?? '';
  const row = prepare(ctx.db, `SELECT * FROM org_blocklists WHERE ${isUuid(ref) ? 'org_uuid' : 'id'} = ?`).get(ref) as
    | Row
    | undefined;
  if (!row) throw new HttpError(404, missing);
  return row;
}

/** Only org_uuid, comment and org_name change; an invalid or already blocked `org_uuid` is 405, as in MISP. */
function edit(ctx: RequestContext) {
  const entry = findEntry(ctx, 'Blocklist item not found.');
  const body = input(ctx);
  const next: Row = { ...entry };
  for (const field of FIELDS) if (body[field] !== undefined && body[field] !== null) next[field] = String(body[field]);
  const uuid = String(next.org_uuid);
  const taken = prepare(ctx.db, 'SELECT 1 FROM org_blocklists WHERE org_uuid = ? AND id != ?').get(uuid, entry.id);
  if (!isUuid(uuid) || taken) throw new HttpError(405, 'Could not save the blocklist item.');
  prepare(
    ctx.db,
    'UPDATE org_blocklists SET org_uuid = @org_uuid, comment = @comment, org_name = @org_name WHERE id = @id',
  ).run(next);
  return {
    OrgBlocklist: format(ctx.db, prepare(ctx.db, 'SELECT * FROM org_blocklists WHERE id = ?').get(entry.id) as Row),
  };
}

function remove(ctx: RequestContext) {
  const entry = findEntry(ctx, 'Invalid blocklist entry');
  prepare(ctx.db, 'DELETE FROM org_blocklists WHERE id = ?').run(entry.id);
  prepare(ctx.db, 'DELETE FROM org_blocklist_counts WHERE org_uuid = ?').run(entry.org_uuid);
  return saveSuccess('OrgBlocklists', 'delete', ctx.args[0], 'Blocklist entry removed');
}

export const orgBlocklistRoutes: Route[] = [
  { controller: 'org_blocklists', action: 'index', methods: ['GET', 'POST'], handler: index, permission: 'site_admin' },
  { controller: 'org_blocklists', action: 'add', methods: ['POST'], handler: add, permission: 'site_admin' },
  { controller: 'org_blocklists', action: 'edit', methods: ['POST', 'PUT'], handler: edit, permission: 'site_admin' },
  {
    controller: 'org_blocklists',
    action: 'delete',
    methods: ['POST', 'DELETE'],
    handler: remove,
    permission: 'site_admin',
  },
];

/**
 * Whether MISP's Event::_add refuses this event for its creator organisation: the one named by `Orgc.uuid`,
 * else by `orgc_id`, else the user's own organisation. A refusal is counted in the entry's `blocked_data`.
 */
export function isCreatorOrgBlocklisted(db: Database, event: Row, userOrgId: number): boolean {
  const orgc = event.Orgc as Row | undefined;
  let uuid: unknown;
  if (orgc && typeof orgc === 'object' && orgc.uuid !== undefined && orgc.uuid !== null) uuid = orgc.uuid;
  else {
    const org = prepare(db, 'SELECT uuid FROM organisations WHERE id = ?').get(String(event.orgc_id ?? userOrgId)) as
      | Row
      | undefined;
    uuid = org?.uuid;
  }
  if (!isOrgBlocklisted(db, uuid)) return false;
  countRefusal(db, String(uuid));
  return true;
}
