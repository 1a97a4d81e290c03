import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAlertWebClient } from '../../src/alerts/client.js';
import { type FaultProxy, startFaultProxy } from './fixtures/fault-proxy.js';
import { alertsFor, type Harness, startHarness } from './harness.js';
import { eventually } from './helpers.js';

describe('Slack 5xx and lost responses on chat.postMessage', () => {
  let h: Harness;
  let proxy: FaultProxy;
  beforeEach(async () => {
    h = await startHarness();
    proxy = await startFaultProxy(h.slack.apiUrl);
  });
  afterEach(async () => {
    await h.close();
    await proxy.close();
  });

  const client = () => createAlertWebClient(h.slack.botToken, { slackApiUrl: proxy.url, timeoutMs: 15_000 });

  it('retries after a 503 that posted nothing, and posts once', async () => {
    const store = await h.openStore();
    const channel = h.channel('soc');
    await h.subscribe(store, channel);
    proxy.set({ kind: 'status', status: 503, body: 'service unavailable' }, 'chat.postMessage', 2);
    const pipeline = h.pipeline(store, {}, { client: client() });
    const event = await h.publish({ info: 'after 503' });
    await pipeline.poller.pollOnce();
    pipeline.sender.start();
    await eventually(async () => (await store.counts()).posted === 1, 'posted');
    expect(proxy.faulted()).toBe(2);
    expect(alertsFor(h, channel, event.uuid)).toHaveLength(1);
  });

  it('reconciles a post whose response was lost instead of posting it again', async () => {
    const store = await h.openStore();
    const channel = h.channel('soc');
    await h.subscribe(store, channel);
    // Slack receives and posts the message, but the bot only sees a 503.
    proxy.set({ kind: 'lose-response' }, 'chat.postMessage', 1);
    const pipeline = h.pipeline(store, {}, { client: client() });
    const event = await h.publish({ info: 'lost response' });
    await pipeline.poller.pollOnce();
    pipeline.sender.start();
    await eventually(async () => (await store.counts()).posted === 1, 'recorded');
    expect(alertsFor(h, channel, event.uuid)).toHaveLength(1);
    expect(pipeline.sender.stats().reconciled).toBe(1);
  });
});
