import { describe, expect, it } from 'vitest';
import { CircuitBreaker, fullJitter } from '../../src/alerts/backoff.js';
import { classifySlackError } from '../../src/alerts/slack-errors.js';

describe('backoff and circuit breaker', () => {
  it('draws full-jitter delays between 0 and the capped exponential', () => {
    expect(fullJitter(0, 100, 10_000, () => 0.999)).toBe(99);
    expect(fullJitter(3, 100, 10_000, () => 0.5)).toBe(400);
    expect(fullJitter(20, 100, 10_000, () => 0.999)).toBe(9990);
    expect(fullJitter(5, 100, 10_000, () => 0)).toBe(0);
  });

  it('opens after the threshold, lets one probe through after the reset time, and closes on success', () => {
    let now = 0;
    const b = new CircuitBreaker({ threshold: 3, resetMs: 1000 }, () => now);
    b.failure();
    b.failure();
    expect(b.state).toBe('closed');
    b.failure();
    expect(b.state).toBe('open');
    expect(b.allows()).toBe(false);
    now = 999;
    expect(b.waitMs()).toBe(1);
    now = 1000;
    expect(b.state).toBe('half-open');
    b.failure();
    expect(b.state).toBe('open');
    now = 2000;
    b.success();
    expect(b.state).toBe('closed');
    expect(b.consecutiveFailures).toBe(0);
  });
});

describe('classifying Slack errors', () => {
  it('separates rate limits, gone channels, rejections and unknown outcomes', () => {
    expect(classifySlackError({ code: 'slack_webapi_rate_limited_error', retryAfter: 3 })).toMatchObject({
      kind: 'rate_limited',
      retryAfterMs: 3000,
    });
    expect(classifySlackError({ code: 'slack_webapi_platform_error', data: { error: 'is_archived' } })).toMatchObject({
      kind: 'channel_gone',
    });
    expect(
      classifySlackError({ code: 'slack_webapi_platform_error', data: { error: 'invalid_blocks' } }),
    ).toMatchObject({ kind: 'rejected', transient: false });
    expect(
      classifySlackError({ code: 'slack_webapi_platform_error', data: { error: 'internal_error' } }),
    ).toMatchObject({ kind: 'rejected', transient: true });
    expect(classifySlackError({ code: 'slack_webapi_http_error', statusCode: 503 })).toMatchObject({
      kind: 'ambiguous',
      reason: 'http_503',
    });
    expect(classifySlackError(new Error('socket hang up'))).toMatchObject({ kind: 'ambiguous' });
  });
});
