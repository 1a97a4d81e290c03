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
  /** Called after rows were written (the local sender stops idling). */
  onEnqueued?: (count: number) => void;
}

export interface IntakeResult {
  events: number;
  /** New outbox rows. */
  enqueued: number;
}

export interface IntakeCallOptions extends CallOptions {
  /** The poll these events come from, while it is still reading pages (see Backlog). */
  backlog?: Backlog;
  /** This is the poll's last page: everything the backlog still holds is written too. */
  last?: boolean;
}

export type Intake = (events: AlertEvent[], options?: IntakeCallOptions) => Promise<IntakeResult>;

/**
 * One poll that reads several pages. Its rows wait here, per channel, until the channel has a
 * full digest's worth (from then on its rows are written as they come, so the sender starts
 * posting while later pages are still being read) or until the last page. A channel that is
 * not flooded therefore sees the whole burst at once and gets one digest rather than a trickle.
 * Rows waiting here are never lost: the poll cursor moves only after the last page is written.
 */
export class Backlog {
  private readonly waiting = new Map<string, NewOutboxRow[]>();
  private readonly flowing = new Set<string>();

  /** @param fullAt rows a channel must have waiting before they are written mid-poll (a full digest). */
  constructor(private readonly fullAt: number) {}

  /** Adds rows; returns those to write now. */
  take(rows: NewOutboxRow[]): NewOutboxRow[] {
    const now: NewOutboxRow[] = [];
    for (const row of rows) {
      if (this.flowing.has(row.channelId)) {
        now.push(row);
        continue;
      }
      const list = this.waiting.get(row.channelId) ?? [];
      list.push(row);
      this.waiting.set(row.channelId, list);
      if (list.length >= this.fullAt) {
        now.push(...list);
        this.waiting.delete(row.channelId);
        this.flowing.add(row.channelId);
      }
    }
    return now;
  }

  /** Everything still waiting; the backlog is empty afterwards. */
  drain(): NewOutboxRow[] {
    const rows = [...this.waiting.values()].flat();
    this.waiting.clear();
    return rows;
  }

  get size(): number {
    let n = 0;
    for (const list of this.waiting.values()) n += list.length;
    return n;
  }
}

export function createIntake(options: IntakeOptions): Intake {
  const checkWarninglists = options.checkWarninglists ?? true;

  /** The outbox rows these events make: one per (event, subscribed channel whose filters match). */
  async function route(events: AlertEvent[], callOptions: CallOptions): Promise<NewOutboxRow[]> {
    if (events.length === 0) return [];
    const subs = await options.store.listSubscriptions();
    if (subs.length === 0) return [];
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
    return rows;
  }

  return async (events, callOptions = {}) => {
    const { backlog, last, ...call } = callOptions;
    const routed = await route(events, call);
    let rows = routed;
    if (backlog) {
      rows = backlog.take(routed);
      if (last) rows.push(...backlog.drain());
    }
    const enqueued = rows.length ? await options.store.enqueue(rows, options.clock()) : 0;
    if (enqueued > 0) options.onEnqueued?.(enqueued);
    return { events: events.length, enqueued };
  };
}
