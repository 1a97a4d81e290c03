// The bot's state behind one interface. SQLite implements it today (sqlite.ts); the alerts work
// (issue 6) adds a PostgreSQL implementation and its own tables (subscriptions, outbox, cursor)
// behind the same shape, so every method is async even where SQLite would not need it.
import type { IndicatorRef } from '../lookup/types.js';
import type { ChannelInfo, Tlp } from '../tlp.js';

/** The indicators of one answer, so buttons on it can find them again (show more, share, sightings). */
export interface StoredLookup {
  id: string;
  userId: string;
  channelId: string;
  indicators: IndicatorRef[];
  /** Indicators dropped because the request had more than the maximum. */
  cut: number;
  createdAt: number;
  /**
   * Indices of the cards shared in `channelId` ("Share in channel"). A button on an in-channel
   * message may act only on these; everything else is the requester's alone (see lookupForClick).
   */
  shared?: number[] | undefined;
}

/** One audit record (reference conventions §D4). Never holds tokens or response_url. */
export interface AuditRecord {
  at: number;
  teamId?: string | undefined;
  userId: string;
  channelId: string;
  /** `lookup`, `share`, `sighting`, `false_positive`, `expired`, `refused`. */
  action: string;
  /** `ephemeral` or `in_channel`. */
  visibility: 'ephemeral' | 'in_channel' | 'none';
  /** Conversation kind the answer went to. */
  conversation: string;
  /** Indicators, defanged. */
  indicators: string[];
  disclosed: { indicator: string; verdict: string; events: string[]; maxTlp?: Tlp | undefined }[];
  withheld: Partial<Record<Tlp, number>>;
  outcome: 'ok' | 'error' | 'refused';
  error?: string | undefined;
  latencyMs?: number | undefined;
  requestId?: string | undefined;
}

export interface Store {
  saveLookup(lookup: StoredLookup): Promise<void>;
  getLookup(id: string): Promise<StoredLookup | undefined>;
  appendAudit(record: AuditRecord): Promise<void>;
  /** Newest first. */
  listAudit(options?: { limit?: number }): Promise<AuditRecord[]>;
  /**
   * Records a request key (e.g. a Slack signature) for `ttlSeconds`; false if it was already
   * there and not expired, i.e. the request is a replay.
   */
  rememberRequest(key: string, ttlSeconds: number, nowSeconds: number): Promise<boolean>;
  /**
   * What `conversations.info` said about a channel, and when (epoch ms): the TLP check's cache,
   * shared by every replica on the same database so forgetting it works for all of them.
   */
  getChannelInfo(channelId: string): Promise<{ info: ChannelInfo; checkedAt: number } | undefined>;
  saveChannelInfo(channelId: string, info: ChannelInfo, checkedAt: number): Promise<void>;
  forgetChannelInfo(channelId: string): Promise<void>;
  /** Deletes expired lookups and replay keys. */
  prune(nowSeconds: number, lookupTtlSeconds: number): Promise<void>;
  close(): Promise<void>;
}
