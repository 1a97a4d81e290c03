// AlertStore on PostgreSQL, for several replicas. Channels are claimed with FOR UPDATE SKIP LOCKED
// (replicas never wait on each other, never lease the same channel); the poller lease is a
// session advisory lock held on a dedicated connection, so it passes on when the holder dies.
import pg from 'pg';
import { migratePostgres, quoteIdent } from '../storage/migrate.js';
import type { AlertStore, ClaimOptions, OpenAlertStoreOptions } from './store.js';
import { cleanError, subscriptionFilters, toCounts, toMessage, toOutboxRow, toSubscription } from './store-rows.js';
import type { NewOutboxRow } from './types.js';

const MIGRATIONS: string[] = [
  `CREATE TABLE alert_subscriptions (
     channel_id TEXT PRIMARY KEY,
     filters TEXT NOT NULL,
     created_by TEXT NOT NULL,
     created_at BIGINT NOT NULL
   );
   CREATE TABLE alert_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
   CREATE TABLE alert_channels (
     channel_id TEXT PRIMARY KEY,
     lease_owner TEXT,
     lease_until BIGINT NOT NULL DEFAULT 0,
     next_post_at BIGINT NOT NULL DEFAULT 0,
     disabled_reason TEXT
   );
   CREATE TABLE alert_outbox (
     id BIGSERIAL PRIMARY KEY,
     event_uuid TEXT NOT NULL,
     publish_ts BIGINT NOT NULL,
     channel_id TEXT NOT NULL,
     state TEXT NOT NULL,
     attempts INTEGER NOT NULL DEFAULT 0,
     next_attempt_at BIGINT NOT NULL,
     slack_ts TEXT,
     last_error TEXT,
     delivery_key TEXT,
     event TEXT NOT NULL,
     created_at BIGINT NOT NULL,
     updated_at BIGINT NOT NULL,
     UNIQUE (event_uuid, publish_ts, channel_id)
   );
   CREATE INDEX alert_outbox_due ON alert_outbox (channel_id, state, next_attempt_at);
   CREATE INDEX alert_outbox_state ON alert_outbox (state);
   CREATE TABLE alert_messages (
     event_uuid TEXT NOT NULL,
     channel_id TEXT NOT NULL,
     ts TEXT NOT NULL,
     publish_ts BIGINT NOT NULL,
     event TEXT NOT NULL,
     PRIMARY KEY (event_uuid, channel_id)
   );`,
  `ALTER TABLE alert_channels ADD COLUMN kind TEXT;
   ALTER TABLE alert_channels ADD COLUMN kind_checked_at BIGINT NOT NULL DEFAULT 0;`,
];

const OPEN_STATES = "('pending','posting')";

