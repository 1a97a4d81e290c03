import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SlackSandbox, startSlackSandbox } from '../src/index.js';
import { PLAYGROUND_DIR } from '../src/playground-api.js';
import { boltSocketApp } from './helpers.js';

let slack: SlackSandbox;
let app: App | undefined;
beforeEach(async () => {
  slack = await startSlackSandbox({ mode: 'socket' });
});
afterEach(async () => {
  await app?.stop().catch(() => {});
  app = undefined;
  await slack.close();
});

const api = (path: string, init?: RequestInit) => fetch(`${slack.url}/_sandbox/${path}`, init);
const postJson = (path: string, body: unknown) =>
  api(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

async function connectBolt() {
  app = boltSocketApp(slack);
  app.command('/intel', async ({ ack, respond, command }) => {
    await ack();
    await respond({
      text: `result for ${command.text}`,
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: `result for ${command.text}` } },
        {
          type: 'actions',
          block_id: 'b',
          elements: [{ type: 'button', action_id: 'share', value: 'v', text: { type: 'plain_text', text: 'Share' } }],
        },
      ],
    });
  });
  app.action('share', async ({ ack, respond }) => {
    await ack();
    await respond({ replace_original: true, text: 'shared!' });
  });
  await app.start();
}

describe('playground API', () => {
  it('GET /_sandbox/state returns the default workspace', async () => {
    const state = (await (await api('state')).json()) as {
      team: { id: string; name: string };
      botUserId: string;
      users: { id: string }[];
      channels: {
        id: string;
        name: string;
        is_member: boolean;
        is_private: boolean;
        is_ext_shared: boolean;
        is_im: boolean;
      }[];
    };
    expect(state.team).toMatchObject({ id: 'T0MISPKIT', name: 'mispkit-demo' });
    expect(state.botUserId).toBe('U0MISPBOT');
    expect(state.users.map((u) => u.id)).toEqual(['U0MISPBOT', 'U0ALICE', 'U0BOB']);
    const byName = Object.fromEntries(state.channels.map((c) => [c.name, c]));
    expect(byName.soc).toMatchObject({ id: 'C0SOC', is_member: true, is_private: false });
    expect(byName['soc-private']).toMatchObject({ is_private: true, is_member: true });
    expect(byName.partners).toMatchObject({ is_ext_shared: true, is_member: true });
    expect(byName.random).toMatchObject({ is_member: false });
    expect(byName['soc-alerts']).toMatchObject({ is_member: true });
    expect(state.channels.filter((c) => c.is_im).map((c) => c.id)).toEqual(['D0ALICE', 'D0BOB']);
  });

  it('runs a slash command, shows the ephemeral answer only to its user, and a click replaces it', async () => {
    await connectBolt();
    const slash = await postJson('slash', { user: 'U0ALICE', channel: 'C0SOC', command: '/intel', text: '1.2.3.4' });
    expect(await slash.json()).toEqual({ ok: true, acked: true });
    const answer = await slack.waitForMessage((m) => m.text === 'result for 1.2.3.4');
    const asAlice = (await (await api('channels/C0SOC/messages?as=U0ALICE')).json()) as Record<string, unknown>[];
    expect(asAlice).toEqual([
      expect.objectContaining({ ts: answer.ts, channel: 'C0SOC', ephemeral_to: 'U0ALICE', blocks: expect.any(Array) }),
    ]);
    expect(await (await api('channels/C0SOC/messages?as=U0BOB')).json()).toEqual([]);
    const click = await postJson('action', {
      user: 'U0ALICE',
      channel: 'C0SOC',
      messageTs: answer.ts,
      actionId: 'share',
    });
    expect(await click.json()).toEqual({ ok: true, acked: true });
    await slack.waitForMessage((m) => m.ts === answer.ts && m.text === 'shared!');
  });

  it('streams posted and updated messages as server-sent events', async () => {
    const controller = new AbortController();
    const response = await api('events', { signal: controller.signal });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.getReader();
    const client = slack;
    const decoder = new TextDecoder();
    let buffer = '';
    const nextEvent = async (): Promise<{ type: string; channel: string; message: { text: string } }> => {
      for (;;) {
        const match = /event: message\ndata: (.*)\n\n/.exec(buffer);
        if (match) {
          buffer = buffer.slice(match.index + match[0].length);
          return JSON.parse(match[1]!);
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        buffer += decoder.decode(value);
      }
    };
    const token = client.botToken;
    const posted = await (
      await fetch(`${client.apiUrl}chat.postMessage`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ channel: 'C0SOC', text: 'live' }),
      })
    ).json();
    expect(await nextEvent()).toMatchObject({ type: 'posted', channel: 'C0SOC', message: { text: 'live' } });
    await fetch(`${client.apiUrl}chat.update`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ channel: 'C0SOC', ts: (posted as { ts: string }).ts, text: 'edited' }),
    });
    expect(await nextEvent()).toMatchObject({
      type: 'updated',
      message: { text: 'edited', edited: expect.any(Object) },
    });
    controller.abort();
  });

  it('answers bad playground requests with a clear error, not a crash', async () => {
    const missing = await postJson('slash', { user: 'U0ALICE', channel: 'C0SOC' });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ ok: false, error: 'invalid_arguments' });
    const unknownChannel = await postJson('slash', { user: 'U0ALICE', channel: 'C0NOPE', command: '/intel' });
    expect(await unknownChannel.json()).toMatchObject({ ok: false, error: 'channel_not_found' });
    const badJson = await api('action', { method: 'POST', body: '{', headers: { 'content-type': 'application/json' } });
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toEqual({ ok: false, error: 'invalid_json' });
    const noMessage = await postJson('action', { user: 'U0ALICE', channel: 'C0SOC', messageTs: '1.1', actionId: 'x' });
    expect(await noMessage.json()).toMatchObject({ ok: false, error: 'message_not_found' });
    expect((await api('channels/C0NOPE/messages')).status).toBe(404);
  });

  it('serves the playground page at / and its assets under /playground/, refusing paths outside it', async () => {
    expect(PLAYGROUND_DIR.endsWith('/src/playground/')).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'playground-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>pg</title>');
    writeFileSync(join(dir, 'app.js'), 'export {};');
    const custom = await startSlackSandbox({ playgroundDir: dir });
    try {
      const page = await fetch(custom.playgroundUrl);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await page.text()).toBe('<!doctype html><title>pg</title>');
      const script = await fetch(`${custom.url}/playground/app.js`);
      expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect(await script.text()).toBe('export {};');
      expect((await fetch(`${custom.url}/playground/missing.css`)).status).toBe(404);
      expect((await fetch(`${custom.url}/playground/..%2f..%2fpackage.json`)).status).toBe(404);
    } finally {
      await custom.close();
    }
  });
});

