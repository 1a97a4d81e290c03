// One transport: middleware added with misp.use() sees every call — generated methods, the helpers
// built on them, and raw typed calls — against the MISP sandbox over HTTP.
import type { Middleware } from 'openapi-fetch';
import { describe, expect, it } from 'vitest';
import { isMispErrorCode, noRetry } from '../../src/index.js';
import { demoIndicators, useSandbox } from './sandbox.js';

const e2e = useSandbox();

function recorder() {
  const seen: string[] = [];
  const middleware: Middleware = {
    onRequest({ request, schemaPath }) {
      seen.push(`request ${request.method} ${schemaPath}`);
      request.headers.set('x-trace-id', 'trace-1');
      return request;
    },
    onResponse({ response, schemaPath }) {
      seen.push(`response ${response.status} ${schemaPath}`);
    },
  };
  return { seen, middleware };
}

describe('misp.use() middleware', () => {
  it('sees helper calls, generated methods and raw calls alike', async () => {
    const misp = e2e.client();
    const { seen, middleware } = recorder();
    misp.use(middleware);
    expect(await misp.warninglists.check([demoIndicators.maliciousIp])).toBeTypeOf('object'); // helper
    expect((await misp.attributes.search({ value: demoIndicators.maliciousIp })).length).toBeGreaterThan(0); // generated
    expect(
      (await misp.POST('/attributes/restSearch', { body: { value: demoIndicators.maliciousIp } })).response.ok,
    ).toBe(true); // raw
    expect(await misp.events.exists('999999')).toBe(false); // HEAD
    expect(seen).toEqual([
      'request POST /warninglists/checkValue',
      'response 200 /warninglists/checkValue',
      'request POST /attributes/restSearch',
      'response 200 /attributes/restSearch',
      'request POST /attributes/restSearch',
      'response 200 /attributes/restSearch',
      'request HEAD /events/view/{eventId}',
      'response 404 /events/view/{eventId}',
    ]);
  });

  it('changes what is sent: a header set in onRequest reaches MISP', async () => {
    const misp = e2e.client();
    const sent: Array<string | null> = [];
    misp.use({
      onRequest: ({ request }) => {
        request.headers.set('authorization', 'B'.repeat(40));
        return request;
      },
      onResponse: ({ request }) => {
        sent.push(request.headers.get('authorization'));
      },
    });
    const error = await misp.users.me().catch((e: unknown) => e);
    expect(isMispErrorCode(error, 'misp_authentication')).toBe(true);
    expect(sent).toEqual(['B'.repeat(40)]);
  });

  it('may answer a call itself (a cache) and may be ejected', async () => {
    const misp = e2e.client();
    const version = { version: '9.9.9', pymisp_recommended_version: '9.9.9', perm_sync: false, perm_sighting: true };
    const cached = new Response(JSON.stringify(version), { headers: { 'content-type': 'application/json' } });
    const cache: Middleware = {
      onRequest: ({ schemaPath }) => (schemaPath === '/servers/getVersion' ? cached : undefined),
    };
    misp.use(cache);
    expect((await misp.server.version()).version).toBe('9.9.9');
    misp.eject(cache);
    expect((await misp.server.version()).version).not.toBe('9.9.9');
  });

  it('sees failures in onError, with the same MispError classes as without middleware', async () => {
    const misp = e2e.client({ baseUrl: 'http://127.0.0.1:9', retry: noRetry });
    const errors: unknown[] = [];
    misp.use({ onError: ({ error }) => void errors.push(error) });
    const error = await misp.server.version().catch((e: unknown) => e);
    expect(isMispErrorCode(error, 'misp_connection')).toBe(true);
    expect(errors).toHaveLength(1);
  });
});
