// A database file written by a sandbox from before the account tables keeps working: the new columns and
// tables are added, and the default roles get MISP's flags.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { migrateAccounts } from '../../src/accounts/schema.js';

const dir = mkdtempSync(path.join(tmpdir(), 'misp-sandbox-upgrade-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('upgrading an older database', () => {
  it('adds the account columns and gives the default roles MISP’s flags', () => {
    const db = new Database(path.join(dir, 'old.db'));
    db.exec(`CREATE TABLE roles (id INTEGER PRIMARY KEY, name TEXT NOT NULL, perm_add INTEGER NOT NULL, perm_modify INTEGER NOT NULL,
      perm_publish INTEGER NOT NULL, perm_tagger INTEGER NOT NULL, perm_sighting INTEGER NOT NULL, perm_admin INTEGER NOT NULL,
      perm_site_admin INTEGER NOT NULL, perm_galaxy_editor INTEGER NOT NULL, rate_limit_count INTEGER NOT NULL DEFAULT 0,
      enforce_rate_limit INTEGER NOT NULL DEFAULT 0);
      CREATE TABLE users (id INTEGER PRIMARY KEY, org_id INTEGER, role_id INTEGER, email TEXT, key_hash TEXT, key_end TEXT, created INTEGER);
      CREATE TABLE organisations (id INTEGER PRIMARY KEY, name TEXT);
      CREATE TABLE sharing_groups (id INTEGER PRIMARY KEY, name TEXT);
      INSERT INTO roles VALUES (3, 'User', 1, 1, 0, 1, 1, 0, 0, 0, 0, 0), (4, 'Publisher', 1, 1, 1, 1, 1, 0, 0, 0, 0, 0);`);
    migrateAccounts(db);
    const user = db.prepare('SELECT * FROM roles WHERE id = 3').get() as Record<string, number>;
    expect({
      modify_org: user.perm_modify_org,
      tag_editor: user.perm_tag_editor,
      galaxy: user.perm_galaxy_editor,
      default: user.default_role,
    }).toEqual({
      modify_org: 1,
      tag_editor: 0,
      galaxy: 1,
      default: 1,
    });
    expect(
      (db.prepare('SELECT perm_delegate FROM roles WHERE id = 4').get() as { perm_delegate: number }).perm_delegate,
    ).toBe(1);
    expect(() => db.prepare('SELECT * FROM auth_keys').all()).not.toThrow();
    migrateAccounts(db); // idempotent
    db.close();
  });
});
