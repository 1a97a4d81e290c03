import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { isMispErrorCode, MispRateLimitError } from '../src/index.js';
import { backoffDelay, defaultRetry, noRetry, type RetryEvent, retryPolicy } from '../src/retry.js';
import { createTestClient, json } from './helpers.js';

const fast = (events: RetryEvent[] = [], extra = {}) =>
  retryPolicy({ baseDelayMs: 1, maxDelayMs: 4, onRetry: (event) => events.push(event), ...extra });

describe('retry policies', () => {
  it('defaultRetry retries three times; noRetry never', () => {
    expect(defaultRetry.maxRetries).toBe(3);
    expect(defaultRetry.retryOn).toEqual([429, 502, 503, 504]);
    expect(defaultRetry.retryWrites).toBe(false);
    expect(noRetry.maxRetries).toBe(0);
  });

  it('rejects negative settings', () => {
    expect(() => retryPolicy({ maxRetries: -1 })).toThrow(RangeError);
  });

  it('keeps full-jitter backoff within [0, min(maxDelay, base·2^(n-1)))', () => {
    const policy = retryPolicy({ baseDelayMs: 100, maxDelayMs: 1_000, random: () => 0.999_999 });
    expect([1, 2, 3, 4, 5, 10].map((n) => backoffDelay(policy, n))).toEqual([99, 199, 399, 799, 999, 999]);
    expect(backoffDelay(retryPolicy({ random: () => 0 }), 3)).toBe(0);
    for (let n = 1; n < 50; n++) {
      const delay = backoffDelay(defaultRetry, n);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(defaultRetry.maxDelayMs);
    }
  });
});

