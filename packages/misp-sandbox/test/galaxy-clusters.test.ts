import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MispSandbox } from '../src/index.js';
import { partner } from './accounts/fixtures.js';
import { SpecChecker } from './accounts/spec-check.js';
import { GALAXY_CLUSTER_OPERATIONS } from './galaxy-cluster-operations.js';
import { type Api, apiFor, type Json, withSandbox } from './helpers.js';

let misp: MispSandbox;
let api: Api;
/** Every answer below is validated against the contract (openapi/dist/openapi.json). */
const checker = new SpecChecker();
const checked = (key?: string): Api => checker.api(misp, key);

beforeAll(async () => {
  ({ misp } = await withSandbox());
  api = checked();
});
afterAll(async () => {
  await misp.close();
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function firstGalaxy(): Promise<Json> {
  const galaxies = (await api('GET', '/galaxies/index')).body as Json[];
  return galaxies[0].Galaxy;
}

async function add(body: unknown, galaxyId?: string, client = api) {
  return client('POST', `/galaxy_clusters/add/${galaxyId ?? (await firstGalaxy()).id}`, body);
}

describe('galaxy_clusters/add', () => {
  it('creates an unpublished custom cluster of the caller organisation, tag named after its uuid', async () => {
    const galaxy = await firstGalaxy();
    const res = await add(
      {
        GalaxyCluster: {
          value: 'h11 custom',
          description: 'd',
          authors: ['me'],
          distribution: '1',
          GalaxyElement: [
            { key: 'synonyms', value: 'h11a' },
            { key: 'synonyms', value: 'h11b' },
          ],
        },
      },
      galaxy.id,
    );
    expect(res.status).toBe(200);
    const c = res.body.GalaxyCluster;
    expect(c.uuid).toMatch(UUID);
    expect(c).toMatchObject({
      value: 'h11 custom',
      type: galaxy.type,
      galaxy_id: galaxy.id,
      tag_name: `misp-galaxy:${galaxy.type}="${c.uuid}"`,
      authors: ['me'],
      distribution: '1',
      sharing_group_id: null,
      org_id: '1',
      orgc_id: '1',
      default: false,
      published: false,
      deleted: false,
      extends_uuid: null,
      collection_uuid: '',
    });
    expect(c.version).toMatch(/^\d+$/);
    expect(c.GalaxyElement.map((e: Json) => [e.key, e.value])).toEqual([
      ['synonyms', 'h11a'],
      ['synonyms', 'h11b'],
    ]);
    expect(c.Galaxy.id).toBe(galaxy.id);
    expect(c.Org.id).toBe('1');
    expect(c.Orgc.id).toBe('1');
    expect(c.GalaxyClusterRelation).toEqual([]);
    const view = await api('GET', `/galaxy_clusters/view/${c.uuid}`);
    // The view also lists the relations that target the cluster (none here); add answers without them.
    expect(view.body).toEqual({ GalaxyCluster: { ...res.body.GalaxyCluster, RelationshipInbound: [] } });
  });

  it('takes the bare cluster fields and the default event distribution', async () => {
    const res = await add({ value: 'h11 bare' });
    expect(res.status).toBe(200);
    expect(res.body.GalaxyCluster).toMatchObject({
      value: 'h11 bare',
      distribution: '1',
      authors: null,
      description: '',
    });
  });

  it('answers an unknown galaxy as MISP does, saving nothing', async () => {
    const before = (await api('GET', '/galaxies/index')).body.length;
    const missing = await add({ value: 'h11 nogalaxy' }, '999999');
    expect(missing.status).toBe(403);
    expect(missing.body).toEqual({
      saved: false,
      name: 'Could not add GalaxyCluster',
      message: 'Could not add GalaxyCluster',
      url: '/galaxy_clusters/add',
      errors: 'Galaxy not found',
    });
    const bad = await add({ value: 'h11 nogalaxy' }, 'abc');
    expect(bad.status).toBe(404);
    expect(bad.body.message).toBe('Invalid galaxy');
    expect((await api('GET', '/galaxies/index')).body.length).toBe(before);
  });

  it('refuses a bad distribution or sharing group and a cluster without value', async () => {
    const dist = await add({ value: 'h11 d9', distribution: '9' });
    expect(dist.status).toBe(403);
    expect(dist.body.errors).toBe(
      'Options: Your organisation only, This community only, Connected communities, All communities, Sharing group',
    );
    const sg = await add({ value: 'h11 sg', distribution: '4', sharing_group_id: '999' });
    expect(sg.status).toBe(403);
    expect(sg.body.errors).toMatch(/access to the sharing group/);
    const novalue = await add({ description: 'novalue' });
    expect(novalue.status).toBe(500);
  });
});

describe('galaxy_clusters edit, delete, restore, publish', () => {
  it('edits a custom cluster, replacing authors and elements, but never a default one', async () => {
    const created = (await add({ value: 'h11 e', authors: ['a'], GalaxyElement: [{ key: 'k', value: 'v' }] })).body
      .GalaxyCluster;
    const res = await api('POST', `/galaxy_clusters/edit/${created.id}`, {
      GalaxyCluster: { value: 'h11 e2', description: 'd2' },
    });
    expect(res.status).toBe(200);
    expect(res.body.GalaxyCluster).toMatchObject({
      id: created.id,
      uuid: created.uuid,
      value: 'h11 e2',
      description: 'd2',
      authors: [],
      tag_name: created.tag_name,
      GalaxyElement: [],
    });
    const def = await api('POST', '/galaxy_clusters/edit/1', { value: 'x' });
    expect(def.status).toBe(405);
    expect(def.body.message).toBe('Default galaxy cluster cannot be edited');
    const missing = await api('POST', '/galaxy_clusters/edit/99999999', { value: 'x' });
    expect(missing.status).toBe(404);
    expect(missing.body.message).toBe('Invalid galaxy cluster');
  });

  it('soft deletes (still viewable, deleted), restores, hard deletes', async () => {
    const { id } = (await add({ value: 'h11 del' })).body.GalaxyCluster;
    // A GET and the positional `/1` are outside the path templates, so they are sent unchecked.
    const get = await apiFor(misp)('GET', `/galaxy_clusters/delete/${id}`);
    expect(get.status).toBe(405);
    const soft = await api('POST', `/galaxy_clusters/delete/${id}`);
    expect(soft.body).toEqual({
      saved: true,
      success: true,
      name: 'Galaxy cluster successfuly soft deleted.',
      message: 'Galaxy cluster successfuly soft deleted.',
      url: `/galaxy_clusters/delete/${id}`,
      id,
    });
    expect((await api('GET', `/galaxy_clusters/view/${id}`)).body.GalaxyCluster.deleted).toBe(true);
    const restored = await api('POST', `/galaxy_clusters/restore/${id}`);
    expect(restored.body.message).toBe('GalaxyCluster restored');
    expect((await api('GET', `/galaxy_clusters/view/${id}`)).body.GalaxyCluster.deleted).toBe(false);
    const hard = await apiFor(misp)('POST', `/galaxy_clusters/delete/${id}/1`);
    expect(hard.body.message).toBe('Galaxy cluster successfuly hard deleted and added to the block list.');
    expect((await api('GET', `/galaxy_clusters/view/${id}`)).status).toBe(404);
    expect((await api('POST', `/galaxy_clusters/delete/${id}`)).status).toBe(404);
  });

  it('publishes (MISP queues a job) and unpublishes custom clusters only', async () => {
    const { id } = (await add({ value: 'h11 pub' })).body.GalaxyCluster;
    const notPublished = await api('POST', `/galaxy_clusters/unpublish/${id}`);
    expect(notPublished.status).toBe(405);
    expect(notPublished.body.message).toBe('You can&#039;t unpublish a galaxy cluster that is not published');
    const pub = await api('POST', `/galaxy_clusters/publish/${id}`);
    expect(pub.status).toBe(200);
    expect(pub.body.message).toMatch(/^Publish job queued\. Job ID: [0-9a-f-]{36}$/);
    expect((await api('GET', `/galaxy_clusters/view/${id}`)).body.GalaxyCluster.published).toBe(true);
    const unpub = await api('POST', `/galaxy_clusters/unpublish/${id}`);
    expect(unpub.body.message).toBe('GalaxyCluster unpublished');
    const def = await api('POST', '/galaxy_clusters/publish/1');
    expect(def.status).toBe(405);
    expect(def.body.message).toBe('Default galaxy cluster cannot be published');
    // MISP never marks its default clusters published, so unpublishing one is the not-published refusal.
    const defUnpub = await api('POST', '/galaxy_clusters/unpublish/1');
    expect(defUnpub.status).toBe(405);
    expect(defUnpub.body.message).toBe('You can&#039;t unpublish a galaxy cluster that is not published');
  });

  it('needs perm_galaxy_editor, and only the creator organisation may modify', async () => {
    const { id } = (await add({ value: 'h11 perm' })).body.GalaxyCluster;
    // Role 6 (Read Only) is the one default role without perm_galaxy_editor.
    const user = await partner(api, 'H11 Readers', '6');
    const asUser = checked(user.key);
    const denied = await add({ value: 'h11 denied' }, undefined, asUser);
    expect(denied.status).toBe(403);
    expect(denied.body.message).toBe('You do not have permission to use this functionality.');
    expect((await asUser('POST', `/galaxy_clusters/delete/${id}`)).status).toBe(403);
    // Role 3 (User) is a galaxy editor, here of another organisation.
    const editor = await partner(api, 'H11 Editors', '3');
    const asEditor = checked(editor.key);
    const foreign = await asEditor('POST', `/galaxy_clusters/edit/${id}`, { value: 'x' });
    expect(foreign.status).toBe(405);
    expect(foreign.body.message).toBe('Only the creator organisation can modify the galaxy cluster');
    const own = await add({ value: 'h11 own', distribution: '0' }, undefined, asEditor);
    expect(own.status).toBe(200);
    expect(own.body.GalaxyCluster.org_id).toBe(editor.orgId);
    // distribution 0: not visible to another organisation.
    expect((await asUser('GET', `/galaxy_clusters/view/${own.body.GalaxyCluster.id}`)).status).toBe(404);
  });
});

describe('contract', () => {
  it('every answer above matches the spec, and every operation was exercised', () => {
    expect(checker.problems).toEqual([]);
    for (const id of GALAXY_CLUSTER_OPERATIONS) expect(checker.exercised.has(id), id).toBe(true);
  });
});
