import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { generateKey, hashKey } from '../auth.js';

export const HOST_ORG = 'ORGNAME';

const ROLES = [
  // id, name, add, modify, publish, tagger, sighting, admin, site_admin, galaxy_editor
  [1, 'admin', 1, 1, 1, 1, 1, 1, 1, 1],
  [2, 'Org Admin', 1, 1, 1, 1, 1, 1, 0, 1],
  [3, 'User', 1, 1, 0, 1, 1, 0, 0, 0],
  [4, 'Publisher', 1, 1, 1, 1, 1, 0, 0, 0],
  [5, 'Sync user', 1, 1, 1, 1, 1, 0, 0, 1],
  [6, 'Read Only', 0, 0, 0, 0, 0, 0, 0, 0],
] as const;

/** Organisations created in every sandbox; only the first is the host organisation. */
export const ORGANISATIONS = [
  { name: HOST_ORG, sector: 'Government', nationality: 'International', type: 'CERT' },
  { name: 'Northwind CERT', sector: 'Energy', nationality: 'Norway', type: 'CERT' },
  { name: 'Bluefin ISAC', sector: 'Finance', nationality: 'Ireland', type: 'ISAC' },
  { name: 'Redwood Telecom CSIRT', sector: 'Telecommunications', nationality: 'Canada', type: 'CSIRT' },
  { name: 'Harbor City Police Cyber Unit', sector: 'Law enforcement', nationality: 'Netherlands', type: 'LEA' },
] as const;

export interface SandboxUser {
  email: string;
  org: string;
  role: string;
  key: string;
}

export interface KeyOptions {
  adminKey?: string | undefined;
  userKey?: string | undefined;
  readOnlyKey?: string | undefined;
}

const nowText = () => new Date().toISOString().slice(0, 19).replace('T', ' ');

/** Creates roles, organisations and the sharing group (once), then (re)assigns every user's key. */
export function bootstrap(db: Database, keys: KeyOptions): SandboxUser[] {
  return db.transaction(() => {
    const hasRoles = db.prepare('SELECT COUNT(*) AS n FROM roles').get() as { n: number };
    if (hasRoles.n === 0) {
      const insertRole = db.prepare(
        `INSERT INTO roles (id, name, perm_add, perm_modify, perm_publish, perm_tagger, perm_sighting, perm_admin,
         perm_site_admin, perm_galaxy_editor, rate_limit_count, enforce_rate_limit) VALUES (?,?,?,?,?,?,?,?,?,?,0,0)`,
      );
      for (const role of ROLES) insertRole.run(...role);
      const insertOrg = db.prepare(
        `INSERT INTO organisations (name, uuid, description, type, nationality, sector, local, date_created, date_modified)
         VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)`,
      );
      for (const org of ORGANISATIONS) {
        insertOrg.run(
          org.name,
          randomUUID(),
          `${org.name} (sandbox organisation)`,
          org.type,
          org.nationality,
          org.sector,
          nowText(),
          nowText(),
        );
      }
      const sg = db
        .prepare(
          `INSERT INTO sharing_groups (uuid, name, description, releasability, org_id, created) VALUES (?, ?, ?, ?, 1, ?)`,
        )
        .run(
          randomUUID(),
          'Energy sector trusted circle',
          'ORGNAME and Northwind CERT only',
          'Energy sector partners',
          nowText(),
        );
      const member = db.prepare('INSERT INTO sharing_group_orgs (sharing_group_id, org_id, extend) VALUES (?, ?, ?)');
      member.run(sg.lastInsertRowid, 1, 1);
      member.run(sg.lastInsertRowid, 2, 0);
    }
    const users: SandboxUser[] = [
      { email: 'admin@admin.test', org: HOST_ORG, role: 'admin', key: keys.adminKey ?? generateKey() },
      { email: 'user@orgname.example', org: HOST_ORG, role: 'Publisher', key: keys.userKey ?? generateKey() },
      { email: 'readonly@orgname.example', org: HOST_ORG, role: 'Read Only', key: keys.readOnlyKey ?? generateKey() },
      { email: 'analyst@northwind.example', org: 'Northwind CERT', role: 'Publisher', key: generateKey() },
      { email: 'analyst@bluefin.example', org: 'Bluefin ISAC', role: 'Publisher', key: generateKey() },
      { email: 'analyst@redwood.example', org: 'Redwood Telecom CSIRT', role: 'Publisher', key: generateKey() },
    ];
    const upsert = db.prepare(
      `INSERT INTO users (org_id, role_id, email, key_hash, key_end, created)
       VALUES ((SELECT id FROM organisations WHERE name = @org), (SELECT id FROM roles WHERE name = @role), @email, @hash, @end, @created)
       ON CONFLICT (email) DO UPDATE SET key_hash = excluded.key_hash, key_end = excluded.key_end`,
    );
    for (const user of users) {
      upsert.run({ ...user, hash: hashKey(user.key), end: user.key.slice(-4), created: Math.floor(Date.now() / 1000) });
    }
    return users;
  })();
}
