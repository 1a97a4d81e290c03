// Where both sources (poller, webhook) meet: apply the default rule and each channel's filters,
// then write outbox rows. The outbox's unique key makes a second sighting of the same
// (event, publish timestamp, channel) a no-op, whichever source saw it first.
import type { AlertMisp, CallOptions } from './ports.js';
import type { AlertStore } from './store.js';
import { matchesFilters } from './subscriptions.js';
import type { AlertEvent, NewOutboxRow } from './types.js';

export interface IntakeOptions {
  store: AlertStore;
  misp: AlertMisp;
  clock: () => number;
  /** Skip events whose every attribute is on a MISP warninglist (default true). */
  checkWarninglists?: boolean;
}

export interface IntakeResult {
  events: number;
  /** New outbox rows. */
  enqueued: number;
}

export type Intake = (events: AlertEvent[], options?: CallOptions) => Promise<IntakeResult>;

export function createIntake(options: IntakeOptions): Intake {
  const checkWarninglists = options.checkWarninglists ?? true;
  return async (events, callOptions) => {
    const subs = await options.store.listSubscriptions();
    if (subs.length === 0 || events.length === 0) return { events: events.length, enqueued: 0 };
    // Only events some channel wants cost a warninglist lookup; all of them in one MISP call.
    const wanted = events.filter((e) => subs.some((s) => matchesFilters(e, s)));
    if (checkWarninglists && wanted.length > 0) {
      const values = [...new Set(wanted.flatMap((e) => e.values))];
      const hits = values.length ? await options.misp.warninglists.check(values, callOptions) : {};
      for (const e of wanted) {
        e.allWarninglisted = e.values.length > 0 && e.values.every((v) => (hits[v]?.length ?? 0) > 0);
      }
    }
    const rows: NewOutboxRow[] = [];
    for (const event of wanted) {
      for (const sub of subs) {
        if (!matchesFilters(event, sub)) continue;
        rows.push({
          eventUuid: event.uuid,
          publishTs: event.publishTimestamp,
          channelId: sub.channelId,
          state: 'pending',
          event,
        });
      }
    }
    const enqueued = await options.store.enqueue(rows, options.clock());
    return { events: events.length, enqueued };
  };
}