export async function openPostgresAlertStore(url: string, options: OpenAlertStoreOptions = {}): Promise<AlertStore> {
  const schema = options.schema ?? 'public';
  const searchPath = `SET search_path TO ${quoteIdent(schema)}`;
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  // Connections dropped by the server must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => {
    client.query(searchPath).catch(() => undefined);
  });
  try {
    await migratePostgres(pool, {
      table: 'alert_schema_migrations',
      sql: MIGRATIONS,
      schema,
      lockName: 'mispkit-alerts-migrate',
    });
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new Error(`cannot prepare the alert tables in PostgreSQL: ${(error as Error).message}`);
  }

  const q = async (sql: string, params: unknown[] = []) =>
    (await pool.query(sql, params)).rows as Record<string, unknown>[];
  const tx = async <T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const out = await fn(client);
      await client.query('COMMIT');
      return out;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };

  // The poller lease: one session advisory lock, keyed by schema so test schemas don't collide.
  const lockKey = `mispkit-alerts-poller:${schema}`;
  let leaseClient: pg.Client | undefined;
  let leaseHeld = false;
  const dropLeaseClient = () => {
    const c = leaseClient;
    leaseClient = undefined;
    leaseHeld = false;
    c?.end().catch(() => undefined);
  };

  return {
    kind: 'postgres',
    async upsertSubscription(sub) {
      await q(
        `INSERT INTO alert_subscriptions (channel_id, filters, created_by, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (channel_id) DO UPDATE SET filters = excluded.filters, created_by = excluded.created_by, created_at = excluded.created_at`,
        [sub.channelId, subscriptionFilters(sub), sub.createdBy, sub.createdAt],
      );
    },
    async removeSubscription(channelId) {
      const res = await pool.query('DELETE FROM alert_subscriptions WHERE channel_id = $1', [channelId]);
      return (res.rowCount ?? 0) > 0;
    },
    async getSubscription(channelId) {
      const [row] = await q('SELECT * FROM alert_subscriptions WHERE channel_id = $1', [channelId]);
      return row ? toSubscription(row) : undefined;
    },
    async listSubscriptions() {
      return (await q('SELECT * FROM alert_subscriptions ORDER BY channel_id')).map(toSubscription);
    },
    async getCursor() {
      const [row] = await q("SELECT value FROM alert_state WHERE key = 'cursor'");
      return row ? Number(row.value) : undefined;
    },
    async advanceCursor(publishTs) {
      await q(
        `INSERT INTO alert_state (key, value) VALUES ('cursor', $1)
         ON CONFLICT (key) DO UPDATE SET value = GREATEST(alert_state.value::bigint, excluded.value::bigint)::text`,
        [String(publishTs)],
      );
    },
    async enqueue(rows: NewOutboxRow[], now) {
      if (rows.length === 0) return 0;
      return tx(async (c) => {
        const channels = [...new Set(rows.map((r) => r.channelId))];
        await c.query('INSERT INTO alert_channels (channel_id) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING', [
          channels,
        ]);
        const res = await c.query(
          `INSERT INTO alert_outbox (event_uuid, publish_ts, channel_id, state, next_attempt_at, last_error, event, created_at, updated_at)
           SELECT u.event_uuid, u.publish_ts, u.channel_id, u.state, $6, u.last_error, u.event, $6, $6
           FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $7::text[])
             AS u(event_uuid, publish_ts, channel_id, state, last_error, event)
           ON CONFLICT DO NOTHING`,
          [
            rows.map((r) => r.eventUuid),
            rows.map((r) => r.publishTs),
            rows.map((r) => r.channelId),
            rows.map((r) => r.state),
            rows.map((r) => r.lastError ?? null),
            now,
            rows.map((r) => JSON.stringify(r.event)),
          ],
        );
        return res.rowCount ?? 0;
      });
    },
    async claimChannel(o: ClaimOptions) {
      return tx(async (c) => {
        const picked = await c.query(
          `SELECT ch.channel_id, ch.next_post_at, ch.kind, ch.kind_checked_at FROM alert_channels ch
           WHERE ch.lease_until <= $1 AND ch.next_post_at <= $2 AND ch.disabled_reason IS NULL
             AND EXISTS (SELECT 1 FROM alert_outbox o WHERE o.channel_id = ch.channel_id
                         AND o.state IN ${OPEN_STATES} AND o.next_attempt_at <= $1)
           ORDER BY ch.next_post_at LIMIT 1
           FOR UPDATE SKIP LOCKED`,
          [o.now, o.now + (o.aheadMs ?? 0)],
        );
        const channelId = picked.rows[0]?.channel_id as string | undefined;
        const picked0 = picked.rows[0] as Record<string, unknown> | undefined;
        const notBefore = Number(picked0?.next_post_at ?? 0);
        if (!channelId) return undefined;
        await c.query('UPDATE alert_channels SET lease_owner = $1, lease_until = $2 WHERE channel_id = $3', [
          o.owner,
          o.now + o.leaseMs,
          channelId,
        ]);
        const rows = await c.query(
          `SELECT * FROM alert_outbox WHERE channel_id = $1 AND state IN ${OPEN_STATES} AND next_attempt_at <= $2
           ORDER BY (state = 'posting') DESC, id LIMIT $3 FOR UPDATE SKIP LOCKED`,
          [channelId, o.now, o.limit],
        );
        const pending = await c.query(
          `SELECT count(*) AS n FROM alert_outbox WHERE channel_id = $1 AND state = 'pending' AND next_attempt_at <= $2`,
          [channelId, o.now],
        );
        return {
          channelId,
          rows: rows.rows.map(toOutboxRow),
          pendingDue: Number(pending.rows[0]?.n ?? 0),
          notBefore,
          kind: typeof picked0?.kind === 'string' ? picked0.kind : undefined,
          kindCheckedAt: Number(picked0?.kind_checked_at ?? 0),
        };
      });
    },
    async nextClaimAt() {
      const [row] = await q(
        `SELECT MIN(GREATEST(c.next_post_at, c.lease_until, o.due)) AS at FROM alert_channels c
         JOIN (SELECT channel_id, MIN(next_attempt_at) AS due FROM alert_outbox
               WHERE state IN ${OPEN_STATES} GROUP BY channel_id) o ON o.channel_id = c.channel_id
         WHERE c.disabled_reason IS NULL`,
      );
      return row?.at === null || row?.at === undefined ? undefined : Number(row.at);
    },
    async releaseChannel(channelId, owner, nextPostAt) {
      await q(
        'UPDATE alert_channels SET lease_owner = NULL, lease_until = 0, next_post_at = $1 WHERE channel_id = $2 AND lease_owner = $3',
        [nextPostAt, channelId, owner],
      );
    },
    async setChannelKind(channelId, kind, checkedAt) {
      await q(
        `INSERT INTO alert_channels (channel_id, kind, kind_checked_at) VALUES ($1, $2, $3)
         ON CONFLICT (channel_id) DO UPDATE SET kind = excluded.kind, kind_checked_at = excluded.kind_checked_at`,
        [channelId, kind ?? null, kind === undefined ? 0 : checkedAt],
      );
    },
    async renewChannel(channelId, owner, until) {
      const res = await pool.query(
        'UPDATE alert_channels SET lease_until = $1 WHERE channel_id = $2 AND lease_owner = $3',
        [until, channelId, owner],
      );
      return (res.rowCount ?? 0) > 0;
    },
    async markPosting(ids, deliveryKey, now) {
      await q(
        "UPDATE alert_outbox SET state = 'posting', delivery_key = $1, attempts = attempts + 1, next_attempt_at = $2, updated_at = $2 WHERE id = ANY($3::bigint[])",
        [deliveryKey, now, ids],
      );
    },
    async markPosted(ids, slackTs, now) {
      await q(
        "UPDATE alert_outbox SET state = 'posted', slack_ts = $1, last_error = NULL, updated_at = $2 WHERE id = ANY($3::bigint[])",
        [slackTs, now, ids],
      );
    },
    async reschedule(ids, nextAttemptAt, error, state, now) {
      await q(
        'UPDATE alert_outbox SET state = $1, next_attempt_at = $2, last_error = $3, updated_at = $4 WHERE id = ANY($5::bigint[])',
        [state, nextAttemptAt, cleanError(error), now, ids],
      );
    },
    async markFailed(ids, error, now) {
      await q(
        "UPDATE alert_outbox SET state = 'failed', last_error = $1, updated_at = $2 WHERE id = ANY($3::bigint[])",
        [cleanError(error), now, ids],
      );
    },
    async markWithheld(ids, reason, now) {
      await q(
        "UPDATE alert_outbox SET state = 'withheld', last_error = $1, updated_at = $2 WHERE id = ANY($3::bigint[])",
        [cleanError(reason), now, ids],
      );
    },
    async disableChannel(channelId, reason, now) {
      await tx(async (c) => {
        await c.query(
          'INSERT INTO alert_channels (channel_id, disabled_reason) VALUES ($1, $2) ON CONFLICT (channel_id) DO UPDATE SET disabled_reason = excluded.disabled_reason',
          [channelId, reason],
        );
        await c.query(
          `UPDATE alert_outbox SET state = 'failed', last_error = $1, updated_at = $2 WHERE channel_id = $3 AND state IN ${OPEN_STATES}`,
          [cleanError(reason), now, channelId],
        );
      });
    },
    async enableChannel(channelId) {
      await q('UPDATE alert_channels SET disabled_reason = NULL WHERE channel_id = $1', [channelId]);
    },
    async channelDisabled(channelId) {
      const [row] = await q('SELECT disabled_reason FROM alert_channels WHERE channel_id = $1', [channelId]);
      return (row?.disabled_reason as string | null | undefined) ?? undefined;
    },
    async getMessage(eventUuid, channelId) {
      const [row] = await q('SELECT * FROM alert_messages WHERE event_uuid = $1 AND channel_id = $2', [
        eventUuid,
        channelId,
      ]);
      return row ? toMessage(row) : undefined;
    },
    async saveMessage(m) {
      await q(
        `INSERT INTO alert_messages (event_uuid, channel_id, ts, publish_ts, event) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (event_uuid, channel_id) DO UPDATE SET ts = excluded.ts, publish_ts = excluded.publish_ts, event = excluded.event`,
        [m.eventUuid, m.channelId, m.ts, m.publishTs, JSON.stringify(m.event)],
      );
    },
    async counts() {
      return toCounts(await q('SELECT state, count(*) AS n FROM alert_outbox GROUP BY state'));
    },
    async listOutbox(filter = {}) {
      const where: string[] = [];
      const params: unknown[] = [];
      if (filter.channelId) {
        params.push(filter.channelId);
        where.push(`channel_id = $${params.length}`);
      }
      if (filter.state) {
        params.push(filter.state);
        where.push(`state = $${params.length}`);
      }
      return (
        await q(`SELECT * FROM alert_outbox ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id`, params)
      ).map(toOutboxRow);
    },
    async acquireLease() {
      if (leaseHeld && leaseClient) {
        // Still ours as long as the session is alive.
        try {
          await leaseClient.query('SELECT 1');
          return true;
        } catch {
          dropLeaseClient();
        }
      }
      try {
        if (!leaseClient) {
          const client = new pg.Client({ connectionString: url });
          client.on('error', () => dropLeaseClient());
          await client.connect();
          leaseClient = client;
        }
        const res = await leaseClient.query('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [lockKey]);
        leaseHeld = res.rows[0]?.ok === true;
        return leaseHeld;
      } catch {
        dropLeaseClient();
        return false;
      }
    },
    async releaseLease() {
      if (leaseClient && leaseHeld)
        await leaseClient.query('SELECT pg_advisory_unlock(hashtext($1))', [lockKey]).catch(() => undefined);
      dropLeaseClient();
    },
    // The poller lease is an advisory lock that dies with its holder; only channel leases remain.
    async leaseOwners(now) {
      const rows = await q(
        'SELECT DISTINCT lease_owner FROM alert_channels WHERE lease_owner IS NOT NULL AND lease_until > $1',
        [now],
      );
      return rows.map((r) => String(r.lease_owner));
    },
    async releaseOwner(owner) {
      await q('UPDATE alert_channels SET lease_owner = NULL, lease_until = 0 WHERE lease_owner = $1', [owner]);
    },
    async close() {
      dropLeaseClient();
      await pool.end().catch(() => undefined);
    },
  };
}
