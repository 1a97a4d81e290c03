import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { demoIndicators } from '@mispkit/misp-sandbox';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { blockText, type Harness, startHarness } from './harness.js';

describe('when MISP fails, the analyst gets an ack at once and a clear follow-up', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ mode: 'socket', env: { MISP_TIMEOUT_MS: '1500' } });
  });
  afterEach(() => h.misp.faults.clear());
  afterAll(async () => {
    await h?.close();
  });

  it('reports a MISP server error', async () => {
    h.misp.faults.add({ path: '/attributes/restSearch', status: 500, times: 5 });
    const answer = await h.intel(demoIndicators.maliciousIp);
    expect(blockText(answer)).toContain('MISP failed with a server error (HTTP 500)');
    expect(blockText(answer)).not.toMatch(/at .*\.js:\d+/);
    // The error took the place of "Looking up 1 indicator…".
    expect(h.slack.messages('C0SOC').filter((m) => m.text.startsWith('Looking up'))).toEqual([]);
  });

  it('reports a MISP that is too slow, naming the timeout', async () => {
    h.misp.faults.add({ path: '/attributes/restSearch', status: 503, delayMs: 4000 });
    const result = await h.slack.slashCommand({
      user: 'U0ALICE',
      channel: 'C0SOC',
      command: '/intel',
      text: demoIndicators.maliciousIp,
    });
    expect(result.acked).toBe(true);
    const answer = await h.slack.waitForMessage(
      (m) => m.ephemeral_to === 'U0ALICE' && m.text.includes('did not answer'),
      { timeoutMs: 10_000 },
    );
    expect(answer.text).toContain('MISP did not answer within 1.5 s');
  });

  it('reports rate limiting by MISP', async () => {
    h.misp.faults.add({ path: '/attributes/restSearch', status: 429, retryAfter: 30 });
    const answer = await h.intel(demoIndicators.maliciousIp);
    expect(blockText(answer)).toContain('MISP is rate-limiting the bot');
  });

  it('keeps working after failures', async () => {
    const answer = await h.intel(demoIndicators.maliciousIp);
    expect(blockText(answer)).toContain('*Malicious*');
  });
});

describe('other MISP failures', () => {
  let garbage: Server;
  let garbageUrl: string;
  beforeAll(async () => {
    garbage = createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html>Please log in</html>'),
    );
    await new Promise<void>((resolve) => garbage.listen(0, '127.0.0.1', resolve));
    garbageUrl = `http://127.0.0.1:${(garbage.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => garbage.close(resolve));
  });

  it('reports a refused API key', async () => {
    const h = await startHarness({ apiKey: 'A'.repeat(40) });
    try {
      const answer = await h.intel(demoIndicators.maliciousIp);
      expect(blockText(answer)).toContain('MISP refused the bot’s API key');
      expect(h.logs.join('\n')).not.toContain('A'.repeat(40));
    } finally {
      await h.close();
    }
  });

  it('reports an unreachable MISP (closed port)', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const h = await startHarness({ mispUrl: `http://127.0.0.1:${port}` });
    try {
      const answer = await h.intel(demoIndicators.maliciousIp);
      expect(blockText(answer)).toContain('MISP could not be reached');
    } finally {
      await h.close();
    }
  });

  it('reports a server that answers something other than MISP JSON', async () => {
    const h = await startHarness({ mispUrl: garbageUrl });
    try {
      const answer = await h.intel(demoIndicators.maliciousIp);
      expect(blockText(answer)).toContain('not valid MISP JSON');
    } finally {
      await h.close();
    }
  });
});
