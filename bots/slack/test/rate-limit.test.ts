import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../src/rate-limit.js';

describe('createRateLimiter', () => {
  it('allows a burst, then refuses with a retry time, then refills', () => {
    let t = 0;
    const limiter = createRateLimiter({ burst: 3, perMinute: 6, now: () => t });
    expect([1, 2, 3].map(() => limiter.take('U1').allowed)).toEqual([true, true, true]);
    expect(limiter.take('U1')).toEqual({ allowed: false, retryAfterSeconds: 10 });
    expect(limiter.take('U2').allowed).toBe(true);
    t += 10_000;
    expect(limiter.take('U1').allowed).toBe(true);
  });
});
