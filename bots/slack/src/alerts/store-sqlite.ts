// AlertStore on SQLite (better-sqlite3, WAL). Several processes may share the file: every claim
// is an IMMEDIATE transaction, so two of them never lease the same channel.
import Database from 'better-sqlite3';
import { migrateSqlite } from '../storage/migrate.js';
import type { AlertStore, ClaimOptions } from './store.js';
import { cleanError, subscriptionFilters, toCounts, toMessage, toOutboxRow, toSubscription } from './store-rows.js';
import type { NewOutboxRow, OutboxRow } from './types.js';

const MIGRATIONS: string[] = [
  `CREATE TABLE alert_subscriptions (
     channel_id TEXT PRIMARY KEY,
     filters TEXT NOT NULL,
     created_by TEXT NOT NULL,
     created_at INTEGER NOT NULL
   );
   CREATE TABLE alert_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
   CREATE TABLE alert_channels (
     channel_id TEXT PRIMARY KEY,
     lease_owner TEXT,
     lease_until INTEGER NOT NULL DEFAULT 0,
     next_post_at INTEGER NOT NULL DEFAULT 0,
     disabled_reason TEXT
   );
   CREATE TABLE alert_outbox (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     event_uuid TEXT NOT NULL,
     publish_ts INTEGER NOT NULL,
     channel_id TEXT NOT NULL,
     state TEXT NOT NULL,
     attempts INTEGER NOT NULL DEFAULT 0,
     next_attempt_at INTEGER NOT NULL,
     slack_ts TEXT,
     last_error TEXT,
     delivery_key TEXT,
     event TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL,
     UNIQUE (event_uuid, publish_ts, channel_id)
   );
   CREATE INDEX alert_outbox_due ON alert_outbox (channel_id, state, next_attempt_at);
   CREATE INDEX alert_outbox_state ON alert_outbox (state);
   CREATE TABLE alert_messages (
     event_uuid TEXT NOT NULL,
     channel_id TEXT NOT NULL,
     ts TEXT NOT NULL,
     publish_ts INTEGER NOT NULL,
     event TEXT NOT NULL,
     PRIMARY KEY (event_uuid, channel_id)
   );
   CREATE TABLE alert_lease (name TEXT PRIMARY KEY, owner TEXT NOT NULL, expires_at INTEGER NOT NULL);`,
  `ALTER TABLE alert_channels ADD COLUMN kind TEXT;
   ALTER TABLE alert_channels ADD COLUMN kind_checked_at INTEGER NOT NULL DEFAULT 0;`,
];

const OPEN_STATES = "('pending','posting')";

