// Who looked up what, where, and what was disclosed or withheld (reference conventions §D4):
// one row in the store's audit_log and one structured log line. Indicators are stored defanged;
// tokens and response_url never reach this module.
import type { CardDisclosure } from './blocks/card.js';
import type { BotContext } from './context.js';
import { defang } from './defang.js';
import type { Logger } from './logger.js';
import type { Answer } from './lookup/answer.js';
import type { IndicatorRef } from './lookup/types.js';
import type { AuditRecord, Store } from './storage/types.js';
import type { Tlp } from './tlp.js';

export function disclosureSummary(disclosures: CardDisclosure[]): Pick<AuditRecord, 'disclosed' | 'withheld'> {
  const withheld: Partial<Record<Tlp, number>> = {};
  for (const d of disclosures) {
    for (const [tlp, n] of Object.entries(d.withheld) as [Tlp, number][]) withheld[tlp] = (withheld[tlp] ?? 0) + n;
  }
  return {
    disclosed: disclosures.map((d) => ({
      indicator: d.indicator,
      verdict: d.verdict,
      events: d.shownEvents,
      maxTlp: d.maxShownTlp,
    })),
    withheld,
  };
}

export async function audit(store: Store, logger: Logger, record: AuditRecord): Promise<void> {
  logger.event(record.outcome === 'error' ? 'warn' : 'info', 'audit', { ...record });
  try {
    await store.appendAudit(record);
  } catch (error) {
    logger.event('error', 'audit_write_failed', { error });
  }
}

/** The audit record of an ephemeral lookup answered to its requester (/intel, the shortcut, an alert's button). */
export function auditLookup(
  ctx: Pick<BotContext, 'store' | 'logger' | 'clock'>,
  input: {
    teamId: string | undefined;
    userId: string;
    channelId: string;
    indicators: IndicatorRef[];
    lookupId: string;
    result: Answer;
  },
): Promise<void> {
  const { result } = input;
  return audit(ctx.store, ctx.logger, {
    at: Math.floor(ctx.clock() / 1000),
    teamId: input.teamId,
    userId: input.userId,
    channelId: input.channelId,
    action: 'lookup',
    visibility: 'ephemeral',
    conversation: 'requester',
    indicators: input.indicators.map((i) => defang(i.value)),
    ...disclosureSummary(result.disclosures),
    outcome: result.ok ? 'ok' : 'error',
    error: result.error,
    latencyMs: result.latencyMs,
    requestId: input.lookupId,
  });
}
