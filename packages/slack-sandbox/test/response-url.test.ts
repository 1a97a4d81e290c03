import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RESPONSE_URL_LIFETIME_MS, type SlackSandbox, startSlackSandbox } from '../src/index.js';

let slack: SlackSandbox;
// The sandbox's clock stands still unless a test moves it, so URLs expire only when a test says so.
let now = 0;
beforeEach(async () => {
  now = 0;
  slack = await startSlackSandbox({ mode: 'http', requestUrl: 'http://127.0.0.1:9/unused', clock: () => now });
});
afterEach(async () => {
  await slack.close();
});

/** A response_url the way a slash command hands one out, captured from the delivery. */
async function responseUrlFor(user = 'U0ALICE', channel = 'C0SOC'): Promise<string> {
  let url = '';
  const recorder = await import('node:http').then(({ createServer }) =>
    createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        url = new URLSearchParams(body).get('response_url') ?? '';
        res.writeHead(200).end();
      });
    }),
  );
  await new Promise<void>((resolve) => recorder.listen(0, '127.0.0.1', () => resolve()));
  const port = (recorder.address() as { port: number }).port;
  slack.setRequestUrl(`http://127.0.0.1:${port}/`);
  await slack.slashCommand({ user, channel, command: '/intel', text: 'x' });
  recorder.closeAllConnections();
  await new Promise<void>((resolve) => recorder.close(() => resolve()));
  return url;
}

const post = (url: string, body: unknown) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('response_url', () => {
  it('posts ephemeral by default and in_channel on request', async () => {
    const url = await responseUrlFor();
    expect((await post(url, { text: 'just you' })).status).toBe(200);
    expect((await post(url, { text: 'everyone', response_type: 'in_channel' })).status).toBe(200);
    expect(slack.messages('C0SOC').map((m) => [m.text, m.ephemeral_to, m.response_type])).toEqual([
      ['just you', 'U0ALICE', 'ephemeral'],
      ['everyone', undefined, 'in_channel'],
    ]);
  });

  it('replaces and then deletes the previous response', async () => {
    const url = await responseUrlFor();
    await post(url, { text: 'working…' });
    await post(url, { text: 'done', replace_original: true });
    expect(slack.messages('C0SOC').map((m) => m.text)).toEqual(['done']);
    await post(url, { delete_original: true });
    expect(slack.messages('C0SOC')).toEqual([]);
  });

  it('accepts 5 uses and answers the 6th with 404 used_url', async () => {
    const url = await responseUrlFor();
    for (let i = 1; i <= 5; i++) expect((await post(url, { text: `reply ${i}` })).status).toBe(200);
    const sixth = await post(url, { text: 'one too many' });
    expect(sixth.status).toBe(404);
    expect(await sixth.json()).toEqual({ ok: false, error: 'used_url' });
    expect(slack.messages('C0SOC')).toHaveLength(5);
  });

  it('validates blocks like chat.postMessage and rejects malformed JSON', async () => {
    const url = await responseUrlFor();
    const invalid = await post(url, { text: 'x', blocks: [{ type: 'header', text: { type: 'mrkdwn', text: 'h' } }] });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ ok: false, error: 'invalid_blocks' });
    const malformed = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toEqual({ ok: false, error: 'invalid_json' });
  });

  it('answers 404 expired_url once the URL outlived its 30 minutes', async () => {
    const url = await responseUrlFor();
    now += RESPONSE_URL_LIFETIME_MS;
    expect((await post(url, { text: 'just in time' })).status).toBe(200);
    now += 1;
    const response = await post(url, { text: 'too late' });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ ok: false, error: 'expired_url' });
  });

  it('answers an unknown response_url with 404', async () => {
    const response = await post(`${slack.url}/response_url/T0MISPKIT/nope/nope`, { text: 'x' });
    expect(response.status).toBe(404);
  });
});
