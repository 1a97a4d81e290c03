// Push to a second sandbox over loopback, the sync filter rules of pull and push, and the rest of servers/*
// (workers, createSync/import, cache, update) as MISP 2.5 answers them (checked against a real MISP 2.5.1).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MispSandbox } from '../src/index.js';
import { SpecChecker } from './accounts/spec-check.js';
import { type Api, apiFor, withSandbox } from './helpers.js';
import { SERVER_PUSH_OPERATIONS } from './sync-operations.js';

let local: MispSandbox;
let remote: MispSandbox;
let third: MispSandbox;
let api: Api;
let remoteApi: Api;
let thirdApi: Api;
const checker = new SpecChecker();

beforeAll(async () => {
  [{ misp: local }, { misp: remote }, { misp: third }] = await Promise.all([
    withSandbox(),
    withSandbox(),
    withSandbox(),
  ]);
  api = checker.api(local);
  remoteApi = apiFor(remote);
  thirdApi = checker.api(third);
});
afterAll(async () => {
  await Promise.all([local.close(), remote.close(), third.close()]);
});

const attribute = (value: string, distribution: string) => ({
  type: 'ip-dst',
  category: 'Network activity',
  value,
  distribution,
  to_ids: true,
});

async function addEvent(info: string, distribution: string, tags: string[], published = true) {
  const added = await apiFor(local)('POST', '/events/add', {
    Event: {
      info,
      distribution,
      published,
      Tag: tags.map((name) => ({ name })),
      Attribute: [attribute(`198.51.100.${Math.floor(Math.random() * 250) + 1}`, '5'), attribute('203.0.113.9', '0')],
    },
  });
  expect(added.status).toBe(200);
  return added.body.Event as { id: string; uuid: string };
}

const serverOn = async (target: MispSandbox, via: Api, fields: Record<string, unknown> = {}) =>
  (
    await via('POST', '/servers/add', {
      name: 'second sandbox',
      url: target.url,
      authkey: target.adminKey,
      remote_org_id: '1',
      ...fields,
    })
  ).body.Server.id as string;

