import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH_FAILED, NO_PERMISSION } from '../src/auth.js';
import { DEMO_HOST, type MispSandbox } from '../src/index.js';
import { type Api, apiFor, withSandbox } from './helpers.js';

let misp: MispSandbox;
let api: Api;

beforeAll(async () => {
  ({ misp, api } = await withSandbox({ seed: 'demo', maxBodyBytes: 64 * 1024 }));
});
afterAll(() => misp.close());

describe('routing', () => {
  it('serves a path with and without the .json suffix', async () => {
    const plain = await api('GET', '/attributes/describeTypes');
    const suffixed = await api('GET', '/attributes/describeTypes.json');
    expect(plain.status).toBe(200);
    expect(suffixed.body).toEqual(plain.body);
    expect(plain.body.result.types).toHaveLength(191);
    expect(plain.body.result.categories).toHaveLength(16);
  });

  it('accepts camelCase and snake_case controller names', async () => {
    const snake = await api('GET', '/sharing_groups/index');
    const camel = await api('GET', '/sharingGroups/index');
    expect(snake.status).toBe(200);
    expect(camel.body).toEqual(snake.body);
  });

  it('reads CakePHP named parameters', async () => {
    const page1 = await api('GET', '/events/index/limit:2/page:1/sort:id/direction:asc');
    const page2 = await api('GET', '/events/index/limit:2/page:2/sort:id/direction:asc');
    expect(page1.body).toHaveLength(2);
    expect(page2.body[0].id).not.toBe(page1.body[0].id);
    expect(Number(page1.headers.get('x-result-count'))).toBeGreaterThan(20);
  });

  it('answers HEAD on view routes with 200 for an existing event and 404 otherwise', async () => {
    expect((await api('HEAD', '/events/view/1')).status).toBe(200);
    expect((await api('HEAD', '/events/view/999999')).status).toBe(404);
  });

  it('answers an unknown route with 404 Not Found', async () => {
    const response = await api('GET', '/nothing/here');
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ name: 'Not Found', message: 'Not Found', url: '/nothing/here' });
  });
});

describe('authentication', () => {
  it('rejects a missing or wrong key with MISP 403 body', async () => {
    for (const key of [null, 'x'.repeat(40), 'short']) {
      const response = await api('GET', '/events/view/1', undefined, { key });
      expect(response.status).toBe(403);
      expect(response.body).toEqual({ name: AUTH_FAILED, message: AUTH_FAILED, url: '/events/view/1' });
    }
  });

  it('accepts the key in X-MISP-AUTH and in a comma-separated list', async () => {
    const alt = await api('GET', '/servers/getVersion', undefined, {
      key: null,
      headers: { 'X-MISP-AUTH': misp.userKey },
    });
    expect(alt.status).toBe(200);
    const list = await api('GET', '/servers/getVersion', undefined, { key: `nonsense, ${misp.userKey}` });
    expect(list.status).toBe(200);
  });

  it('redirects a non-REST request to the login page, except for restSearch', async () => {
    const browser = await fetch(`${misp.url}/events/view/1`, {
      headers: { Authorization: misp.adminKey },
      redirect: 'manual',
    });
    expect(browser.status).toBe(302);
    expect(browser.headers.get('location')).toBe('/users/login');
    const automation = await fetch(`${misp.url}/attributes/restSearch`, {
      method: 'POST',
      headers: { Authorization: misp.adminKey },
      body: JSON.stringify({ value: 'bad.example' }),
    });
    expect(automation.status).toBe(200);
  });

  it('returns 403 for a read-only key on writes but lets it read', async () => {
    const readOnly = apiFor(misp, misp.readOnlyKey);
    expect((await readOnly('GET', '/events/view/1')).status).toBe(200);
    const write = await readOnly('POST', '/events/add', { info: 'nope' });
    expect(write.status).toBe(403);
    expect(write.body.message).toBe(NO_PERMISSION);
    expect((await readOnly('POST', '/sightings/add', { value: 'bad.example' })).status).toBe(403);
  });

  it('serves the PyMISP handshake user with User, Role, Organisation and UserSetting', async () => {
    const me = await api('GET', '/users/view/me', undefined, { key: misp.userKey });
    expect(me.body.User.email).toBe('user@orgname.example');
    expect(me.body.Role.perm_add).toBe(true);
    expect(me.body.Organisation.name).toBe(DEMO_HOST.name);
    expect(me.body.UserSetting).toEqual([]); // PHP's empty map, as MISP sends it
  });
});

