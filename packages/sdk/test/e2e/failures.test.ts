// Authentication, permissions, pagination and retries against the MISP sandbox over HTTP.
import { describe, expect, it } from 'vitest';
import {
  isMispErrorCode,
  MispAuthenticationError,
  MispForbiddenError,
  type RetryEvent,
  retryPolicy,
} from '../../src/index.js';
import { demoIndicators, useSandbox } from './sandbox.js';

const e2e = useSandbox();

describe('authentication and permissions', () => {
  it('rejects a bad key with MispAuthenticationError (MISP answers 403)', async () => {
    const bad = e2e.client({ apiKey: 'A'.repeat(40) });
    const error = await bad.server.version().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MispAuthenticationError);
    expect((error as MispAuthenticationError).status).toBe(403);
    expect((error as Error).message).toMatch(/^Authentication failed/);
    expect(JSON.stringify(error)).not.toContain('A'.repeat(40));
  });

  it('lets a read-only key read but refuses its writes with MispForbiddenError', async () => {
    expect((await e2e.readOnly.attributes.search({ value: demoIndicators.maliciousIp })).length).toBeGreaterThan(0);
    const error = await e2e.readOnly.events.add({ info: 'should not exist' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MispForbiddenError);
    expect((error as MispForbiddenError).status).toBe(403);
  });
});

describe('pagination', () => {
  it('walks every page of attributes without losing one, though X-Result-Count is only a look-ahead', async () => {
    const event = await e2e.misp.events.add({ info: 'e2e: pagination', distribution: '0' });
    const searches = () =>
      Object.entries(e2e.sandbox.stats().byPath)
        .filter(([path]) => path.toLowerCase().includes('attributes/restsearch'))
        .reduce((n, [, count]) => n + count, 0);
    const walk = async () => {
      const before = searches();
      const values: string[] = [];
      for await (const a of e2e.misp.paginate('attributes', { eventid: event.id, type: 'comment' }, { limit: 3 })) {
        values.push(a.value);
      }
      return { values: values.sort(), requests: searches() - before };
    };
    for (let i = 0; i < 6; i++) await e2e.misp.attributes.add(event.id, { type: 'comment', value: `page-item-${i}` });

    // 6 matches, limit 3: MISP's X-Result-Count under limit/page is the page's rows plus one when the page
    // is full — it never says page 2 was the last — so an empty page 3 ends the walk.
    expect(await walk()).toEqual({ values: Array.from({ length: 6 }, (_, i) => `page-item-${i}`), requests: 3 });

    // 7 matches: pages of 3, 3, 1.
    await e2e.misp.attributes.add(event.id, { type: 'comment', value: 'page-item-6' });
    expect(await walk()).toEqual({ values: Array.from({ length: 7 }, (_, i) => `page-item-${i}`), requests: 3 });
    await e2e.misp.events.delete(event.id);
  });

  it('pages through events', async () => {
    const ids: string[] = [];
    for await (const event of e2e.misp.paginate('events', { metadata: true }, { limit: 4, maxPages: 2 }))
      ids.push(event.id);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.length).toBeLessThanOrEqual(8);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('rate limits and server faults', () => {
  it('retries a 429 after Retry-After and succeeds', async () => {
    const events: RetryEvent[] = [];
    const misp = e2e.client({ retry: retryPolicy({ onRetry: (e) => events.push(e) }) });
    e2e.sandbox.faults.add({ path: '/attributes/restSearch', status: 429, retryAfter: 1 });
    const hits = await misp.attributes.search({ value: demoIndicators.maliciousIp });
    expect(hits.length).toBeGreaterThan(0);
    expect(events).toMatchObject([{ attempt: 1, reason: 429, delayMs: 1000 }]);
  });

  it('gives up with MispRateLimitError when the rate limit persists', async () => {
    const misp = e2e.client({ retry: retryPolicy({ maxRetries: 1, baseDelayMs: 1 }) });
    e2e.sandbox.faults.add({ path: '/attributes/restSearch', status: 429, retryAfter: 0, times: 2 });
    const error = await misp.attributes.search({ value: demoIndicators.maliciousIp }).catch((e: unknown) => e);
    expect(isMispErrorCode(error, 'misp_rate_limited')).toBe(true);
    expect((error as { retryAfter?: number }).retryAfter).toBe(0);
  });

  it('does not retry a write that hit a 503', async () => {
    e2e.sandbox.faults.add({ path: '/events/add', status: 503 });
    const before = e2e.sandbox.stats().requests;
    await expect(e2e.misp.events.add({ info: 'e2e: no retry' })).rejects.toMatchObject({
      code: 'misp_server',
      status: 503,
    });
    expect(e2e.sandbox.stats().requests - before).toBe(1);
  });

  it('reports an empty-bodied 500 as MispServerError', async () => {
    e2e.sandbox.faults.add({ path: '/servers/getVersion', status: 500, body: '' });
    await expect(e2e.misp.server.version()).rejects.toMatchObject({ code: 'misp_server', status: 500 });
  });
});
