import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoIndicators, type MispSandbox } from '../src/index.js';
import { WEB_PASSWORD } from '../src/web/index.js';
import { type Api, withSandbox } from './helpers.js';

let misp: MispSandbox;
let api: Api;

beforeAll(async () => {
  ({ misp, api } = await withSandbox({ seed: 'demo' }));
});
afterAll(() => misp.close());

const BROWSER = { Accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

function browserGet(path: string, cookie?: string) {
  return fetch(`${misp.url}${path}`, {
    headers: { ...BROWSER, ...(cookie ? { Cookie: cookie } : {}) },
    redirect: 'manual',
  });
}

/** The cookies a response sets, as a Cookie header value (removed ones left out). */
function cookieHeader(response: Response, previous = ''): string {
  const jar = new Map(
    previous
      .split('; ')
      .filter(Boolean)
      .map((c) => c.split('=') as [string, string]),
  );
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const [name, value] = (pair ?? '').split('=') as [string, string];
    if (value) jar.set(name, value);
    else jar.delete(name);
  }
  return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
}

async function login(email: string, password: string, cookie = '') {
  return fetch(`${misp.url}/users/login`, {
    method: 'POST',
    headers: { ...BROWSER, 'Content-Type': 'application/x-www-form-urlencoded', ...(cookie ? { Cookie: cookie } : {}) },
    body: new URLSearchParams({ 'data[User][email]': email, 'data[User][password]': password }).toString(),
    redirect: 'manual',
  });
}

async function maliciousEventId(): Promise<string> {
  const search = await api('POST', '/attributes/restSearch', { value: demoIndicators.maliciousIp });
  return String(search.body.response.Attribute[0].event_id);
}

describe('browser pages', () => {
  it('answers the login page with the demo credentials instead of redirecting to itself', async () => {
    const response = await browserGet('/users/login');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const body = await response.text();
    expect(body).toContain('admin@admin.test');
    expect(body).toContain(`<code>${WEB_PASSWORD}</code>`);
    expect(body).not.toContain(misp.adminKey);
  });

  it('sends a signed-out browser from an event to the login page, and back to the event after login', async () => {
    const id = await maliciousEventId();
    const first = await browserGet(`/events/view/${id}`);
    expect(first.status).toBe(302);
    expect(first.headers.get('location')).toBe('/users/login');
    const remembered = cookieHeader(first);

    const loggedIn = await login('admin@admin.test', WEB_PASSWORD, remembered);
    expect(loggedIn.status).toBe(302);
    expect(loggedIn.headers.get('location')).toBe(`/events/view/${id}`);
    const session = cookieHeader(loggedIn, remembered);

    const view = await browserGet(`/events/view/${id}`, session);
    expect(view.status).toBe(200);
    const html = await view.text();
    const event = (await api('GET', `/events/view/${id}`)).body.Event;
    expect(html).toContain(event.info.replace(/&/g, '&amp;'));
    expect(html).toContain(demoIndicators.maliciousIp);
    for (const heading of ['Attributes', 'Objects', 'Sightings']) expect(html).toContain(`<h2>${heading}</h2>`);
    for (const tag of event.Tag ?? []) expect(html).toContain(tag.name.replace(/"/g, '&quot;'));
  });

  it('refuses a wrong password and shows the login page again', async () => {
    const response = await login('admin@admin.test', 'wrong');
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Invalid username or password');
  });

  it('lists only the events the signed-in user may see', async () => {
    const session = cookieHeader(await login('analyst@bluefin.example', WEB_PASSWORD));
    const list = await browserGet('/events/index', session);
    expect(list.status).toBe(200);
    const html = await list.text();
    const asAdmin = await api('POST', '/events/restSearch', { metadata: true });
    const total = asAdmin.body.response.length;
    const shown = html.match(/<tr><td><a href="\/events\/view\//g)?.length ?? 0;
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThanOrEqual(total);
  });

  it('escapes MISP data in the page', async () => {
    const created = await api('POST', '/events/add', { info: '<script>alert(1)</script> & "quotes"' });
    const session = cookieHeader(await login('admin@admin.test', WEB_PASSWORD));
    const html = await (await browserGet(`/events/view/${created.body.Event.id}`, session)).text();
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;');
  });

  it('keeps API requests as they were: JSON with a key, 403 JSON without', async () => {
    const id = await maliciousEventId();
    const withKey = await api('GET', `/events/view/${id}`);
    expect(withKey.status).toBe(200);
    expect(withKey.body.Event.id).toBe(id);
    const withoutKey = await api('GET', `/events/view/${id}`, undefined, { key: null });
    expect(withoutKey.status).toBe(403);
    expect(withoutKey.headers.get('content-type')).toContain('application/json');
  });
});
