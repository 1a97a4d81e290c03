// The alert pipeline's data: what an event looks like once normalised from MISP, what a channel
// subscribed to, and one outbox row per (event uuid, publish timestamp, channel).
import type { Tlp } from '../tlp.js';

/** MISP threat levels: 1 High, 2 Medium, 3 Low, 4 Undefined. */
export type ThreatLevel = 1 | 2 | 3 | 4;

export interface AlertIndicator {
  type: string;
  value: string;
  toIds: boolean;
}

/** A published MISP event reduced to what matching and the alert card need. */
export interface AlertEvent {
  uuid: string;
  id: string;
  info: string;
  date: string;
  threatLevel: ThreatLevel;
  /** Epoch seconds of the last publication (MISP server clock). */
  publishTimestamp: number;
  published: boolean;
  org: string;
  tags: string[];
  /** Galaxy clusters as `Galaxy name: cluster value`. */
  galaxies: string[];
  attributeCount: number;
  attributeCounts: Record<string, number>;
  /** A few indicators worth showing (to_ids first), raw; the card defangs them. */
  indicators: AlertIndicator[];
  /** Every TLP tag (known or not) of the event and its live attributes; absent on rows stored by older versions. */
  tlpTags?: string[];
  /**
   * Strictest TLP across the event and its attributes (the policy default when untagged), as
   * decided when the event was read; the sender decides again with its policy (see `alertTlp`).
   */
  tlp: Tlp;
  /** Attribute values, for the warninglist check of the default rule (capped). */
  values: string[];
  /** True when every attribute value is on a warninglist (set by the source before matching). */
  allWarninglisted?: boolean;
}

export interface SubscriptionFilters {
  /** Alerts for this threat level and more severe (1 = High only; 4 = any). */
  minThreat: ThreatLevel;
  includeTags: string[];
  excludeTags: string[];
  orgs: string[];
  /** A ceiling stricter than the channel kind allows; `undefined` = the kind's ceiling. */
  tlpCeiling?: Tlp | undefined;
}

export interface Subscription extends SubscriptionFilters {
  channelId: string;
  createdBy: string;
  createdAt: number;
}

export const OUTBOX_STATES = ['pending', 'posting', 'posted', 'failed', 'withheld'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

export interface NewOutboxRow {
  eventUuid: string;
  publishTs: number;
  channelId: string;
  state: 'pending' | 'withheld' | 'failed';
  event: AlertEvent;
  lastError?: string | undefined;
}

export interface OutboxRow {
  id: number;
  eventUuid: string;
  publishTs: number;
  channelId: string;
  state: OutboxState;
  attempts: number;
  /** Epoch ms. */
  nextAttemptAt: number;
  slackTs?: string | undefined;
  lastError?: string | undefined;
  /** The metadata key the last post attempt carried; used to find it again after a crash. */
  deliveryKey?: string | undefined;
  event: AlertEvent;
  createdAt: number;
  updatedAt: number;
}

/** The message an event was first posted as in a channel; a republish updates it. */
export interface AlertMessage {
  eventUuid: string;
  channelId: string;
  ts: string;
  publishTs: number;
  event: AlertEvent;
}

export interface ChannelClaim {
  channelId: string;
  /** Due rows, oldest first: `posting` ones (to reconcile) and `pending` ones, up to the limit. */
  rows: OutboxRow[];
  /** All due pending rows in the channel (may exceed `rows.length`). */
  pendingDue: number;
  /** Epoch ms before which nothing may be posted in the channel (its pacing). */
  notBefore: number;
  /** The channel's kind (public, private, shared…) as last read from Slack, shared by all replicas. */
  kind?: string | undefined;
  /** Epoch ms of that reading (0: never, or forgotten). */
  kindCheckedAt: number;
}

export type OutboxCounts = Record<OutboxState, number>;
