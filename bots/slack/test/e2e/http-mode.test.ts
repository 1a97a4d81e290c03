import { demoIndicators } from '@mispkit/misp-sandbox';
import { signRequest } from '@mispkit/slack-sandbox';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sign } from '../../src/http-guard.js';
import { actions, blockIds } from '../../src/ids.js';
import { blockText, type Harness, startHarness } from './harness.js';

describe('HTTP mode through both sandboxes', () => {
  let h: Harness;
  let endpoint: string;
  beforeAll(async () => {
    h = await startHarness({ mode: 'http' });
    endpoint = h.requestUrl ?? '';
  });
  afterAll(async () => {
    await h?.close();
  });

  it('answers a signed slash command delivered by the sandbox', async () => {
    const answer = await h.intel(demoIndicators.maliciousIp);
    expect(blockText(answer)).toContain('*Malicious*');
  });

  it('shows the host context of an unknown URL on a known host', async () => {
    const answer = await h.intel('hxxp://bad[.]example/other');
    const text = blockText(answer);
    expect(text).toContain('*Suspicious*');
    expect(text).toContain('Host `bad[.]example` is known to MISP');
  });

  it('handles a sighting button delivered as a signed request', async () => {
    const card = await h.intel(demoIndicators.maliciousDomain);
    const click = await h.slack.clickButton({
      user: 'U0ALICE',
      channel: 'C0SOC',
      messageTs: card.ts,
      actionId: actions.sighting,
      blockId: `${blockIds.cardActions}0`,
    });
    expect(click.acked).toBe(true);
    await vi.waitFor(
      () => {
        const m = h.slack.messages('C0SOC').find((x) => x.ts === card.ts);
        if (!m || !blockText(m).includes('Added a sighting')) throw new Error('card not redrawn yet');
      },
      { timeout: 10_000 },
    );
  });

  const body = () =>
    new URLSearchParams({
      command: '/intel',
      text: 'help',
      user_id: 'U0ALICE',
      channel_id: 'C0SOC',
      team_id: 'T0MISPKIT',
      api_app_id: 'A0MISPKIT',
      trigger_id: `t${Math.random()}`,
      response_url: 'http://127.0.0.1:9/never',
    }).toString();

  async function post(raw: string, timestamp: number, signature?: string) {
    return fetch(endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': signature ?? sign(h.slack.signingSecret, timestamp, raw),
      },
      body: raw,
    });
  }
  const now = () => Math.floor(Date.now() / 1000);
  // Well past the 5-minute window, so the clock ticking on before the bot checks cannot matter
  // (the exact 300 s boundary is tested with a fixed clock in http-guard.test.ts).
  const OUTSIDE_WINDOW = 400;

  it('accepts a correctly signed request once and rejects its replay', async () => {
    const raw = body();
    const ts = now();
    const first = await post(raw, ts);
    expect(first.status).toBe(200);
    expect(await first.text()).toContain('looks indicators up in MISP');
    const replay = await post(raw, ts);
    expect(replay.status).toBe(401);
  });

  it('answers GET /healthz for load balancers', async () => {
    const res = await fetch(endpoint.replace('/slack/events', '/healthz'));
    expect(res.status).toBe(200);
  });

  it('rejects a bad signature', async () => {
    const res = await post(body(), now(), `v0=${'0'.repeat(64)}`);
    expect(res.status).toBe(401);
  });

  it('rejects a stale timestamp', async () => {
    expect((await post(body(), now() - OUTSIDE_WINDOW)).status).toBe(401);
  });

  it('rejects a timestamp from the future, which Bolt alone would accept', async () => {
    expect((await post(body(), now() + OUTSIDE_WINDOW)).status).toBe(401);
  });

  it('rejects a request without signature headers', async () => {
    const res = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: body(),
    });
    expect(res.status).toBe(401);
  });

  it('signs exactly as the Slack sandbox (and Slack) does', () => {
    expect(sign('secret', 1_700_000_000, 'a=b')).toBe(signRequest('secret', 1_700_000_000, 'a=b'));
  });

  it('records HTTP-mode lookups in the audit log', async () => {
    await h.intel(demoIndicators.maliciousDomain, { channel: 'C0SOCPRIV' });
    const record = await vi.waitFor(
      async () => {
        const [latest] = await h.store.listAudit({ limit: 1 });
        if (latest?.channelId !== 'C0SOCPRIV') throw new Error('not yet audited');
        return latest;
      },
      { timeout: 10_000 },
    );
    expect(record.indicators).toEqual(['bad[.]example']);
  });
});
