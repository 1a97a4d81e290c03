import { afterEach, describe, expect, it } from 'vitest';
import { type Runner, spawnRunner } from './fixtures/spawn.js';
import { alertsFor, type Harness, startHarness } from './harness.js';
import { eventually } from './helpers.js';

describe('a bot killed with SIGKILL between posting and recording', () => {
  let h: Harness;
  const runners: Runner[] = [];
  afterEach(async () => {
    for (const r of runners.splice(0)) await r.kill();
    await h.close();
  });

  it('finds the message in the channel after restart and does not post it again', async () => {
    h = await startHarness();
    const store = await h.openStore();
    const channel = h.channel('soc');
    await h.subscribe(store, channel);
    const event = await h.publish({ info: 'crash window' });
    const runner = spawnRunner(h, { hangAfterPost: true, config: { leaseMs: 1000 } });
    runners.push(runner);
    await runner.waitFor('POSTED');
    await runner.kill();
    expect(alertsFor(h, channel, event.uuid)).toHaveLength(1);
    expect((await store.listOutbox())[0]?.state).toBe('posting');

    const restarted = h.pipeline(store, { leaseMs: 1000 });
    await restarted.start();
    await eventually(async () => (await store.counts()).posted === 1, 'recorded as posted');
    expect(alertsFor(h, channel, event.uuid)).toHaveLength(1);
    expect(restarted.sender.stats().reconciled).toBe(1);
    expect(restarted.sender.stats().posted).toBe(0);
  });
});
