import type { Database } from 'better-sqlite3';
import { repairDefaultRoles } from './roles.js';

/**
 * Tables and columns for organisations, users, roles, auth keys, user settings and sharing groups as MISP
 * has them. Applied after the numbered migrations of db/schema.ts and idempotent (IF NOT EXISTS, a
 * column is added only when missing), so it upgrades a database file written by an older sandbox too.
 */
const COLUMNS: Record<string, Record<string, string>> = {
  roles: {
    perm_modify_org: 'INTEGER NOT NULL DEFAULT 0',
    perm_delegate: 'INTEGER NOT NULL DEFAULT 0',
    perm_sync: 'INTEGER NOT NULL DEFAULT 0',
    perm_audit: 'INTEGER NOT NULL DEFAULT 0',
    perm_auth: 'INTEGER NOT NULL DEFAULT 0',
    perm_regexp_access: 'INTEGER NOT NULL DEFAULT 0',
    perm_template: 'INTEGER NOT NULL DEFAULT 0',
    perm_sharing_group: 'INTEGER NOT NULL DEFAULT 0',
    perm_tag_editor: 'INTEGER NOT NULL DEFAULT 0',
    perm_object_template: 'INTEGER NOT NULL DEFAULT 0',
    default_role: 'INTEGER NOT NULL DEFAULT 0',
    memory_limit: "TEXT NOT NULL DEFAULT ''",
    max_execution_time: "TEXT NOT NULL DEFAULT ''",
    restricted_to_site_admin: 'INTEGER NOT NULL DEFAULT 0',
    perm_publish_zmq: 'INTEGER NOT NULL DEFAULT 0',
    perm_publish_kafka: 'INTEGER NOT NULL DEFAULT 0',
    perm_decaying: 'INTEGER NOT NULL DEFAULT 0',
    perm_warninglist: 'INTEGER NOT NULL DEFAULT 0',
    perm_view_feed_correlations: 'INTEGER NOT NULL DEFAULT 0',
    perm_analyst_data: 'INTEGER NOT NULL DEFAULT 0',
    perm_skip_otp: 'INTEGER NOT NULL DEFAULT 0',
    created: "TEXT NOT NULL DEFAULT ''",
    modified: "TEXT NOT NULL DEFAULT ''",
  },
  users: {
    disabled: 'INTEGER NOT NULL DEFAULT 0',
    invited_by: 'INTEGER NOT NULL DEFAULT 0',
    date_modified: 'INTEGER NOT NULL DEFAULT 0',
    nids_sid: 'INTEGER NOT NULL DEFAULT 0',
    last_api_access: 'INTEGER NOT NULL DEFAULT 0',
    /** JSON of the profile fields MISP stores as columns and the sandbox only echoes (autoalert, gpgkey, …). */
    profile: "TEXT NOT NULL DEFAULT '{}'",
  },
  organisations: {
    restricted_to_domain: "TEXT NOT NULL DEFAULT ''",
    landingpage: "TEXT NOT NULL DEFAULT ''",
  },
  sharing_groups: {
    active: 'INTEGER NOT NULL DEFAULT 1',
    // MISP saves every group made through its API with local 0 (captureSG).
    local: 'INTEGER NOT NULL DEFAULT 0',
    roaming: 'INTEGER NOT NULL DEFAULT 0',
    sync_user_id: 'INTEGER NOT NULL DEFAULT 0',
    modified: "TEXT NOT NULL DEFAULT ''",
  },
};

const TABLES = `
  CREATE TABLE IF NOT EXISTS auth_keys (
    id INTEGER PRIMARY KEY AUTOINCREMENT, uuid TEXT NOT NULL UNIQUE, key_hash TEXT NOT NULL UNIQUE, authkey_start TEXT NOT NULL,
    authkey_end TEXT NOT NULL, created INTEGER NOT NULL, expiration INTEGER NOT NULL DEFAULT 0,
    read_only INTEGER NOT NULL DEFAULT 0, user_id INTEGER NOT NULL, comment TEXT, allowed_ips TEXT,
    unique_ips TEXT NOT NULL DEFAULT '[]'
  );
  CREATE INDEX IF NOT EXISTS idx_auth_keys_user ON auth_keys(user_id);
  CREATE TABLE IF NOT EXISTS user_settings (
    id INTEGER PRIMARY KEY AUTOINCREMENT, user_id INTEGER NOT NULL, setting TEXT NOT NULL, value TEXT NOT NULL,
    timestamp INTEGER NOT NULL, UNIQUE (user_id, setting)
  );
  CREATE TABLE IF NOT EXISTS sharing_group_servers (
    id INTEGER PRIMARY KEY AUTOINCREMENT, sharing_group_id INTEGER NOT NULL, server_id INTEGER NOT NULL, all_orgs INTEGER NOT NULL DEFAULT 0,
    UNIQUE (sharing_group_id, server_id)
  );
`;

export function migrateAccounts(db: Database): void {
  db.transaction(() => {
    const upgrading = !(db.pragma('table_info(roles)') as { name: string }[]).some((c) => c.name === 'perm_tag_editor');
    for (const [table, columns] of Object.entries(COLUMNS)) {
      const existing = new Set((db.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name));
      for (const [column, type] of Object.entries(columns)) {
        if (!existing.has(column)) db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${type}`);
      }
    }
    db.exec(TABLES);
    // A database written before these columns existed has the default roles with the old, partial flags.
    if (upgrading) repairDefaultRoles(db);
  })();
}
