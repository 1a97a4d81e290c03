// Real sockets: a redirect to another origin must not carry the key, and connection failures
// must not leak it.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createMispClient, isMispErrorCode, noRetry } from '../src/index.js';
import { API_KEY } from './helpers.js';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

async function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('redirects', () => {
  it('never follows a redirect to another origin, so the key stays home', async () => {
    const seenByOther: IncomingHttpHeaders[] = [];
    const other = await listen((req, res) => {
      seenByOther.push(req.headers);
      res.setHeader('Content-Type', 'application/json').end('{"version":"evil"}');
    });
    const misp = await listen((_req, res) => {
      res.writeHead(302, { Location: `${other}/servers/getVersion` }).end();
    });
    const client = createMispClient({ baseUrl: misp, apiKey: API_KEY, retry: noRetry });

    const error = await client.server.version().catch((e: unknown) => e);
    expect(isMispErrorCode(error, 'misp_bad_response')).toBe(true);
    expect((error as Error).message).toContain(`redirect (HTTP 302 to ${other}/servers/getVersion)`);
    const raw = await client.GET('/servers/getVersion');
    expect(raw.response.status).toBe(302);
    expect(seenByOther).toHaveLength(0);
  });

  it('does not follow a same-origin redirect either (MISP redirects browser-style requests to /users/login)', async () => {
    let logins = 0;
    const misp = await listen((req, res) => {
      if (req.url === '/users/login') {
        logins++;
        res.end('<html>login</html>');
      } else res.writeHead(302, { Location: '/users/login' }).end();
    });
    const client = createMispClient({ baseUrl: misp, apiKey: API_KEY, retry: noRetry });
    await expect(client.events.get(1)).rejects.toMatchObject({
      code: 'misp_bad_response',
      status: 302,
      message:
        'MISP redirected to /users/login: the request was not treated as an API call (send Accept: application/json)',
    });
    expect(logins).toBe(0);
  });
});

describe('connection failures', () => {
  it('throw MispConnectionError without the key anywhere', async () => {
    const url = await listen(() => undefined);
    await new Promise((resolve) => servers.pop()?.close(resolve));
    const client = createMispClient({ baseUrl: url, apiKey: API_KEY, retry: noRetry });
    const error = await client.attributes.search({ value: API_KEY }).catch((e: unknown) => e);
    expect(isMispErrorCode(error, 'misp_connection')).toBe(true);
    expect((error as Error).message).toMatch(/^Could not reach MISP: /);
    for (const text of [
      (error as Error).message,
      JSON.stringify(error),
      inspect(error, { depth: 10 }),
      (error as Error).stack,
    ]) {
      expect(text).not.toContain(API_KEY);
    }
  });

  it('keep the key out of errors built from a MISP body that echoes it', async () => {
    const misp = await listen((req, res) => {
      res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify({
          name: `bad key ${req.headers.authorization}`,
          message: `bad key ${req.headers.authorization}`,
          url: '/x',
        }),
      );
    });
    const client = createMispClient({ baseUrl: misp, apiKey: API_KEY, retry: noRetry });
    const error = await client.server.version().catch((e: unknown) => e);
    expect((error as Error).message).toBe('bad key [redacted]');
    for (const text of [
      JSON.stringify(error),
      inspect(error, { depth: 10, showHidden: true }),
      (error as Error).stack,
    ]) {
      expect(text).not.toContain(API_KEY);
    }
  });
});
