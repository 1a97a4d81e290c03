import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Runner, spawnRunner } from './fixtures/spawn.js';
import { type Harness, startHarness } from './harness.js';
import { eventually, requirePostgres } from './helpers.js';

beforeAll(requirePostgres);

describe('replicas sharing PostgreSQL', () => {
  let h: Harness;
  const runners: Runner[] = [];
  afterEach(async () => {
    for (const r of runners.splice(0)) await r.kill();
    await h.close();
  });

  for (const replicas of [2, 3]) {
    it(`delivers every alert exactly once with ${replicas} replicas when one is killed`, {
      timeout: 120_000,
    }, async () => {
      h = await startHarness({ db: 'postgres' });
      const store = await h.openStore();
      const channels = [h.channel('a'), h.channel('b'), h.channel('c'), h.channel('d')];
      for (const c of channels) await h.subscribe(store, c);
      const config = { leaseMs: 1500, perChannelIntervalMs: 50, burstThreshold: 1000, senderConcurrency: 2 };
      for (let i = 0; i < replicas; i++) runners.push(spawnRunner(h, { config }));
      await Promise.all(runners.map((r) => r.waitFor('READY')));
      const uuids: string[] = [];
      for (let i = 0; i < 8; i++) uuids.push((await h.publish({ info: `before ${i}` })).uuid);
      // Kill a replica that is in the middle of delivering.
      await eventually(() => runners.some((r) => r.posts() > 0), 'a replica posts');
      const victim = runners.find((r) => r.posts() > 0) as Runner;
      await victim.kill();
      for (let i = 0; i < 8; i++) uuids.push((await h.publish({ info: `after ${i}` })).uuid);
      const expected = uuids.length * channels.length;
      await eventually(async () => (await store.counts()).posted === expected, `${expected} alerts posted`, 90_000);
      for (const channel of channels) {
        const top = h.alerts(channel).filter((m) => m.metadata?.event_type === 'misp_alert');
        const seen = top.map((m) => String(m.metadata?.event_payload?.event_uuid)).sort();
        expect(seen).toEqual([...uuids].sort());
      }
      const counts = await store.counts();
      expect(counts).toMatchObject({ pending: 0, posting: 0, failed: 0, posted: expected });
    });
  }
});
