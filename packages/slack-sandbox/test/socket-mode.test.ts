import type { App } from '@slack/bolt';
import { afterEach, describe, expect, it } from 'vitest';
import { type SlackSandbox, startSlackSandbox } from '../src/index.js';
import { boltSocketApp } from './helpers.js';

let slack: SlackSandbox | undefined;
let app: App | undefined;

afterEach(async () => {
  await app?.stop().catch(() => {});
  await slack?.close();
  app = undefined;
  slack = undefined;
});

async function startBoltSocketApp(sandbox: SlackSandbox, register: (app: App) => void): Promise<App> {
  const bolt = boltSocketApp(sandbox, { retryConfig: { retries: 0 } });
  register(bolt);
  await bolt.start();
  return bolt;
}

const cardBlocks = [
  { type: 'section', block_id: 'verdict', text: { type: 'mrkdwn', text: '*1.2.3.4* is malicious' } },
  {
    type: 'actions',
    block_id: 'card-actions',
    elements: [{ type: 'button', action_id: 'share', text: { type: 'plain_text', text: 'Share' }, value: 'ev-1' }],
  },
];

describe('Socket Mode with an unmodified Bolt app', () => {
  it('delivers a slash command that is acked, answered by respond() and by say()', async () => {
    slack = await startSlackSandbox({ mode: 'socket' });
    const seen: { text: string; userId: string; triggerId: string }[] = [];
    app = await startBoltSocketApp(slack, (bolt) => {
      bolt.command('/intel', async ({ command, ack, respond, say }) => {
        await ack();
        seen.push({ text: command.text, userId: command.user_id, triggerId: command.trigger_id });
        await respond({ text: `looking up ${command.text}`, blocks: cardBlocks });
        await say({ text: 'posted in channel' });
      });
    });
    const result = await slack.slashCommand({ user: 'U0ALICE', channel: 'C0SOC', command: '/intel', text: '1.2.3.4' });
    expect(result).toEqual({ acked: true });
    const ephemeral = await slack.waitForMessage((m) => m.text === 'looking up 1.2.3.4');
    expect(ephemeral).toMatchObject({ channel: 'C0SOC', ephemeral_to: 'U0ALICE', bot_id: 'B0MISPBOT' });
    const inChannel = await slack.waitForMessage((m) => m.text === 'posted in channel');
    expect(inChannel.ephemeral_to).toBeUndefined();
    expect(seen).toEqual([{ text: '1.2.3.4', userId: 'U0ALICE', triggerId: expect.any(String) }]);
  });

  it('posts a non-empty ack payload as the ephemeral immediate response', async () => {
    slack = await startSlackSandbox({ mode: 'socket' });
    app = await startBoltSocketApp(slack, (bolt) => {
      bolt.command('/intel', async ({ ack }) => {
        await ack({ text: 'working on it' });
      });
    });
    const result = await slack.slashCommand({ user: 'U0BOB', channel: 'C0SOC', command: '/intel', text: 'x' });
    expect(result.acked).toBe(true);
    expect(result.ackBody).toEqual({ text: 'working on it' });
    expect(slack.messages('C0SOC')).toEqual([
      expect.objectContaining({ text: 'working on it', ephemeral_to: 'U0BOB', response_type: 'ephemeral' }),
    ]);
  });

  it('reports acked:false and tells the user operation_timeout when the app never acks', async () => {
    slack = await startSlackSandbox({ mode: 'socket', ackTimeoutMs: 300 });
    app = await startBoltSocketApp(slack, (bolt) => {
      bolt.command('/intel', async () => {});
    });
    const result = await slack.slashCommand({ user: 'U0ALICE', channel: 'C0SOC', command: '/intel', text: 'x' });
    expect(result).toEqual({ acked: false, error: 'operation_timeout' });
    expect(slack.messages('C0SOC')).toEqual([
      expect.objectContaining({
        user: 'USLACKBOT',
        ephemeral_to: 'U0ALICE',
        text: '/intel failed with the error "operation_timeout"',
      }),
    ]);
  });

  it('delivers a button click as block_actions with the message, and respond() replaces it', async () => {
    slack = await startSlackSandbox({ mode: 'socket' });
    const bodies: Record<string, unknown>[] = [];
    app = await startBoltSocketApp(slack, (bolt) => {
      bolt.action('share', async ({ ack, body, respond }) => {
        await ack();
        bodies.push(body as unknown as Record<string, unknown>);
        await respond({ replace_original: true, text: 'shared' });
      });
    });
    const posted = await app.client.chat.postMessage({ channel: 'C0SOC', text: 'card', blocks: cardBlocks });
    const result = await slack.clickButton({
      user: 'U0ALICE',
      channel: 'C0SOC',
      messageTs: posted.ts!,
      actionId: 'share',
    });
    expect(result.acked).toBe(true);
    await slack.waitForMessage((m) => m.ts === posted.ts && m.text === 'shared');
    expect(bodies[0]).toMatchObject({
      type: 'block_actions',
      user: { id: 'U0ALICE' },
      channel: { id: 'C0SOC' },
      team: { id: 'T0MISPKIT' },
      container: { type: 'message', message_ts: posted.ts, channel_id: 'C0SOC', is_ephemeral: false },
      message: { ts: posted.ts, text: 'card' },
      actions: [{ action_id: 'share', block_id: 'card-actions', value: 'ev-1', type: 'button' }],
      response_url: expect.stringContaining('/response_url/'),
    });
    expect(slack.messages('C0SOC').map((m) => m.text)).toEqual(['shared']);
  });

  it('delivers a message shortcut and an app_home_opened event', async () => {
    slack = await startSlackSandbox({ mode: 'socket' });
    const got: string[] = [];
    app = await startBoltSocketApp(slack, (bolt) => {
      bolt.shortcut('lookup_message', async ({ ack, shortcut }) => {
        await ack();
        got.push(`${shortcut.type}:${'message' in shortcut ? shortcut.message.text : ''}`);
      });
      bolt.event('app_home_opened', async ({ event, client }) => {
        got.push(`home:${event.user}`);
        await client.views.publish({ user_id: event.user, view: { type: 'home', blocks: [{ type: 'divider' }] } });
      });
    });
    const posted = await app.client.chat.postMessage({ channel: 'C0SOC', text: 'suspicious 1.2.3.4' });
    const shortcut = await slack.messageShortcut({
      user: 'U0BOB',
      channel: 'C0SOC',
      messageTs: posted.ts!,
      callbackId: 'lookup_message',
    });
    expect(shortcut.acked).toBe(true);
    expect((await slack.appHomeOpened('U0ALICE')).acked).toBe(true);
    await expect.poll(() => slack!.homeView('U0ALICE')).toMatchObject({ type: 'home' });
    expect(got).toEqual(['message_action:suspicious 1.2.3.4', 'home:U0ALICE']);
  });

  it('shares a channel over Slack Connect: conversations.info says so and the app gets channel_shared', async () => {
    slack = await startSlackSandbox({ mode: 'socket' });
    const got: string[] = [];
    app = await startBoltSocketApp(slack, (bolt) => {
      bolt.event('channel_shared', async ({ event }) => {
        got.push(`shared:${event.channel}`);
      });
      bolt.event('channel_unshared', async ({ event }) => {
        got.push(`unshared:${event.channel}`);
      });
    });
    expect((await slack.shareChannel('C0SOCPRIV')).acked).toBe(true);
    const info = await app.client.conversations.info({ channel: 'C0SOCPRIV' });
    expect(info.channel).toMatchObject({ is_private: true, is_ext_shared: true, is_shared: true });
    expect((await slack.shareChannel('C0SOCPRIV', false)).acked).toBe(true);
    expect((await app.client.conversations.info({ channel: 'C0SOCPRIV' })).channel).toMatchObject({
      is_ext_shared: false,
    });
    await expect.poll(() => got).toEqual(['shared:C0SOCPRIV', 'unshared:C0SOCPRIV']);
  });

  it('makes the client reconnect after a disconnect and keeps delivering', async () => {
    slack = await startSlackSandbox({ mode: 'socket' });
    let count = 0;
    app = await startBoltSocketApp(slack, (bolt) => {
      bolt.command('/intel', async ({ ack }) => {
        count += 1;
        await ack();
      });
    });
    expect(slack.socketConnections()).toBe(1);
    const opensBefore = slack.apiCalls()['apps.connections.open'];
    slack.disconnectSockets('refresh_requested');
    await expect
      .poll(
        () =>
          (slack!.apiCalls()['apps.connections.open'] ?? 0) > (opensBefore ?? 0) && slack!.socketConnections() === 1,
        {
          timeout: 15_000,
        },
      )
      .toBe(true);
    const result = await slack.slashCommand({ user: 'U0ALICE', channel: 'C0SOC', command: '/intel', text: 'again' });
    expect(result.acked).toBe(true);
    expect(count).toBe(1);
  });

  it('reports no_connection when no app is connected', async () => {
    slack = await startSlackSandbox({ mode: 'socket' });
    const result = await slack.slashCommand({ user: 'U0ALICE', channel: 'C0SOC', command: '/intel', text: 'x' });
    expect(result).toEqual({ acked: false, error: 'no_connection' });
  });
});

