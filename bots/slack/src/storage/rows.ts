import type { AuditRecord } from './types.js';

/** An audit_log row, as both SQLite and PostgreSQL return it, back to an AuditRecord. */
export function auditFromRow(row: Record<string, unknown>): AuditRecord {
  return {
    at: Number(row.at),
    teamId: (row.team_id as string | null) ?? undefined,
    userId: String(row.user_id),
    channelId: String(row.channel_id),
    action: String(row.action),
    visibility: row.visibility as AuditRecord['visibility'],
    conversation: String(row.conversation),
    indicators: JSON.parse(String(row.indicators)),
    disclosed: JSON.parse(String(row.disclosed)),
    withheld: JSON.parse(String(row.withheld)),
    outcome: row.outcome as AuditRecord['outcome'],
    error: (row.error as string | null) ?? undefined,
    latencyMs: (row.latency_ms as number | null) ?? undefined,
    requestId: (row.request_id as string | null) ?? undefined,
  };
}
