// Polls MISP for newly published events on a persisted publish_timestamp cursor, with an overlap
// window (1-second granularity, clock skew, slow commits) whose repeats the outbox de-duplicates.
// The cursor moves only after the events are durably enqueued. Only the lease holder polls.

import type { TlpPolicy } from '../tlp.js';
import { type BreakerState, CircuitBreaker, fullJitter } from './backoff.js';
import { BadEventError, toAlertEvent } from './event.js';
import { Backlog, type Intake } from './intake.js';
import { reapDeadOwners } from './owner.js';
import type { AlertMisp, CallOptions } from './ports.js';
import type { AlertStore } from './store.js';
import type { AlertEvent } from './types.js';

export interface PollerOptions {
  store: AlertStore;
  misp: AlertMisp;
  intake: Intake;
  /** The bot's TLP policy (the same object the sender and lookups use). */
  policy: TlpPolicy;
  /** This process's id for the lease. */
  owner: string;
  clock?: () => number;
  intervalMs?: number;
  /** Seconds re-read before the cursor on every poll. Default 60. */
  overlapSeconds?: number;
  pageSize?: number;
  /** In a multi-page poll, a channel's rows are written once this many wait (a full digest). Default 50. */
  backlogFullAt?: number;
  /** Per MISP call. Default 10 s; a slower MISP counts as a failure. */
  timeoutMs?: number;
  /** Cursor to start from when none is stored (epoch seconds). Default: now minus the overlap. */
  initialCursor?: number;
  backoff?: { baseMs: number; maxMs: number };
  breaker?: { threshold: number; resetMs: number };
  /** Poller lease lifetime (SQLite; PostgreSQL's lock lives as long as its connection). */
  leaseMs?: number;
  random?: () => number;
  onError?: (error: unknown) => void;
}

export interface PollerHealth {
  role: 'leader' | 'standby' | 'stopped';
  breaker: BreakerState;
  consecutiveFailures: number;
  /** Epoch ms of the last successful poll. */
  lastSuccessAt?: number | undefined;
  /** Seconds since the last successful poll. */
  lagSeconds?: number | undefined;
  /** Short description of the last failure (no secrets). */
  lastError?: string | undefined;
  cursor?: number | undefined;
  eventsSeen: number;
  /** Events MISP returned that could not be read (no uuid, bad publish_timestamp). */
  skippedEvents: number;
  /** Events found only by the second pass of multi-page polls (see readAndEnqueue). */
  recoveredEvents: number;
}

export interface PollResult {
  outcome: 'polled' | 'standby' | 'failed' | 'breaker-open';
  events?: number;
  enqueued?: number;
  /** Events a multi-page poll's first pass missed (MISP changed while it paged) and its second pass found. */
  recovered?: number;
}

export interface Poller {
  start(): void;
  stop(): Promise<void>;
  /** One poll now (the loop uses it too). */
  pollOnce(): Promise<PollResult>;
  health(): PollerHealth;
}

export function describeError(error: unknown): string {
  if (error && typeof error === 'object') {
    const e = error as { code?: unknown; status?: unknown; message?: unknown; name?: unknown };
    const code = typeof e.code === 'string' ? e.code : typeof e.name === 'string' ? e.name : 'error';
    const status = typeof e.status === 'number' ? ` HTTP ${e.status}` : '';
    const message = typeof e.message === 'string' ? `: ${e.message.slice(0, 200)}` : '';
    return `${code}${status}${message}`;
  }
  return String(error).slice(0, 200);
}

