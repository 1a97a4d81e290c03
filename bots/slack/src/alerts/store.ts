// State of the alert pipeline behind one interface, implemented on SQLite (one process, or
// several on one machine sharing a file) and on PostgreSQL (replicas). Both pass the same suite
// (test/alerts/store-suite.ts). Every write that matters for exactly-once is conditional or
// protected by a unique key, so a replica that lost its lease cannot double-deliver.
import type { AlertMessage, ChannelClaim, NewOutboxRow, OutboxCounts, Subscription } from './types.js';

export interface ClaimOptions {
  /** Who claims (one id per process); the channel is leased to it. */
  owner: string;
  /** Epoch ms. */
  now: number;
  /** How long the channel stays leased if the owner dies without releasing it. */
  leaseMs: number;
  /** Most rows returned. */
  limit: number;
  /**
   * Also claim a channel whose next post is due within this many ms (default 0), so the claimer
   * can prepare the post and send it exactly on time (see ChannelClaim.notBefore).
   */
  aheadMs?: number;
}

export interface AlertStore {
  readonly kind: 'sqlite' | 'postgres';

  upsertSubscription(sub: Subscription): Promise<void>;
  /** True if there was one. */
  removeSubscription(channelId: string): Promise<boolean>;
  getSubscription(channelId: string): Promise<Subscription | undefined>;
  listSubscriptions(): Promise<Subscription[]>;

  /** The poll cursor (epoch seconds, MISP clock) or undefined before the first poll. */
  getCursor(): Promise<number | undefined>;
  /** Moves the cursor forward only (a stale replica cannot move it back). */
  advanceCursor(publishTs: number): Promise<void>;

  /**
   * Inserts rows, ignoring any whose (event uuid, publish timestamp, channel) exists already.
   * Returns how many were new.
   */
  enqueue(rows: NewOutboxRow[], now: number): Promise<number>;

  /** Leases one channel with due rows whose pacing allows a post now, and returns its rows. */
  claimChannel(options: ClaimOptions): Promise<ChannelClaim | undefined>;
  /**
   * The earliest time (epoch ms) claimChannel could return a channel, given pacing, leases and
   * due rows; undefined when no channel has open rows. Lets idle senders sleep exactly that long.
   */
  nextClaimAt(): Promise<number | undefined>;
  /** Gives the channel back; the next post there may happen at `nextPostAt` (epoch ms). */
  releaseChannel(channelId: string, owner: string, nextPostAt: number): Promise<void>;
  /**
   * Remembers the channel's kind read from Slack (every replica's claims see it), or forgets it
   * (`kind` undefined: the channel was shared or unshared, so the next post asks Slack again).
   */
  setChannelKind(channelId: string, kind: string | undefined, checkedAt: number): Promise<void>;
  /** Extends the owner's lease on a channel; false if the lease was lost. */
  renewChannel(channelId: string, owner: string, until: number): Promise<boolean>;

  /** Before a post: remembers the metadata key the message will carry; counts an attempt. */
  markPosting(ids: number[], deliveryKey: string, now: number): Promise<void>;
  markPosted(ids: number[], slackTs: string, now: number): Promise<void>;
  /** Back to `pending` (definitely not posted) or stays `posting` (outcome unknown) until `nextAttemptAt`. */
  reschedule(
    ids: number[],
    nextAttemptAt: number,
    error: string,
    state: 'pending' | 'posting',
    now: number,
  ): Promise<void>;
  markFailed(ids: number[], error: string, now: number): Promise<void>;
  markWithheld(ids: number[], reason: string, now: number): Promise<void>;
  /** Stops delivering to a channel (bot removed, archived, deleted): fails its open rows. */
  disableChannel(channelId: string, reason: string, now: number): Promise<void>;
  /** Resumes a disabled channel (after re-subscribing). */
  enableChannel(channelId: string): Promise<void>;
  /** Why a channel is disabled, if it is. */
  channelDisabled(channelId: string): Promise<string | undefined>;

  getMessage(eventUuid: string, channelId: string): Promise<AlertMessage | undefined>;
  saveMessage(message: AlertMessage): Promise<void>;

  counts(): Promise<OutboxCounts>;
  /** Rows for tests, the bench and operators, oldest first. */
  listOutbox(filter?: { channelId?: string; state?: string }): Promise<import('./types.js').OutboxRow[]>;

  /**
   * Poller leadership. True while `owner` holds it. SQLite: a row with an expiry renewed on every
   * call. PostgreSQL: a session advisory lock on a dedicated connection, released by the server
   * the moment that connection dies.
   */
  acquireLease(owner: string, now: number, ttlMs: number): Promise<boolean>;
  releaseLease(owner: string): Promise<void>;
  /** Owners of unexpired leases (the poller's and channels'). */
  leaseOwners(now: number): Promise<string[]>;
  /** Drops every lease `owner` holds (it is known to be dead): its channels are claimable at once. */
  releaseOwner(owner: string): Promise<void>;

  close(): Promise<void>;
}

export interface OpenAlertStoreOptions {
  /** PostgreSQL schema for the tables (default `public`); created if missing. */
  schema?: string;
}

/** Opens the store named by MISPKIT_DATABASE: a `postgres://` URL or a SQLite file path. */
export async function openAlertStore(location: string, options: OpenAlertStoreOptions = {}): Promise<AlertStore> {
  if (/^postgres(ql)?:\/\//i.test(location)) {
    const { openPostgresAlertStore } = await import('./store-postgres.js');
    return openPostgresAlertStore(location, options);
  }
  const { openSqliteAlertStore } = await import('./store-sqlite.js');
  return openSqliteAlertStore(location);
}