describe('servers/push', () => {
  let everyone: { uuid: string };
  let connected: { uuid: string };

  it('pushes the published events the remote may receive, downgraded and locked there', async () => {
    everyone = await addEvent('for all communities', '3', ['tlp:green']);
    connected = await addEvent('for connected communities', '2', []);
    await addEvent('community only', '1', []);
    await addEvent('not published', '3', [], false);
    const blocked = await addEvent('blocked by the push rules', '3', ['internal:no-push']);
    const tagId = (await apiFor(local)('GET', '/tags/index/searchall:internal:no-push')).body.Tag[0].id;
    const id = await serverOn(remote, api, { push: true, push_rules: { tags: { OR: [], NOT: [tagId] } } });

    const pushed = await api('GET', `/servers/push/${id}/full`);
    expect(pushed.body).toMatchObject({
      saved: true,
      message: 'Push complete. 2 events pushed, 1 events could not be pushed.',
      url: `/servers/push/${id}`,
    });
    const there = (await remoteApi('GET', '/events/index')).body as Record<string, unknown>[];
    expect(there.map((e) => e.uuid).sort()).toEqual([everyone.uuid, connected.uuid].sort());
    expect(there.some((e) => e.uuid === blocked.uuid)).toBe(false);
    const localOrg = (await apiFor(local)('GET', '/organisations/view/1')).body.Organisation;
    for (const event of there) {
      expect(event).toMatchObject({ locked: true, published: true, Orgc: { uuid: localOrg.uuid } });
    }
    expect(there.find((e) => e.uuid === connected.uuid)?.distribution).toBe('1');
    const copy = (await remoteApi('GET', `/events/view/${everyone.uuid}`)).body.Event;
    expect(copy.distribution).toBe('3');
    expect(copy.Attribute.map((a: { value: string }) => a.value)).not.toContain('203.0.113.9'); // org only
    expect(copy.Tag.map((t: { name: string }) => t.name)).toEqual(['tlp:green']);

    // The remote now holds both in this version: only the community-only event is offered again, and refused.
    expect((await api('GET', `/servers/push/${id}/full`)).body.message).toBe(
      'Push complete. 0 events pushed, 1 events could not be pushed.',
    );
    // lastpushedid stopped at the lowest failure (the community-only event): nothing newer is eligible.
    expect((await api('GET', `/servers/push/${id}/incremental`)).body.message).toBe(
      'Push complete. 0 events pushed, 0 events could not be pushed.',
    );
  });

  it('sends nothing while push is off, and fails as MISP does', async () => {
    const off = await serverOn(remote, api);
    expect((await api('GET', `/servers/push/${off}/full`)).body.message).toBe(
      'Push complete. 0 events pushed, 0 events could not be pushed.',
    );
    // The technique is only read once push is on.
    expect((await api('GET', `/servers/push/${off}/sideways`)).status).toBe(200);
    const on = await serverOn(remote, api, { push: true });
    expect((await api('GET', `/servers/push/${on}/sideways`)).status).toBe(500);
    const nowhere = await serverOn(remote, api, { url: 'http://127.0.0.1:9', push: true });
    const failed = await api('GET', `/servers/push/${nowhere}/full`);
    expect(failed).toMatchObject({ status: 403, body: { saved: false, message: 'Could not push Server' } });
    expect(failed.body.errors).toMatch(/^Error: Connection to the server has failed\. The returned exception's/);
    expect((await api('GET', '/servers/push/999/full')).status).toBe(404);
  });
});

describe('pull rules', () => {
  it('pull only what the pull rules let through, and knows no incremental pull', async () => {
    const id = await serverOn(remote, thirdApi, { pull: true, pull_rules: { tags: { OR: ['tlp:green'], NOT: [] } } });
    const pulled = await thirdApi('GET', `/servers/pull/${id}/full`);
    expect(pulled.body.message).toMatch(/^Pull completed\. 1 events pulled, 0 events could not be pulled/);
    const here = (await thirdApi('GET', '/events/index')).body as { Tag?: unknown; info: string }[];
    expect(here.map((e) => e.info)).toEqual(['for all communities']);
    // The same event again: already here in this version, so not pulled twice.
    expect((await thirdApi('GET', `/servers/pull/${id}`)).body.message).toMatch(/^Pull completed\. 0 events pulled/);
    expect((await thirdApi('GET', `/servers/pull/${id}/incremental`)).body).toMatchObject({
      saved: false,
      errors: 'Invalid pull technique `incremental`.',
    });
    const notTagged = await serverOn(remote, thirdApi, {
      pull: true,
      pull_rules: JSON.stringify({ tags: { OR: [], NOT: ['tlp:green'] }, orgs: { OR: [], NOT: [] } }),
    });
    expect((await thirdApi('GET', `/servers/pull/${notTagged}`)).body.message).toMatch(/^Pull completed\. 1 events/);
  });
});

describe('the rest of servers/*', () => {
  it('reports no running workers, and fails to control them as a MISP without supervisord', async () => {
    const workers = await api('GET', '/servers/getWorkers');
    expect(workers.body).toMatchObject({ default: { ok: false, jobCount: 0 }, supervisord_status: false });
    for (const path of ['/servers/startWorker/default', '/servers/stopWorker/1234', '/servers/restartWorkers']) {
      expect((await api('POST', path)).status).toBe(500);
    }
    expect((await api('POST', '/servers/restartDeadWorkers')).status).toBe(500);
    expect((await api('POST', '/servers/killAllWorkers')).status).toBe(500);
    expect((await api('GET', '/servers/getWorkers', undefined, { key: null })).status).toBe(403);
  });

  it('hands out a sync configuration that the other side imports as a server', async () => {
    expect((await api('POST', '/servers/createSync')).body.message).toBe(
      'Site admin accounts cannot be used to create server sync configurations.',
    );
    const syncUser = await apiFor(remote)('POST', '/admin/users/add', {
      email: 'sync@remote.test',
      org_id: '1',
      role_id: '5',
    });
    const syncKey = syncUser.body.User.authkey as string;
    const asSync = checker.api(remote);
    const noHost = await asSync('POST', '/servers/createSync', undefined, { key: syncKey });
    expect(noHost).toMatchObject({
      status: 405,
      body: { message: 'Cannot create sync config - no host org ID configured for the instance.' },
    });
    await remoteApi('POST', '/servers/serverSettingsEdit/MISP.host_org_id', { value: '1' });
    const config = await asSync('POST', '/servers/createSync', undefined, { key: syncKey });
    expect(config.status).toBe(200);
    expect(config.body.Server.authkey).toMatch(/^[a-zA-Z0-9]{40}$/);
    const imported = await api('POST', '/servers/import', { ...config.body.Server, url: remote.url });
    expect(imported.body.Server).toMatchObject({ pull: false, push: false, pull_rules: '[]', url: remote.url });
    const test = await api('POST', `/servers/testConnection/${imported.body.Server.id}`);
    expect(test.body.status).toBe(1);
    const refused = await api('POST', '/servers/import', {});
    expect(refused).toMatchObject({ status: 403, body: { message: 'Could not addFromJson Server' } });
    expect(Object.keys(refused.body.errors).sort()).toEqual(['authkey', 'name', 'url']);
  });

  it('answers cache and update as MISP does here', async () => {
    expect((await api('POST', '/servers/cache')).body).toMatchObject({
      saved: true,
      message: 'Server caching job initiated.',
      url: '/servers/cache',
    });
    expect((await api('POST', '/servers/update')).body).toEqual({ results: ['Update failed, you are not on branch'] });
  });
});

describe('the contract', () => {
  it('was exercised for every operation here, and every answer matched it', () => {
    expect(SERVER_PUSH_OPERATIONS.filter((id) => !checker.exercised.has(id))).toEqual([]);
    expect(checker.problems).toEqual([]);
  });
});
