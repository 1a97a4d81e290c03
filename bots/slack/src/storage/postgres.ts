// PostgreSQL store: the same tables as sqlite.ts, for replicas sharing one database with the
// alert pipeline (MISPKIT_DATABASE=postgres://…). Migrations run under an advisory lock so
// replicas starting together do not race; `bot_schema_migrations` records which ran.
import pg from 'pg';
import type { ChannelInfo } from '../tlp.js';
import { migratePostgres, quoteIdent } from './migrate.js';
import { auditFromRow } from './rows.js';
import type { AuditRecord, Store, StoredLookup } from './types.js';

const MIGRATIONS: string[] = [
  `CREATE TABLE lookups (
     id TEXT PRIMARY KEY,
     user_id TEXT NOT NULL,
     channel_id TEXT NOT NULL,
     indicators TEXT NOT NULL,
     cut INTEGER NOT NULL DEFAULT 0,
     created_at BIGINT NOT NULL
   );
   CREATE INDEX lookups_created_at ON lookups (created_at);
   CREATE TABLE audit_log (
     id BIGSERIAL PRIMARY KEY,
     at BIGINT NOT NULL,
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
     expires_at BIGINT NOT NULL
   );`,
  // 2: the TLP check's channel kinds, shared by replicas.
  `CREATE TABLE channel_info (channel_id TEXT PRIMARY KEY, info TEXT NOT NULL, checked_at BIGINT NOT NULL);`,
  // 3: which cards of a lookup were shared in its channel (buttons there may use only those).
  `ALTER TABLE lookups ADD COLUMN shared TEXT NOT NULL DEFAULT '[]';`,
];

export async function openPostgresStore(url: string, options: { schema?: string } = {}): Promise<Store> {
  const schema = options.schema ?? 'public';
  const pool = new pg.Pool({ connectionString: url, max: 4, options: `-c search_path=${quoteIdent(schema)}` });
  // A connection dropped by the server must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  try {
    await migratePostgres(pool, {
      table: 'bot_schema_migrations',
      sql: MIGRATIONS,
      schema,
      lockName: 'mispkit-bot-migrate',
    });
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new Error(`cannot prepare the bot tables in PostgreSQL: ${(error as Error).message}`);
  }
  const q = async (sql: string, params: unknown[] = []) =>
    (await pool.query(sql, params)).rows as Record<string, unknown>[];
  let closed = false;

  return {
    async saveLookup(l: StoredLookup) {
      await q(
        `INSERT INTO lookups (id, user_id, channel_id, indicators, cut, created_at, shared) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (id) DO UPDATE SET user_id = EXCLUDED.user_id, channel_id = EXCLUDED.channel_id,
           indicators = EXCLUDED.indicators, cut = EXCLUDED.cut, created_at = EXCLUDED.created_at,
           shared = EXCLUDED.shared`,
        [l.id, l.userId, l.channelId, JSON.stringify(l.indicators), l.cut, l.createdAt, JSON.stringify(l.shared ?? [])],
      );
    },
    async getLookup(id: string) {
      const row = (await q('SELECT * FROM lookups WHERE id = $1', [id]))[0];
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
      await q(
        `INSERT INTO audit_log (at, team_id, user_id, channel_id, action, visibility, conversation, indicators, disclosed, withheld, outcome, error, latency_ms, request_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
        [
          r.at,
          r.teamId ?? null,
          r.userId,
          r.channelId,
          r.action,
          r.visibility,
          r.conversation,
          JSON.stringify(r.indicators),
          JSON.stringify(r.disclosed),
          JSON.stringify(r.withheld),
          r.outcome,
          r.error ?? null,
          r.latencyMs === undefined ? null : Math.round(r.latencyMs),
          r.requestId ?? null,
        ],
      );
    },
    async listAudit(options = {}) {
      const rows = await q('SELECT * FROM audit_log ORDER BY id DESC LIMIT $1', [options.limit ?? 100]);
      return rows.map(auditFromRow);
    },
    async rememberRequest(key, ttlSeconds, nowSeconds) {
      // One statement, so two replicas seeing the same signed request cannot both accept it:
      // insert, or take over the key only if it has expired; no row back means a live replay.
      const rows = await q(
        `INSERT INTO seen_requests (key, expires_at) VALUES ($1, $2)
         ON CONFLICT (key) DO UPDATE SET expires_at = EXCLUDED.expires_at WHERE seen_requests.expires_at <= $3
         RETURNING key`,
        [key, nowSeconds + ttlSeconds, nowSeconds],
      );
      return rows.length === 1;
    },
    async getChannelInfo(channelId) {
      const [row] = await q('SELECT info, checked_at FROM channel_info WHERE channel_id = $1', [channelId]);
      return row ? { info: JSON.parse(String(row.info)) as ChannelInfo, checkedAt: Number(row.checked_at) } : undefined;
    },
    async saveChannelInfo(channelId, info, checkedAt) {
      await q(
        `INSERT INTO channel_info (channel_id, info, checked_at) VALUES ($1, $2, $3)
         ON CONFLICT (channel_id) DO UPDATE SET info = excluded.info, checked_at = excluded.checked_at`,
        [channelId, JSON.stringify(info), checkedAt],
      );
    },
    async forgetChannelInfo(channelId) {
      await q('DELETE FROM channel_info WHERE channel_id = $1', [channelId]);
    },
    async prune(nowSeconds, lookupTtlSeconds) {
      await q('DELETE FROM seen_requests WHERE expires_at <= $1', [nowSeconds]);
      await q('DELETE FROM lookups WHERE created_at <= $1', [nowSeconds - lookupTtlSeconds]);
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
