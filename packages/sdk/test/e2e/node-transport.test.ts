// keepAliveFetch (@mispkit/sdk/node) behaves as plain fetch does: same results from the MISP sandbox,
// and the same errors, deadline and abort behaviour against real sockets that misbehave.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { isMispError, isMispErrorCode, MispTimeoutError, noRetry, retryPolicy } from '../../src/index.js';
import { createMispClient as createNodeClient, keepAliveFetch } from '../../src/node.js';
import { demoIndicators, useSandbox } from './sandbox.js';

const e2e = useSandbox();
const transport = keepAliveFetch();
afterAll(() => transport.close());

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

describe('keepAliveFetch against the MISP sandbox', () => {
  it('gives the same answers as plain fetch: methods, HEAD checks, raw calls, middleware', async () => {
    const viaFetch = e2e.client();
    const viaKeepAlive = e2e.client({ fetch: transport });
    const filters = { value: demoIndicators.maliciousIp, includeEventTags: true };
    expect(await viaKeepAlive.attributes.search(filters)).toEqual(await viaFetch.attributes.search(filters));
    expect(await viaKeepAlive.events.exists('999999')).toBe(false);
    const raw = await viaKeepAlive.GET('/servers/getVersion');
    expect(raw.data?.version).toBe((await viaFetch.server.version()).version);
    const seen: string[] = [];
    viaKeepAlive.use({ onRequest: ({ request }) => void seen.push(request.method) });
    await viaKeepAlive.tags.search(['tlp:%']);
    expect(seen).toEqual(['POST']);
  });

  it('is the default transport of createMispClient from @mispkit/sdk/node', async () => {
    const misp = createNodeClient({ baseUrl: e2e.sandbox.url, apiKey: e2e.sandbox.userKey });
    expect((await misp.users.me()).User.email).toBe('user@orgname.example');
  });

  it('reports MISP errors with the same classes', async () => {
    const bad = e2e.client({ apiKey: 'A'.repeat(40), fetch: transport });
    expect(isMispErrorCode(await bad.server.version().catch((e: unknown) => e), 'misp_authentication')).toBe(true);
    const missing = await e2e
      .client({ fetch: transport })
      .events.get('999999')
      .catch((e: unknown) => e);
    expect(isMispErrorCode(missing, 'misp_not_found')).toBe(true);
  });
});

describe('keepAliveFetch responses', () => {
  it('behave as Responses: read once, clone before reading, stream the body, parse JSON', async () => {
    const url = await listen((_req, res) => res.setHeader('Content-Type', 'application/json').end('{"a":[1,2]}'));
    const first = await transport(`${url}/x`, { method: 'GET' });
    const copy = first.clone();
    expect(await first.json()).toEqual({ a: [1, 2] });
    expect(first.bodyUsed).toBe(true);
    await expect(first.text()).rejects.toThrow(TypeError);
    expect(await new Response(copy.body).text()).toBe('{"a":[1,2]}');
    const second = await transport(`${url}/x`, { method: 'GET' });
    expect(new TextDecoder().decode(await second.arrayBuffer())).toBe('{"a":[1,2]}');
    expect(second.headers.get('content-type')).toBe('application/json');
    const head = await transport(`${url}/x`, { method: 'HEAD' });
    expect(head.body).toBeNull();
  });

  it('let middleware read a clone while the SDK reads the original', async () => {
    const misp = e2e.client({ fetch: transport });
    const logged: unknown[] = [];
    misp.use({ onResponse: async ({ response }) => void logged.push(await response.clone().json()) });
    const version = await misp.server.version();
    expect(logged).toEqual([version]);
  });
});

describe('keepAliveFetch on misbehaving sockets', () => {
  it('times out with MispTimeoutError when the server never answers', async () => {
    const url = await listen(() => undefined);
    const misp = createNodeClient({ baseUrl: url, apiKey: 'k'.repeat(40), fetch: transport, timeoutMs: 50 });
    const error = await misp.server.version().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MispTimeoutError);
    expect((error as Error).message).toBe('MISP call timed out after 50 ms');
  });

  it('rejects with the AbortError itself when the caller aborts', async () => {
    const url = await listen(() => undefined);
    const misp = createNodeClient({ baseUrl: url, apiKey: 'k'.repeat(40), fetch: transport });
    const controller = new AbortController();
    const pending = misp.attributes.search({ value: 'x' }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    const error = await pending.catch((e: unknown) => e);
    expect((error as Error).name).toBe('AbortError');
    expect(isMispError(error)).toBe(false);
  });

  it('throws MispConnectionError for a refused connection, with the key nowhere', async () => {
    const url = await listen(() => undefined);
    await new Promise((resolve) => servers.pop()?.close(resolve));
    const key = 'Zx9TestApiKey0000000000000000000000000042';
    const misp = createNodeClient({ baseUrl: url, apiKey: key, fetch: transport, retry: noRetry });
    const error = await misp.attributes.search({ value: key }).catch((e: unknown) => e);
    expect(isMispErrorCode(error, 'misp_connection')).toBe(true);
    expect((error as Error).message).toMatch(/^Could not reach MISP: .*ECONNREFUSED/);
    expect(JSON.stringify(error)).not.toContain(key);
  });

  it('never follows a redirect, and retries a 503 on a read', async () => {
    let calls = 0;
    const url = await listen((req, res) => {
      calls++;
      if (req.url === '/servers/getVersion') res.writeHead(302, { Location: 'http://elsewhere.example/' }).end();
      else if (calls < 3) res.writeHead(503).end();
      else res.setHeader('Content-Type', 'application/json').end(JSON.stringify({ response: { Attribute: [] } }));
    });
    const misp = createNodeClient({
      baseUrl: url,
      apiKey: 'k'.repeat(40),
      fetch: transport,
      retry: retryPolicy({ baseDelayMs: 1, maxDelayMs: 2 }),
    });
    expect(isMispErrorCode(await misp.server.version().catch((e: unknown) => e), 'misp_bad_response')).toBe(true);
    expect(await misp.attributes.search({ value: 'x' })).toEqual([]);
    expect(calls).toBe(3);
  });
});
