// SQLite store (better-sqlite3). Migrations are numbered and applied in order inside a
// transaction; `schema_migrations` records which ran, so restarts and upgrades are safe.
import Database from 'better-sqlite3';
import type { ChannelInfo } from '../tlp.js';
import { migrateSqlite } from './migrate.js';
import { auditFromRow } from './rows.js';
import type { AuditRecord, Store, StoredLookup } from './types.js';

const MIGRATIONS: string[] = [
  // 1: lookups behind buttons, audit log, replay cache for HTTP mode.
  `CREATE TABLE lookups (
     id TEXT PRIMARY KEY,
     user_id TEXT NOT NULL,
     channel_id TEXT NOT NULL,
     indicators TEXT NOT NULL,
     cut INTEGER NOT NULL DEFAULT 0,
     created_at INTEGER NOT NULL
   );
   CREATE INDEX lookups_created_at ON lookups (created_at);
   CREATE TABLE audit_log (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     at INTEGER NOT NULL,
     team_id TEXT,
     user_id TEXT NOT NULL,
     channel_id TEXT NOT NULL,
     action TEXT NOT NULL,
     visibility TEXT NOT NULL,
     conversation TEXT NOT NULL,
     indicators TEXT NOT NULL,
     disclosed TEXT NOT NULL,
     withheld TEXT NOT NULL,
     outcome TEXT NOT NULL,
     error TEXT,
     latency_ms INTEGER,
     request_id TEXT
   );
   CREATE INDEX audit_log_at ON audit_log (at);
   CREATE TABLE seen_requests (
     key TEXT PRIMARY KEY,
     expires_at INTEGER NOT NULL
   );`,
  // 2: the TLP check's channel kinds, shared by replicas.
  `CREATE TABLE channel_info (channel_id TEXT PRIMARY KEY, info TEXT NOT NULL, checked_at INTEGER NOT NULL);`,
  // 3: which cards of a lookup were shared in its channel (buttons there may use only those).
  `ALTER TABLE lookups ADD COLUMN shared TEXT NOT NULL DEFAULT '[]';`,
];

export function openSqliteStore(path: string): Store {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  migrateSqlite(db, { table: 'schema_migrations', sql: MIGRATIONS, appliedAt: () => Math.floor(Date.now() / 1000) });

  const insertLookup = db.prepare(
    'INSERT OR REPLACE INTO lookups (id, user_id, channel_id, indicators, cut, created_at, shared) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const selectLookup = db.prepare('SELECT * FROM lookups WHERE id = ?');
  const insertAudit = db.prepare(
    `INSERT INTO audit_log (at, team_id, user_id, channel_id, action, visibility, conversation, indicators, disclosed, withheld, outcome, error, latency_ms, request_id)
     VALUES (@at, @teamId, @userId, @channelId, @action, @visibility, @conversation, @indicators, @disclosed, @withheld, @outcome, @error, @latencyMs, @requestId)`,
  );
  const selectAudit = db.prepare('SELECT * FROM audit_log ORDER BY id DESC LIMIT ?');
  const remember = db.transaction((key: string, expiresAt: number, now: number): boolean => {
    const row = db.prepare('SELECT expires_at FROM seen_requests WHERE key = ?').get(key) as
      | { expires_at: number }
      | undefined;
    if (row && row.expires_at > now) return false;
    db.prepare('INSERT OR REPLACE INTO seen_requests (key, expires_at) VALUES (?, ?)').run(key, expiresAt);
    return true;
  });

  return {
    async saveLookup(l: StoredLookup) {
      insertLookup.run(
        l.id,
        l.userId,
        l.channelId,
        JSON.stringify(l.indicators),
        l.cut,
        l.createdAt,
        JSON.stringify(l.shared ?? []),
      );
    },
    async getLookup(id: string) {
      const row = selectLookup.get(id) as Record<string, unknown> | undefined;
      if (!row) return undefined;
      return {
        id: String(row.id),
        userId: String(row.user_id),
        channelId: String(row.channel_id),
        indicators: JSON.parse(String(row.indicators)),
        cut: Number(row.cut),
        createdAt: Number(row.created_at),
        shared: JSON.parse(String(row.shared ?? '[]')),
      };
    },
    async appendAudit(r: AuditRecord) {
      insertAudit.run({
        at: r.at,
        teamId: r.teamId ?? null,
        userId: r.userId,
        channelId: r.channelId,
        action: r.action,
        visibility: r.visibility,
        conversation: r.conversation,
        indicators: JSON.stringify(r.indicators),
        disclosed: JSON.stringify(r.disclosed),
        withheld: JSON.stringify(r.withheld),
        outcome: r.outcome,
        error: r.error ?? null,
        latencyMs: r.latencyMs === undefined ? null : Math.round(r.latencyMs),
        requestId: r.requestId ?? null,
      });
    },
    async listAudit(options = {}) {
      const rows = selectAudit.all(options.limit ?? 100) as Record<string, unknown>[];
      return rows.map(auditFromRow);
    },
    async rememberRequest(key, ttlSeconds, nowSeconds) {
      return remember(key, nowSeconds + ttlSeconds, nowSeconds);
    },
    async getChannelInfo(channelId) {
      const row = db.prepare('SELECT info, checked_at FROM channel_info WHERE channel_id = ?').get(channelId) as
        | { info: string; checked_at: number }
        | undefined;
      return row ? { info: JSON.parse(row.info) as ChannelInfo, checkedAt: row.checked_at } : undefined;
    },
    async saveChannelInfo(channelId, info, checkedAt) {
      db.prepare(
        `INSERT INTO channel_info (channel_id, info, checked_at) VALUES (?, ?, ?)
         ON CONFLICT (channel_id) DO UPDATE SET info = excluded.info, checked_at = excluded.checked_at`,
      ).run(channelId, JSON.stringify(info), checkedAt);
    },
    async forgetChannelInfo(channelId) {
      db.prepare('DELETE FROM channel_info WHERE channel_id = ?').run(channelId);
    },
    async prune(nowSeconds, lookupTtlSeconds) {
      db.prepare('DELETE FROM seen_requests WHERE expires_at <= ?').run(nowSeconds);
      db.prepare('DELETE FROM lookups WHERE created_at <= ?').run(nowSeconds - lookupTtlSeconds);
    },
    async close() {
      if (db.open) db.close();
    },
  };
}