export function openSqliteAlertStore(path: string): AlertStore {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 10000');
  db.pragma('synchronous = NORMAL');
  migrateSqlite(db, { table: 'alert_schema_migrations', sql: MIGRATIONS, appliedAt: Date.now });

  const inList = (ids: number[]) => ids.map(() => '?').join(',');
  const update = (sql: string, ids: number[], ...params: unknown[]) => {
    if (ids.length === 0) return;
    db.prepare(`${sql} WHERE id IN (${inList(ids)})`).run(...params, ...ids);
  };

  const enqueueTx = db.transaction((rows: NewOutboxRow[], now: number) => {
    const insert = db.prepare(
      `INSERT INTO alert_outbox (event_uuid, publish_ts, channel_id, state, next_attempt_at, last_error, event, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    );
    const channel = db.prepare('INSERT INTO alert_channels (channel_id) VALUES (?) ON CONFLICT DO NOTHING');
    let added = 0;
    for (const r of rows) {
      channel.run(r.channelId);
      const res = insert.run(
        r.eventUuid,
        r.publishTs,
        r.channelId,
        r.state,
        now,
        r.lastError ?? null,
        JSON.stringify(r.event),
        now,
        now,
      );
      added += res.changes;
    }
    return added;
  });

  const claimTx = db.transaction((o: ClaimOptions) => {
    const channel = db
      .prepare(
        `SELECT c.channel_id, c.next_post_at, c.kind, c.kind_checked_at FROM alert_channels c
         WHERE c.lease_until <= ? AND c.next_post_at <= ? AND c.disabled_reason IS NULL
           AND EXISTS (SELECT 1 FROM alert_outbox o WHERE o.channel_id = c.channel_id
                       AND o.state IN ${OPEN_STATES} AND o.next_attempt_at <= ?)
         ORDER BY c.next_post_at LIMIT 1`,
      )
      .get(o.now, o.now + (o.aheadMs ?? 0), o.now) as
      | { channel_id: string; next_post_at: number; kind: string | null; kind_checked_at: number }
      | undefined;
    if (!channel) return undefined;
    db.prepare('UPDATE alert_channels SET lease_owner = ?, lease_until = ? WHERE channel_id = ?').run(
      o.owner,
      o.now + o.leaseMs,
      channel.channel_id,
    );
    const rows = (
      db
        .prepare(
          `SELECT * FROM alert_outbox WHERE channel_id = ? AND state IN ${OPEN_STATES} AND next_attempt_at <= ?
           ORDER BY (state = 'posting') DESC, id LIMIT ?`,
        )
        .all(channel.channel_id, o.now, o.limit) as Record<string, unknown>[]
    ).map(toOutboxRow);
    const pending = db
      .prepare(
        `SELECT count(*) AS n FROM alert_outbox WHERE channel_id = ? AND state = 'pending' AND next_attempt_at <= ?`,
      )
      .get(channel.channel_id, o.now) as { n: number };
    return {
      channelId: channel.channel_id,
      rows,
      pendingDue: pending.n,
      notBefore: channel.next_post_at,
      kind: channel.kind ?? undefined,
      kindCheckedAt: channel.kind_checked_at,
    };
  });

  const leaseTx = db.transaction((owner: string, now: number, ttlMs: number) => {
    const row = db.prepare("SELECT owner, expires_at FROM alert_lease WHERE name = 'poller'").get() as
      | { owner: string; expires_at: number }
      | undefined;
    if (row && row.owner !== owner && row.expires_at > now) return false;
    db.prepare(
      "INSERT INTO alert_lease (name, owner, expires_at) VALUES ('poller', ?, ?) ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at",
    ).run(owner, now + ttlMs);
    return true;
  });

  return {
    kind: 'sqlite',
    async upsertSubscription(sub) {
      db.prepare(
        `INSERT INTO alert_subscriptions (channel_id, filters, created_by, created_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (channel_id) DO UPDATE SET filters = excluded.filters, created_by = excluded.created_by, created_at = excluded.created_at`,
      ).run(sub.channelId, subscriptionFilters(sub), sub.createdBy, sub.createdAt);
    },
    async removeSubscription(channelId) {
      return db.prepare('DELETE FROM alert_subscriptions WHERE channel_id = ?').run(channelId).changes > 0;
    },
    async getSubscription(channelId) {
      const row = db.prepare('SELECT * FROM alert_subscriptions WHERE channel_id = ?').get(channelId) as
        | Record<string, unknown>
        | undefined;
      return row ? toSubscription(row) : undefined;
    },
    async listSubscriptions() {
      return (
        db.prepare('SELECT * FROM alert_subscriptions ORDER BY channel_id').all() as Record<string, unknown>[]
      ).map(toSubscription);
    },
    async getCursor() {
      const row = db.prepare("SELECT value FROM alert_state WHERE key = 'cursor'").get() as
        | { value: string }
        | undefined;
      return row ? Number(row.value) : undefined;
    },
    async advanceCursor(publishTs) {
      db.prepare(
        `INSERT INTO alert_state (key, value) VALUES ('cursor', ?)
         ON CONFLICT (key) DO UPDATE SET value = CASE WHEN CAST(excluded.value AS INTEGER) > CAST(value AS INTEGER) THEN excluded.value ELSE value END`,
      ).run(String(publishTs));
    },
    async enqueue(rows, now) {
      return rows.length === 0 ? 0 : enqueueTx.immediate(rows, now);
    },
    async claimChannel(options) {
      return claimTx.immediate(options);
    },
    async nextClaimAt() {
      const row = db
        .prepare(
          `SELECT MIN(MAX(c.next_post_at, c.lease_until, o.due)) AS at FROM alert_channels c
           JOIN (SELECT channel_id, MIN(next_attempt_at) AS due FROM alert_outbox
                 WHERE state IN ${OPEN_STATES} GROUP BY channel_id) o ON o.channel_id = c.channel_id
           WHERE c.disabled_reason IS NULL`,
        )
        .get() as { at: number | null };
      return row.at ?? undefined;
    },
    async releaseChannel(channelId, owner, nextPostAt) {
      db.prepare(
        'UPDATE alert_channels SET lease_owner = NULL, lease_until = 0, next_post_at = ? WHERE channel_id = ? AND lease_owner = ?',
      ).run(nextPostAt, channelId, owner);
    },
    async setChannelKind(channelId, kind, checkedAt) {
      db.prepare(
        `INSERT INTO alert_channels (channel_id, kind, kind_checked_at) VALUES (?, ?, ?)
         ON CONFLICT (channel_id) DO UPDATE SET kind = excluded.kind, kind_checked_at = excluded.kind_checked_at`,
      ).run(channelId, kind ?? null, kind === undefined ? 0 : checkedAt);
    },
    async renewChannel(channelId, owner, until) {
      return (
        db
          .prepare('UPDATE alert_channels SET lease_until = ? WHERE channel_id = ? AND lease_owner = ?')
          .run(until, channelId, owner).changes > 0
      );
    },
    async markPosting(ids, deliveryKey, now) {
      update(
        "UPDATE alert_outbox SET state = 'posting', delivery_key = ?, attempts = attempts + 1, next_attempt_at = ?, updated_at = ?",
        ids,
        deliveryKey,
        now,
        now,
      );
    },
    async markPosted(ids, slackTs, now) {
      update(
        "UPDATE alert_outbox SET state = 'posted', slack_ts = ?, last_error = NULL, updated_at = ?",
        ids,
        slackTs,
        now,
      );
    },
    async reschedule(ids, nextAttemptAt, error, state, now) {
      update(
        'UPDATE alert_outbox SET state = ?, next_attempt_at = ?, last_error = ?, updated_at = ?',
        ids,
        state,
        nextAttemptAt,
        cleanError(error),
        now,
      );
    },
    async markFailed(ids, error, now) {
      update("UPDATE alert_outbox SET state = 'failed', last_error = ?, updated_at = ?", ids, cleanError(error), now);
    },
    async markWithheld(ids, reason, now) {
      update(
        "UPDATE alert_outbox SET state = 'withheld', last_error = ?, updated_at = ?",
        ids,
        cleanError(reason),
        now,
      );
    },
    async disableChannel(channelId, reason, now) {
      db.transaction(() => {
        db.prepare('INSERT INTO alert_channels (channel_id) VALUES (?) ON CONFLICT DO NOTHING').run(channelId);
        db.prepare('UPDATE alert_channels SET disabled_reason = ? WHERE channel_id = ?').run(reason, channelId);
        db.prepare(
          `UPDATE alert_outbox SET state = 'failed', last_error = ?, updated_at = ? WHERE channel_id = ? AND state IN ${OPEN_STATES}`,
        ).run(cleanError(reason), now, channelId);
      }).immediate();
    },
    async enableChannel(channelId) {
      db.prepare('UPDATE alert_channels SET disabled_reason = NULL WHERE channel_id = ?').run(channelId);
    },
    async channelDisabled(channelId) {
      const row = db.prepare('SELECT disabled_reason FROM alert_channels WHERE channel_id = ?').get(channelId) as
        | { disabled_reason: string | null }
        | undefined;
      return row?.disabled_reason ?? undefined;
    },
    async getMessage(eventUuid, channelId) {
      const row = db
        .prepare('SELECT * FROM alert_messages WHERE event_uuid = ? AND channel_id = ?')
        .get(eventUuid, channelId) as Record<string, unknown> | undefined;
      return row ? toMessage(row) : undefined;
    },
    async saveMessage(m) {
      db.prepare(
        `INSERT INTO alert_messages (event_uuid, channel_id, ts, publish_ts, event) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (event_uuid, channel_id) DO UPDATE SET ts = excluded.ts, publish_ts = excluded.publish_ts, event = excluded.event`,
      ).run(m.eventUuid, m.channelId, m.ts, m.publishTs, JSON.stringify(m.event));
    },
    async counts() {
      return toCounts(
        db.prepare('SELECT state, count(*) AS n FROM alert_outbox GROUP BY state').all() as Record<string, unknown>[],
      );
    },
    async listOutbox(filter = {}) {
      const where: string[] = [];
      const params: unknown[] = [];
      if (filter.channelId) {
        where.push('channel_id = ?');
        params.push(filter.channelId);
      }
      if (filter.state) {
        where.push('state = ?');
        params.push(filter.state);
      }
      const sql = `SELECT * FROM alert_outbox ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id`;
      return (db.prepare(sql).all(...params) as Record<string, unknown>[]).map(toOutboxRow) as OutboxRow[];
    },
    async acquireLease(owner, now, ttlMs) {
      return leaseTx.immediate(owner, now, ttlMs);
    },
    async releaseLease(owner) {
      db.prepare("DELETE FROM alert_lease WHERE name = 'poller' AND owner = ?").run(owner);
    },
    async leaseOwners(now) {
      const rows = db
        .prepare(
          `SELECT owner FROM alert_lease WHERE expires_at > ?
           UNION SELECT lease_owner FROM alert_channels WHERE lease_owner IS NOT NULL AND lease_until > ?`,
        )
        .all(now, now) as { owner: string }[];
      return rows.map((r) => r.owner);
    },
    async releaseOwner(owner) {
      db.transaction(() => {
        db.prepare('DELETE FROM alert_lease WHERE owner = ?').run(owner);
        db.prepare('UPDATE alert_channels SET lease_owner = NULL, lease_until = 0 WHERE lease_owner = ?').run(owner);
      }).immediate();
    },
    async close() {
      if (db.open) db.close();
    },
  };
}
