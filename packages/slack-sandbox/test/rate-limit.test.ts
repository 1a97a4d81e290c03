import { WebClient } from '@slack/web-api';
import { afterEach, describe, expect, it } from 'vitest';
import { type SlackSandbox, startSlackSandbox } from '../src/index.js';
import { RateLimiter } from '../src/rate-limit.js';

let slack: SlackSandbox | undefined;
afterEach(async () => {
  await slack?.close();
  slack = undefined;
});

describe('chat.postMessage rate limit', () => {
  it('answers 429 ratelimited with Retry-After once the per-channel burst is spent', async () => {
    slack = await startSlackSandbox({ rateLimits: { chatPostMessage: { perSecond: 0.01, burst: 2 } } });
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
    slack = await startSlackSandbox({ rateLimits: { chatPostMessage: { perSecond: 0.01, burst: 1 } } });
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

describe('RateLimiter', () => {
  it('refills at the sustained rate', () => {
    let now = 0;
    const limiter = new RateLimiter({ chatPostMessage: { perSecond: 1, burst: 1 } }, () => now);
    expect(limiter.check('chat.postMessage', 'C1')).toEqual({ limited: false });
    expect(limiter.check('chat.postMessage', 'C1')).toEqual({ limited: true, retryAfter: 1 });
    now = 1000;
    expect(limiter.check('chat.postMessage', 'C1')).toEqual({ limited: false });
    expect(limiter.check('chat.update', 'C1')).toEqual({ limited: false });
  });
});
