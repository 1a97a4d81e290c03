// Named retry policies. Only idempotent calls are retried by default: the ones the spec marks
// `x-mispkit.idempotent` (reads: GET, HEAD, and the POSTs that only search or check). Backoff is
// capped exponential with full jitter; Retry-After (seconds or HTTP date) is honoured up to
// `maxRetryAfterMs`.

export interface RetryEvent {
  /** 1 for the first retry. */
  attempt: number;
  delayMs: number;
  /** The HTTP status that triggered the retry, or 'network' for a failed connection. */
  reason: number | 'network';
  method: string;
  url: string;
}

export interface RetryPolicy {
  readonly maxRetries: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the call fails with MispRateLimitError at once. */
  readonly maxRetryAfterMs: number;
  /** HTTP statuses that are retried. */
  readonly retryOn: readonly number[];
  readonly retryNetworkErrors: boolean;
  /** Also retry writes (POSTs that change data). Off by default: MISP has no idempotency keys. */
  readonly retryWrites: boolean;
  /** Called before each retry's wait; for logging (the SDK itself never logs). */
  readonly onRetry?: ((event: RetryEvent) => void) | undefined;
  /** Source of randomness for jitter, in [0, 1). */
  readonly random?: (() => number) | undefined;
}

export type RetryPolicyOptions = Partial<RetryPolicy>;

const DEFAULTS: RetryPolicy = {
  maxRetries: 3,
  baseDelayMs: 300,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
  retryOn: [429, 502, 503, 504],
  retryNetworkErrors: true,
  retryWrites: false,
};

export function retryPolicy(options: RetryPolicyOptions = {}): RetryPolicy {
  const policy = { ...DEFAULTS, ...options };
  for (const key of ['maxRetries', 'baseDelayMs', 'maxDelayMs', 'maxRetryAfterMs'] as const) {
    const value = policy[key];
    if (!Number.isFinite(value) || value < 0) throw new RangeError(`retryPolicy: ${key} must be a number ≥ 0`);
  }
  return Object.freeze({ ...policy, retryOn: Object.freeze([...policy.retryOn]) });
}

/** 3 retries of idempotent calls on 429/502/503/504 and network errors. */
export const defaultRetry: RetryPolicy = retryPolicy();

/** Never retries. */
export const noRetry: RetryPolicy = retryPolicy({ maxRetries: 0 });

/** Full jitter: a uniform wait in [0, min(maxDelayMs, baseDelayMs · 2^(attempt-1))). */
export function backoffDelay(policy: RetryPolicy, attempt: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  const random = policy.random ?? Math.random;
  return Math.floor(random() * ceiling);
}