describe('bad input', () => {
  it('answers malformed JSON with 405', async () => {
    const response = await api('POST', '/events/add', '{"info": ');
    expect(response.status).toBe(405);
    expect(response.body.message).toMatch(/^Invalid JSON input/);
  });

  it('refuses bodies above maxBodyBytes with 413 and a MISP-shaped body', async () => {
    const response = await api('POST', '/events/add', { info: 'x'.repeat(70 * 1024) });
    expect(response.status).toBe(413);
    expect(response.body.name).toBe(response.body.message);
    expect(response.body.url).toBe('/events/add');
  });

  it('answers a restSearch POST without filters with everything, a GET without parameters with 400', async () => {
    const everything = await api('POST', '/attributes/restSearch');
    expect(everything.status).toBe(200);
    expect(Number(everything.headers.get('x-result-count'))).toBe(everything.body.response.Attribute.length);
    expect((await api('POST', '/events/restSearch', {})).status).toBe(200);
    const get = await api('GET', '/attributes/restSearch');
    expect(get.status).toBe(400);
    expect(get.body.message).toMatch(/^Restsearch queries using GET and no parameters are not allowed/);
  });

  it('answers a restSearch body of the wrong type with 400', async () => {
    const response = await api('POST', '/attributes/restSearch', '"just a string"');
    expect(response.status).toBe(400);
  });

  it('stores and matches SQL-looking values literally', async () => {
    const value = "1' OR '1'='1'; DROP TABLE attributes; --";
    const added = await api('POST', '/attributes/add/1', { type: 'text', category: 'Other', value });
    expect(added.status).toBe(200);
    expect(added.body.Attribute.value).toBe(value);
    const found = await api('POST', '/attributes/restSearch', { value });
    expect(found.body.response.Attribute.map((a: { value: string }) => a.value)).toEqual([value]);
    const none = await api('POST', '/attributes/restSearch', { value: "' OR 1=1 --" });
    expect(none.body.response.Attribute).toEqual([]);
    expect((await api('GET', '/events/view/1')).status).toBe(200);
  });

  it('accepts the {"request": …} wrapper', async () => {
    const response = await api('POST', '/attributes/restSearch', { request: { value: 'bad.example' } });
    expect(response.body.response.Attribute.length).toBeGreaterThan(0);
  });
});

describe('faults and stats', () => {
  it('answers the next matching request with an injected 429 and Retry-After, then recovers', async () => {
    misp.faults.add({ path: '/attributes/restSearch', status: 429, retryAfter: 2 });
    const limited = await api('POST', '/attributes/restSearch.json', { value: 'bad.example' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    expect(limited.body.message).toBe('Rate limit exceeded.');
    const next = await api('POST', '/attributes/restSearch', { value: 'bad.example' });
    expect(next.status).toBe(200);
  });

  it('fails `times` requests with a 5xx and stops after clear()', async () => {
    misp.faults.add({ path: '/servers/getVersion', status: 503, times: 5 });
    expect((await api('GET', '/servers/getVersion')).status).toBe(503);
    misp.faults.clear();
    expect((await api('GET', '/servers/getVersion')).status).toBe(200);
  });

  it('counts requests per canonical path', async () => {
    const before = misp.stats().byPath['/organisations/index'] ?? 0;
    await api('GET', '/organisations/index.json');
    await api('GET', '/organisations');
    expect(misp.stats().byPath['/organisations/index']).toBe(before + 2);
  });
});

describe('wrong types', () => {
  it('answers bodies of the wrong shape with a 403 save failure, never a crash', async () => {
    for (const [path, body] of [
      ['/events/add', { Event: 'not an object' }],
      ['/events/add', [1, 2, 3]],
      ['/tags/add', 42],
    ] as const) {
      const response = await api('POST', path, body);
      expect(response.status, path).toBe(403);
      expect(response.body.saved).toBe(false);
    }
    const event = (await api('POST', '/events/add', { info: 'types' })).body.Event;
    const badLevel = await api('POST', `/events/edit/${event.id}`, { threat_level_id: 'high' });
    expect(badLevel.status).toBe(403);
    expect(badLevel.body.errors.threat_level_id).toBeDefined();
    const badValue = await api('POST', `/attributes/add/${event.id}`, { type: 'domain', value: { nested: true } });
    expect(badValue.status).toBe(403);
    const badSighting = await api('POST', '/sightings/add', { value: { $gt: '' } });
    expect(badSighting.status).toBe(200);
    expect(badSighting.body.message).toMatch(/^Could not add the Sighting/);
  });
});
