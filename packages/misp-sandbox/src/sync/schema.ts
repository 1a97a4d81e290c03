import type { Database } from 'better-sqlite3';

/**
 * Feeds, their caches and sync servers, as MISP 2.5 stores them. Idempotent (IF NOT EXISTS), applied after
 * the numbered migrations of db/schema.ts. A fresh MISP ships with two default feeds (CIRCL and Botvrij.eu,
 * both disabled); they are inserted once, when the feeds table is created.
 */
const TABLES = `
  CREATE TABLE IF NOT EXISTS feeds (
    id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, provider TEXT NOT NULL, url TEXT NOT NULL, rules TEXT,
    enabled INTEGER NOT NULL DEFAULT 0, distribution INTEGER NOT NULL DEFAULT 0, sharing_group_id INTEGER NOT NULL DEFAULT 0,
    tag_id INTEGER NOT NULL DEFAULT 0, "default" INTEGER NOT NULL DEFAULT 0, source_format TEXT NOT NULL DEFAULT 'misp',
    fixed_event INTEGER NOT NULL DEFAULT 0, delta_merge INTEGER NOT NULL DEFAULT 0, event_id INTEGER NOT NULL DEFAULT 0,
    publish INTEGER NOT NULL DEFAULT 0, override_ids INTEGER NOT NULL DEFAULT 0, settings TEXT,
    input_source TEXT NOT NULL DEFAULT 'network', delete_local_file INTEGER NOT NULL DEFAULT 0,
    lookup_visible INTEGER NOT NULL DEFAULT 0, headers TEXT, caching_enabled INTEGER NOT NULL DEFAULT 0,
    force_to_ids INTEGER NOT NULL DEFAULT 0, orgc_id INTEGER NOT NULL DEFAULT 0, tag_collection_id INTEGER NOT NULL DEFAULT 0,
    cache_timestamp INTEGER
  );
  CREATE TABLE IF NOT EXISTS feed_cache (
    feed_id INTEGER NOT NULL, value_md5 TEXT NOT NULL, event_uuid TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (feed_id, value_md5, event_uuid)
  );
  CREATE INDEX IF NOT EXISTS idx_feed_cache_md5 ON feed_cache(value_md5);
  CREATE TABLE IF NOT EXISTS servers (
    id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, url TEXT NOT NULL, authkey TEXT NOT NULL, org_id INTEGER NOT NULL,
    push INTEGER NOT NULL DEFAULT 0, pull INTEGER NOT NULL DEFAULT 0, push_sightings INTEGER NOT NULL DEFAULT 0,
    push_galaxy_clusters INTEGER NOT NULL DEFAULT 0, push_analyst_data INTEGER NOT NULL DEFAULT 0,
    pull_analyst_data INTEGER NOT NULL DEFAULT 0, pull_galaxy_clusters INTEGER NOT NULL DEFAULT 0,
    lastpulledid INTEGER, lastpushedid INTEGER, organization TEXT, remote_org_id INTEGER NOT NULL,
    publish_without_email INTEGER NOT NULL DEFAULT 0, unpublish_event INTEGER NOT NULL DEFAULT 0,
    self_signed INTEGER NOT NULL DEFAULT 0, pull_rules TEXT NOT NULL, push_rules TEXT NOT NULL, cert_file TEXT,
    client_cert_file TEXT, internal INTEGER NOT NULL DEFAULT 0, skip_proxy INTEGER NOT NULL DEFAULT 0,
    remove_missing_tags INTEGER NOT NULL DEFAULT 0, caching_enabled INTEGER NOT NULL DEFAULT 0,
    priority INTEGER NOT NULL DEFAULT 0
  );
`;

const DEFAULT_FEEDS = [
  ['CIRCL OSINT Feed', 'CIRCL', 'https://www.circl.lu/doc/misp/feed-osint'],
  ['The Botvrij.eu Data', 'Botvrij.eu', 'https://www.botvrij.eu/data/feed-osint'],
] as const;

export function migrateSync(db: Database): void {
  db.transaction(() => {
    const fresh = !db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'feeds'").get();
    db.exec(TABLES);
    if (!fresh) return;
    const insert = db.prepare(
      `INSERT INTO feeds (name, provider, url, distribution, "default", source_format, input_source)
       VALUES (?, ?, ?, 3, 1, 'misp', 'network')`,
    );
    for (const [name, provider, url] of DEFAULT_FEEDS) insert.run(name, provider, url);
  })();
}
