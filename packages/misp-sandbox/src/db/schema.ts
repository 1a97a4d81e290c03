import type { Database } from 'better-sqlite3';
import { migrateAccounts } from '../accounts/schema.js';
import { migrateDecaying } from '../decaying.js';
import { migrateLogs } from '../logs/schema.js';
import { migrateAnalystData } from '../model/analyst-data.js';
import { migrateAttachments } from '../model/attachments.js';
import { migrateCorrelations } from '../model/correlations.js';
import { migrateEventReports } from '../model/event-reports.js';
import { migrateObjects } from '../model/objects.js';
import { migrateShadowAttributes } from '../model/shadow-attributes.js';
import { migrateEventBlocklists } from '../routes/event-blocklists.js';
import { migrateGalaxyClusters } from '../routes/galaxy-clusters.js';
import { migrateOrgBlocklists } from '../routes/org-blocklists.js';
import { migrateSync } from '../sync/schema.js';

/**
 * Schema migrations, tracked with `PRAGMA user_version` so a file written by an older sandbox is
 * upgraded in place. Text columns that MISP compares case-insensitively (MySQL's default
 * collation) are declared COLLATE NOCASE so that `=` and the indexes behave the same way.
 */
const MIGRATIONS: string[] = [
  `
  CREATE TABLE organisations (
    id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE COLLATE NOCASE, uuid TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL DEFAULT '', type TEXT NOT NULL DEFAULT '', nationality TEXT NOT NULL DEFAULT '',
    sector TEXT NOT NULL DEFAULT '', contacts TEXT NOT NULL DEFAULT '', local INTEGER NOT NULL DEFAULT 1,
    date_created TEXT NOT NULL, date_modified TEXT NOT NULL
  );
  CREATE TABLE roles (
    id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, perm_add INTEGER NOT NULL, perm_modify INTEGER NOT NULL,
    perm_publish INTEGER NOT NULL, perm_tagger INTEGER NOT NULL, perm_sighting INTEGER NOT NULL,
    perm_admin INTEGER NOT NULL, perm_site_admin INTEGER NOT NULL, perm_galaxy_editor INTEGER NOT NULL,
    rate_limit_count INTEGER NOT NULL DEFAULT 0, enforce_rate_limit INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT, org_id INTEGER NOT NULL REFERENCES organisations(id), role_id INTEGER NOT NULL REFERENCES roles(id),
    email TEXT NOT NULL UNIQUE COLLATE NOCASE, key_hash TEXT NOT NULL UNIQUE, key_end TEXT NOT NULL, created INTEGER NOT NULL
  );
  CREATE TABLE sharing_groups (
    id INTEGER PRIMARY KEY AUTOINCREMENT, uuid TEXT NOT NULL UNIQUE, name TEXT NOT NULL, description TEXT NOT NULL DEFAULT '',
    releasability TEXT NOT NULL DEFAULT '', org_id INTEGER NOT NULL, created TEXT NOT NULL
  );
  CREATE TABLE sharing_group_orgs (
    id INTEGER PRIMARY KEY AUTOINCREMENT, sharing_group_id INTEGER NOT NULL, org_id INTEGER NOT NULL, extend INTEGER NOT NULL DEFAULT 0,
    UNIQUE (sharing_group_id, org_id)
  );
  CREATE TABLE events (
    id INTEGER PRIMARY KEY AUTOINCREMENT, uuid TEXT NOT NULL UNIQUE COLLATE NOCASE, org_id INTEGER NOT NULL, orgc_id INTEGER NOT NULL,
    user_id INTEGER NOT NULL, date TEXT NOT NULL, info TEXT NOT NULL, published INTEGER NOT NULL DEFAULT 0,
    analysis INTEGER NOT NULL DEFAULT 0, threat_level_id INTEGER NOT NULL DEFAULT 4, distribution INTEGER NOT NULL DEFAULT 1,
    sharing_group_id INTEGER NOT NULL DEFAULT 0, timestamp INTEGER NOT NULL, publish_timestamp INTEGER NOT NULL DEFAULT 0,
    sighting_timestamp INTEGER NOT NULL DEFAULT 0, attribute_count INTEGER NOT NULL DEFAULT 0, locked INTEGER NOT NULL DEFAULT 0,
    disable_correlation INTEGER NOT NULL DEFAULT 0, extends_uuid TEXT NOT NULL DEFAULT ''
  );
  CREATE TABLE objects (
    id INTEGER PRIMARY KEY AUTOINCREMENT, event_id INTEGER NOT NULL, uuid TEXT NOT NULL UNIQUE COLLATE NOCASE, name TEXT NOT NULL,
    meta_category TEXT NOT NULL DEFAULT '', description TEXT NOT NULL DEFAULT '', template_uuid TEXT NOT NULL DEFAULT '',
    template_version TEXT NOT NULL DEFAULT '1', timestamp INTEGER NOT NULL, distribution INTEGER NOT NULL DEFAULT 5,
    sharing_group_id INTEGER NOT NULL DEFAULT 0, comment TEXT NOT NULL DEFAULT '', deleted INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE attributes (
    id INTEGER PRIMARY KEY AUTOINCREMENT, event_id INTEGER NOT NULL, object_id INTEGER NOT NULL DEFAULT 0, object_relation TEXT,
    category TEXT NOT NULL COLLATE NOCASE, type TEXT NOT NULL COLLATE NOCASE, value1 TEXT NOT NULL COLLATE NOCASE,
    value2 TEXT NOT NULL DEFAULT '' COLLATE NOCASE, to_ids INTEGER NOT NULL, uuid TEXT NOT NULL UNIQUE COLLATE NOCASE,
    timestamp INTEGER NOT NULL, distribution INTEGER NOT NULL DEFAULT 5, sharing_group_id INTEGER NOT NULL DEFAULT 0,
    comment TEXT NOT NULL DEFAULT '', deleted INTEGER NOT NULL DEFAULT 0, disable_correlation INTEGER NOT NULL DEFAULT 0,
    first_seen TEXT, last_seen TEXT
  );
  CREATE TABLE tags (
    id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE COLLATE NOCASE, colour TEXT NOT NULL, exportable INTEGER NOT NULL DEFAULT 1,
    org_id INTEGER NOT NULL DEFAULT 0, user_id INTEGER NOT NULL DEFAULT 0, hide_tag INTEGER NOT NULL DEFAULT 0,
    numerical_value INTEGER, is_galaxy INTEGER NOT NULL DEFAULT 0, is_custom_galaxy INTEGER NOT NULL DEFAULT 0,
    local_only INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE event_tags (
    id INTEGER PRIMARY KEY AUTOINCREMENT, event_id INTEGER NOT NULL, tag_id INTEGER NOT NULL, local INTEGER NOT NULL DEFAULT 0,
    UNIQUE (event_id, tag_id)
  );
  CREATE TABLE attribute_tags (
    id INTEGER PRIMARY KEY AUTOINCREMENT, attribute_id INTEGER NOT NULL, event_id INTEGER NOT NULL, tag_id INTEGER NOT NULL,
    local INTEGER NOT NULL DEFAULT 0, UNIQUE (attribute_id, tag_id)
  );
  CREATE TABLE sightings (
    id INTEGER PRIMARY KEY AUTOINCREMENT, attribute_id INTEGER NOT NULL, event_id INTEGER NOT NULL, org_id INTEGER NOT NULL,
    date_sighting INTEGER NOT NULL, uuid TEXT NOT NULL UNIQUE, source TEXT NOT NULL DEFAULT '', type INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE galaxies (
    id INTEGER PRIMARY KEY AUTOINCREMENT, uuid TEXT NOT NULL UNIQUE, name TEXT NOT NULL, type TEXT NOT NULL UNIQUE, description TEXT NOT NULL,
    version TEXT NOT NULL, icon TEXT NOT NULL, namespace TEXT NOT NULL, kill_chain_order TEXT
  );
  CREATE TABLE galaxy_clusters (
    id INTEGER PRIMARY KEY AUTOINCREMENT, uuid TEXT NOT NULL UNIQUE, galaxy_id INTEGER NOT NULL, type TEXT NOT NULL, value TEXT NOT NULL,
    tag_name TEXT NOT NULL UNIQUE COLLATE NOCASE, description TEXT NOT NULL, source TEXT NOT NULL, authors TEXT NOT NULL,
    version TEXT NOT NULL, meta TEXT NOT NULL
  );
  CREATE TABLE settings (name TEXT PRIMARY KEY, value TEXT NOT NULL);
  `,
  // Secondary indexes live in their own migration so bulk loads can drop and recreate them.
  `SELECT 1`,
  // Who created each organisation, as MISP records it: 0 for the host organisation MISP makes at install,
  // the site admin (user 1) for the others.
  `ALTER TABLE organisations ADD COLUMN created_by INTEGER NOT NULL DEFAULT 0;
   UPDATE organisations SET created_by = 1 WHERE id <> (SELECT MIN(id) FROM organisations);`,
];

