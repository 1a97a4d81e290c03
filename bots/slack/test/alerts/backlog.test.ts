import { afterEach, describe, expect, it } from 'vitest';
import { seedBacklog } from './fixtures/backlog.js';
import { type Harness, startHarness } from './harness.js';
import { eventually } from './helpers.js';

describe('a backlog after an outage', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it('drains 10,000 events across 20 channels with digests, losing and duplicating nothing', {
    timeout: 300_000,
  }, async () => {
    h = await startHarness();
    const store = await h.openStore();
    const { shardTags } = seedBacklog(h.misp, { events: 10_000, shards: 20 });
    const channels = shardTags.map((tag) => ({ tag, id: h.channel(tag.replace(':', '-')) }));
    for (const c of channels) await h.subscribe(store, c.id, { minThreat: 4, includeTags: [c.tag] });
    // Rate limits are the bench's business (bench/src/suites/alerts.ts); here only correctness.
    const pipeline = h.pipeline(store, {
      perChannelIntervalMs: 0,
      burstThreshold: 10,
      digestMax: 50,
      senderConcurrency: 4,
    });
    await pipeline.start();
    await eventually(async () => (await store.counts()).posted === 10_000, 'all 10,000 delivered', 240_000);
    const counts = await store.counts();
    expect(counts).toMatchObject({ pending: 0, posting: 0, failed: 0, withheld: 0, posted: 10_000 });
    let announced = 0;
    for (const c of channels) {
      const messages = h.alerts(c.id);
      const digests = messages.filter((m) => m.metadata?.event_type === 'misp_alert_digest');
      expect(digests.length).toBeGreaterThan(0);
      const inChannel = messages.reduce(
        (n, m) => n + Number((m.metadata?.event_payload as { count?: number })?.count ?? 1),
        0,
      );
      expect(inChannel).toBe(500);
      announced += inChannel;
      // Every row points at a message that exists in its channel.
      const ts = new Set(messages.map((m) => m.ts));
      const rows = await store.listOutbox({ channelId: c.id });
      expect(rows.every((r) => r.slackTs !== undefined && ts.has(r.slackTs))).toBe(true);
    }
    expect(announced).toBe(10_000);
  });
});
