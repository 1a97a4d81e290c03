import { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { METHOD_TIERS, type SlackSandbox, startSlackSandbox } from '../src/index.js';
import { RateLimiter } from '../src/rate-limit.js';

let slack: SlackSandbox | undefined;
// The sandbox's clock stands still unless a test moves it, so buckets refill only when a test says so.
let now = 0;
const clock = () => now;
beforeEach(() => {
  now = 0;
});
afterEach(async () => {
  await slack?.close();
  slack = undefined;
});

describe('chat.postMessage rate limit', () => {
  it('answers 429 ratelimited with Retry-After once the per-channel burst is spent', async () => {
    slack = await startSlackSandbox({ clock, rateLimits: { chatPostMessage: { perSecond: 0.01, burst: 2 } } });
    const post = (channel: string) =>
      fetch(`${slack!.apiUrl}chat.postMessage`, {
        method: 'POST',
        headers: { authorization: `Bearer ${slack!.botToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ channel, text: 'alert' }),
      });
    expect((await post('C0SOC')).status).toBe(200);
    expect((await post('C0SOC')).status).toBe(200);
    const limited = await post('C0SOC');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await limited.json()).toEqual({ ok: false, error: 'ratelimited' });
    // Other channels have their own budget.
    expect((await post('C0SOCALERTS')).status).toBe(200);
    expect(slack.messages('C0SOC')).toHaveLength(2);
  });

  it('surfaces as WebAPIRateLimitedError with retryAfter in the official client', async () => {
    slack = await startSlackSandbox();
    slack.forceRateLimit({ method: 'chat.postMessage', retryAfter: 7 });
    const client = new WebClient(slack.botToken, {
      slackApiUrl: slack.apiUrl,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
    });
    await expect(client.chat.postMessage({ channel: 'C0SOC', text: 'x' })).rejects.toMatchObject({
      code: 'slack_webapi_rate_limited_error',
      retryAfter: 7,
    });
    await expect(client.chat.postMessage({ channel: 'C0SOC', text: 'x' })).resolves.toMatchObject({ ok: true });
  });

  it('can be disabled at runtime', async () => {
    slack = await startSlackSandbox({ clock, rateLimits: { chatPostMessage: { perSecond: 0.01, burst: 1 } } });
    const client = new WebClient(slack.botToken, {
      slackApiUrl: slack.apiUrl,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
    });
    await client.chat.postMessage({ channel: 'C0SOC', text: '1' });
    await expect(client.chat.postMessage({ channel: 'C0SOC', text: '2' })).rejects.toMatchObject({
      retryAfter: expect.any(Number),
    });
    slack.setRateLimit({ chatPostMessage: false });
    await expect(client.chat.postMessage({ channel: 'C0SOC', text: '3' })).resolves.toMatchObject({ ok: true });
  });
});

describe('method tiers', () => {
  it('limits conversations.info to Tier 3 (50 a minute) across all channels, with 429 and Retry-After', async () => {
    slack = await startSlackSandbox({ clock });
    const client = new WebClient(slack.botToken, {
      slackApiUrl: slack.apiUrl,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
    });
    for (let i = 0; i < 50; i++) await client.conversations.info({ channel: i % 2 ? 'C0SOC' : 'C0SOCALERTS' });
    await expect(client.conversations.info({ channel: 'C0RANDOM' })).rejects.toMatchObject({
      code: 'slack_webapi_rate_limited_error',
      retryAfter: 2, // one call refills every 1.2 s
    });
    // Each method has its own budget.
    await expect(client.users.info({ user: 'U0ALICE' })).resolves.toMatchObject({ ok: true });
    expect(METHOD_TIERS['conversations.info']).toBe(3);
    now += 1200;
    await expect(client.conversations.info({ channel: 'C0RANDOM' })).resolves.toMatchObject({ ok: true });
    await expect(client.conversations.info({ channel: 'C0RANDOM' })).rejects.toMatchObject({
      code: 'slack_webapi_rate_limited_error',
    });
  });

  it('can be turned off, as the CLI does with --no-rate-limit', async () => {
    slack = await startSlackSandbox({ rateLimits: { tiers: false } });
    const client = new WebClient(slack.botToken, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
    for (let i = 0; i < 120; i++) await client.conversations.info({ channel: 'C0SOC' });
    expect(slack.apiCalls()['conversations.info']).toBe(120);
  });
});

describe('RateLimiter', () => {
  it('refills a tier at its per-minute rate', () => {
    const limiter = new RateLimiter({}, clock);
    for (let i = 0; i < 20; i++) expect(limiter.check('conversations.list', undefined).limited).toBe(false);
    expect(limiter.check('conversations.list', undefined)).toEqual({ limited: true, retryAfter: 3 });
    now = 3000; // Tier 2: one call every 3 s
    expect(limiter.check('conversations.list', undefined)).toEqual({ limited: false });
    expect(limiter.check('auth.test', undefined)).toEqual({ limited: false });
  });

  it('refills at the sustained rate', () => {
    const limiter = new RateLimiter({ chatPostMessage: { perSecond: 1, burst: 1 } }, clock);
    expect(limiter.check('chat.postMessage', 'C1')).toEqual({ limited: false });
    expect(limiter.check('chat.postMessage', 'C1')).toEqual({ limited: true, retryAfter: 1 });
    now = 1000;
    expect(limiter.check('chat.postMessage', 'C1')).toEqual({ limited: false });
    expect(limiter.check('chat.update', 'C1')).toEqual({ limited: false });
  });
});