describe('playground API extensions', () => {
  it('POST /_sandbox/message posts as the user and delivers message and app_mention events', async () => {
    const events: string[] = [];
    app = boltSocketApp(slack);
    app.event('app_mention', async ({ event }) => {
      events.push(`mention:${event.text}`);
    });
    app.message(async ({ message }) => {
      events.push(`message:${'text' in message ? message.text : ''}`);
    });
    await app.start();
    const response = await postJson('message', { user: 'U0BOB', channel: 'C0SOC', text: 'hey <@U0MISPBOT>' });
    expect(await response.json()).toMatchObject({ ok: true, message: { user: 'U0BOB', text: 'hey <@U0MISPBOT>' } });
    await expect.poll(() => [...events].sort()).toEqual(['mention:hey <@U0MISPBOT>', 'message:hey <@U0MISPBOT>']);
    const outside = await postJson('message', { user: 'U0BOB', channel: 'C0RANDOM', text: 'no bot here' });
    expect(await outside.json()).toMatchObject({ ok: true });
    expect(slack.messages('C0RANDOM')).toHaveLength(1);
  });

  it('POST /_sandbox/app-home-opened lets the app publish a Home tab that /_sandbox/state then shows', async () => {
    const clicks: string[] = [];
    app = boltSocketApp(slack);
    app.event('app_home_opened', async ({ event, client }) => {
      await client.views.publish({
        user_id: event.user,
        view: {
          type: 'home',
          blocks: [
            {
              type: 'actions',
              block_id: 'home',
              elements: [{ type: 'button', action_id: 'refresh', text: { type: 'plain_text', text: 'Refresh' } }],
            },
          ],
        },
      });
    });
    app.action('refresh', async ({ ack, body }) => {
      await ack();
      clicks.push((body as unknown as { container: { type: string } }).container.type);
    });
    await app.start();
    expect(await (await postJson('app-home-opened', { user: 'U0ALICE' })).json()).toMatchObject({
      ok: true,
      acked: true,
    });
    const state = async () =>
      (await (await api('state')).json()) as { homeViews: Record<string, { id: string; type: string }> };
    await expect.poll(async () => (await state()).homeViews.U0ALICE?.type).toBe('home');
    const viewId = (await state()).homeViews.U0ALICE!.id;
    const click = await postJson('action', { user: 'U0ALICE', viewId, actionId: 'refresh' });
    expect(await click.json()).toEqual({ ok: true, acked: true });
    expect(clicks).toEqual(['view']);
  });
});
