import type { Database } from 'better-sqlite3';
import { nowText } from '../accounts/roles.js';
import { prepare } from '../db/statements.js';
import { now } from '../model/attributes.js';
import type { Route } from '../router.js';
import type { Row } from '../types.js';
import { type BlocklistKind, blocklistRoutes, isBlocklisted } from './blocklists.js';

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

export const isOrgBlocklisted = (db: Database, uuid: unknown): boolean => isBlocklisted(db, ORG_BLOCKLISTS, uuid);

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

const ORG_BLOCKLISTS: BlocklistKind = {
  controller: 'org_blocklists',
  model: 'OrgBlocklist',
  uuidColumn: 'org_uuid',
  fields: ['comment', 'org_name'],
  // Unlike event blocklists, MISP applies no filter here (named parameters are ignored).
  filters: false,
  format: (db, row) => ({
    id: String(row.id),
    org_uuid: row.org_uuid,
    created: row.created,
    org_name: row.org_name,
    comment: row.comment,
    blocked_data: blockedData(db, row.org_uuid),
  }),
  // Its count of refused events goes with the entry.
  onRemove: (db, row) => {
    prepare(db, 'DELETE FROM org_blocklist_counts WHERE org_uuid = ?').run(row.org_uuid);
  },
};

export const orgBlocklistRoutes: Route[] = blocklistRoutes(ORG_BLOCKLISTS);

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
