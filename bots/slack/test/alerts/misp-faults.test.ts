import { createMispClient, noRetry } from '@mispkit/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlertMisp } from '../../src/alerts/ports.js';
import { type FaultProxy, startFaultProxy } from './fixtures/fault-proxy.js';
import { alertsFor, type Harness, startHarness } from './harness.js';
import { eventually } from './helpers.js';

const AUTH_FAILED = JSON.stringify({
  name: 'Authentication failed. Please make sure you pass the API key of an API enabled user along in the Authorization header.',
  message:
    'Authentication failed. Please make sure you pass the API key of an API enabled user along in the Authorization header.',
  url: '/events/restSearch',
});

describe('polling MISP through failures', () => {
  let h: Harness;
  let proxy: FaultProxy;
  let misp: AlertMisp;
  beforeEach(async () => {
    h = await startHarness();
    proxy = await startFaultProxy(h.misp.url);
    misp = createMispClient({ baseUrl: proxy.url, apiKey: h.userKey, retry: noRetry }) as unknown as AlertMisp;
  });
  afterEach(async () => {
    await h.close();
    await proxy.close();
  });

  const cases: [string, (p: FaultProxy) => void][] = [
    ['down', (p) => p.set({ kind: 'down' }, 'restSearch')],
    ['slow', (p) => p.set({ kind: 'hang' }, 'restSearch')],
    ['answering 403', (p) => p.set({ kind: 'status', status: 403, body: AUTH_FAILED }, 'restSearch')],
    [
      'answering malformed JSON',
      (p) => p.set({ kind: 'status', status: 200, body: '{"response": [{"Event": {"uuid": ' }, 'restSearch'),
    ],
    [
      'answering 500',
      (p) =>
        p.set(
          {
            kind: 'status',
            status: 500,
            body: '{"name":"An Internal Error Has Occurred.","message":"An Internal Error Has Occurred.","url":"/events/restSearch"}',
          },
          'restSearch',
        ),
    ],
  ];

  for (const [name, inject] of cases) {
    it(`backs off, opens the breaker and loses nothing when MISP is ${name}`, async () => {
      const store = await h.openStore();
      const channel = h.channel('soc');
      await h.subscribe(store, channel);
      // FAST's 2 s MISP timeout, not less: once MISP recovers, a slow machine must still answer within it.
      const pipeline = h.pipeline(store, {}, { misp });
      const before = await h.publish({ info: 'before the outage' });
      inject(proxy);
      await pipeline.start();
      await eventually(() => pipeline.poller.health().breaker === 'open', 'the breaker opens');
      const during = await h.publish({ info: 'during the outage' });
      expect(pipeline.poller.health().consecutiveFailures).toBeGreaterThanOrEqual(3);
      expect(pipeline.poller.health().lastError).toBeTruthy();
      expect(JSON.stringify(pipeline.poller.health())).not.toContain(h.userKey);
      expect((await store.counts()).posted).toBe(0);
      proxy.clear();
      await eventually(async () => (await store.counts()).posted === 2, 'both alerts delivered after recovery');
      expect(pipeline.poller.health().breaker).toBe('closed');
      expect(alertsFor(h, channel, before.uuid)).toHaveLength(1);
      expect(alertsFor(h, channel, during.uuid)).toHaveLength(1);
    });
  }

  it('recovers from the sandbox returning 503 and 429 on restSearch', async () => {
    const store = await h.openStore();
    const channel = h.channel('soc');
    await h.subscribe(store, channel);
    h.misp.faults.add({ path: '/events/restSearch', status: 503, times: 2 });
    h.misp.faults.add({ path: '/events/restSearch', status: 429, retryAfter: 1, times: 1 });
    const pipeline = h.pipeline(store);
    const event = await h.publish({ info: 'after faults' });
    await pipeline.start();
    await eventually(async () => (await store.counts()).posted === 1, 'delivered');
    expect(alertsFor(h, channel, event.uuid)).toHaveLength(1);
    expect(h.misp.stats().byPath['/events/restSearch'] ?? 0).toBeGreaterThanOrEqual(4);
  });
});
