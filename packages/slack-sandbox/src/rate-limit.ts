/**
 * Web API rate limits, as token buckets. Slack documents `chat.postMessage` as about one message
 * per second per channel with short bursts tolerated, and every other method by tier: a number of
 * calls per minute per method per workspace (Tier 2: 20+, Tier 3: 50+, Tier 4: 100+), bursts
 * allowed. Over the limit it answers HTTP 429 with `Retry-After`. A tier's bucket holds one
 * minute's calls, refilled evenly.
 */

export interface BucketLimit {
  /** Sustained rate. */
  perSecond: number;
  /** Requests allowed back to back before the sustained rate applies. */
  burst: number;
}

export interface RateLimitOptions {
  /** `chat.postMessage` per channel; `false` disables it. Default `{ perSecond: 1, burst: 5 }`. */
  chatPostMessage?: BucketLimit | false;
  /** Per-method tier limits (METHOD_TIERS) across the workspace; `false` disables them. Default on. */
  tiers?: boolean;
}

/** Slack's documented tier of the methods the sandbox serves (chat.postMessage is special, above). */
export const METHOD_TIERS: Readonly<Record<string, 2 | 3 | 4>> = {
  'chat.delete': 3,
  'chat.getPermalink': 4,
  'chat.postEphemeral': 4,
  'chat.update': 3,
  'conversations.history': 3,
  'conversations.info': 3,
  'conversations.list': 2,
  'conversations.replies': 3,
  'users.conversations': 3,
  'users.info': 4,
  'views.open': 4,
  'views.publish': 4,
  'views.update': 4,
};

const PER_MINUTE = { 2: 20, 3: 50, 4: 100 } as const;

export function tierLimit(tier: 2 | 3 | 4): BucketLimit {
  return { perSecond: PER_MINUTE[tier] / 60, burst: PER_MINUTE[tier] };
}

export interface ForcedRateLimit {
  /** Web API method name, e.g. `chat.postMessage`, or `*` for every method. */
  method: string;
  /** Seconds sent in `Retry-After`. Default 1. */
  retryAfter?: number;
  /** How many calls to reject. Default 1. */
  times?: number;
}

export type RateLimitDecision = { limited: false } | { limited: true; retryAfter: number };

export const DEFAULT_POST_MESSAGE_LIMIT: BucketLimit = { perSecond: 1, burst: 5 };

export class RateLimiter {
  private postMessage: BucketLimit | false;
  private tiers: boolean;
  private readonly buckets = new Map<string, { tokens: number; updatedMs: number }>();
  private forced: Required<ForcedRateLimit>[] = [];

  constructor(
    options: RateLimitOptions = {},
    private readonly now: () => number = Date.now,
  ) {
    this.postMessage = options.chatPostMessage === undefined ? DEFAULT_POST_MESSAGE_LIMIT : options.chatPostMessage;
    this.tiers = options.tiers ?? true;
  }

  configure(options: RateLimitOptions): void {
    if (options.chatPostMessage !== undefined) this.postMessage = options.chatPostMessage;
    if (options.tiers !== undefined) this.tiers = options.tiers;
    this.buckets.clear();
  }

  force(limit: ForcedRateLimit): void {
    this.forced.push({ retryAfter: 1, times: 1, ...limit });
  }

  clearForced(): void {
    this.forced = [];
  }

  check(method: string, channel: string | undefined): RateLimitDecision {
    const forced = this.forced.find((f) => f.method === method || f.method === '*');
    if (forced) {
      forced.times -= 1;
      if (forced.times <= 0) this.forced = this.forced.filter((f) => f !== forced);
      return { limited: true, retryAfter: forced.retryAfter };
    }
    if (method === 'chat.postMessage') {
      if (!this.postMessage || channel === undefined) return { limited: false };
      return this.take(`${method}:${channel}`, this.postMessage);
    }
    const tier = METHOD_TIERS[method];
    if (!this.tiers || tier === undefined) return { limited: false };
    return this.take(method, tierLimit(tier));
  }

  private take(key: string, limit: BucketLimit): RateLimitDecision {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: limit.burst, updatedMs: now };
    bucket.tokens = Math.min(limit.burst, bucket.tokens + ((now - bucket.updatedMs) / 1000) * limit.perSecond);
    bucket.updatedMs = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { limited: false };
    }
    const retryAfter = Math.max(1, Math.ceil((1 - bucket.tokens) / limit.perSecond));
    return { limited: true, retryAfter };
  }
}