/** Secondary indexes that make value lookups and time windows fast (dropped around bulk loads). */
export const SECONDARY_INDEXES: Record<string, string> = {
  idx_attributes_value1: 'attributes(value1)',
  idx_attributes_value2: 'attributes(value2)',
  idx_attributes_event: 'attributes(event_id)',
  idx_attributes_type: 'attributes(type)',
  idx_attributes_timestamp: 'attributes(timestamp)',
  idx_events_publish_ts: 'events(publish_timestamp)',
  idx_events_timestamp: 'events(timestamp)',
  idx_events_date: 'events(date)',
  idx_event_tags_tag: 'event_tags(tag_id)',
  idx_attribute_tags_tag: 'attribute_tags(tag_id)',
  idx_attribute_tags_event: 'attribute_tags(event_id)',
  idx_sightings_attribute: 'sightings(attribute_id)',
  idx_sightings_event: 'sightings(event_id)',
  idx_objects_event: 'objects(event_id)',
};

export function createIndexes(db: Database): void {
  for (const [name, target] of Object.entries(SECONDARY_INDEXES))
    db.exec(`CREATE INDEX IF NOT EXISTS ${name} ON ${target}`);
}

export function dropIndexes(db: Database): void {
  for (const name of Object.keys(SECONDARY_INDEXES)) db.exec(`DROP INDEX IF EXISTS ${name}`);
}

export function migrate(db: Database): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  // Lookups touch a few pages of large indexes: a 32 MiB page cache plus memory-mapped reads keep
  // them off the read() path once warm.
  db.pragma('cache_size = -32768');
  db.pragma('mmap_size = 268435456');
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let version = current; version < MIGRATIONS.length; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version] as string);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
  migrateAccounts(db);
  migrateEventBlocklists(db);
  migrateOrgBlocklists(db);
  migrateAttachments(db);
  migrateSync(db);
  migrateCorrelations(db);
  migrateEventReports(db);
  migrateShadowAttributes(db);
  migrateAnalystData(db);
  migrateObjects(db);
  migrateLogs(db);
  migrateDecaying(db);
  migrateGalaxyClusters(db);
  createIndexes(db);
}
