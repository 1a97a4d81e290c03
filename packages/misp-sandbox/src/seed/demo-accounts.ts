// The demo seed's organisations, users and sharing group. A fresh MISP's host organisation is "ORGNAME"; the
// demo's has been renamed by its administrator into a real-looking (fictitious) CERT, and the partners of
// seed/partners.ts are already there, written straight into the database so that their keys can be chosen
// (`userKey`, `readOnlyKey`) and are re-issued when a database file is reopened.
import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { generateKey } from '../auth.js';
import { HOST_ORG, insertOrganisation, type SandboxUser, upsertUsers } from '../db/bootstrap.js';
import { PARTNER_ORGANISATIONS, PARTNER_SHARING_GROUP, PARTNER_USERS, partnerDescription } from './partners.js';

/** The demo seed's own organisation (the host, with the site admin and the demo's publisher and read-only user). */
export const DEMO_HOST = {
  name: 'Meridian CERT',
  sector: 'Government',
  nationality: 'Denmark',
  type: 'CERT',
  description: 'Meridian CERT, the national computer emergency response team (fictitious, sandbox organisation)',
} as const;

/** Demo organisations in id order: the host first, then the partners (the demo events' `org` indexes this list). */
export const DEMO_ORGANISATIONS = [DEMO_HOST.name, ...PARTNER_ORGANISATIONS.map((o) => o.name)] as const;

const nowText = () => new Date().toISOString().slice(0, 19).replace('T', ' ');

export interface DemoKeys {
  userKey?: string | undefined;
  readOnlyKey?: string | undefined;
}

/**
 * Renames the host organisation, adds the partners and the sharing group (once), and (re)keys the demo users.
 * Returns every user, the site admin (now of the renamed host) first.
 */
export function seedDemoAccounts(db: Database, admin: SandboxUser, keys: DemoKeys): SandboxUser[] {
  return db.transaction(() => {
    db.prepare(
      'UPDATE organisations SET name = ?, description = ?, type = ?, sector = ?, nationality = ? WHERE id = 1 AND name = ?',
    ).run(DEMO_HOST.name, DEMO_HOST.description, DEMO_HOST.type, DEMO_HOST.sector, DEMO_HOST.nationality, HOST_ORG);
    const host = (db.prepare('SELECT name FROM organisations WHERE id = 1').get() as { name: string }).name;
    const orgId = (name: string) =>
      (db.prepare('SELECT id FROM organisations WHERE name = ?').get(name) as { id: number } | undefined)?.id;
    for (const org of PARTNER_ORGANISATIONS) {
      if (orgId(org.name) === undefined)
        insertOrganisation(db, { ...org, description: partnerDescription(org.name), createdBy: 1 });
    }
    if (!db.prepare('SELECT 1 FROM sharing_groups WHERE name = ?').get(PARTNER_SHARING_GROUP.name)) {
      const sg = db
        .prepare(
          `INSERT INTO sharing_groups (uuid, name, description, releasability, org_id, created)
           VALUES (?, ?, ?, ?, 1, ?)`,
        )
        .run(
          randomUUID(),
          PARTNER_SHARING_GROUP.name,
          PARTNER_SHARING_GROUP.description(host),
          PARTNER_SHARING_GROUP.releasability,
          nowText(),
        );
      const member = db.prepare('INSERT INTO sharing_group_orgs (sharing_group_id, org_id, extend) VALUES (?, ?, ?)');
      for (const m of PARTNER_SHARING_GROUP.members)
        member.run(sg.lastInsertRowid, m.org === null ? 1 : orgId(m.org), m.extend ? 1 : 0);
      db.prepare('INSERT INTO sharing_group_servers (sharing_group_id, server_id, all_orgs) VALUES (?, 0, 0)').run(
        sg.lastInsertRowid,
      );
    }
    const chosen: Record<string, string | undefined> = {
      'user@orgname.example': keys.userKey,
      'readonly@orgname.example': keys.readOnlyKey,
    };
    const users: SandboxUser[] = PARTNER_USERS.map((u) => ({
      email: u.email,
      org: u.org ?? host,
      role: u.role,
      key: chosen[u.email] ?? generateKey(),
    }));
    upsertUsers(db, users);
    return [{ ...admin, org: host }, ...users];
  })();
}
