import { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SlackSandbox, startSlackSandbox } from '../src/index.js';

let slack: SlackSandbox;
let client: WebClient;

beforeEach(async () => {
  slack = await startSlackSandbox({ rateLimits: { chatPostMessage: false } });
  client = new WebClient(slack.botToken, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
});
afterEach(async () => {
  await slack.close();
});

const errorOf = async (call: Promise<unknown>) => {
  try {
    await call;
  } catch (error) {
    return (error as { data?: Record<string, unknown> }).data;
  }
  throw new Error('expected the call to fail');
};

describe('auth', () => {
  it('auth.test identifies the bot user and team', async () => {
    const result = await client.auth.test();
    expect(result).toMatchObject({ ok: true, user_id: 'U0MISPBOT', bot_id: 'B0MISPBOT', team_id: 'T0MISPKIT' });
  });

  it('rejects an unknown token with invalid_auth', async () => {
    const bad = new WebClient('xoxb-nope', { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
    expect(await errorOf(bad.auth.test())).toMatchObject({ ok: false, error: 'invalid_auth' });
  });

  it('rejects a missing token with not_authed', async () => {
    const response = await fetch(`${slack.apiUrl}auth.test`, { method: 'POST' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: false, error: 'not_authed' });
  });

  it('accepts the token as a form parameter and a GET query parameter', async () => {
    const form = await fetch(`${slack.apiUrl}auth.test`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `token=${slack.botToken}`,
    });
    expect(await form.json()).toMatchObject({ ok: true });
    const get = await fetch(`${slack.apiUrl}conversations.info?channel=C0SOC&token=${slack.botToken}`);
    expect(await get.json()).toMatchObject({ ok: true, channel: { id: 'C0SOC' } });
  });

  it('refuses the app-level token for bot methods and the bot token for apps.connections.open', async () => {
    const app = new WebClient(slack.appToken, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
    expect(await errorOf(app.chat.postMessage({ channel: 'C0SOC', text: 'x' }))).toMatchObject({
      error: 'not_allowed_token_type',
    });
    expect(await errorOf(client.apps.connections.open())).toMatchObject({ error: 'not_allowed_token_type' });
    const opened = await app.apps.connections.open();
    expect(opened.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/link\/\?ticket=/);
  });

  it('answers unknown methods with unknown_method', async () => {
    expect(await errorOf(client.apiCall('files.upload.v9'))).toMatchObject({ error: 'unknown_method' });
  });

  it('answers a malformed JSON body with invalid_json, not a crash', async () => {
    const response = await fetch(`${slack.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${slack.botToken}`, 'content-type': 'application/json' },
      body: '{"channel":',
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: false, error: 'invalid_json' });
  });

  it('answers an oversized body with request_too_large', async () => {
    const response = await fetch(`${slack.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${slack.botToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ channel: 'C0SOC', text: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ ok: false, error: 'request_too_large' });
  });
});

describe('chat.postMessage', () => {
  it('posts blocks, text and metadata and returns the stored message', async () => {
    const result = await client.chat.postMessage({
      channel: 'C0SOC',
      text: 'fallback',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*hello*' } }],
      metadata: { event_type: 'misp_event', event_payload: { uuid: 'abc' } },
      unfurl_links: false,
      unfurl_media: false,
    });
    expect(result).toMatchObject({ ok: true, channel: 'C0SOC', message: { text: 'fallback', bot_id: 'B0MISPBOT' } });
    const stored = slack.messages('C0SOC');
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      ts: result.ts,
      unfurl_links: false,
      unfurl_media: false,
      metadata: { event_type: 'misp_event', event_payload: { uuid: 'abc' } },
    });
    expect(stored[0]?.blocks?.[0]).toMatchObject({ block_id: expect.any(String) });
  });

  it('accepts a JSON body as well as the form body WebClient sends', async () => {
    const response = await fetch(`${slack.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${slack.botToken}`, 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ channel: '#soc', text: 'json', blocks: [{ type: 'divider' }] }),
    });
    expect(await response.json()).toMatchObject({ ok: true, channel: 'C0SOC' });
  });

  it('posts to a user id as the DM with that user', async () => {
    const result = await client.chat.postMessage({ channel: 'U0ALICE', text: 'hi' });
    expect(result.channel).toBe('D0ALICE');
  });

  it('threads replies and counts them on the parent; broadcast replies show in history', async () => {
    const parent = await client.chat.postMessage({ channel: 'C0SOC', text: 'parent' });
    await client.chat.postMessage({ channel: 'C0SOC', text: 'reply', thread_ts: parent.ts! });
    await client.chat.postMessage({ channel: 'C0SOC', text: 'loud', thread_ts: parent.ts!, reply_broadcast: true });
    const replies = await client.conversations.replies({ channel: 'C0SOC', ts: parent.ts! });
    expect(replies.messages?.map((m) => m.text)).toEqual(['parent', 'reply', 'loud']);
    expect(replies.messages?.[0]).toMatchObject({ reply_count: 2, thread_ts: parent.ts });
    const history = await client.conversations.history({ channel: 'C0SOC' });
    expect(history.messages?.map((m) => m.text)).toEqual(['loud', 'parent']);
  });

  it('threads a reply to a reply under the thread root', async () => {
    const root = await client.chat.postMessage({ channel: 'C0SOC', text: 'root' });
    const reply = await client.chat.postMessage({ channel: 'C0SOC', text: 'r1', thread_ts: root.ts! });
    await client.chat.postMessage({ channel: 'C0SOC', text: 'r2', thread_ts: reply.ts! });
    const thread = await client.conversations.replies({ channel: 'C0SOC', ts: root.ts! });
    expect(thread.messages?.map((m) => [m.text, m.thread_ts])).toEqual([
      ['root', root.ts],
      ['r1', root.ts],
      ['r2', root.ts],
    ]);
  });

  it('returns channel_not_found, not_in_channel and is_archived', async () => {
    expect(await errorOf(client.chat.postMessage({ channel: 'C0NOPE', text: 'x' }))).toMatchObject({
      error: 'channel_not_found',
    });
    expect(await errorOf(client.chat.postMessage({ channel: 'C0RANDOM', text: 'x' }))).toMatchObject({
      error: 'not_in_channel',
    });
    const secret = slack.createChannel({ name: 'secret', is_private: true, bot_member: false });
    expect(await errorOf(client.chat.postMessage({ channel: secret.id, text: 'x' }))).toMatchObject({
      error: 'channel_not_found',
    });
    slack.archiveChannel('C0SOCALERTS');
    expect(await errorOf(client.chat.postMessage({ channel: 'C0SOCALERTS', text: 'x' }))).toMatchObject({
      error: 'is_archived',
    });
  });

  it('returns no_text without text or blocks and msg_too_long past 40,000 characters', async () => {
    expect(await errorOf(client.chat.postMessage({ channel: 'C0SOC', text: '' }))).toMatchObject({ error: 'no_text' });
    expect(await errorOf(client.chat.postMessage({ channel: 'C0SOC', text: 'x'.repeat(40_001) }))).toMatchObject({
      error: 'msg_too_long',
    });
    await expect(client.chat.postMessage({ channel: 'C0SOC', text: 'x'.repeat(40_000) })).resolves.toMatchObject({
      ok: true,
    });
  });

  it('returns invalid_blocks with Slack-style messages for an over-long header', async () => {
    const data = await errorOf(
      client.chat.postMessage({
        channel: 'C0SOC',
        text: 'x',
        blocks: [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }],
      }),
    );
    expect(data).toMatchObject({
      error: 'invalid_blocks',
      response_metadata: { messages: ['[ERROR] must be less than 151 characters [json-pointer:/blocks/0/text]'] },
    });
    expect(slack.messages('C0SOC')).toEqual([]);
  });

  it('returns invalid_blocks for 51 blocks and accepts 50', async () => {
    const blocks = (n: number) => Array.from({ length: n }, () => ({ type: 'divider' as const }));
    const data = await errorOf(client.chat.postMessage({ channel: 'C0SOC', text: 'x', blocks: blocks(51) }));
    expect(data).toMatchObject({
      error: 'invalid_blocks',
      response_metadata: { messages: ['[ERROR] no more than 50 items allowed [json-pointer:/blocks]'] },
    });
    await expect(client.chat.postMessage({ channel: 'C0SOC', text: 'x', blocks: blocks(50) })).resolves.toMatchObject({
      ok: true,
    });
  });

  it('rejects blocks that are not JSON with invalid_blocks_format', async () => {
    const response = await fetch(`${slack.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${slack.botToken}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'channel=C0SOC&text=x&blocks=%5Bnot-json',
    });
    expect(await response.json()).toEqual({ ok: false, error: 'invalid_blocks_format' });
  });
});

describe('chat.postEphemeral, update, delete, getPermalink', () => {
  it('posts an ephemeral message visible to one user and absent from history', async () => {
    const result = await client.chat.postEphemeral({ channel: 'C0SOC', user: 'U0ALICE', text: 'psst' });
    expect(result.message_ts).toEqual(expect.any(String));
    expect(slack.messages('C0SOC')[0]).toMatchObject({ text: 'psst', ephemeral_to: 'U0ALICE' });
    const history = await client.conversations.history({ channel: 'C0SOC' });
    expect(history.messages).toEqual([]);
  });

  it('refuses an ephemeral message for a user outside the channel', async () => {
    const outsider = slack.createUser({ name: 'carol' });
    const priv = slack.createChannel({ name: 'tiny', is_private: true, members: ['U0ALICE'] });
    expect(await errorOf(client.chat.postEphemeral({ channel: priv.id, user: outsider.id, text: 'x' }))).toMatchObject({
      error: 'user_not_in_channel',
    });
  });

  it('updates and deletes its own messages and marks edits', async () => {
    const posted = await client.chat.postMessage({ channel: 'C0SOC', text: 'v1' });
    const updated = await client.chat.update({ channel: 'C0SOC', ts: posted.ts!, text: 'v2' });
    expect(updated).toMatchObject({ ok: true, ts: posted.ts, text: 'v2' });
    expect(slack.messages('C0SOC')[0]).toMatchObject({ text: 'v2', edited: { user: 'U0MISPBOT' } });
    expect(await errorOf(client.chat.update({ channel: 'C0SOC', ts: '1.000001', text: 'x' }))).toMatchObject({
      error: 'message_not_found',
    });
    await client.chat.delete({ channel: 'C0SOC', ts: posted.ts! });
    expect(slack.messages('C0SOC')).toEqual([]);
  });

  it('returns a permalink for a message', async () => {
    const posted = await client.chat.postMessage({ channel: 'C0SOC', text: 'link me' });
    const result = await client.chat.getPermalink({ channel: 'C0SOC', message_ts: posted.ts! });
    expect(result.permalink).toBe(`${slack.url}/archives/C0SOC/p${posted.ts!.replace('.', '')}`);
  });
});

describe('conversations and users', () => {
  it('describes each kind of channel', async () => {
    const soc = await client.conversations.info({ channel: 'C0SOC' });
    expect(soc.channel).toMatchObject({ is_private: false, is_im: false, is_ext_shared: false, is_member: true });
    const partners = await client.conversations.info({ channel: 'C0PARTNERS' });
    expect(partners.channel).toMatchObject({ is_ext_shared: true, is_shared: true });
    const priv = await client.conversations.info({ channel: 'C0SOCPRIV' });
    expect(priv.channel).toMatchObject({ is_private: true });
    const dm = await client.conversations.info({ channel: 'D0ALICE' });
    expect(dm.channel).toMatchObject({ is_im: true, user: 'U0ALICE' });
    const random = await client.conversations.info({ channel: 'C0RANDOM' });
    expect(random.channel).toMatchObject({ is_member: false });
    slack.archiveChannel('C0RANDOM');
    expect((await client.conversations.info({ channel: 'C0RANDOM' })).channel).toMatchObject({ is_archived: true });
  });

  it('lists channels by type with cursor pagination', async () => {
    const first = await client.conversations.list({ types: 'public_channel,private_channel', limit: 2 });
    expect(first.channels).toHaveLength(2);
    expect(first.response_metadata?.next_cursor).not.toBe('');
    const names: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.conversations.list({
        types: 'public_channel,private_channel',
        limit: 2,
        ...(cursor ? { cursor } : {}),
      });
      names.push(...(page.channels ?? []).map((c) => c.name!));
      cursor = page.response_metadata?.next_cursor || undefined;
    } while (cursor);
    expect(names.sort()).toEqual(['partners', 'random', 'soc', 'soc-alerts', 'soc-private']);
    const ims = await client.conversations.list({ types: 'im' });
    expect(ims.channels?.map((c) => c.id).sort()).toEqual(['D0ALICE', 'D0BOB']);
  });

  it("lists a user's conversations with users.conversations, private ones only when the bot shares them", async () => {
    slack.createChannel({ name: 'incident-42', is_private: true, members: ['U0ALICE'] });
    slack.createChannel({ name: 'hr-private', is_private: true, members: ['U0ALICE'], bot_member: false });
    const all = 'public_channel,private_channel,mpim,im';
    const alice = await client.users.conversations({ user: 'U0ALICE', types: all });
    expect(alice.channels?.map((c) => c.name ?? c.id).sort()).toEqual([
      'D0ALICE',
      'incident-42',
      'partners',
      'random',
      'soc',
      'soc-alerts',
      'soc-private',
    ]);
    expect(alice.response_metadata?.next_cursor).toBe('');
    const incident = alice.channels?.find((c) => c.name === 'incident-42');
    expect(incident).toMatchObject({ is_channel: true, is_group: false, is_im: false, is_private: true });
    expect(alice.channels?.find((c) => c.name === 'partners')).toMatchObject({ is_ext_shared: true });

    const bob = await client.users.conversations({ user: 'U0BOB', types: 'private_channel' });
    expect(bob.channels?.map((c) => c.name)).toEqual(['soc-private']);
  });

  it("defaults users.conversations to the bot's public channels and honours exclude_archived, limit and cursor", async () => {
    const mine = await client.users.conversations({});
    expect(mine.channels?.map((c) => c.name).sort()).toEqual(['partners', 'soc', 'soc-alerts']);
    slack.archiveChannel('C0PARTNERS');
    const active = await client.users.conversations({ exclude_archived: true });
    expect(active.channels?.map((c) => c.name).sort()).toEqual(['soc', 'soc-alerts']);

    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.users.conversations({
        user: 'U0ALICE',
        types: 'public_channel,private_channel',
        limit: 2,
        ...(cursor ? { cursor } : {}),
      });
      expect(page.channels!.length).toBeLessThanOrEqual(2);
      ids.push(...(page.channels ?? []).map((c) => c.id!));
      cursor = page.response_metadata?.next_cursor || undefined;
    } while (cursor);
    expect(ids.sort()).toEqual(['C0PARTNERS', 'C0RANDOM', 'C0SOC', 'C0SOCALERTS', 'C0SOCPRIV']);
  });

  it('reports user_not_found, invalid_types and invalid_cursor from users.conversations', async () => {
    expect(await errorOf(client.users.conversations({ user: 'U0NOPE' }))).toMatchObject({ error: 'user_not_found' });
    expect(await errorOf(client.users.conversations({ types: 'channels' }))).toMatchObject({ error: 'invalid_types' });
    expect(await errorOf(client.users.conversations({ cursor: 'bm9wZQ==' }))).toMatchObject({
      error: 'invalid_cursor',
    });
  });

  it('pages history newest first and hides metadata unless include_all_metadata', async () => {
    for (const n of [1, 2, 3]) {
      await client.chat.postMessage({
        channel: 'C0SOC',
        text: `m${n}`,
        metadata: { event_type: 'misp_event', event_payload: { n } },
      });
    }
    const first = await client.conversations.history({ channel: 'C0SOC', limit: 2 });
    expect(first.messages?.map((m) => m.text)).toEqual(['m3', 'm2']);
    expect(first.has_more).toBe(true);
    expect(first.messages?.[0]?.metadata).toBeUndefined();
    const second = await client.conversations.history({
      channel: 'C0SOC',
      limit: 2,
      cursor: first.response_metadata!.next_cursor!,
      include_all_metadata: true,
    });
    expect(second.messages?.map((m) => m.text)).toEqual(['m1']);
    expect(second.messages?.[0]?.metadata).toEqual({ event_type: 'misp_event', event_payload: { n: 1 } });
  });

  it('refuses history of a channel the bot is not in', async () => {
    expect(await errorOf(client.conversations.history({ channel: 'C0RANDOM' }))).toMatchObject({
      error: 'not_in_channel',
    });
  });

  it('joins a public channel but not a private one', async () => {
    await client.conversations.join({ channel: 'C0RANDOM' });
    await expect(client.chat.postMessage({ channel: 'C0RANDOM', text: 'hi' })).resolves.toMatchObject({ ok: true });
    expect(await errorOf(client.conversations.join({ channel: 'D0ALICE' }))).toMatchObject({
      error: 'method_not_supported_for_channel_type',
    });
  });

  it('describes users and reports user_not_found', async () => {
    const alice = await client.users.info({ user: 'U0ALICE' });
    expect(alice.user).toMatchObject({ id: 'U0ALICE', name: 'alice', is_bot: false });
    expect(await errorOf(client.users.info({ user: 'U0NOPE' }))).toMatchObject({ error: 'user_not_found' });
  });
});

describe('views', () => {
  it('publishes an App Home and rejects more than 100 blocks', async () => {
    const blocks = (n: number) => Array.from({ length: n }, () => ({ type: 'divider' as const }));
    const published = await client.views.publish({ user_id: 'U0ALICE', view: { type: 'home', blocks: blocks(100) } });
    expect(published.view).toMatchObject({ type: 'home', id: expect.stringMatching(/^V/) });
    expect(slack.homeView('U0ALICE')).toMatchObject({ type: 'home' });
    const data = await errorOf(
      client.views.publish({ user_id: 'U0ALICE', view: { type: 'home', blocks: blocks(101) } }),
    );
    expect(data).toMatchObject({
      error: 'invalid_arguments',
      response_metadata: { messages: ['[ERROR] no more than 100 items allowed [json-pointer:/view/blocks]'] },
    });
  });

  it('refuses views.open with an unknown trigger_id and updates an opened view', async () => {
    const view = {
      type: 'modal' as const,
      title: { type: 'plain_text' as const, text: 'Lookup' },
      blocks: [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text: 'hi' } }],
    };
    expect(await errorOf(client.views.open({ trigger_id: 'nope', view }))).toMatchObject({
      error: 'invalid_trigger_id',
    });
  });
});
