// Per-user token bucket on /intel: `burst` lookups at once, refilled at `perMinute`. In memory,
// which is right for one process; issue 6 moves shared limits into the store for replicas.
export interface RateLimitDecision {
  allowed: boolean;
  /** Seconds until one more lookup is allowed (0 when allowed). */
  retryAfterSeconds: number;
}

export interface RateLimiter {
  take(key: string): RateLimitDecision;
}

export function createRateLimiter(options: { burst: number; perMinute: number; now?: () => number }): RateLimiter {
  const now = options.now ?? Date.now;
  const perMs = options.perMinute / 60_000;
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(key) {
      const t = now();
      const bucket = buckets.get(key) ?? { tokens: options.burst, at: t };
      bucket.tokens = Math.min(options.burst, bucket.tokens + (t - bucket.at) * perMs);
      bucket.at = t;
      buckets.set(key, bucket);
      if (buckets.size > 10_000) {
        // Forget full buckets so the map cannot grow without bound.
        for (const [k, b] of buckets) if (b.tokens >= options.burst && k !== key) buckets.delete(k);
      }
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { allowed: true, retryAfterSeconds: 0 };
      }
      return { allowed: false, retryAfterSeconds: Math.ceil((1 - bucket.tokens) / perMs / 1000) };
    },
  };
}
