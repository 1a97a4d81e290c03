import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { alertsFor, type Harness, startHarness } from './harness.js';
import { eventually } from './helpers.js';

describe('alert delivery when Slack misbehaves', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it('waits out a 429 and posts the alert once', async () => {
    const store = await h.openStore();
    const channel = h.channel('soc');
    await h.subscribe(store, channel);
    h.slack.forceRateLimit({ method: 'chat.postMessage', retryAfter: 1, times: 2 });
    const pipeline = h.pipeline(store);
    await pipeline.start();
    const event = await h.publish({ info: 'rate limited' });
    await eventually(async () => (await store.counts()).posted === 1, 'posted after the 429s');
    expect(alertsFor(h, channel, event.uuid)).toHaveLength(1);
    expect(pipeline.sender.stats().rateLimited).toBeGreaterThanOrEqual(1);
  });

  it('marks alerts failed and stops trying for channels the bot cannot post to', async () => {
    const store = await h.openStore();
    const notMember = h.slack.createChannel({ name: 'no-bot', bot_member: false } as never).id;
    const archived = h.channel('archived');
    h.slack.archiveChannel(archived);
    const missing = 'C0DOESNOTEXIST';
    const ok = h.channel('ok');
    for (const c of [notMember, archived, missing, ok]) await h.subscribe(store, c);
    const pipeline = h.pipeline(store);
    await pipeline.start();
    const first = await h.publish({ info: 'first' });
    await eventually(async () => {
      const c = await store.counts();
      return c.posted === 1 && c.failed === 3;
    }, 'one posted, three failed');
    expect(await store.channelDisabled(notMember)).toBe('not_in_channel');
    expect(await store.channelDisabled(archived)).toBe('is_archived');
    expect(await store.channelDisabled(missing)).toBe('channel_not_found');
    expect(alertsFor(h, ok, first.uuid)).toHaveLength(1);
    expect(pipeline.sender.stats().channelsDisabled).toBe(3);
    // A later event is not attempted in disabled channels again.
    const calls = h.slack.apiCalls()['chat.postMessage'] ?? 0;
    await h.publish({ info: 'second' });
    await eventually(async () => (await store.counts()).posted === 2, 'second posted');
    expect(h.slack.apiCalls()['chat.postMessage']).toBe(calls + 1);
  });

  it('updates the original message and replies in its thread when an event is republished', async () => {
    const store = await h.openStore();
    const channel = h.channel('soc');
    await h.subscribe(store, channel);
    const pipeline = h.pipeline(store);
    await pipeline.start();
    const event = await h.publish({ info: 'first version' });
    await eventually(async () => (await store.counts()).posted === 1, 'first version posted');
    const [original] = alertsFor(h, channel, event.uuid);
    // publish_timestamp has one-second resolution: make sure the republish gets a new one.
    await eventually(
      async () => Math.floor(Date.now() / 1000) > Number((await store.listOutbox())[0]?.publishTs),
      'next second',
    );
    await h.admin.events.edit(event.id, { info: 'second version' } as never);
    await h.admin.attributes.add(event.id, {
      type: 'domain',
      category: 'Network activity',
      value: 'evil-update.example',
      to_ids: true,
    } as never);
    await h.admin.events.publish(event.id);
    await eventually(async () => (await store.counts()).posted === 2, 'republish handled');
    const top = h.alerts(channel).filter((m) => !m.thread_ts || m.thread_ts === m.ts);
    expect(top).toHaveLength(1);
    expect(top[0]?.ts).toBe(original?.ts);
    expect(JSON.stringify(top[0]?.blocks)).toContain('second version');
    const replies = h.alerts(channel).filter((m) => m.thread_ts === original?.ts && m.ts !== original?.ts);
    expect(replies).toHaveLength(1);
    expect(JSON.stringify(replies[0]?.blocks)).toContain('evil-update[.]example');
    expect(pipeline.sender.stats().updated).toBe(1);
  });

  it('turns a burst into one digest message', async () => {
    const store = await h.openStore();
    const channel = h.channel('busy');
    await h.subscribe(store, channel);
    const pipeline = h.pipeline(store, { burstThreshold: 3 });
    for (let i = 0; i < 6; i++) await h.publish({ info: `burst ${i}` });
    await pipeline.poller.pollOnce();
    expect((await store.counts()).pending).toBe(6);
    await pipeline.sender.runOnce();
    const messages = h.alerts(channel);
    expect(messages).toHaveLength(1);
    expect(messages[0]?.metadata?.event_type).toBe('misp_alert_digest');
    expect(JSON.stringify(messages[0]?.blocks)).toContain('6 new MISP alerts');
    expect((await store.counts()).posted).toBe(6);
  });

  it('skips an event whose every attribute is on a warninglist', async () => {
    const store = await h.openStore();
    const channel = h.channel('soc');
    await h.subscribe(store, channel);
    const pipeline = h.pipeline(store);
    const noise = await h.publish({ info: 'documentation ranges', values: ['198.51.100.7', '8.8.8.8'] });
    const real = await h.publish({ info: 'real' });
    await pipeline.poller.pollOnce();
    const rows = await store.listOutbox();
    expect(rows.map((r) => r.eventUuid)).toEqual([real.uuid]);
    expect(rows.some((r) => r.eventUuid === noise.uuid)).toBe(false);
  });
});