export function createPoller(options: PollerOptions): Poller {
  const clock = options.clock ?? Date.now;
  const intervalMs = options.intervalMs ?? 10_000;
  const overlap = options.overlapSeconds ?? 60;
  const pageSize = options.pageSize ?? 200;
  const backlogFullAt = options.backlogFullAt ?? 50;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const backoff = options.backoff ?? { baseMs: 1000, maxMs: 60_000 };
  const breaker = new CircuitBreaker(options.breaker ?? { threshold: 5, resetMs: 30_000 }, clock);
  const leaseMs = options.leaseMs ?? Math.max(30_000, intervalMs * 3);
  const random = options.random ?? Math.random;

  let role: PollerHealth['role'] = 'stopped';
  let lastSuccessAt: number | undefined;
  let lastError: string | undefined;
  let cursorSeen: number | undefined;
  let eventsSeen = 0;
  let skipped = 0;
  let recoveredTotal = 0;
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let inFlight: Promise<unknown> | undefined;
  const abort = new AbortController();

  /**
   * Reads pages of published events from `from` on, calling `onPage` for each, until a short page.
   * Unreadable events go to `onBad` (the second pass of a poll passes none: already counted).
   */
  async function readPages(
    from: number,
    call: CallOptions,
    onPage: (events: AlertEvent[], last: boolean) => Promise<void>,
    onBad?: (error: BadEventError) => void,
  ): Promise<number> {
    for (let page = 1; ; page++) {
      const batch = await options.misp.events.search(
        { published: true, publish_timestamp: from, limit: pageSize, page },
        call,
      );
      if (!Array.isArray(batch)) {
        throw Object.assign(new Error('events/restSearch did not return a list'), { code: 'misp_bad_response' });
      }
      const pageEvents: AlertEvent[] = [];
      for (const raw of batch) {
        try {
          pageEvents.push(toAlertEvent(raw, options.policy));
        } catch (error) {
          // One unreadable event must not stall the feed for every other one.
          if (!(error instanceof BadEventError)) throw error;
          onBad?.(error);
        }
      }
      const last = batch.length < pageSize;
      // Published events only, even if a MISP ignores the filter.
      await onPage(
        pageEvents.filter((e) => e.published && e.publishTimestamp > 0),
        last,
      );
      if (last) return page;
    }
  }

  /**
   * Reads the pages and hands each to the intake as it arrives. When there is more than one page
   * (a backlog), rows go through a Backlog: a channel's rows are written as soon as it has a full
   * digest's worth, so posting starts while MISP is still being read, and the rest wait for the
   * last page, so a channel that is merely busy still gets its burst as one digest.
   *
   * Offset paging is not a snapshot: an event deleted or unpublished in MISP while later pages are
   * read shifts every following event one place up, and the one crossing the page boundary is never
   * returned. If it is older than the overlap window, the next poll would not see it either. So a
   * multi-page poll reads the range a second time and takes in whatever the first pass missed.
   */
  async function readAndEnqueue(
    from: number,
  ): Promise<{ events: number; newest: number; enqueued: number; recovered: number }> {
    let events = 0;
    let newest = from;
    let enqueued = 0;
    let recovered = 0;
    const call = { timeoutMs, signal: abort.signal };
    const seen = new Set<string>();
    const key = (e: AlertEvent) => `${e.uuid}@${e.publishTimestamp}`;
    const count = (list: AlertEvent[]) => {
      events += list.length;
      for (const e of list) newest = Math.max(newest, e.publishTimestamp);
    };
    let backlog: Backlog | undefined;
    let pages: number;
    try {
      pages = await readPages(
        from,
        call,
        async (published, last) => {
          count(published);
          if (!last && !backlog) backlog = new Backlog(backlogFullAt);
          if (backlog) for (const e of published) seen.add(key(e));
          enqueued += (await options.intake(published, backlog ? { ...call, backlog, last } : call)).enqueued;
        },
        (error) => {
          skipped += 1;
          options.onError?.(error);
        },
      );
    } catch (error) {
      // What was read is real: write it (best effort) before failing; the cursor stays put.
      if (backlog?.size) await options.intake([], { backlog, last: true }).catch(() => undefined);
      throw error;
    }
    if (pages > 1) {
      await readPages(from, call, async (published) => {
        const missed = published.filter((e) => !seen.has(key(e)));
        if (missed.length === 0) return;
        recovered += missed.length;
        count(missed);
        for (const e of missed) seen.add(key(e));
        enqueued += (await options.intake(missed, call)).enqueued;
      });
    }
    return { events, newest, enqueued, recovered };
  }

  async function pollOnce(): Promise<PollResult> {
    if (!breaker.allows()) return { outcome: 'breaker-open' };
    const acquire = () => options.store.acquireLease(options.owner, clock(), leaseMs);
    let leader = await acquire();
    // The holder may be a process on this machine that died: then take over now, not at expiry.
    if (!leader && (await reapDeadOwners(options.store, clock()).catch(() => [])).length > 0) leader = await acquire();
    role = leader ? 'leader' : 'standby';
    if (!leader) return { outcome: 'standby' };
    try {
      const stored = await options.store.getCursor();
      const cursor = stored ?? options.initialCursor ?? Math.floor(clock() / 1000) - overlap;
      cursorSeen = cursor;
      const read = await readAndEnqueue(Math.max(0, cursor - overlap));
      const newest = Math.max(cursor, read.newest);
      if (stored === undefined || newest > cursor) await options.store.advanceCursor(newest);
      cursorSeen = newest;
      eventsSeen += read.events;
      breaker.success();
      lastSuccessAt = clock();
      lastError = undefined;
      recoveredTotal += read.recovered;
      return { outcome: 'polled', events: read.events, enqueued: read.enqueued, recovered: read.recovered };
    } catch (error) {
      breaker.failure();
      lastError = describeError(error);
      options.onError?.(error);
      return { outcome: 'failed' };
    }
  }

  function nextDelay(result: PollResult): number {
    if (result.outcome === 'failed')
      return fullJitter(breaker.consecutiveFailures - 1, backoff.baseMs, backoff.maxMs, random);
    if (result.outcome === 'breaker-open') return Math.max(breaker.waitMs(), 10);
    return intervalMs;
  }

  function loop(): void {
    if (!running) return;
    const run = pollOnce().catch((error): PollResult => {
      lastError = describeError(error);
      return { outcome: 'failed' };
    });
    inFlight = run;
    void run.then((result) => {
      if (!running) return;
      timer = setTimeout(loop, nextDelay(result));
    });
  }

  return {
    start() {
      if (running) return;
      running = true;
      loop();
    },
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      abort.abort();
      await inFlight?.catch(() => undefined);
      if (role === 'leader') await options.store.releaseLease(options.owner).catch(() => undefined);
      role = 'stopped';
    },
    pollOnce,
    health() {
      return {
        role,
        breaker: breaker.state,
        consecutiveFailures: breaker.consecutiveFailures,
        lastSuccessAt,
        lagSeconds: lastSuccessAt === undefined ? undefined : Math.max(0, Math.round((clock() - lastSuccessAt) / 1000)),
        lastError,
        cursor: cursorSeen,
        eventsSeen,
        skippedEvents: skipped,
        recoveredEvents: recoveredTotal,
      };
    },
  };
}
