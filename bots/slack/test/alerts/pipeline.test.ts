import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultTlpPolicy } from '../../src/tlp.js';
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

  it('applies the configured default TLP (TLP:RED) to untagged, unknown-TLP and PAP-only events', async () => {
    const store = await h.openStore();
    const privateChannel = h.channel('private', { is_private: true });
    const publicChannel = h.channel('public');
    await h.subscribe(store, privateChannel);
    await h.subscribe(store, publicChannel);
    const pipeline = h.pipeline(store, {}, { policy: { ...defaultTlpPolicy, defaultTlp: 'red' } });
    await pipeline.start();
    const untagged = await h.publish({ info: 'untagged', tags: [] });
    const unknown = await h.publish({ info: 'unknown tlp', tags: ['tlp:ex:chr'] });
    const pap = await h.publish({ info: 'pap only', tags: ['PAP:CLEAR'] });
    const green = await h.publish({ info: 'green', tags: ['tlp:green'] });
    await eventually(async () => {
      const c = await store.counts();
      return c.posted === 2 && c.withheld === 6;
    }, 'the green event posted twice, the other three withheld in both channels');
    for (const channel of [privateChannel, publicChannel]) {
      for (const e of [untagged, unknown, pap]) expect(alertsFor(h, channel, e.uuid)).toHaveLength(0);
      expect(alertsFor(h, channel, green.uuid)).toHaveLength(1);
      expect(JSON.stringify(h.alerts(channel))).not.toContain('TLP:AMBER');
    }
  });

  it('asks Slack for channel kinds again after a restart (a channel shared while it was down gets no green alert)', async () => {
    const store = await h.openStore();
    const channel = h.channel('soc-private', { is_private: true });
    await h.subscribe(store, channel);
    // One clock for both processes; the second starts a second later, well within the 5-minute TTL.
    let offset = 0;
    const clock = () => Date.now() + offset;
    const first = h.pipeline(store, {}, { clock });
    await first.start();
    const before = await h.publish({ info: 'green before the restart', tags: ['tlp:green'] });
    await eventually(async () => (await store.counts()).posted === 1, 'posted while private');
    expect(alertsFor(h, channel, before.uuid)).toHaveLength(1);
    await first.stop();

    // While the bot is down the channel becomes Slack Connect: channel_shared reaches nobody.
    expect((await h.slack.shareChannel(channel)).acked).toBe(false);
    offset += 1000;
    const second = h.pipeline(store, {}, { clock });
    await second.start();
    const after = await h.publish({ info: 'green after the restart', tags: ['tlp:green'] });
    const clear = await h.publish({ info: 'clear after the restart', tags: ['tlp:clear'] });
    await eventually(async () => {
      const c = await store.counts();
      return c.posted === 2 && c.withheld === 1;
    }, 'clear posted, green withheld');
    expect(alertsFor(h, channel, after.uuid)).toHaveLength(0);
    expect(alertsFor(h, channel, clear.uuid)).toHaveLength(1);
  });
});