describe('modals', () => {
  const view = {
    type: 'modal' as const,
    title: { type: 'plain_text' as const, text: 'Lookup' },
    blocks: [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text: 'x' } }],
  };

  it('opens a modal with the trigger_id of a slash command, once', async () => {
    // A trigger_id lives 3 s; the clock stands still so a slow machine cannot expire it.
    slack = await startSlackSandbox({ mode: 'socket', clock: () => 0 });
    const outcomes: string[] = [];
    app = await startBoltSocketApp(slack, (bolt) => {
      bolt.command('/intel', async ({ ack, client, command }) => {
        await ack();
        const opened = await client.views.open({ trigger_id: command.trigger_id, view });
        outcomes.push(opened.view?.id ? 'opened' : 'no view');
        const again = await client.views
          .open({ trigger_id: command.trigger_id, view })
          .catch((e: { data: { error: string } }) => e.data);
        outcomes.push('error' in again ? String(again.error) : 'opened twice');
      });
    });
    await slack.slashCommand({ user: 'U0ALICE', channel: 'C0SOC', command: '/intel', text: 'x' });
    await expect.poll(() => outcomes).toEqual(['opened', 'invalid_trigger_id']);
  });

  it('refuses a trigger_id older than 3 s with expired_trigger_id', async () => {
    let now = 0;
    slack = await startSlackSandbox({ mode: 'socket', clock: () => now });
    const outcomes: string[] = [];
    app = await startBoltSocketApp(slack, (bolt) => {
      bolt.command('/intel', async ({ ack, client, command }) => {
        await ack();
        now += 3001;
        const late = await client.views
          .open({ trigger_id: command.trigger_id, view })
          .catch((e: { data: { error: string } }) => e.data);
        outcomes.push('error' in late ? String(late.error) : 'opened');
      });
    });
    await slack.slashCommand({ user: 'U0ALICE', channel: 'C0SOC', command: '/intel', text: 'x' });
    await expect.poll(() => outcomes).toEqual(['expired_trigger_id']);
  });
});

describe('other interactive elements', () => {
  it('sends selected_option for an overflow menu choice', async () => {
    slack = await startSlackSandbox({ mode: 'socket' });
    const chosen: unknown[] = [];
    app = await startBoltSocketApp(slack, (bolt) => {
      bolt.action('more', async ({ ack, action }) => {
        await ack();
        chosen.push((action as { selected_option?: unknown }).selected_option);
      });
    });
    const option = (value: string) => ({ text: { type: 'plain_text' as const, text: value }, value });
    const posted = await app.client.chat.postMessage({
      channel: 'C0SOC',
      text: 'menu',
      blocks: [
        {
          type: 'section',
          text: { type: 'mrkdwn', text: 'pick' },
          accessory: { type: 'overflow', action_id: 'more', options: [option('a'), option('b')] },
        },
      ],
    });
    await slack.clickButton({ user: 'U0ALICE', channel: 'C0SOC', messageTs: posted.ts!, actionId: 'more', value: 'b' });
    expect(chosen).toEqual([option('b')]);
  });
});
