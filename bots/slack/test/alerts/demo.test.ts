import { afterEach, describe, expect, it } from 'vitest';
import { type DemoMisp, startDemoPublisher } from '../../src/alerts/demo.js';
import { type Harness, startHarness } from './harness.js';
import { eventually } from './helpers.js';

describe('the npm start demo publisher', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it('keeps publishing high-severity events that a subscribed channel receives', async () => {
    h = await startHarness();
    const store = await h.openStore();
    const channel = h.channel('soc-alerts');
    await h.subscribe(store, channel);
    const pipeline = h.pipeline(store);
    await pipeline.start();
    const errors: unknown[] = [];
    const demo = startDemoPublisher(h.admin as unknown as DemoMisp, {
      intervalMs: 100,
      onError: (e) => errors.push(e),
    });
    try {
      await eventually(async () => (await store.counts()).posted >= 2, 'two demo alerts posted');
    } finally {
      demo.stop();
    }
    expect(errors).toEqual([]);
    expect(JSON.stringify(h.alerts(channel))).toContain('demo-threat[.]example');
  });

  it('publishes the first event at once when asked, without waiting for the interval', async () => {
    h = await startHarness();
    const store = await h.openStore();
    const channel = h.channel('soc-alerts');
    await h.subscribe(store, channel);
    const pipeline = h.pipeline(store);
    await pipeline.start();
    const demo = startDemoPublisher(h.admin as unknown as DemoMisp, { intervalMs: 3_600_000, immediate: true });
    try {
      await eventually(async () => (await store.counts()).posted >= 1, 'the first demo alert posted');
    } finally {
      demo.stop();
    }
    expect(JSON.stringify(h.alerts(channel))).toContain('(demo 1)');
  });
});
