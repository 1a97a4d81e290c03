// Who looked up what, where, and what was disclosed or withheld (reference conventions §D4):
// one row in the store's audit_log and one structured log line. Indicators are stored defanged;
// tokens and response_url never reach this module.
import type { CardDisclosure } from './blocks/card.js';
import type { Logger } from './logger.js';
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
