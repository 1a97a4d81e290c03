import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MispSandbox } from '../src/index.js';
import { type Api, apiFor, withPartners } from './helpers.js';

let misp: MispSandbox;
let user: Api;
// A frozen clock: the 15-minute window moves only when a test says so, however slow the machine.
let now = 1_800_000_000_000;

beforeAll(async () => {
  const started = await withPartners({ rateLimit: 2, clock: () => now });
  misp = started.misp;
  user = apiFor(misp, started.partners.userKey);
});
afterAll(() => misp.close());

describe('per-user restSearch rate limit', () => {
  it('counts down X-Rate-Limit-Remaining and answers 429 with Retry-After when exhausted', async () => {
    const first = await user('POST', '/attributes/restSearch', { value: 'x.example' });
    expect(first.headers.get('x-rate-limit-limit')).toBe('2');
    expect(first.headers.get('x-rate-limit-remaining')).toBe('1');
    await user('POST', '/events/restSearch', { value: 'x.example' });
    const limited = await user('POST', '/attributes/restSearch', { value: 'x.example' });
    expect(limited.status).toBe(429);
    expect(limited.body.message).toBe('Rate limit exceeded.');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('does not limit other operations or site admins', async () => {
    expect((await user('GET', '/servers/getVersion')).status).toBe(200);
    const admin = apiFor(misp, misp.adminKey);
    for (let i = 0; i < 3; i++)
      expect((await admin('POST', '/attributes/restSearch', { value: 'x.example' })).status).toBe(200);
  });

  it('opens a new window 900 s after the first call of the last one, not before', async () => {
    expect((await user('POST', '/attributes/restSearch', { value: 'x.example' })).status).toBe(429);
    now += 899_000;
    const still = await user('POST', '/attributes/restSearch', { value: 'x.example' });
    expect(still.status).toBe(429);
    expect(still.headers.get('retry-after')).toBe('1');
    now += 1000;
    const reopened = await user('POST', '/attributes/restSearch', { value: 'x.example' });
    expect(reopened.status).toBe(200);
    expect(reopened.headers.get('x-rate-limit-remaining')).toBe('1');
  });
});