describe('retrying read-only calls', () => {
  it('retries a GET on 503 and returns the eventual success', async () => {
    const events: RetryEvent[] = [];
    const { misp, requests } = createTestClient(
      (_, n) => (n < 3 ? new Response(null, { status: 503 }) : json({ version: '2.5.1' })),
      { retry: fast(events) },
    );
    await expect(misp.server.version()).resolves.toMatchObject({ version: '2.5.1' });
    expect(requests).toHaveLength(3);
    expect(events.map((e) => [e.attempt, e.reason])).toEqual([
      [1, 503],
      [2, 503],
    ]);
  });

  it('gives up after maxRetries and throws the last error', async () => {
    const { misp, requests } = createTestClient(() => json({ message: 'Bad gateway' }, { status: 502 }), {
      retry: fast(),
    });
    const error = await misp.server.version().catch((e: unknown) => e);
    expect(isMispErrorCode(error, 'misp_server')).toBe(true);
    expect(requests).toHaveLength(4);
  });

  it('re-sends the same body on every attempt of a restSearch POST', async () => {
    const bodies: unknown[] = [];
    const { misp } = createTestClient(
      async (request, n) => {
        bodies.push(await request.json());
        return n === 1 ? new Response(null, { status: 504 }) : json({ response: { Attribute: [] } });
      },
      { retry: fast() },
    );
    await misp.attributes.search({ value: 'evil.example', type: 'domain' });
    expect(bodies).toEqual([
      { value: 'evil.example', type: 'domain' },
      { value: 'evil.example', type: 'domain' },
    ]);
  });

  it('does not retry a 500 (not in retryOn)', async () => {
    const { misp, requests } = createTestClient(() => new Response(null, { status: 500 }), { retry: fast() });
    await expect(misp.server.version()).rejects.toMatchObject({ code: 'misp_server' });
    expect(requests).toHaveLength(1);
  });

  it('retries network errors of read-only calls, then throws MispConnectionError', async () => {
    const { misp, requests } = createTestClient(
      () => {
        throw new TypeError('fetch failed');
      },
      { retry: fast() },
    );
    const error = await misp.events.get(3).catch((e: unknown) => e);
    expect(isMispErrorCode(error, 'misp_connection')).toBe(true);
    expect(requests).toHaveLength(4);
  });

  it('honours Retry-After in seconds', async () => {
    const events: RetryEvent[] = [];
    const { misp, requests } = createTestClient(
      (_, n) =>
        n === 1
          ? json({ message: 'Rate limit exceeded.' }, { status: 429, headers: { 'Retry-After': '1' } })
          : json({ response: { Attribute: [] } }),
      { retry: fast(events) },
    );
    await misp.attributes.search({ value: 'x' });
    expect(requests).toHaveLength(2);
    expect(events[0]).toMatchObject({ delayMs: 1000, reason: 429 });
  });

  it('honours Retry-After as an HTTP date', async () => {
    const events: RetryEvent[] = [];
    // Only Date is frozen (timers stay real): the delay is then exactly the 2 s the date names,
    // however long the machine takes between building the answer and reading it.
    vi.useFakeTimers({ now: Date.UTC(2026, 11, 3, 12, 0, 0), toFake: ['Date'] });
    onTestFinished(() => {
      vi.useRealTimers();
    });
    const when = new Date(Date.now() + 2_000).toUTCString();
    const { misp } = createTestClient(
      (_, n) =>
        n === 1 ? new Response(null, { status: 503, headers: { 'Retry-After': when } }) : json({ version: '2.5.1' }),
      { retry: fast(events) },
    );
    await misp.server.version();
    expect(events).toHaveLength(1);
    expect(events[0]?.delayMs).toBe(2_000);
  });

  it('does not wait longer than maxRetryAfterMs: fails at once with retryAfter', async () => {
    const { misp, requests } = createTestClient(
      () => json({ message: 'Rate limit exceeded.' }, { status: 429, headers: { 'Retry-After': '900' } }),
      { retry: fast([], { maxRetryAfterMs: 5_000 }) },
    );
    const error = await misp.attributes.search({ value: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MispRateLimitError);
    expect((error as MispRateLimitError).retryAfter).toBe(900);
    expect(requests).toHaveLength(1);
  });

  it('does not wait past the call deadline', async () => {
    const { misp, requests } = createTestClient(
      () => json({ message: 'Rate limit exceeded.' }, { status: 429, headers: { 'Retry-After': '10' } }),
      { retry: fast(), timeoutMs: 2_000 },
    );
    await expect(misp.attributes.search({ value: 'x' })).rejects.toMatchObject({ code: 'misp_rate_limited' });
    expect(requests).toHaveLength(1);
  });
});

describe('writes', () => {
  it('are not retried by default', async () => {
    const { misp, requests } = createTestClient(() => new Response(null, { status: 503 }), { retry: fast() });
    await expect(misp.events.add({ info: 'x' })).rejects.toMatchObject({ code: 'misp_server' });
    expect(requests).toHaveLength(1);
  });

  it('network errors on writes are not retried either', async () => {
    const { misp, requests } = createTestClient(
      () => {
        throw new TypeError('socket hang up');
      },
      { retry: fast() },
    );
    await expect(misp.sightings.add({ value: '1.2.3.4' })).rejects.toMatchObject({ code: 'misp_connection' });
    expect(requests).toHaveLength(1);
  });

  it('are retried when the policy opts in with retryWrites', async () => {
    const { misp, requests } = createTestClient(
      (_, n) => (n === 1 ? new Response(null, { status: 503 }) : json({ Event: { id: '5', info: 'x' } })),
      { retry: fast() },
    );
    await expect(misp.events.add({ info: 'x' }, { retry: fast([], { retryWrites: true }) })).resolves.toMatchObject({
      id: '5',
    });
    expect(requests).toHaveLength(2);
  });
});

describe('raw typed calls', () => {
  it('retry with a clone of the Request, body included, and return the final response', async () => {
    const bodies: unknown[] = [];
    const { misp } = createTestClient(
      async (request, n) => {
        bodies.push(await request.json());
        return n < 3 ? new Response(null, { status: 502 }) : json({ response: { Attribute: [] } });
      },
      { retry: fast() },
    );
    const { data, response } = await misp.POST('/attributes/restSearch', { body: { value: 'x' } });
    expect(response.status).toBe(200);
    expect(data).toEqual({ response: { Attribute: [] } });
    expect(bodies).toEqual([{ value: 'x' }, { value: 'x' }, { value: 'x' }]);
  });

  it('do not retry writes', async () => {
    const { misp, requests } = createTestClient(() => new Response(null, { status: 503 }), { retry: fast() });
    const { response } = await misp.POST('/events/add', { body: { info: 'x' } });
    expect(response.status).toBe(503);
    expect(requests).toHaveLength(1);
  });
});
