/**
 * Web API rate limits. Slack documents `chat.postMessage` as about one message per second per
 * channel with short bursts tolerated; over the limit it answers HTTP 429 with `Retry-After`.
 * Modelled as a token bucket per (method, channel).
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
  private readonly buckets = new Map<string, { tokens: number; updatedMs: number }>();
  private forced: Required<ForcedRateLimit>[] = [];

  constructor(
    options: RateLimitOptions = {},
    private readonly now: () => number = Date.now,
  ) {
    this.postMessage = options.chatPostMessage === undefined ? DEFAULT_POST_MESSAGE_LIMIT : options.chatPostMessage;
  }

  configure(options: RateLimitOptions): void {
    if (options.chatPostMessage !== undefined) this.postMessage = options.chatPostMessage;
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
    if (method !== 'chat.postMessage' || !this.postMessage || channel === undefined) return { limited: false };
    return this.take(`${method}:${channel}`, this.postMessage);
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
