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

  /** A bot process that posts an alert and is killed before it records the post. */
  async function postThenKill(info: string, leaseMs: number) {
    h = await startHarness();
    const store = await h.openStore();
    const channel = h.channel('soc');
    await h.subscribe(store, channel);
    const event = await h.publish({ info });
    const runner = spawnRunner(h, { hangAfterPost: true, config: { leaseMs } });
    runners.push(runner);
    await runner.waitFor('POSTED');
    await runner.kill();
    return { store, channel, event };
  }

  it('finds the message in the channel after restart and does not post it again', async () => {
    const { store, channel, event } = await postThenKill('crash window', 1000);
    expect(alertsFor(h, channel, event.uuid)).toHaveLength(1);
    expect((await store.listOutbox())[0]?.state).toBe('posting');

    const restarted = h.pipeline(store, { leaseMs: 1000 });
    await restarted.start();
    await eventually(async () => (await store.counts()).posted === 1, 'recorded as posted');
    expect(alertsFor(h, channel, event.uuid)).toHaveLength(1);
    expect(restarted.sender.stats().reconciled).toBe(1);
    expect(restarted.sender.stats().posted).toBe(0);
  });

  it('takes over the dead process’s leases at restart instead of waiting for them to expire', async () => {
    const { store, channel, event } = await postThenKill('crash with the default 30 s leases', 30_000);
    const restarted = h.pipeline(store, { leaseMs: 30_000 });
    await restarted.start();
    // Well inside the 30 s the dead process's channel lease and poller lease would still block:
    // only the takeover can have freed them (the bound is generous for a loaded machine).
    await eventually(async () => (await store.counts()).posted === 1, 'recorded as posted', 20_000);
    expect(alertsFor(h, channel, event.uuid)).toHaveLength(1);
    expect(restarted.sender.stats().reconciled).toBe(1);
    expect(restarted.poller.health().role).not.toBe('standby');
  });

  it('reconciles a digest whose recording failed, marking every alert in it posted once', async () => {
    h = await startHarness();
    const store = await h.openStore();
    const channel = h.channel('busy');
    await h.subscribe(store, channel);
    let crashOnce = true;
    const pipeline = h.pipeline(
      store,
      { burstThreshold: 2, leaseMs: 200 },
      {
        afterPost: () => {
          if (crashOnce) {
            crashOnce = false;
            throw new Error('simulated crash after the post');
          }
        },
      },
    );
    for (let i = 0; i < 4; i++) await h.publish({ info: `burst ${i}` });
    await pipeline.poller.pollOnce();
    await pipeline.sender.runOnce();
    expect((await store.counts()).posting).toBe(4);
    await eventually(async () => {
      await pipeline.sender.runOnce();
      return (await store.counts()).posted === 4;
    }, 'all four recorded');
    expect(h.alerts(channel)).toHaveLength(1);
    expect(pipeline.sender.stats().reconciled).toBe(4);
  });
});
