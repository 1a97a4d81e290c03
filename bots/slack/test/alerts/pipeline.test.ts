import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { alertsFor, type Harness, startHarness } from './harness.js';
import { eventually } from './helpers.js';

describe('alert pipeline through the MISP and Slack sandboxes', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it('posts a newly published high-threat event once to a subscribed channel', async () => {
    const store = await h.openStore();
    const channel = h.channel('soc-alerts');
    await h.subscribe(store, channel);
    const pipeline = h.pipeline(store);
    await pipeline.start();
    const event = await h.publish({ info: 'Emotet wave <!channel>', tags: ['tlp:green', 'osint'] });
    await eventually(async () => (await store.counts()).posted === 1, 'the alert is posted');
    // Several more polls re-read the same event through the overlap window.
    const polled = pipeline.poller.health().eventsSeen;
    await eventually(() => pipeline.poller.health().eventsSeen >= polled + 3, 'three more polls');
    const messages = alertsFor(h, channel, event.uuid);
    expect(messages).toHaveLength(1);
    const text = JSON.stringify(messages[0]?.blocks);
    expect(text).toContain('Emotet wave &lt;!channel&gt;');
    expect(text).not.toContain('<!channel>');
    expect(messages[0]?.metadata).toMatchObject({
      event_type: 'misp_alert',
      event_payload: { event_uuid: event.uuid },
    });
  });

  it('skips events below the threat level and those the filters exclude', async () => {
    const store = await h.openStore();
    const channel = h.channel('soc');
    await h.subscribe(store, channel, { excludeTags: ['OSINT'] });
    const pipeline = h.pipeline(store);
    await pipeline.start();
    const medium = await h.publish({ threat: 2 });
    const osint = await h.publish({ tags: ['tlp:green', 'osint'] });
    const wanted = await h.publish({ info: 'wanted' });
    await eventually(async () => (await store.counts()).posted === 1, 'one alert posted');
    expect(alertsFor(h, channel, wanted.uuid)).toHaveLength(1);
    expect(alertsFor(h, channel, medium.uuid)).toHaveLength(0);
    expect(alertsFor(h, channel, osint.uuid)).toHaveLength(0);
  });

  it('withholds and counts an event above the channel TLP ceiling', async () => {
    const store = await h.openStore();
    const publicChannel = h.channel('public');
    const privateChannel = h.channel('private', { is_private: true });
    await h.subscribe(store, publicChannel);
    await h.subscribe(store, privateChannel);
    const pipeline = h.pipeline(store);
    await pipeline.start();
    const amber = await h.publish({ info: 'amber only', tags: ['tlp:amber'] });
    await eventually(async () => {
      const c = await store.counts();
      return c.posted === 1 && c.withheld === 1;
    }, 'one posted, one withheld');
    expect(alertsFor(h, privateChannel, amber.uuid)).toHaveLength(1);
    expect(alertsFor(h, publicChannel, amber.uuid)).toHaveLength(0);
    expect(JSON.stringify(h.alerts(publicChannel))).not.toContain('amber only');
    expect((await pipeline.health()).outbox.withheld).toBe(1);
  });
});
