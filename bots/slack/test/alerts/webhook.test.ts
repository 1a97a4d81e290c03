import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Intake } from '../../src/alerts/intake.js';
import { createWebhookReceiver, verifySignature, type WebhookReceiver } from '../../src/alerts/webhook.js';
import { defaultTlpPolicy, type TlpPolicy } from '../../src/tlp.js';
import { alertsFor, type Harness, startHarness } from './harness.js';
import { eventually } from './helpers.js';

const SECRET = 'webhook-secret-for-tests-0123456789';
const sign = (body: string, secret = SECRET) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

describe('MISP workflow webhook receiver', () => {
  let h: Harness | undefined;
  let receiver: WebhookReceiver | undefined;
  afterEach(async () => {
    await receiver?.stop();
    await h?.close();
    h = undefined;
  });

  async function setup(poll: boolean, policy: TlpPolicy = defaultTlpPolicy) {
    let intake: Intake = async () => ({ events: 0, enqueued: 0 });
    receiver = createWebhookReceiver({
      secret: SECRET,
      intake: (events, o) => intake(events, o),
      policy,
    });
    const { url } = await receiver.start();
    h = await startHarness({ webhook: { url, secret: SECRET } });
    const store = await h.openStore();
    const channel = h.channel('soc', { is_private: true });
    await h.subscribe(store, channel);
    const pipeline = h.pipeline(store, { poll, pollIntervalMs: 200 }, { policy });
    intake = pipeline.intake;
    await pipeline.start();
    return { store, channel, pipeline, url };
  }

  it('delivers an event the MISP sandbox pushes, with polling off', async () => {
    const { store, channel, pipeline } = await setup(false);
    const event = await (h as Harness).publish({ info: 'pushed' });
    await eventually(async () => (await store.counts()).posted === 1, 'delivered from the webhook');
    expect(alertsFor(h as Harness, channel, event.uuid)).toHaveLength(1);
    expect(pipeline.poller.health().eventsSeen).toBe(0);
    expect(receiver?.stats().accepted).toBe(1);
  });

  it('decides a pushed untagged event with the configured default TLP (TLP:RED: withheld in a private channel)', async () => {
    const { store, channel } = await setup(false, { ...defaultTlpPolicy, defaultTlp: 'red' });
    const untagged = await (h as Harness).publish({ info: 'pushed untagged', tags: [] });
    const green = await (h as Harness).publish({ info: 'pushed green', tags: ['tlp:green'] });
    await eventually(async () => {
      const c = await store.counts();
      return c.posted === 1 && c.withheld === 1;
    }, 'green posted, untagged withheld');
    expect(alertsFor(h as Harness, channel, untagged.uuid)).toHaveLength(0);
    expect(alertsFor(h as Harness, channel, green.uuid)).toHaveLength(1);
  });

  it('delivers once when both the webhook and the poller see the event', async () => {
    const { store, channel, pipeline } = await setup(true);
    const event = await (h as Harness).publish({ info: 'both paths' });
    await eventually(
      async () => (await store.counts()).posted === 1 && pipeline.poller.health().eventsSeen >= 2,
      'both sources saw it',
    );
    expect(alertsFor(h as Harness, channel, event.uuid)).toHaveLength(1);
  });

  it('refuses bad signatures, bad JSON and oversized bodies without enqueueing', async () => {
    const { store, url } = await setup(false);
    const body = JSON.stringify({
      Event: {
        uuid: '5f1c3a2e-1111-4222-8333-944455556666',
        published: true,
        publish_timestamp: '1800000000',
        threat_level_id: '1',
      },
    });
    const post = (b: string, sig?: string) =>
      fetch(url, {
        method: 'POST',
        body: b,
        headers: { 'content-type': 'application/json', ...(sig ? { 'x-mispkit-signature': sig } : {}) },
      });
    expect((await post(body)).status).toBe(401);
    expect((await post(body, sign(body, 'wrong-secret-wrong-secret'))).status).toBe(401);
    expect((await post(body, 'sha256=zz')).status).toBe(401);
    expect((await post('{"Event":', sign('{"Event":'))).status).toBe(400);
    const noUuid = JSON.stringify({ Event: { info: 'x' } });
    const res = await post(noUuid, sign(noUuid));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'invalid_event' });
    expect((await fetch(url, { method: 'GET' })).status).toBe(405);
    expect((await store.counts()).pending).toBe(0);
    expect((await post(body, sign(body))).status).toBe(200);
  });

  it('checks signatures in constant time over the raw bytes', () => {
    const body = Buffer.from('{"a":1}');
    expect(verifySignature(body, sign('{"a":1}'), SECRET)).toBe(true);
    expect(verifySignature(body, sign('{"a":1}').toUpperCase().replace('SHA256', 'sha256'), SECRET)).toBe(true);
    expect(verifySignature(body, sign('{"a": 1}'), SECRET)).toBe(false);
    expect(verifySignature(body, undefined, SECRET)).toBe(false);
    expect(verifySignature(body, sign('{"a":1}'), '')).toBe(false);
  });
});
