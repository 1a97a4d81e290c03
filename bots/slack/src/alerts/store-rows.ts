// Row ↔ object mapping shared by the SQLite and PostgreSQL stores (column names are the same).
import type { Tlp } from '../tlp.js';
import type {
  AlertEvent,
  AlertMessage,
  OutboxCounts,
  OutboxRow,
  OutboxState,
  Subscription,
  ThreatLevel,
} from './types.js';

type Row = Record<string, unknown>;

const num = (v: unknown): number => Number(v);
const optStr = (v: unknown): string | undefined => (v === null || v === undefined ? undefined : String(v));

export function toOutboxRow(row: Row): OutboxRow {
  return {
    id: num(row.id),
    eventUuid: String(row.event_uuid),
    publishTs: num(row.publish_ts),
    channelId: String(row.channel_id),
    state: String(row.state) as OutboxState,
    attempts: num(row.attempts),
    nextAttemptAt: num(row.next_attempt_at),
    slackTs: optStr(row.slack_ts),
    lastError: optStr(row.last_error),
    deliveryKey: optStr(row.delivery_key),
    event: JSON.parse(String(row.event)) as AlertEvent,
    createdAt: num(row.created_at),
    updatedAt: num(row.updated_at),
  };
}

export function toSubscription(row: Row): Subscription {
  const filters = JSON.parse(String(row.filters)) as {
    minThreat: ThreatLevel;
    includeTags: string[];
    excludeTags: string[];
    orgs: string[];
    tlpCeiling?: Tlp;
  };
  return {
    channelId: String(row.channel_id),
    minThreat: filters.minThreat,
    includeTags: filters.includeTags,
    excludeTags: filters.excludeTags,
    orgs: filters.orgs,
    tlpCeiling: filters.tlpCeiling,
    createdBy: String(row.created_by),
    createdAt: num(row.created_at),
  };
}

export function subscriptionFilters(sub: Subscription): string {
  return JSON.stringify({
    minThreat: sub.minThreat,
    includeTags: sub.includeTags,
    excludeTags: sub.excludeTags,
    orgs: sub.orgs,
    ...(sub.tlpCeiling ? { tlpCeiling: sub.tlpCeiling } : {}),
  });
}

export function toMessage(row: Row): AlertMessage {
  return {
    eventUuid: String(row.event_uuid),
    channelId: String(row.channel_id),
    ts: String(row.ts),
    publishTs: num(row.publish_ts),
    event: JSON.parse(String(row.event)) as AlertEvent,
  };
}

export function toCounts(rows: Row[]): OutboxCounts {
  const counts: OutboxCounts = { pending: 0, posting: 0, posted: 0, failed: 0, withheld: 0 };
  for (const row of rows) counts[String(row.state) as OutboxState] = num(row.n);
  return counts;
}

/** Keeps error text short and free of anything token-shaped. */
export function cleanError(error: string): string {
  return error.replace(/xox[a-z]-[A-Za-z0-9-]+/g, '[redacted]').slice(0, 500);
}
