// Organisation blocklists as MISP 2.5 answers them (checked against a real MISP 2.5): site admin only, the two
// example entries of a fresh MISP, uuids saved one by one with failures reported in a 200, events/add refused
// for a blocked creator organisation, and a pull or feed fetch leaving that organisation's events out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MispSandbox } from '../src/index.js';
import { partner } from './accounts/fixtures.js';
import { SpecChecker } from './accounts/spec-check.js';
import { type Api, apiFor, withSandbox } from './helpers.js';

let misp: MispSandbox;
let api: Api;
let remote: MispSandbox;
const checker = new SpecChecker();
const checked = (key?: string): Api => checker.api(misp, key);

const A = 'b1b2c3d4-0000-4000-8000-00000000000a';
const B = 'b1b2c3d4-0000-4000-8000-00000000000b';
const C = 'b1b2c3d4-0000-4000-8000-00000000000c';
const EXAMPLES = ['58d38339-7b24-4386-b4b4-4c0f950d210f', '58d38326-eda8-443a-9fa8-4e12950d210f'];
const uuidsOf = (list: { org_uuid: string }[]) => list.map((e) => e.org_uuid);

beforeAll(async () => {
  ({ misp } = await withSandbox());
  api = checked();
  ({ misp: remote } = await withSandbox({ seed: 'demo', serveFeed: true }));
});
afterAll(async () => {
  await misp.close();
  await remote.close();
});

