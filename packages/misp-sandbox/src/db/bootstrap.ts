import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { setInitialKey } from '../accounts/auth-keys.js';
import { insertDefaultRoles } from '../accounts/roles.js';
import { initialiseBootstrapUser } from '../accounts/users.js';
import { generateKey, hashKey } from '../auth.js';

export const HOST_ORG = 'ORGNAME';

/**
 * Organisations created in every sandbox; only the first is the host organisation, as MISP's installer
 * creates it. The partners are what a site admin would add (so they are created by user 1, the admin).
 */
export const ORGANISATIONS = [
  {
    name: HOST_ORG,
    sector: '',
    nationality: '',
    type: 'ADMIN',
    description: 'Automatically generated admin organisation',
    createdBy: 0,
  },
  ...(
    [
      { name: 'Northwind CERT', sector: 'Energy', nationality: 'Norway', type: 'CERT' },
      { name: 'Bluefin ISAC', sector: 'Finance', nationality: 'Ireland', type: 'ISAC' },
      { name: 'Redwood Telecom CSIRT', sector: 'Telecommunications', nationality: 'Canada', type: 'CSIRT' },
      { name: 'Harbor City Police Cyber Unit', sector: 'Law enforcement', nationality: 'Netherlands', type: 'LEA' },
    ] as const
  ).map((org) => ({ ...org, description: `${org.name} (sandbox organisation)`, createdBy: 1 })),
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
      insertDefaultRoles(db);
      const insertOrg = db.prepare(
        `INSERT INTO organisations (name, uuid, description, type, nationality, sector, local, date_created, date_modified,
         created_by) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?)`,
      );
      for (const org of ORGANISATIONS) {
        insertOrg.run(
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
      db.prepare('INSERT INTO sharing_group_servers (sharing_group_id, server_id, all_orgs) VALUES (?, 0, 0)').run(
        sg.lastInsertRowid,
      );
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
      const { id } = db.prepare('SELECT id FROM users WHERE email = ?').get(user.email) as { id: number };
      setInitialKey(db, id, user.key);
      initialiseBootstrapUser(db, id, user.email === 'admin@admin.test');
    }
    return users;
  })();
}
