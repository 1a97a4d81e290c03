import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MispSandbox, SIGNATURE_HEADER } from '../src/index.js';
import { type Api, withSandbox } from './helpers.js';

const received: { headers: IncomingHttpHeaders; body: string }[] = [];
const receiver = createServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => {
    body += chunk;
  });
  req.on('end', () => {
    received.push({ headers: req.headers, body });
    res.end('ok');
  });
});
let misp: MispSandbox;
let api: Api;
const secret = 'webhook-test-secret';

beforeAll(async () => {
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const port = (receiver.address() as AddressInfo).port;
  ({ misp, api } = await withSandbox({ webhook: { url: `http://127.0.0.1:${port}/hook`, secret } }));
});
afterAll(async () => {
  await misp.close();
  await new Promise((resolve) => receiver.close(resolve));
});

const waitFor = async (predicate: () => boolean) => {
  for (let i = 0; i < 800 && !predicate(); i++) await new Promise((r) => setTimeout(r, 25));
};

describe('publish webhook', () => {
  it('POSTs the published event in workflow shape, signed with HMAC-SHA256 of the body', async () => {
    const event = (
      await api('POST', '/events/add', {
        info: 'webhook event',
        Attribute: [{ type: 'domain', value: 'hook.example' }],
        Tag: [{ name: 'tlp:green' }],
      })
    ).body.Event;
    expect(received).toHaveLength(0);
    await api('POST', `/events/publish/${event.id}`);
    await waitFor(() => received.length > 0);
    const [delivery] = received;
    expect(delivery).toBeDefined();
    const expected = `sha256=${createHmac('sha256', secret)
      .update(delivery?.body ?? '')
      .digest('hex')}`;
    expect(delivery?.headers[SIGNATURE_HEADER.toLowerCase()]).toBe(expected);
    const payload = JSON.parse(delivery?.body ?? '{}');
    expect(payload.Event.uuid).toBe(event.uuid);
    expect(payload.Event.published).toBe(true);
    expect(payload.Event._AttributeFlattened[0].value).toBe('hook.example');
    expect(payload.Event._AttributeFlattened[0]._allTags[0]).toMatchObject({ name: 'tlp:green', inherited: true });
  });
});
