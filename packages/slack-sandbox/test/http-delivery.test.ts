import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App } from '@slack/bolt';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type SlackSandbox, signRequest, startSlackSandbox } from '../src/index.js';
import { quietLogger } from './helpers.js';

const SECRET = 'test-signing-secret-0123456789';

let slack: SlackSandbox | undefined;
let app: App | undefined;
let raw: Server | undefined;

afterEach(async () => {
  vi.useRealTimers();
  await app?.stop().catch(() => {});
  await slack?.close();
  raw?.closeAllConnections();
  await new Promise<void>((resolve) => (raw ? raw.close(() => resolve()) : resolve()));
  app = undefined;
  slack = undefined;
  raw = undefined;
});

async function startBoltHttpApp(sandbox: SlackSandbox, signingSecret: string, register: (app: App) => void) {
  const bolt = new App({
    token: sandbox.botToken,
    signingSecret,
    logger: quietLogger,
    clientOptions: { slackApiUrl: sandbox.apiUrl, retryConfig: { retries: 0 } },
  });
  register(bolt);
  const server = (await bolt.start(0)) as Server;
  const port = (server.address() as AddressInfo).port;
  sandbox.setRequestUrl(`http://127.0.0.1:${port}/slack/events`);
  return bolt;
}

describe('HTTP mode with an unmodified Bolt app', () => {
  it('delivers a signed slash command that Bolt verifies, acks and answers via respond() and say()', async () => {
    slack = await startSlackSandbox({ mode: 'http', signingSecret: SECRET });
    let runs = 0;
    app = await startBoltHttpApp(slack, SECRET, (bolt) => {
      bolt.command('/intel', async ({ command, ack, respond, say }) => {
        runs += 1;
        await ack();
        await respond({ text: `verdict for ${command.text}` });
        await say('in channel');
      });
    });
    const result = await slack.slashCommand({
      user: 'U0ALICE',
      channel: 'C0SOC',
      command: '/intel',
      text: 'evil.example',
    });
    expect(result.acked).toBe(true);
    await slack.waitForMessage((m) => m.text === 'verdict for evil.example' && m.ephemeral_to === 'U0ALICE');
    await slack.waitForMessage((m) => m.text === 'in channel' && m.ephemeral_to === undefined);
    expect(runs).toBe(1);
  });

  it('posts the HTTP ack body as the immediate ephemeral response', async () => {
    slack = await startSlackSandbox({ mode: 'http', signingSecret: SECRET });
    app = await startBoltHttpApp(slack, SECRET, (bolt) => {
      bolt.command('/intel', async ({ ack }) => {
        await ack({ response_type: 'in_channel', text: 'everyone sees this' });
      });
    });
    const result = await slack.slashCommand({ user: 'U0ALICE', channel: 'C0SOC', command: '/intel', text: '' });
    expect(result.ackBody).toMatchObject({ text: 'everyone sees this' });
    expect(slack.messages('C0SOC')).toEqual([
      expect.objectContaining({ text: 'everyone sees this', response_type: 'in_channel' }),
    ]);
    expect(slack.messages('C0SOC')[0]?.ephemeral_to).toBeUndefined();
  });

  it('delivers a button click as a payload= form that Bolt parses', async () => {
    slack = await startSlackSandbox({ mode: 'http', signingSecret: SECRET });
    const values: string[] = [];
    app = await startBoltHttpApp(slack, SECRET, (bolt) => {
      bolt.action('share', async ({ ack, action }) => {
        await ack();
        values.push((action as { value: string }).value);
      });
    });
    const posted = await app.client.chat.postMessage({
      channel: 'C0SOC',
      text: 'card',
      blocks: [
        {
          type: 'actions',
          elements: [{ type: 'button', action_id: 'share', text: { type: 'plain_text', text: 'Share' }, value: 'v1' }],
        },
      ],
    });
    const result = await slack.clickButton({
      user: 'U0BOB',
      channel: 'C0SOC',
      messageTs: posted.ts!,
      actionId: 'share',
    });
    expect(result.acked).toBe(true);
    expect(values).toEqual(['v1']);
  });

  it('is rejected with 401 by Bolt when the signing secrets differ, and no handler runs', async () => {
    slack = await startSlackSandbox({ mode: 'http', signingSecret: 'a-different-secret' });
    let runs = 0;
    app = await startBoltHttpApp(slack, SECRET, (bolt) => {
      bolt.command('/intel', async ({ ack }) => {
        runs += 1;
        await ack();
      });
    });
    const result = await slack.slashCommand({ user: 'U0ALICE', channel: 'C0SOC', command: '/intel', text: 'x' });
    expect(result).toEqual({ acked: false, error: 'http_error_401' });
    expect(runs).toBe(0);
  });
});

