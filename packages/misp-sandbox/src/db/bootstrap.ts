import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { setInitialKey } from '../accounts/auth-keys.js';
import { insertDefaultRoles } from '../accounts/roles.js';
import { initialiseBootstrapUser } from '../accounts/users.js';
import { generateKey, hashKey } from '../auth.js';

/** The organisation MISP's installer creates (an administrator usually renames it; the demo seed does). */
export const HOST_ORG = 'ORGNAME';
export const ADMIN_EMAIL = 'admin@admin.test';

export interface SandboxUser {
  email: string;
  org: string;
  role: string;
  key: string;
}

const nowText = () => new Date().toISOString().slice(0, 19).replace('T', ' ');

export function insertOrganisation(
  db: Database,
  org: { name: string; description: string; type: string; nationality: string; sector: string; createdBy: number },
): number {
  const info = db
    .prepare(
      `INSERT INTO organisations (name, uuid, description, type, nationality, sector, local, date_created, date_modified,
       created_by) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?)`,
    )
    .run(
      org.name,
      randomUUID(),
      org.description,
      org.type,
      org.nationality,
      org.sector,
      nowText(),
      nowText(),
      org.createdBy,
    );
  return Number(info.lastInsertRowid);
}

/**
 * Gives users of the database their keys: creates each user when missing (in an existing organisation, with a
 * default role), or replaces its "Initial auto-generated key" when the database is reopened.
 */
export function upsertUsers(db: Database, users: SandboxUser[]): void {
  const upsert = db.prepare(
    `INSERT INTO users (org_id, role_id, email, key_hash, key_end, created)
     VALUES ((SELECT id FROM organisations WHERE name = @org), (SELECT id FROM roles WHERE name = @role), @email, @hash, @end, @created)
     ON CONFLICT (email) DO UPDATE SET key_hash = excluded.key_hash, key_end = excluded.key_end`,
  );
  for (const user of users) {
    upsert.run({ ...user, hash: hashKey(user.key), end: user.key.slice(-4), created: Math.floor(Date.now() / 1000) });
    const { id } = db.prepare('SELECT id FROM users WHERE email = ?').get(user.email) as { id: number };
    setInitialKey(db, id, user.key);
    initialiseBootstrapUser(db, id, user.email === ADMIN_EMAIL);
  }
}

/**
 * What MISP's installer leaves behind: the six default roles, the host organisation ORGNAME and the site admin
 * admin@admin.test (created once; the admin's key is (re)assigned on every start).
 */
export function bootstrap(db: Database, adminKey: string | undefined): SandboxUser {
  return db.transaction(() => {
    const hasRoles = db.prepare('SELECT COUNT(*) AS n FROM roles').get() as { n: number };
    if (hasRoles.n === 0) {
      insertDefaultRoles(db);
      insertOrganisation(db, {
        name: HOST_ORG,
        sector: '',
        nationality: '',
        type: 'ADMIN',
        description: 'Automatically generated admin organisation',
        createdBy: 0,
      });
    }
    const hostName = (db.prepare('SELECT name FROM organisations ORDER BY id LIMIT 1').get() as { name: string }).name;
    const admin: SandboxUser = { email: ADMIN_EMAIL, org: hostName, role: 'admin', key: adminKey ?? generateKey() };
    upsertUsers(db, [admin]);
    return admin;
  })();
}
