/**
 * MISP's RateLimitComponent, in memory: only attributes/restSearch and events/restSearch are
 * limited, per user, in a 900-second window opened by the first call; site admins are exempt.
 */
export const RATE_LIMITED_PATHS = new Set(['/attributes/restSearch', '/events/restSearch']);
const WINDOW_SECONDS = 900;

export interface RateDecision {
  allowed: boolean;
  headers: Record<string, string>;
}

export class RateLimiter {
  private readonly windows = new Map<number, { start: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly clock: () => number = Date.now,
  ) {}

  check(userId: number, nowSeconds = Math.floor(this.clock() / 1000)): RateDecision {
    let window = this.windows.get(userId);
    if (!window || nowSeconds - window.start >= WINDOW_SECONDS) {
      window = { start: nowSeconds, count: 0 };
      this.windows.set(userId, window);
    }
    const allowed = window.count < this.limit;
    if (allowed) window.count += 1;
    const reset = window.start + WINDOW_SECONDS - nowSeconds;
    return {
      allowed,
      headers: {
        'X-Rate-Limit-Limit': String(this.limit),
        'X-Rate-Limit-Remaining': String(Math.max(0, this.limit - window.count)),
        'X-Rate-Limit-Reset': String(reset),
        ...(allowed ? {} : { 'Retry-After': String(reset) }),
      },
    };
  }
}
