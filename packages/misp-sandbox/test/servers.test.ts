// Sync servers as MISP 2.5 answers them (shapes checked against a real MISP 2.5.1): add/edit/index/delete,
// the connection test against a second sandbox, and a one-way pull from it with MISP's distribution downgrade.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MispSandbox } from '../src/index.js';
import { SpecChecker } from './accounts/spec-check.js';
import { type Api, apiFor, withSandbox } from './helpers.js';
import { SERVER_OPERATIONS } from './sync-operations.js';

let misp: MispSandbox;
let api: Api;
const checker = new SpecChecker();
let remote: MispSandbox;
let remoteApi: Api;

beforeAll(async () => {
  ({ misp } = await withSandbox());
  api = checker.api(misp);
  ({ misp: remote, api: remoteApi } = await withSandbox({ seed: 'demo' }));
});
afterAll(async () => {
  await misp.close();
  await remote.close();
});

const serverBody = (overrides: Record<string, unknown> = {}) => ({
  name: 'second sandbox',
  url: remote.url,
  authkey: remote.adminKey,
  remote_org_id: '1',
  ...overrides,
});

describe('servers CRUD', () => {
  it('adds, lists without the key, edits and deletes a server', async () => {
    const added = await api('POST', '/servers/add', serverBody());
    expect(added.status).toBe(200);
    expect(added.body.Server).toMatchObject({
      name: 'second sandbox',
      authkey: remote.adminKey,
      pull: false,
      lastpulledid: null,
    });
    const id = added.body.Server.id;
    const index = await api('GET', '/servers/index');
    expect(index.body[0].Server.authkey).toBeUndefined();
    expect(index.body[0]).toMatchObject({ Organisation: { id: '1' }, RemoteOrg: { id: '1' }, User: [] });
    expect((await api('POST', `/servers/edit/${id}`, { pull: true })).body.Server.pull).toBe(true);
    const deleted = await api('POST', `/servers/delete/${id}`);
    expect(deleted.body).toMatchObject({ saved: true, url: '/servers/delete/Server deleted', id: 'Server deleted' });
    expect((await api('POST', `/servers/delete/${id}`)).status).toBe(404);
  });

  it('refuses what MISP refuses', async () => {
    expect(await api('POST', '/servers/add', {})).toMatchObject({
      status: 405,
      body: { message: 'No remote org ID set. Please pass it as remote_org_id' },
    });
    const bad = await api('POST', '/servers/add', serverBody({ url: 'nope', authkey: 'short', name: '' }));
    expect(bad.status).toBe(403);
    expect(Object.keys(bad.body.errors).sort()).toEqual(['authkey', 'name', 'url']);
    expect((await api('GET', '/servers/index', undefined, { key: null })).status).toBe(403);
  });
});

describe('servers/testConnection', () => {
  it('reports the remote version, sync permission and the POST test', async () => {
    const id = (await api('POST', '/servers/add', serverBody())).body.Server.id;
    const test = await api('POST', `/servers/testConnection/${id}`);
    expect(test.body).toMatchObject({
      status: 1,
      local_version: '2.5.1',
      version: '2.5.1',
      mismatch: 'proposal',
      newer: false,
      post: 1,
    });
    const badKey = (await api('POST', '/servers/add', serverBody({ authkey: 'x'.repeat(40) }))).body.Server.id;
    expect((await api('POST', `/servers/testConnection/${badKey}`)).body).toEqual({
      status: 4,
      client_certificate: null,
    });
    const nowhere = (await api('POST', '/servers/add', serverBody({ url: 'http://127.0.0.1:9' }))).body.Server.id;
    expect((await api('POST', `/servers/testConnection/${nowhere}`)).body.status).toBe(2);
    const outside = (await api('POST', '/servers/add', serverBody({ url: 'https://misp.example.org' }))).body.Server.id;
    expect((await api('POST', `/servers/testConnection/${outside}`)).body.status).toBe(2);
  });
});

describe('servers/pull', () => {
  it('is refused until pull is enabled, then pulls published events with distributions downgraded', async () => {
    const id = (await api('POST', '/servers/add', serverBody({ name: 'pull source' }))).body.Server.id;
    expect(await api('GET', `/servers/pull/${id}/full`)).toMatchObject({
      status: 403,
      body: { saved: false, errors: 'Pull setting not enabled for this server.' },
    });
    await api('POST', `/servers/edit/${id}`, { pull: true });
    const remoteEvents = (await remoteApi('GET', '/events/index')).body as {
      published: boolean;
      distribution: string;
      uuid: string;
    }[];
    const published = remoteEvents.filter((e) => e.published);
    const pulled = await api('GET', `/servers/pull/${id}`);
    expect(pulled.body.errors).toBeUndefined();
    expect(pulled.body.message).toBe(
      `Pull completed. ${published.length} events pulled, 0 events could not be pulled, 0 proposals pulled, 0 sightings pulled, 0 clusters pulled, 0 analyst data pulled.`,
    );
    const local = (await api('GET', '/events/index')).body as { uuid: string; distribution: string; locked: boolean }[];
    expect(local).toHaveLength(published.length);
    for (const event of published) {
      const copy = local.find((e) => e.uuid === event.uuid);
      const expected = event.distribution === '1' ? '0' : event.distribution === '2' ? '1' : event.distribution;
      expect(copy?.distribution).toBe(expected);
    }
    expect(local.every((e) => e.locked)).toBe(true);
  });

  it('pulls what the remote user may see, and nothing when the remote breaks off', async () => {
    const partner = remote.users.find((u) => u.org !== 'ORGNAME' && u.key);
    const id = (
      await api('POST', '/servers/add', serverBody({ name: 'partner view', authkey: partner?.key, pull: true }))
    ).body.Server.id;
    const visible = (await apiFor(remote, partner?.key)('GET', '/events/index')).body.filter(
      (e: { published: boolean }) => e.published,
    );
    expect(visible.length).toBeGreaterThan(0);
    // Every one of them is here already in the same version (pulled above), so MISP skips them all.
    const message = (await api('GET', `/servers/pull/${id}/update`)).body.message as string;
    expect(message).toMatch(/^Pull completed\. 0 events pulled, 0 events could not be pulled/);
    remote.faults.add({ path: '/servers/getVersion', status: 503 });
    const broken = await api('GET', `/servers/pull/${id}`);
    expect(broken).toMatchObject({ status: 403, body: { saved: false, message: 'Could not pull Server' } });
  });
});

describe('the contract', () => {
  it('was exercised for every servers operation, and every answer matched it', () => {
    expect(SERVER_OPERATIONS.filter((id) => !checker.exercised.has(id))).toEqual([]);
    const ids = new Set<string>(SERVER_OPERATIONS);
    expect(checker.problems.filter((p) => ids.has(p.split(/[: ]/)[0] ?? '') || p.includes('no operation'))).toEqual([]);
  });
});