describe('orgBlocklists', () => {
  it('starts with the two example entries of a fresh MISP', async () => {
    const list = await api('GET', '/org_blocklists/index');
    expect(list.status).toBe(200);
    expect(list.body).toEqual([
      {
        id: '3',
        org_uuid: EXAMPLES[0],
        created: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/),
        org_name: 'Setec Astrononomy',
        comment: 'default example',
        blocked_data: { blocked_amount: false, blocked_last_time: false },
      },
      expect.objectContaining({ id: '4', org_uuid: EXAMPLES[1], org_name: 'Acme Finance' }),
    ]);
  });

  it('adds each uuid, reports the ones it could not save, and ignores index filters', async () => {
    const added = await api('POST', '/org_blocklists/add', {
      uuids: [A, B, 'not-a-uuid'],
      comment: 'junk sender',
      org_name: 'Evil Corp',
    });
    expect(added.body).toEqual({
      result: { successes: [A, B], fails: ['not-a-uuid'] },
      message: 'Done. Added 2 new entries to the blocklist. 1 entries could not be saved.',
    });
    // The camelCase controller and named parameters are outside the contract's paths, so these go unchecked.
    const again = await apiFor(misp)('POST', '/orgBlocklists/add', { OrgBlocklist: { uuids: `${A}\n  ${C}  ` } });
    expect(again.body.result).toEqual({ successes: [C], fails: [A] });
    const list = (await apiFor(misp)('GET', '/orgBlocklists/index/comment:nothing')).body;
    expect(uuidsOf(list)).toEqual([...EXAMPLES, A, B, C]);
    expect(list[2]).toMatchObject({ id: '5', org_name: 'Evil Corp', comment: 'junk sender' });
    expect(list[4]).toMatchObject({ id: '7', org_name: '', comment: '' });
  });

  it('edits an entry by id or org uuid; a bad or taken uuid is a 405 and changes nothing', async () => {
    const edited = await api('POST', '/org_blocklists/edit/5', { comment: 'still junk', id: '99', created: 'x' });
    expect(edited.status).toBe(200);
    expect(edited.body.OrgBlocklist).toMatchObject({ id: '5', org_uuid: A, comment: 'still junk' });
    expect(edited.body.OrgBlocklist.created).toMatch(/^\d{4}-/);
    const byUuid = await api('POST', `/org_blocklists/edit/${C}`, { OrgBlocklist: { org_name: 'C org' } });
    expect(byUuid.body.OrgBlocklist).toMatchObject({ id: '7', org_name: 'C org' });
    for (const org_uuid of [B, 'nope']) {
      const refused = await api('POST', '/org_blocklists/edit/7', { org_uuid });
      expect([refused.status, refused.body.message]).toEqual([405, 'Could not save the blocklist item.']);
    }
    const missing = await api('POST', '/org_blocklists/edit/99', {});
    expect([missing.status, missing.body.message]).toEqual([404, 'Blocklist item not found.']);
    expect((await api('GET', '/org_blocklists/index')).body[4]).toMatchObject({ org_uuid: C, org_name: 'C org' });
  });

  it('deletes an entry by id or uuid, answering with the org_blocklists url', async () => {
    const deleted = await api('POST', `/org_blocklists/delete/${C}`);
    expect(deleted.body).toEqual({
      saved: true,
      success: true,
      name: 'Blocklist entry removed',
      message: 'Blocklist entry removed',
      url: `/org_blocklists/delete/${C}`,
      id: C,
    });
    const missing = await api('POST', '/org_blocklists/delete/99');
    expect([missing.status, missing.body.message]).toEqual([404, 'Invalid blocklist entry']);
  });

  it('refuses and counts events/add for a blocked creator organisation, by Orgc uuid or the own organisation', async () => {
    const before = misp.db.prepare('SELECT COUNT(*) AS n FROM events').get();
    const foreign = await api('POST', '/events/add', { Event: { info: 'x', Orgc: { uuid: A, name: 'Evil Corp' } } });
    expect([foreign.status, foreign.body.message]).toEqual([403, 'Event blocked by organisation blocklist.']);
    // MISP counts each refusal (in redis) and shows it in the entry.
    const entry = (await api('GET', '/org_blocklists/index')).body.find((e: { org_uuid: string }) => e.org_uuid === A);
    expect(entry.blocked_data).toEqual({ blocked_amount: '1', blocked_last_time: expect.stringMatching(/^\d+$/) });
    const own = misp.db.prepare('SELECT uuid FROM organisations WHERE id = 1').get() as { uuid: string };
    await api('POST', '/org_blocklists/add', { uuids: [own.uuid] });
    for (const body of [{ info: 'own org' }, { info: 'own org', orgc_id: '1' }]) {
      const refused = await api('POST', '/events/add', body);
      expect([refused.status, refused.body.message]).toEqual([403, 'Event blocked by organisation blocklist.']);
    }
    expect(misp.db.prepare('SELECT COUNT(*) AS n FROM events').get()).toEqual(before);
    await api('POST', `/org_blocklists/delete/${own.uuid}`);
    expect((await api('POST', '/events/add', { info: 'own org' })).status).toBe(200);
  });

  it('leaves the events of a blocked organisation out of a pull and a feed fetch', async () => {
    const remoteApi = apiFor(remote);
    const published = (
      (await remoteApi('GET', '/events/index')).body as { published: boolean; uuid: string; Orgc: { uuid: string } }[]
    ).filter((e) => e.published);
    const blocked = published[0]?.Orgc.uuid as string;
    const wanted = published.filter((e) => e.Orgc.uuid !== blocked).map((e) => e.uuid);
    expect(wanted.length).toBeGreaterThan(0);
    expect(wanted.length).toBeLessThan(published.length);
    for (const mode of ['pull', 'feed'] as const) {
      const { misp: target } = await withSandbox();
      try {
        const targetApi = apiFor(target);
        await targetApi('POST', '/org_blocklists/add', { uuids: [blocked] });
        if (mode === 'pull') {
          const server = await targetApi('POST', '/servers/add', {
            name: 'remote',
            url: remote.url,
            authkey: remote.adminKey,
            remote_org_id: '1',
            pull: true,
          });
          const pulled = await targetApi('GET', `/servers/pull/${server.body.Server.id}`);
          // MISP drops them from the remote index, so they are not counted as failures either.
          expect(pulled.body.message).toMatch(
            new RegExp(`^Pull completed\\. ${wanted.length} events pulled, 0 events could not`),
          );
        } else {
          const feed = await targetApi('POST', '/feeds/add', {
            name: 'remote feed',
            provider: 'tests',
            url: `${remote.url}/feed`,
            source_format: 'misp',
            enabled: true,
          });
          expect((await targetApi('GET', `/feeds/fetchFromFeed/${feed.body.Feed.id}`)).status).toBe(200);
        }
        const held = (await targetApi('GET', '/events/index')).body as { uuid: string; Orgc: { uuid: string } }[];
        expect(
          held.some((e) => e.Orgc.uuid === blocked),
          mode,
        ).toBe(false);
        if (mode === 'pull') expect(held.map((e) => e.uuid).sort()).toEqual([...wanted].sort());
        else expect(held.length).toBeGreaterThan(0);
      } finally {
        await target.close();
      }
    }
  });

  it('is for site admins only, even org admins are refused', async () => {
    const orgAdmin = await partner(api, 'Org Blocklist Partner', '2');
    const before = (await api('GET', '/org_blocklists/index')).body.length;
    for (const [method, path, body] of [
      ['GET', '/org_blocklists/index', undefined],
      ['POST', '/org_blocklists/add', { uuids: [C] }],
      ['POST', '/org_blocklists/edit/3', { comment: 'x' }],
      ['POST', '/org_blocklists/delete/3', undefined],
    ] as const) {
      const refused = await checked(orgAdmin.key)(method, path, body);
      expect([refused.status, refused.body.message]).toEqual([
        403,
        'You do not have permission to use this functionality.',
      ]);
    }
    expect((await api('GET', '/org_blocklists/index')).body).toHaveLength(before);
  });

  it('answered every organisation blocklist operation as the contract says', () => {
    expect(checker.problems).toEqual([]);
    for (const id of ['listOrgBlocklists', 'addOrgBlocklists', 'editOrgBlocklist', 'deleteOrgBlocklist'])
      expect(checker.exercised.has(id), id).toBe(true);
  });
});
