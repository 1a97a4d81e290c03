// src/main.ts as a process, the way it runs in production: the config error message, and the
// alert pipeline wired in (subscribe, publish in MISP, alert in Slack, clean SIGINT).
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPartners, startMispSandbox } from '@mispkit/misp-sandbox';
import { createMispClient } from '@mispkit/sdk';
import { startSlackSandbox } from '@mispkit/slack-sandbox';
import { describe, expect, it } from 'vitest';

const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));

function run(env: Record<string, string>): { child: ChildProcess; output: () => string; exit: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', main], {
    env: { PATH: process.env.PATH ?? '', MISPKIT_ENV_FILE: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exit };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('main.ts', () => {
  it('honours LOG_LEVEL=debug for its own and Bolt’s lines, with no secret or response_url in any of them', async () => {
    const misp = await startMispSandbox({ seed: 'demo', log: () => {} });
    const slack = await startSlackSandbox({ mode: 'http' });
    const port = await freePort();
    const db = path.join(mkdtempSync(path.join(tmpdir(), 'mispkit-main-')), 'bot.sqlite');
    const p = run({
      MISP_URL: misp.url,
      MISP_API_KEY: misp.userKey,
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_SIGNING_SECRET: slack.signingSecret,
      SLACK_API_URL: slack.apiUrl,
      PORT: String(port),
      MISPKIT_DATABASE: db,
      LOG_LEVEL: 'debug',
    });
    try {
      slack.setRequestUrl(`http://127.0.0.1:${port}/slack/events`);
      await expect.poll(() => p.output().includes('"event":"ready"'), { timeout: 20_000, interval: 100 }).toBe(true);
      const answered = slack.waitForMessage((m) => m.ephemeral_to === 'U0ALICE' && m.text.includes('looked up'), {
        timeoutMs: 15_000,
      });
      const command = await slack.slashCommand({
        user: 'U0ALICE',
        channel: 'C0SOC',
        command: '/intel',
        text: 'hxxp://bad[.]example/other 185.220.101.4',
      });
      expect(command.acked).toBe(true);
      await answered;
      p.child.kill('SIGINT');
      expect(await p.exit).toBe(0);

      const lines = p
        .output()
        .split('\n')
        .filter((line) => line.startsWith('{'));
      const debug = lines.filter((line) => line.includes('"level":"debug"'));
      // Bolt's and the Web API client's own debug lines prove that Bolt kept the level.
      expect(debug.some((line) => line.includes('ack() call begins'))).toBe(true);
      expect(debug.some((line) => line.includes("apiCall('auth.test') start"))).toBe(true);
      const logged = p.output();
      for (const secret of [slack.botToken, slack.signingSecret, misp.userKey]) expect(logged).not.toContain(secret);
      expect(logged).not.toMatch(/\/response_url\/T/);
      expect(logged).not.toMatch(/response_url\\?"\s*:\s*\\?"(?!\[redacted\])/);
    } finally {
      if (p.child.exitCode === null) p.child.kill('SIGKILL');
      await slack.close();
      await misp.close();
    }
  });

  it('exits 2 with one message naming every bad variable, alert variables included', async () => {
    const p = run({
      MISP_URL: 'https://misp.example.org',
      MISP_API_KEY: 'x'.repeat(40),
      SLACK_BOT_TOKEN: 'xoxb-1-secret',
      MISPKIT_POLL_INTERVAL_MS: 'often',
      MISPKIT_WEBHOOK_PORT: '8090',
    });
    expect(await p.exit).toBe(2);
    expect(p.output()).toContain('SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET');
    expect(p.output()).toContain('MISPKIT_POLL_INTERVAL_MS');
    expect(p.output()).toContain('MISPKIT_WEBHOOK_SECRET is missing');
    expect(p.output()).not.toContain('xoxb-1-secret');
  });

  it('runs the alert pipeline: a channel subscribed with /intel gets an event published in MISP', async () => {
    const misp = await startMispSandbox({ log: () => {} });
    const { userKey } = await createPartners(misp);
    const slack = await startSlackSandbox({ mode: 'socket' });
    const db = path.join(mkdtempSync(path.join(tmpdir(), 'mispkit-main-')), 'bot.sqlite');
    const p = run({
      MISP_URL: misp.url,
      MISP_API_KEY: userKey,
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_APP_TOKEN: slack.appToken,
      SLACK_API_URL: slack.apiUrl,
      MISPKIT_DATABASE: db,
      MISPKIT_POLL_INTERVAL_MS: '200',
      MISPKIT_ALERT_CHANNEL_INTERVAL_MS: '0',
    });
    try {
      await expect.poll(() => slack.socketConnections(), { timeout: 20_000, interval: 100 }).toBeGreaterThan(0);
      const answered = slack.waitForMessage(
        (m) => m.channel === 'C0SOCALERTS' && m.ephemeral_to === 'U0ALICE' && m.text.startsWith('Subscribed'),
        { timeoutMs: 15_000 },
      );
      await slack.slashCommand({ user: 'U0ALICE', channel: 'C0SOCALERTS', command: '/intel', text: 'subscribe' });
      await answered;

      const admin = createMispClient({ baseUrl: misp.url, apiKey: misp.adminKey });
      const created = (await admin.events.add({
        info: 'Main process alert',
        threat_level_id: '1',
        distribution: '0',
        analysis: '1',
        Attribute: [{ type: 'domain', category: 'Network activity', value: 'main-test.example', to_ids: true }],
      } as never)) as { id: string; uuid: string };
      await admin.tags.attach({ uuid: created.uuid, tag: 'tlp:green' });
      await admin.events.publish(created.id);
      const alert = await slack.waitForMessage(
        (m) => m.channel === 'C0SOCALERTS' && !m.ephemeral_to && m.text.includes('Main process alert'),
        { timeoutMs: 20_000 },
      );
      expect(JSON.stringify(alert.blocks)).toContain('main-test[.]example');

      p.child.kill('SIGINT');
      expect(await p.exit).toBe(0);
    } finally {
      if (p.child.exitCode === null) p.child.kill('SIGKILL');
      await slack.close();
      await misp.close();
    }
  });
});
