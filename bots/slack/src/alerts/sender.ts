// Drains the outbox into Slack. One channel at a time per worker (the store leases it), paced at
// Slack's ~1 message/second/channel, honouring Retry-After. Every post carries metadata naming
// the event version; a row found in `posting` (a crash, a timeout) is first looked for in the
// channel's history, so a message that did reach Slack is recorded instead of posted twice.
import { randomUUID } from 'node:crypto';
import type { WebClient } from '@slack/web-api';
import {
  type ChannelInfo,
  CONVERSATION_KINDS,
  type ConversationKind,
  conversationKind,
  type TlpPolicy,
  tlpLabel,
} from '../tlp.js';
import { fullJitter } from './backoff.js';
import { alertCard, changeSummary, digestMessage, type SlackMessage } from './blocks.js';
import { withPolicyTlp } from './event.js';
import { ALERT_EVENT_TYPE, DIGEST_EVENT_TYPE } from './ids.js';
import { classifySlackError } from './slack-errors.js';
import type { AlertStore } from './store.js';
import { mayDeliver } from './subscriptions.js';
import type { ChannelClaim, OutboxRow } from './types.js';

export interface SenderOptions {
  store: AlertStore;
  client: WebClient;
  /** This process's id; channels are leased to it. */
  owner: string;
  clock?: () => number;
  /** Minimum gap between two posts in one channel. Default 1000 ms (Slack's documented rate). */
  perChannelIntervalMs?: number;
  /** More due alerts than this in one channel become one digest message. Default 10. */
  burstThreshold?: number;
  /** Most alerts in one digest. Default 50. */
  digestMax?: number;
  /** Channel lease; a dead worker's channels are picked up after this. Default 30 s. */
  leaseMs?: number;
  /** Channels served in parallel by this process. Default 4. */
  concurrency?: number;
  /** Attempts before a row is marked failed. Default 8. */
  maxAttempts?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Longest sleep when nothing can be claimed (sooner if a channel becomes due, or on wake()). Default 250 ms. */
  idleMs?: number;
  mispUrl?: string | undefined;
  /** The bot's one TLP policy: each row's TLP is decided again with it before the gate. */
  policy: TlpPolicy;
  /**
   * How long a channel's kind from conversations.info is reused (default 5 min). Slack allows that
   * method about 50 calls a minute per workspace, far fewer than posts during a backlog; a channel
   * that is shared or unshared meanwhile is forgotten at once (forgetChannel, on Slack's event).
   */
  channelKindTtlMs?: number;
  /** Test hook: runs after Slack accepted a post and before it is recorded. */
  afterPost?: (rows: OutboxRow[], ts: string) => void | Promise<void>;
  onError?: (error: unknown, context: Record<string, unknown>) => void;
}

export interface SenderStats {
  posted: number;
  updated: number;
  digests: number;
  reconciled: number;
  withheld: number;
  rateLimited: number;
  channelsDisabled: number;
  failures: number;
  /** Messages Slack refused for their content, posted in their reduced form instead. */
  reduced: number;
}

/** Every counter at zero: a new sender's stats. */
export const NO_SENDER_STATS: Readonly<SenderStats> = {
  posted: 0,
  updated: 0,
  digests: 0,
  reconciled: 0,
  withheld: 0,
  rateLimited: 0,
  channelsDisabled: 0,
  failures: 0,
  reduced: 0,
};

export interface Sender {
  start(): void;
  stop(): Promise<void>;
  /** Claims and serves one channel; false when nothing was due. */
  runOnce(): Promise<boolean>;
  /** Ends idle waits now (new rows were enqueued in this process). */
  wake(): void;
  /** Drops the stored kind of a channel (for every replica), so the next post there asks Slack. */
  forgetChannel(channelId: string): Promise<void>;
  stats(): SenderStats;
}

const keyOf = (row: OutboxRow) => `${row.eventUuid}@${row.publishTs}`;

/** Slack's answers that refuse a message for what it contains (posting it again unchanged cannot help). */
const CONTENT_REFUSED = new Set(['invalid_blocks', 'invalid_blocks_format', 'msg_too_long', 'invalid_attachments']);

/** Shortest idle wait, so workers racing for the same channel do not spin. */
const MIN_IDLE_MS = 5;

