import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SlackSandbox, SUPPORTED_METHODS, startSlackSandbox } from '../src/index.js';

let slack: SlackSandbox;
beforeAll(async () => {
  slack = await startSlackSandbox({ rateLimits: { chatPostMessage: false } });
});
afterAll(async () => {
  await slack.close();
});

const keys = fc.constantFrom(
  'channel',
  'text',
  'blocks',
  'ts',
  'thread_ts',
  'user',
  'user_id',
  'view',
  'view_id',
  'trigger_id',
  'cursor',
  'limit',
  'types',
  'metadata',
  'message_ts',
  'attachments',
  'hash',
  'oldest',
);
const values = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom('C0SOC', 'U0ALICE', '#soc', '1.000001', '[{"type":"section"}]', '{"type":"home"}', ''),
);

describe('malformed Web API input', () => {
  it('always answers a JSON envelope with ok:boolean, never a crash', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...SUPPORTED_METHODS), fc.dictionary(keys, values), async (method, params) => {
        const response = await fetch(`${slack.apiUrl}${method}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${slack.botToken}`, 'content-type': 'application/json' },
          body: JSON.stringify(params),
        });
        expect([200, 413, 429]).toContain(response.status);
        const body = (await response.json()) as { ok: unknown; error?: unknown };
        expect(typeof body.ok).toBe('boolean');
        if (body.ok === false) expect(body.error).toEqual(expect.any(String));
        expect(body.error).not.toBe('fatal_error');
      }),
      { numRuns: 300 },
    );
  });

  it('answers non-object JSON bodies and unknown content types with Slack errors', async () => {
    const send = (body: string, type: string) =>
      fetch(`${slack.apiUrl}chat.postMessage`, {
        method: 'POST',
        headers: { authorization: `Bearer ${slack.botToken}`, 'content-type': type },
        body,
      }).then((r) => r.json());
    expect(await send('[1,2]', 'application/json')).toEqual({ ok: false, error: 'json_not_object' });
    expect(await send('<xml/>', 'application/xml')).toEqual({ ok: false, error: 'invalid_form_data' });
  });

  it('answers malformed playground paths with 404, not 500', async () => {
    expect((await fetch(`${slack.url}/_sandbox/channels/%E0%A4%A/messages`)).status).toBe(404);
    expect((await fetch(`${slack.url}/playground/%E0%A4%A.js`)).status).toBe(404);
  });
});