describe('HTTP delivery details', () => {
  async function startRecorder(handler: (n: number, headers: IncomingHttpHeaders, body: string) => number | 'hang') {
    const seen: { headers: IncomingHttpHeaders; body: string }[] = [];
    raw = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        seen.push({ headers: req.headers, body });
        const outcome = handler(seen.length, req.headers, body);
        if (outcome !== 'hang') res.writeHead(outcome).end();
      });
    });
    await new Promise<void>((resolve) => raw!.listen(0, '127.0.0.1', () => resolve()));
    return { url: `http://127.0.0.1:${(raw!.address() as AddressInfo).port}/slack/events`, seen };
  }

  it('signs with v0 HMAC-SHA256 over v0:timestamp:body and sends slash commands form-encoded', async () => {
    const recorder = await startRecorder(() => 200);
    slack = await startSlackSandbox({ mode: 'http', signingSecret: SECRET, requestUrl: recorder.url });
    await slack.slashCommand({ user: 'U0ALICE', channel: 'C0SOC', command: '/intel', text: 'a b' });
    const [request] = recorder.seen;
    const timestamp = Number(request!.headers['x-slack-request-timestamp']);
    expect(request!.headers['x-slack-signature']).toBe(signRequest(SECRET, timestamp, request!.body));
    expect(request!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const form = new URLSearchParams(request!.body);
    expect(form.get('command')).toBe('/intel');
    expect(form.get('text')).toBe('a b');
    expect(form.get('team_id')).toBe('T0MISPKIT');
    expect(form.get('response_url')).toContain('/response_url/');
    expect(form.get('trigger_id')).toEqual(expect.any(String));
  });

  it('retries an event after a timeout with X-Slack-Retry-Num and X-Slack-Retry-Reason: http_timeout', async () => {
    const recorder = await startRecorder((n) => (n === 1 ? 'hang' : 200));
    slack = await startSlackSandbox({ mode: 'http', signingSecret: SECRET, requestUrl: recorder.url });
    // The ack timeout passes when the test says so, and only for the first attempt: a real 3 s
    // timer would also time out the answered retry on a slow enough machine.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const delivered = slack.appHomeOpened('U0ALICE');
    await expect.poll(() => recorder.seen.length).toBe(1);
    vi.advanceTimersByTime(3000);
    const result = await delivered;
    expect(result.acked).toBe(true);
    expect(recorder.seen).toHaveLength(2);
    expect(recorder.seen[0]!.headers['x-slack-retry-num']).toBeUndefined();
    expect(recorder.seen[1]!.headers).toMatchObject({
      'x-slack-retry-num': '1',
      'x-slack-retry-reason': 'http_timeout',
    });
    expect(recorder.seen[1]!.headers['content-type']).toBe('application/json');
    const event = JSON.parse(recorder.seen[1]!.body) as { type: string; event: { type: string; user: string } };
    expect(event).toMatchObject({ type: 'event_callback', event: { type: 'app_home_opened', user: 'U0ALICE' } });
  });

  it('gives up on an event after 3 retries, and never retries slash commands', async () => {
    const recorder = await startRecorder(() => 500);
    slack = await startSlackSandbox({
      mode: 'http',
      signingSecret: SECRET,
      requestUrl: recorder.url,
      eventRetryDelaysMs: [0, 0, 0],
    });
    // Frozen timers: no attempt can time out however slowly the machine answers, so every retry is an http_error.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const event = await slack.sendEvent({ type: 'app_home_opened', user: 'U0ALICE', tab: 'home' });
    expect(event).toEqual({ acked: false, error: 'http_error_500' });
    expect(recorder.seen.map((r) => r.headers['x-slack-retry-num'])).toEqual([undefined, '1', '2', '3']);
    expect(recorder.seen[3]!.headers['x-slack-retry-reason']).toBe('http_error');
    const command = await slack.slashCommand({ user: 'U0ALICE', channel: 'C0SOC', command: '/intel', text: 'x' });
    expect(command.acked).toBe(false);
    expect(recorder.seen).toHaveLength(5);
  });
});