interface FoundMessage {
  ts: string;
}

export function createSender(options: SenderOptions): Sender {
  const { store, client, owner } = options;
  const clock = options.clock ?? Date.now;
  const interval = options.perChannelIntervalMs ?? 1000;
  const burstThreshold = options.burstThreshold ?? 10;
  const digestMax = options.digestMax ?? 50;
  const leaseMs = options.leaseMs ?? 30_000;
  const concurrency = options.concurrency ?? 4;
  const maxAttempts = options.maxAttempts ?? 8;
  const retryBase = options.retryBaseMs ?? 2000;
  const retryMax = options.retryMaxMs ?? 300_000;
  const idleMs = options.idleMs ?? 250;
  // How early a channel is claimed before its next post may go out.
  const ahead = Math.min(100, interval);
  const policy = options.policy;
  // Rows served one by one per claim, so the lease outlives the work even at the paced rate.
  const perClaim = Math.max(1, Math.floor(leaseMs / 2 / Math.max(1, interval)));
  const stats: SenderStats = { ...NO_SENDER_STATS };
  const stop = new AbortController();
  let running = false;
  const workers: Promise<void>[] = [];
  /** Idle waits that wake() ends early. */
  let wakeUp = new AbortController();

  const sleep = (ms: number, signal: AbortSignal = stop.signal) =>
    new Promise<void>((resolve) => {
      if (signal.aborted || stop.signal.aborted || ms <= 0) return resolve();
      const done = () => {
        clearTimeout(t);
        signal.removeEventListener('abort', done);
        stop.signal.removeEventListener('abort', done);
        resolve();
      };
      const t = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
      stop.signal.addEventListener('abort', done, { once: true });
    });

  /**
   * When the post after one scheduled for `scheduled` and sent at `sentAt` may go. Posts keep to a
   * one-per-interval grid, so a post sent a little late (all workers busy) does not push every
   * later one back; more than `ahead` late, the grid restarts from the send. Two posts are never
   * closer than interval − ahead, and never more than one per interval on average.
   */
  const following = (scheduled: number, sentAt: number) => Math.max(scheduled, sentAt - ahead) + interval;

  /**
   * Waits until a channel may be claimable: its next post time, new rows (wake), or idleMs.
   * Idle workers share one wait, so an idle sender costs one nextClaimAt query per wait, not one per worker.
   */
  let idleWait: Promise<void> | undefined;
  function idle(): Promise<void> {
    idleWait ??= (async () => {
      const signal = wakeUp.signal;
      const now = clock();
      const next = await store.nextClaimAt().catch(() => undefined);
      const wait = next === undefined ? idleMs : Math.min(idleMs, Math.max(MIN_IDLE_MS, next - ahead - now));
      await sleep(wait, signal);
    })().finally(() => {
      idleWait = undefined;
    });
    return idleWait;
  }

  const metadata = (eventType: string, payload: Record<string, unknown>) => ({
    event_type: eventType,
    event_payload: payload,
  });

  /**
   * Runs `send` with the message, and once more with its reduced form when Slack refuses the
   * message for its content: an alert is shown in short rather than lost.
   */
  async function withReduced<T>(channel: string, message: SlackMessage, send: (m: SlackMessage) => Promise<T>) {
    try {
      return await send(message);
    } catch (error) {
      const f = classifySlackError(error);
      if (f.kind !== 'rejected' || !CONTENT_REFUSED.has(f.reason) || !message.reduced) throw error;
      options.onError?.(error, { channel, reason: f.reason, action: 'posting the reduced form' });
      stats.reduced += 1;
      return await send(message.reduced);
    }
  }

  async function post(
    channel: string,
    message: SlackMessage,
    meta: ReturnType<typeof metadata>,
    threadTs?: string,
  ): Promise<string> {
    const res = await withReduced(channel, message, (m) =>
      client.chat.postMessage({
        channel,
        text: m.text,
        blocks: m.blocks,
        // Payload values are strings and numbers, which Slack accepts; the typings are narrower.
        metadata: meta as never,
        unfurl_links: false,
        unfurl_media: false,
        ...(threadTs ? { thread_ts: threadTs } : {}),
      }),
    );
    if (!res.ts) throw Object.assign(new Error('chat.postMessage returned no ts'), { code: 'slack_bad_response' });
    return res.ts;
  }

  /** Looks for a message carrying `key` in the channel (and in the thread under `threadTs`). */
  async function findPosted(
    channel: string,
    key: string,
    sinceMs: number,
    threadTs?: string,
  ): Promise<FoundMessage | undefined> {
    const matches = (m: { ts?: string; metadata?: { event_payload?: Record<string, unknown> } }) =>
      m.ts && m.metadata?.event_payload?.delivery_key === key;
    if (threadTs) {
      const replies = await client.conversations.replies({
        channel,
        ts: threadTs,
        include_all_metadata: true,
        limit: 200,
      });
      const hit = (replies.messages ?? []).find((m) => matches(m as never));
      if (hit?.ts) return { ts: hit.ts };
    }
    let cursor: string | undefined;
    const oldest = String(Math.max(0, Math.floor(sinceMs / 1000) - 600));
    for (let page = 0; page < 20; page++) {
      const res = await client.conversations.history({
        channel,
        oldest,
        include_all_metadata: true,
        limit: 200,
        ...(cursor ? { cursor } : {}),
      });
      const hit = (res.messages ?? []).find((m) => matches(m as never));
      if (hit?.ts) return { ts: hit.ts };
      cursor = res.response_metadata?.next_cursor || undefined;
      if (!res.has_more || !cursor) return undefined;
    }
    return undefined;
  }

  const kindTtl = options.channelKindTtlMs ?? 5 * 60_000;

  // Readings taken before this sender started are not trusted: the channel may have been shared
  // while the bot was down, and that channel_shared event reached nobody.
  const startedAt = clock();

  /**
   * The channel's kind as Slack reports it. A reading younger than kindTtl and taken since this
   * sender started, stored with the channel and shared by every replica, is reused; errors are
   * thrown, never stored.
   */
  async function channelKind(claim: ChannelClaim): Promise<ConversationKind> {
    const stored = claim.kind as ConversationKind | undefined;
    const fresh = claim.kindCheckedAt >= startedAt && clock() - claim.kindCheckedAt < kindTtl;
    if (stored && CONVERSATION_KINDS.includes(stored) && fresh) return stored;
    const res = await client.conversations.info({ channel: claim.channelId });
    const kind = conversationKind(res.channel as ChannelInfo | undefined);
    await store.setChannelKind(claim.channelId, kind, clock());
    return kind;
  }

  /** Outcome of handling a failure: whether to keep serving this channel now, and when to post next. */
  async function fail(rows: OutboxRow[], error: unknown, now: number): Promise<{ stop: boolean; nextPostAt?: number }> {
    const f = classifySlackError(error);
    const ids = rows.map((r) => r.id);
    options.onError?.(error, { channel: rows[0]?.channelId, reason: f.reason });
    switch (f.kind) {
      case 'rate_limited':
        stats.rateLimited += 1;
        await store.reschedule(ids, now + f.retryAfterMs, f.reason, 'pending', now);
        return { stop: true, nextPostAt: now + f.retryAfterMs };
      case 'channel_gone':
        stats.channelsDisabled += 1;
        await store.disableChannel(rows[0]?.channelId ?? '', f.reason, now);
        return { stop: true };
      case 'rejected':
      case 'ambiguous': {
        stats.failures += 1;
        const attempts = Math.max(...rows.map((r) => r.attempts + 1));
        if (f.kind === 'rejected' && !f.transient) {
          await store.markFailed(ids, f.reason, now);
          return { stop: false };
        }
        if (attempts >= maxAttempts) {
          await store.markFailed(ids, `${f.reason} after ${attempts} attempts`, now);
          return { stop: false };
        }
        const delay = retryBase + fullJitter(attempts, retryBase, retryMax);
        // Ambiguous: it may be in the channel, so the row stays `posting` and is reconciled first.
        await store.reschedule(ids, now + delay, f.reason, f.kind === 'ambiguous' ? 'posting' : 'pending', now);
        return { stop: true, nextPostAt: now + interval };
      }
    }
  }

  /** The ids now recorded as posted (the row and its digest siblings), or undefined if not found. */
  async function reconcile(claim: ChannelClaim, row: OutboxRow): Promise<number[] | undefined> {
    if (!row.deliveryKey) return undefined;
    const original = await store.getMessage(row.eventUuid, row.channelId);
    const threadTs = original && original.publishTs < row.publishTs ? original.ts : undefined;
    const found = await findPosted(claim.channelId, row.deliveryKey, row.updatedAt, threadTs);
    if (!found) return undefined;
    const siblings = claim.rows.filter((r) => r.state === 'posting' && r.deliveryKey === row.deliveryKey);
    await store.markPosted(
      siblings.map((r) => r.id),
      found.ts,
      clock(),
    );
    if (!row.deliveryKey.startsWith('digest:')) {
      await store.saveMessage({
        eventUuid: row.eventUuid,
        channelId: row.channelId,
        ts: threadTs ?? found.ts,
        publishTs: row.publishTs,
        event: row.event,
      });
    }
    stats.reconciled += siblings.length;
    return siblings.map((r) => r.id);
  }

  async function deliverOne(row: OutboxRow): Promise<void> {
    const key = keyOf(row);
    const now = clock();
    await store.markPosting([row.id], key, now);
    const meta = metadata(ALERT_EVENT_TYPE, {
      event_uuid: row.eventUuid,
      publish_timestamp: row.publishTs,
      delivery_key: key,
    });
    const original = await store.getMessage(row.eventUuid, row.channelId);
    if (original && original.publishTs >= row.publishTs) {
      // An older version arriving late: the channel already shows this one or a newer one.
      await store.markPosted([row.id], original.ts, clock());
      return;
    }
    if (original) {
      let updated = true;
      try {
        const card = alertCard(row.event, { mispUrl: options.mispUrl, updatedAt: new Date(row.publishTs * 1000) });
        await withReduced(row.channelId, card, (m) =>
          client.chat.update({ channel: row.channelId, ts: original.ts, text: m.text, blocks: m.blocks }),
        );
      } catch (error) {
        const f = classifySlackError(error);
        if (
          f.kind !== 'rejected' ||
          !['message_not_found', 'cant_update_message', 'edit_window_closed'].includes(f.reason)
        )
          throw error;
        updated = false;
      }
      if (updated) {
        const ts = await post(
          row.channelId,
          changeSummary(withPolicyTlp(original.event, policy), row.event),
          meta,
          original.ts,
        );
        await options.afterPost?.([row], ts);
        await store.markPosted([row.id], ts, clock());
        await store.saveMessage({
          eventUuid: row.eventUuid,
          channelId: row.channelId,
          ts: original.ts,
          publishTs: row.publishTs,
          event: row.event,
        });
        stats.updated += 1;
        return;
      }
    }
    const ts = await post(row.channelId, alertCard(row.event, { mispUrl: options.mispUrl }), meta);
    await options.afterPost?.([row], ts);
    await store.markPosted([row.id], ts, clock());
    await store.saveMessage({
      eventUuid: row.eventUuid,
      channelId: row.channelId,
      ts,
      publishTs: row.publishTs,
      event: row.event,
    });
    stats.posted += 1;
  }

  async function deliverDigest(rows: OutboxRow[]): Promise<void> {
    const key = `digest:${randomUUID()}`;
    await store.markPosting(
      rows.map((r) => r.id),
      key,
      clock(),
    );
    const message = digestMessage(
      rows.map((r) => r.event),
      { mispUrl: options.mispUrl },
    );
    const ts = await post(
      rows[0]?.channelId ?? '',
      message,
      metadata(DIGEST_EVENT_TYPE, { delivery_key: key, count: rows.length }),
    );
    await options.afterPost?.(rows, ts);
    await store.markPosted(
      rows.map((r) => r.id),
      ts,
      clock(),
    );
    stats.digests += 1;
    stats.posted += rows.length;
  }

  async function serve(claim: ChannelClaim): Promise<number> {
    const channel = claim.channelId;
    // Every row's TLP is decided here with this process's policy, whatever was stored with it.
    for (const row of claim.rows) row.event = withPolicyTlp(row.event, policy);
    // Claimed up to `ahead` ms early: everything before the post is prepared, then it waits.
    let nextPostAt = claim.notBefore;
    // 1. Rows whose last attempt has an unknown outcome: find them in the channel first.
    const pending: OutboxRow[] = [];
    const settled = new Set<number>();
    // One search per delivery key: a digest's rows all carry the same one.
    const foundByKey = new Map<string, boolean>();
    for (const row of claim.rows) {
      if (row.state !== 'posting') {
        pending.push(row);
        continue;
      }
      if (settled.has(row.id)) continue;
      const key = row.deliveryKey;
      if (key && foundByKey.has(key)) {
        if (!foundByKey.get(key)) pending.push(row);
        continue;
      }
      try {
        const ids = await reconcile(claim, row);
        if (key) foundByKey.set(key, ids !== undefined);
        if (ids) for (const id of ids) settled.add(id);
        else pending.push(row);
      } catch (error) {
        const outcome = await fail([row], error, clock());
        if (outcome.stop) return outcome.nextPostAt ?? nextPostAt;
      }
    }
    if (pending.length === 0) return nextPostAt;

    // 2. The TLP gate, with the channel's kind from Slack (stored for kindTtl, forgotten when Slack
    //    says the channel was shared or unshared).
    const sub = await store.getSubscription(channel);
    if (!sub) {
      await store.markFailed(
        pending.map((r) => r.id),
        'channel unsubscribed',
        clock(),
      );
      return nextPostAt;
    }
    let kind: ConversationKind;
    try {
      kind = await channelKind(claim);
    } catch (error) {
      const outcome = await fail(pending, error, clock());
      return outcome.nextPostAt ?? nextPostAt;
    }
    const allowed: OutboxRow[] = [];
    for (const row of pending) {
      if (mayDeliver(row.event, kind, sub, policy)) allowed.push(row);
      else {
        stats.withheld += 1;
        await store.markWithheld(
          [row.id],
          `${tlpLabel(row.event.tlp)} is above this ${kind} channel's ceiling`,
          clock(),
        );
      }
    }
    if (allowed.length === 0) return nextPostAt;

    // 3. A burst becomes one digest; otherwise one message per alert, paced.
    if (claim.pendingDue > burstThreshold && allowed.length > 1) {
      const batch = allowed.slice(0, digestMax);
      await sleep(nextPostAt - clock());
      // Stopping: leave the rows pending rather than post ahead of the channel's slot.
      if (stop.signal.aborted) return nextPostAt;
      const sentAt = clock();
      try {
        await deliverDigest(batch);
      } catch (error) {
        const outcome = await fail(batch, error, clock());
        return outcome.nextPostAt ?? clock() + interval;
      }
      return following(nextPostAt, sentAt);
    }
    let first = true;
    for (const row of allowed.slice(0, perClaim)) {
      await sleep(nextPostAt - clock());
      if (stop.signal.aborted) break;
      if (!first && !(await store.renewChannel(channel, owner, clock() + leaseMs))) break;
      first = false;
      const sentAt = clock();
      try {
        await deliverOne(row);
        nextPostAt = following(nextPostAt, sentAt);
      } catch (error) {
        const outcome = await fail([row], error, clock());
        if (outcome.stop) return outcome.nextPostAt ?? clock() + interval;
        nextPostAt = clock() + interval;
      }
    }
    return nextPostAt;
  }

  async function runOnce(): Promise<boolean> {
    const claim = await store.claimChannel({
      owner,
      now: clock(),
      leaseMs,
      limit: Math.max(digestMax, perClaim),
      aheadMs: ahead,
    });
    if (!claim) return false;
    let nextPostAt = clock() + interval;
    try {
      nextPostAt = await serve(claim);
    } finally {
      await store
        .releaseChannel(claim.channelId, owner, nextPostAt)
        .catch((error) => options.onError?.(error, { channel: claim.channelId }));
    }
    return true;
  }

  async function worker(): Promise<void> {
    while (running) {
      let worked = false;
      try {
        worked = await runOnce();
      } catch (error) {
        options.onError?.(error, {});
      }
      if (!worked) await idle();
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      for (let i = 0; i < concurrency; i++) workers.push(worker());
    },
    async stop() {
      running = false;
      stop.abort();
      await Promise.all(workers.splice(0));
    },
    runOnce,
    wake() {
      wakeUp.abort();
      wakeUp = new AbortController();
    },
    forgetChannel: (channelId) => store.setChannelKind(channelId, undefined, 0),
    stats: () => ({ ...stats }),
  };
}
