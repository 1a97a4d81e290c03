import { describe, expect, it } from 'vitest';
import {
  isMispError,
  isMispErrorCode,
  type MispError,
  MispServerError,
  MispValidationError,
  SDK_VERSION,
} from '../src/index.js';
import { API_KEY, createTestClient, json } from './helpers.js';

describe('createMispClient', () => {
  it('sends the raw key in Authorization with JSON Accept, Content-Type and a User-Agent', async () => {
    const { misp, requests } = createTestClient(() => json({ response: { Attribute: [] } }));
    await misp.attributes.search({ value: '1.2.3.4' });
    const [request] = requests;
    expect(request?.headers.get('authorization')).toBe(API_KEY);
    expect(request?.headers.get('accept')).toBe('application/json');
    expect(request?.headers.get('content-type')).toBe('application/json');
    expect(request?.headers.get('user-agent')).toBe(`mispkit-sdk/${SDK_VERSION}`);
    expect(await request?.json()).toEqual({ value: '1.2.3.4' });
    expect(request?.url).toBe('http://misp.test/attributes/restSearch');
  });

  it('keeps a sub-path base URL and lets the caller set userAgent and extra headers', async () => {
    const { misp, requests } = createTestClient(() => json({ version: '2.5.1' }), {
      baseUrl: 'https://intel.example/misp/',
      userAgent: 'soc-bot/1.0',
      headers: { 'X-Tenant': 'blue' },
    });
    await misp.server.version();
    expect(requests[0]?.url).toBe('https://intel.example/misp/servers/getVersion');
    expect(requests[0]?.headers.get('user-agent')).toBe('soc-bot/1.0');
    expect(requests[0]?.headers.get('x-tenant')).toBe('blue');
  });

  it('rejects bad options with a clear MispError instead of failing later', () => {
    expect(() => createTestClient(() => json({}), { apiKey: '' })).toThrow(/apiKey/);
    expect(() => createTestClient(() => json({}), { baseUrl: 'misp.example.org' })).toThrow(/absolute http\(s\) URL/);
    expect(() => createTestClient(() => json({}), { baseUrl: 'ftp://misp.example.org' })).toThrow(/http: or https:/);
  });

  it('exposes the typed raw client, which returns errors instead of throwing', async () => {
    const { misp } = createTestClient(() =>
      json({ name: 'Invalid event', message: 'Invalid event', url: '/events/view/9' }, { status: 404 }),
    );
    const { data, error, response } = await misp.GET('/events/view/{eventId}', { params: { path: { eventId: '9' } } });
    expect(data).toBeUndefined();
    expect(response.status).toBe(404);
    expect(error).toMatchObject({ message: 'Invalid event' });
  });
});

describe('helpers map failures to MispErrors', () => {
  it('throws MispServerError for an empty-bodied 500 (openapi-fetch gives error: undefined)', async () => {
    const { misp } = createTestClient(() => new Response(null, { status: 500 }));
    const error = await misp.events.get(1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MispServerError);
    expect(isMispErrorCode(error, 'misp_server')).toBe(true);
    expect((error as MispError).status).toBe(500);
  });

  it('throws MispResponseError for a 2xx body that is not JSON', async () => {
    const { misp } = createTestClient(() => new Response('<html>PHP Notice: …</html>', { status: 200 }));
    const error = await misp.server.version().catch((e: unknown) => e);
    expect(isMispErrorCode(error, 'misp_bad_response')).toBe(true);
    expect((error as Error).message).toMatch(/not valid JSON/);
  });

  it('throws MispResponseError when the envelope is not what MISP promises', async () => {
    const { misp } = createTestClient(() => json({ response: [] }));
    const error = await misp.attributes.search({ value: 'x' }).catch((e: unknown) => e);
    expect(isMispErrorCode(error, 'misp_bad_response')).toBe(true);
  });

  it('turns the HTTP-200 sighting failure into MispValidationError', async () => {
    const message = 'Could not add the Sighting. Reason: No valid attributes found that match the criteria.';
    const { misp } = createTestClient(() => json({ message }));
    const error = await misp.sightings.add({ value: 'nothing.example' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MispValidationError);
    expect((error as Error).message).toBe(message);
  });

  it('refuses an id that is neither numeric nor a UUID before sending anything', async () => {
    const { misp, requests } = createTestClient(() => json({}));
    const error = await misp.events.get('1/../../admin').catch((e: unknown) => e);
    expect(isMispErrorCode(error, 'misp_validation')).toBe(true);
    expect(requests).toHaveLength(0);
  });

  it('unwraps envelopes: events, warninglist hits, galaxies', async () => {
    const { misp } = createTestClient((request) => {
      const path = new URL(request.url).pathname;
      if (path === '/events/restSearch') return json({ response: [{ Event: { id: '1' } }, { Event: { id: '2' } }] });
      if (path === '/warninglists/checkValue') return json([]);
      if (path === '/galaxies/index') return json([{ Galaxy: { id: '7', name: 'Threat Actor' } }]);
      return json({}, { status: 404 });
    });
    expect((await misp.events.search({ last: '7d' })).map((e) => e.id)).toEqual(['1', '2']);
    expect(await misp.warninglists.check(['198.51.100.7'])).toEqual({});
    expect((await misp.galaxies.list())[0]).toMatchObject({ id: '7' });
  });

  it('brands errors so isMispError works without instanceof', async () => {
    const { misp } = createTestClient(() => new Response(null, { status: 503 }));
    const error = await misp.server.version().catch((e: unknown) => e);
    expect(isMispError(error)).toBe(true);
    expect(isMispError(new Error('plain'))).toBe(false);
  });
});

describe('headers', () => {
  it('never lets a caller header duplicate or replace the key', async () => {
    const { misp, requests } = createTestClient(() => json({ version: '2.5.1' }), {
      headers: { authorization: 'someone-else', ACCEPT: 'text/html' },
    });
    await misp.server.version();
    await misp.GET('/servers/getVersion');
    for (const request of requests) {
      expect(request.headers.get('authorization')).toBe(API_KEY);
      expect(request.headers.get('accept')).toBe('application/json');
    }
  });
});
