// Alerts with MISP text beyond Slack's limits still reach the channel: the card clamps every slot,
// and a card Slack refuses anyway for its content is posted in its reduced form, never dropped.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAlertWebClient } from '../../src/alerts/client.js';
import { toAlertEvent } from '../../src/alerts/event.js';
import { defaultTlpPolicy } from '../../src/tlp.js';
import { type FaultProxy, startFaultProxy } from './fixtures/fault-proxy.js';
import { type Harness, startHarness } from './harness.js';
import { eventually } from './helpers.js';

let seq = 0;
function mispEvent(fields: { info?: string; org?: string; tags?: string[] }) {
  seq += 1;
  return toAlertEvent(
    {
      Event: {
        id: String(seq),
        uuid: `7a1c3a2e-1111-4222-8333-${String(seq).padStart(12, '0')}`,
        info: fields.info ?? `Event ${seq}`,
        date: '2026-12-01',
        threat_level_id: '1',
        published: true,
        publish_timestamp: String(1_800_000_000 + seq),
        Orgc: { name: fields.org ?? 'CIRCL' },
        Tag: (fields.tags ?? ['tlp:green']).map((name) => ({ name })),
        Attribute: [{ type: 'domain', value: `evil${seq}.example`, to_ids: true }],
      },
    },
    defaultTlpPolicy,
  );
}

describe('alerts whose MISP text exceeds Slack limits', () => {
  let h: Harness;
  let proxy: FaultProxy | undefined;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await proxy?.close();
    proxy = undefined;
    await h.close();
  });

  it('posts an alert whose organisation name and title are 10,000 characters', async () => {
    const store = await h.openStore();
    const channel = h.channel('soc');
    await h.subscribe(store, channel);
    const pipeline = h.pipeline(store, { poll: false });
    await pipeline.start();
    const event = mispEvent({ org: `Org ${'x'.repeat(10_000)}`, info: `Title ${'<y> & '.repeat(2_000)}` });
    expect((await pipeline.intake([event])).enqueued).toBe(1);
    await eventually(async () => (await store.counts()).posted === 1, 'the alert is posted');
    const [message] = h.alerts(channel);
    expect(JSON.stringify(message?.blocks)).toContain('Org xxx');
    expect((await store.counts()).failed).toBe(0);
    expect(pipeline.sender.stats().reduced).toBe(0);
  });

  it('posts the reduced form when Slack refuses the full card for its content', async () => {
    const store = await h.openStore();
    const channel = h.channel('soc');
    await h.subscribe(store, channel);
    proxy = await startFaultProxy(h.slack.apiUrl.replace(/\/api\/?$/, ''));
    // Slack's answer to a card it will not take: HTTP 200, ok: false.
    proxy.set({ kind: 'status', status: 200, body: '{"ok":false,"error":"invalid_blocks"}' }, 'chat.postMessage', 1);
    const pipeline = h.pipeline(
      store,
      { poll: false },
      { client: createAlertWebClient(h.slack.botToken, { slackApiUrl: `${proxy.url}/api/`, timeoutMs: 5000 }) },
    );
    await pipeline.start();
    const event = mispEvent({ info: 'Refused card' });
    await pipeline.intake([event]);
    await eventually(async () => (await store.counts()).posted === 1, 'the reduced alert is posted');
    const [message] = h.alerts(channel);
    const text = JSON.stringify(message?.blocks);
    expect(text).toContain('Refused card');
    expect(text).toContain('TLP:GREEN');
    expect(text).toContain('Shown in short');
    expect(message?.metadata?.event_payload).toMatchObject({ event_uuid: event.uuid });
    expect(pipeline.sender.stats().reduced).toBe(1);
    expect((await store.counts()).failed).toBe(0);
  });
});
