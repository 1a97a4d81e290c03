// Operations whose success is a redirect (x-mispkit.successRedirect: attributes/restore's 302 to the attribute's
// view): that redirect resolves, never followed; any other redirect is still an error.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createMispClient, noRetry } from '../src/index.js';
import { API_KEY } from './helpers.js';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

/** A MISP that answers every request with a 302 to `location(path)`, counting what it is asked. */
async function redirecting(location: (path: string) => string) {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    res.writeHead(302, { Location: location(req.url ?? ''), 'Content-Type': 'application/json' }).end();
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { seen, client: createMispClient({ baseUrl, apiKey: API_KEY, retry: noRetry }), baseUrl };
}

describe('success redirects', () => {
  it('attributes.restore resolves on MISP’s 302 to the attribute’s view, absolute or relative, without following it', async () => {
    const absolute = await redirecting((path) => `https://misp.example.org${path.replace('restore', 'view')}`);
    await expect(absolute.client.attributes.restore(12)).resolves.toBeUndefined();
    expect(absolute.seen).toEqual(['POST /attributes/restore/12']);
    const relative = await redirecting(() => '/attributes/view/12');
    await expect(relative.client.attributes.restore('12')).resolves.toBeUndefined();
    expect(relative.seen).toEqual(['POST /attributes/restore/12']);
  });

  it('a redirect elsewhere — the login page, another attribute — is still a MispResponseError', async () => {
    const login = await redirecting(() => '/users/login');
    await expect(login.client.attributes.restore(12)).rejects.toMatchObject({
      code: 'misp_bad_response',
      message: expect.stringContaining('MISP redirected to /users/login'),
    });
    const other = await redirecting(() => '/attributes/view/13');
    await expect(other.client.attributes.restore(12)).rejects.toMatchObject({
      code: 'misp_bad_response',
      status: 302,
    });
  });

  it('a redirect to the root (taxonomies.disableTags) must be the root: the login page is not one', async () => {
    const root = await redirecting(() => 'https://misp.example.org/');
    await expect(root.client.taxonomies.disableTags(11)).resolves.toBeUndefined();
    expect(root.seen).toEqual(['POST /taxonomies/disableTag/11']);
    const login = await redirecting(() => '/users/login');
    await expect(login.client.taxonomies.disableTags(11)).rejects.toMatchObject({ code: 'misp_bad_response' });
  });

  it('noticelists.setEnabled sends enable as the positional argument and resolves on the 302 to its view', async () => {
    const { client, seen } = await redirecting((path) => `/noticelists/view/${path.split('/')[3]}`);
    await expect(client.noticelists.setEnabled(3, { enable: true })).resolves.toBeUndefined();
    await expect(client.noticelists.setEnabled(3)).resolves.toBeUndefined();
    expect(seen).toEqual(['POST /noticelists/enableNoticelist/3/1', 'POST /noticelists/enableNoticelist/3']);
  });

  it('other operations never take a redirect for success', async () => {
    const { client } = await redirecting((path) => path.replace('delete', 'view'));
    await expect(client.attributes.delete(12)).rejects.toMatchObject({ code: 'misp_bad_response', status: 302 });
  });
});
