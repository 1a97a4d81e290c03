// Named retry policies. Only read-only calls are retried by default: GET, and the POSTs that
// search or check without writing (see READ_ONLY_POSTS). Backoff is capped exponential with
// full jitter; Retry-After (seconds or HTTP date) is honoured up to `maxRetryAfterMs`.

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

/** 3 retries of read-only calls on 429/502/503/504 and network errors. */
export const defaultRetry: RetryPolicy = retryPolicy();

/** Never retries. */
export const noRetry: RetryPolicy = retryPolicy({ maxRetries: 0 });

/** Full jitter: a uniform wait in [0, min(maxDelayMs, baseDelayMs · 2^(attempt-1))). */
export function backoffDelay(policy: RetryPolicy, attempt: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  const random = policy.random ?? Math.random;
  return Math.floor(random() * ceiling);
}

// POST operations that only read. Paths are matched case-insensitively after the base URL,
// without a `.json` suffix, in both camelCase and snake_case controller spellings.
const READ_ONLY_POSTS: readonly RegExp[] = [
  /^\/(attributes|events|objects)\/restsearch(\/|$)/,
  /^\/sightings\/restsearch(\/|$)/,
  /^\/events\/index(\/|$)/,
  /^\/warninglists\/checkvalue(\/|$)/,
  /^\/tags\/search(\/|$)/,
  /^\/galaxies\/index(\/|$)/,
  /^\/galaxy_?clusters\/(index|restsearch)(\/|$)/,
];

/** True when a request cannot change MISP data, so repeating it is safe. */
export function isReadOnlyRequest(method: string, path: string): boolean {
  const upper = method.toUpperCase();
  if (upper === 'GET' || upper === 'HEAD' || upper === 'OPTIONS') return true;
  if (upper !== 'POST') return false;
  const normalised = path.toLowerCase().replace(/\.json$/, '');
  return READ_ONLY_POSTS.some((re) => re.test(normalised));
}
