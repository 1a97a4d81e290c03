// Galaxy cluster relations (the default ones from misp-galaxy, custom ones), galaxy_clusters/index,
// galaxies/delete, export and import, and attachCluster's named `local`, checked against the contract.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MispSandbox } from '../src/index.js';
import { partner } from './accounts/fixtures.js';
import { SpecChecker } from './accounts/spec-check.js';
import { GALAXY_RELATION_OPERATIONS } from './galaxy-cluster-operations.js';
import { type Api, apiFor, type Json, withSandbox } from './helpers.js';

let misp: MispSandbox;
let api: Api;
const checker = new SpecChecker();
const checked = (key?: string): Api => checker.api(misp, key);

beforeAll(async () => {
  ({ misp } = await withSandbox());
  api = checked();
});
afterAll(async () => {
  await misp.close();
});

// Ids as MISP 2.5.1 gives them after galaxies/update with the same catalogue (measured on a real MISP).
const MIMIKATZ_ATTACK = { id: '5211', uuid: 'afc079f3-c0ea-4096-b75d-3f05338b7f60' };
const MIMIKATZ_TOOL = { id: '8912', uuid: '7f3a035d-d83a-45b8-8111-412aa8ade802' };
const LIKELY = 'estimative-language:likelihood-probability="likely"';
const count = (sql: string) => (misp.db.prepare(sql).get() as { n: number }).n;

async function galaxyOfType(type: string): Promise<Json> {
  const galaxies = (await api('GET', '/galaxies/index')).body as Json[];
  return galaxies.find((g) => g.Galaxy.type === type).Galaxy;
}

/** Parses MISP's text/html save answer (HTML-escaped JSON). */
const unescaped = (text: string) => JSON.parse(text.replace(/&quot;/g, '"'));

describe('default relations', () => {
  it('are saved on first use, not at start-up, with their tags', async () => {
    expect(count('SELECT COUNT(*) AS n FROM galaxy_cluster_relations')).toBe(0);
    expect(count('SELECT COUNT(*) AS n FROM tags')).toBe(0);
    const view = await api('GET', `/galaxy_clusters/view/${MIMIKATZ_ATTACK.id}`);
    expect(view.status).toBe(200);
    expect(count('SELECT COUNT(*) AS n FROM galaxy_cluster_relations')).toBe(4377);
    expect(count('SELECT COUNT(*) AS n FROM galaxy_cluster_relation_tags')).toBe(2470);
    // The five estimative-language tags of the catalogue's relations, in the order MISP creates them.
    expect((await api('GET', '/tags/view/1')).body.name).toBe(LIKELY);
    const cluster = view.body.GalaxyCluster;
    expect(cluster.uuid).toBe(MIMIKATZ_ATTACK.uuid);
    expect(cluster.collection_uuid).toBe('d700dc5c-78f6-11e7-a476-5f748c8e4fe0');
    expect(cluster.GalaxyClusterRelation).toHaveLength(18);
    const similar = cluster.GalaxyClusterRelation.find((r: Json) => r.id === '1107');
    expect(similar).toMatchObject({
      galaxy_cluster_id: MIMIKATZ_ATTACK.id,
      referenced_galaxy_cluster_id: MIMIKATZ_TOOL.id,
      referenced_galaxy_cluster_uuid: MIMIKATZ_TOOL.uuid,
      referenced_galaxy_cluster_type: 'similar',
      distribution: '3',
      default: true,
    });
    expect(similar.Tag.map((t: Json) => t.name)).toEqual([LIKELY]);
    expect(cluster.TargetingClusterRelation.map((r: Json) => [r.id, r.galaxy_cluster_id])).toEqual([
      ['3880', MIMIKATZ_TOOL.id],
    ]);
  });

  it('a relation to a uuid no cluster has targets id 0 and shows TargetCluster []', async () => {
    const view = await api('GET', '/galaxy_cluster_relations/view/1');
    expect(view.body.GalaxyClusterRelation).toMatchObject({ id: '1', referenced_galaxy_cluster_id: '0' });
    expect(view.body.SourceCluster.value).toBe('andorra');
    expect(view.body.TargetCluster).toEqual([]);
    expect(view.body.Tag).toBeUndefined();
    const tagged = await api('GET', '/galaxy_cluster_relations/view/1107');
    expect(tagged.body.TargetCluster).toMatchObject({ id: MIMIKATZ_TOOL.id, value: 'Mimikatz', published: false });
    expect(tagged.body.Tag.map((t: Json) => t.name)).toEqual([LIKELY]);
    const missing = await api('GET', '/galaxy_cluster_relations/view/999999');
    expect(missing.status).toBe(404);
    expect(missing.body.message).toBe('Invalid cluster relation');
  });

  it('lists all relations, or those matching context and searchall', async () => {
    const all = await api('GET', '/galaxy_cluster_relations/index');
    expect(all.body).toHaveLength(4377);
    expect(all.body[1106].GalaxyClusterRelationTag[0]).toMatchObject({
      galaxy_cluster_relation_id: '1107',
      tag_id: '1',
    });
    const mimikatz = await api('GET', '/galaxy_cluster_relations/index/searchall:invoke-mimi');
    expect(mimikatz.body.length).toBeGreaterThan(0);
    for (const r of mimikatz.body)
      expect(`${r.SourceCluster.value} ${r.TargetCluster?.value}`.toLowerCase()).toContain('invoke-mimi');
    expect((await api('POST', '/galaxy_cluster_relations/index', { context: 'custom' })).body).toEqual([]);
  });
});

describe('custom relations', () => {
  let source: Json;

  beforeAll(async () => {
    const tool = await galaxyOfType('tool');
    source = (await api('POST', `/galaxy_clusters/add/${tool.id}`, { value: 'h3 custom tool', distribution: '1' })).body
      .GalaxyCluster;
  });

  const relation = (extra: Json = {}) => ({
    GalaxyClusterRelation: {
      galaxy_cluster_uuid: source.uuid,
      referenced_galaxy_cluster_uuid: MIMIKATZ_TOOL.uuid,
      referenced_galaxy_cluster_type: 'variant-of',
      distribution: '1',
      tags: `${LIKELY}, no-such:tag`,
      ...extra,
    },
  });

  it('adds one (MISP answers HTML-escaped JSON as text/html), touching and unpublishing the source', async () => {
    const added = await api('POST', '/galaxy_cluster_relations/add', relation());
    expect(added.status).toBe(200);
    expect(added.headers.get('content-type')).toMatch(/^text\/html/);
    expect(unescaped(added.text)).toEqual({
      saved: true,
      success: true,
      name: 'GalaxyClusterRelation added',
      message: 'GalaxyClusterRelation added',
      url: '/galaxy_cluster_relations/add/application/json',
      id: 'application/json',
    });
    const view = (await api('GET', `/galaxy_clusters/view/${source.id}`)).body.GalaxyCluster;
    const [saved] = view.GalaxyClusterRelation;
    expect(saved).toMatchObject({
      galaxy_cluster_id: source.id,
      referenced_galaxy_cluster_id: MIMIKATZ_TOOL.id,
      referenced_galaxy_cluster_type: 'variant-of',
      distribution: '1',
      default: false,
    });
    // Unknown tag names are skipped, as MISP's lookup does.
    expect(saved.Tag.map((t: Json) => t.name)).toEqual([LIKELY]);
    expect(Number(view.version)).toBeGreaterThanOrEqual(Number(source.version));
    const target = (await api('GET', `/galaxy_clusters/view/${MIMIKATZ_TOOL.id}`)).body.GalaxyCluster;
    expect(target.TargetingClusterRelation.map((r: Json) => r.id)).toContain(saved.id);
  });

  it('refuses a duplicate, an unknown target or source, and invalid fields, with MISP’s reasons', async () => {
    const before = count('SELECT COUNT(*) AS n FROM galaxy_cluster_relations');
    const duplicate = await api('POST', '/galaxy_cluster_relations/add', relation());
    expect(duplicate.status).toBe(403);
    expect(duplicate.body).toEqual({
      saved: false,
      name: 'Could not add GalaxyClusterRelation',
      message: 'Could not add GalaxyClusterRelation',
      url: '/galaxy_cluster_relations/add/Relationship could not be added.Reasons: ["Relation already exists"]',
      errors: 'application/json',
      id: 'Relationship could not be added.Reasons: ["Relation already exists"]',
    });
    const noTarget = await api(
      'POST',
      '/galaxy_cluster_relations/add',
      relation({ referenced_galaxy_cluster_uuid: '11111111-2222-4333-8444-000000000000' }),
    );
    expect(noTarget.body.id).toBe('Relationship could not be added.Reasons: [["Invalid referenced galaxy cluster"]]');
    const noSource = await api(
      'POST',
      '/galaxy_cluster_relations/add',
      relation({ galaxy_cluster_uuid: '11111111-2222-4333-8444-000000000000' }),
    );
    expect(noSource.body.id).toBe('Relationship could not be added.Reasons: ["Invalid galaxy cluster"]');
    const invalid = await api(
      'POST',
      '/galaxy_cluster_relations/add',
      relation({ referenced_galaxy_cluster_type: '', distribution: '7' }),
    );
    expect(JSON.parse(invalid.body.id.replace('Relationship could not be added.Reasons: ', ''))).toEqual({
      '0': 'Referenced_galaxy_cluster_type cannot be empty.',
      '1': 'Options: Your organisation only, This community only, Connected communities, All communities, Sharing group',
      referenced_galaxy_cluster_type: ['Referenced_galaxy_cluster_type cannot be empty.'],
      distribution: [
        'Options: Your organisation only, This community only, Connected communities, All communities, Sharing group',
      ],
    });
    expect((await apiFor(misp)('GET', '/galaxy_cluster_relations/add')).status).toBe(500);
    expect(count('SELECT COUNT(*) AS n FROM galaxy_cluster_relations')).toBe(before);
  });

  it('edits a custom relation (tags replaced) but never a default one, and deletes both kinds', async () => {
    const [mine] = (await api('GET', `/galaxy_clusters/view/${source.id}`)).body.GalaxyCluster.GalaxyClusterRelation;
    const edited = await api(
      'POST',
      `/galaxy_cluster_relations/edit/${mine.id}`,
      relation({ referenced_galaxy_cluster_type: 'variant-of-2', distribution: '2', tags: '' }),
    );
    expect(edited.status).toBe(200);
    expect(unescaped(edited.text).name).toBe('GalaxyClusterRelation edited');
    const view = await api('GET', `/galaxy_cluster_relations/view/${mine.id}`);
    expect(view.body.GalaxyClusterRelation).toMatchObject({
      referenced_galaxy_cluster_type: 'variant-of-2',
      distribution: '2',
    });
    expect(view.body.Tag).toBeUndefined();
    const refused = await api(
      'POST',
      `/galaxy_cluster_relations/edit/${mine.id}`,
      relation({ referenced_galaxy_cluster_uuid: '11111111-2222-4333-8444-000000000000' }),
    );
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({
      url: '/galaxy_cluster_relations/edit',
      errors: 'Relationship could not be added.',
    });
    const defaultEdit = await api('POST', '/galaxy_cluster_relations/edit/1', relation());
    expect(defaultEdit.status).toBe(405);
    expect(defaultEdit.body.message).toBe('Default cluster relation cannot be edited');
    expect((await api('POST', '/galaxy_cluster_relations/edit/999999', relation())).status).toBe(404);

    expect((await apiFor(misp)('GET', `/galaxy_cluster_relations/delete/${mine.id}`)).status).toBe(500);
    const deleted = await api('POST', `/galaxy_cluster_relations/delete/${mine.id}`);
    expect(deleted.body).toEqual({
      saved: true,
      success: true,
      name: 'GalaxyClusterRelation deleted',
      message: 'GalaxyClusterRelation deleted',
      url: `/galaxy_cluster_relations/delete/${mine.id}`,
      id: mine.id,
    });
    const again = await api('POST', `/galaxy_cluster_relations/delete/${mine.id}`);
    expect(again.status).toBe(404);
    expect(again.body.message).toBe('Relation not found.');
    expect((await api('POST', '/galaxy_cluster_relations/delete/2')).status).toBe(200);
  });

  it('needs perm_galaxy_editor, and only the creator organisation edits its clusters’ relations', async () => {
    const reader = await partner(api, 'H3 Readers', '6');
    const denied = await checked(reader.key)('POST', '/galaxy_cluster_relations/add', relation());
    expect(denied.status).toBe(403);
    expect(denied.body.message).toBe('You do not have permission to use this functionality.');
    const editor = await partner(api, 'H3 Editors', '3');
    const asEditor = checked(editor.key);
    const foreign = await asEditor(
      'POST',
      '/galaxy_cluster_relations/add',
      relation({ referenced_galaxy_cluster_type: 'x' }),
    );
    expect(foreign.body.id).toBe(
      'Relationship could not be added.Reasons: ["Only the creator organisation can modify the galaxy cluster"]',
    );
    const defaultDelete = await asEditor('POST', '/galaxy_cluster_relations/delete/3');
    expect(defaultDelete.status).toBe(405);
    expect(defaultDelete.body.message).toBe('Only the creator organisation can modify the galaxy cluster');
    // Relations of distribution 0 are not shown to another organisation.
    await api(
      'POST',
      '/galaxy_cluster_relations/add',
      relation({ referenced_galaxy_cluster_type: 'private', distribution: '0' }),
    );
    const seen = (await asEditor('GET', '/galaxy_cluster_relations/index/context:custom')).body as Json[];
    expect(seen.map((r) => r.GalaxyClusterRelation.referenced_galaxy_cluster_type)).not.toContain('private');
  });
});

describe('galaxy_clusters/index', () => {
  it('lists a galaxy’s clusters without elements, filtered by searchall and context', async () => {
    const tool = await galaxyOfType('mitre-tool');
    const all = await api('GET', `/galaxy_clusters/index/${tool.id}`);
    expect(all.body).toHaveLength(97);
    expect(all.body[0].GalaxyCluster).toMatchObject({ galaxy_id: tool.id, default: true, published: false });
    expect(all.body[0].GalaxyCluster.meta).toBeUndefined();
    const byUuid = await api('GET', `/galaxy_clusters/index/${tool.uuid}/searchall:mimikatz`);
    // Value, description or synonym (MISP 2.5.1 finds these three).
    expect(byUuid.body.map((c: Json) => c.GalaxyCluster.value)).toEqual([
      'Invoke-PSImage - S0231',
      'Mimikatz - S0002',
      'MimiPenguin - S0179',
    ]);
    const custom = await api('POST', `/galaxy_clusters/index/${tool.id}`, { context: 'custom' });
    expect(custom.body).toEqual([]);
    const missing = await api('GET', '/galaxy_clusters/index/999999');
    expect(missing.status).toBe(404);
    expect(missing.body.message).toBe('Invalid Galaxy.');
  });
});

describe('galaxies/export and import', () => {
  it('exports clusters as MISP JSON without ids, and as a misp-galaxy file', async () => {
    const tool = await galaxyOfType('tool');
    const options = { default: 1, custom: 0, distribution: 3 };
    const json = await api('POST', `/galaxies/export/${tool.id}`, { Galaxy: { ...options, format: 'json' } });
    expect(json.status).toBe(200);
    const mimikatz = json.body.find((c: Json) => c.GalaxyCluster.value === 'Mimikatz').GalaxyCluster;
    expect(mimikatz.id).toBeUndefined();
    expect(mimikatz.galaxy_id).toBeUndefined();
    expect(mimikatz.Orgc).toMatchObject({ id: '0', uuid: '0', name: 'MISP' });
    expect(mimikatz.GalaxyElement[0]).toEqual({ key: 'refs', value: 'https://github.com/gentilkiwi/mimikatz' });
    expect(mimikatz.GalaxyClusterRelation[0]).not.toHaveProperty('id');
    expect(mimikatz.GalaxyClusterRelation[0].Tag[0]).not.toHaveProperty('id');
    const file = await api('POST', `/galaxies/export/${tool.id}`, {
      Galaxy: { ...options, format: 'misp-galaxy', download: 'download' },
    });
    expect(file.headers.get('content-disposition')).toMatch(/^attachment; filename="galaxy_[0-9a-f-]+_\d+\.json"$/);
    expect(file.body).toMatchObject({
      name: 'Tool',
      type: 'tool',
      version: false,
      uuid: '0d821b68-9d82-4c6d-86a6-1071a9e0f79f',
    });
    const tinba = file.body.values.find((v: Json) => v.value === 'Tinba');
    expect(tinba.meta.type).toBe('Banking');
    expect(tinba.related[0]).toEqual({
      'dest-uuid': '96b2b31e-b191-43c4-9929-48ba1cbee62c',
      type: 'similar',
      tags: [LIKELY],
    });
    expect((await api('POST', `/galaxies/export/${tool.id}`, {})).body).toEqual([]);
    expect((await apiFor(misp)('GET', `/galaxies/export/${tool.id}`)).status).toBe(500);
    expect((await api('POST', '/galaxies/export/999999', {})).status).toBe(404);
  });

  it('imports custom clusters with their relations, refusing default ones and older versions', async () => {
    const tool = await galaxyOfType('tool');
    const exported = (await api('POST', `/galaxies/export/${tool.id}`, { Galaxy: { default: 1, distribution: 3 } }))
      .body;
    const mimikatz = structuredClone(exported.find((c: Json) => c.GalaxyCluster.value === 'Mimikatz'));
    Object.assign(mimikatz.GalaxyCluster, {
      default: false,
      uuid: '11111111-2222-4333-8444-555555555555',
      value: 'Imported Mimikatz',
      GalaxyClusterRelation: mimikatz.GalaxyCluster.GalaxyClusterRelation.slice(0, 2),
    });
    const imported = await api('POST', '/galaxies/import', [mimikatz, exported[0]]);
    expect(imported.body).toEqual({
      saved: true,
      success: true,
      name: 'Galaxy clusters imported. 1 imported, 0 ignored, 1 failed. Only non-default clusters can be saved',
      message: 'Galaxy clusters imported. 1 imported, 0 ignored, 1 failed. Only non-default clusters can be saved',
      url: '/galaxies/import',
    });
    const view = (await api('GET', '/galaxy_clusters/view/11111111-2222-4333-8444-555555555555')).body.GalaxyCluster;
    expect(view).toMatchObject({
      value: 'Imported Mimikatz',
      default: false,
      locked: true,
      galaxy_id: tool.id,
      tag_name: 'misp-galaxy:tool="11111111-2222-4333-8444-555555555555"',
      version: mimikatz.GalaxyCluster.version,
    });
    expect(view.GalaxyElement.length).toBe(mimikatz.GalaxyCluster.GalaxyElement.length);
    expect(view.GalaxyClusterRelation.map((r: Json) => r.Tag?.[0]?.name)).toEqual(
      mimikatz.GalaxyCluster.GalaxyClusterRelation.map((r: Json) => r.Tag?.[0]?.name),
    );
    // Ignored is no failure: MISP still answers success; with a failure and nothing imported, a 403.
    const again = await api('POST', '/galaxies/import', [mimikatz]);
    expect(again.body.message).toBe(
      'Galaxy clusters imported. 0 imported, 1 ignored, 0 failed. Remote version is not newer than local one for cluster (11111111-2222-4333-8444-555555555555)',
    );
    const refused = await api('POST', '/galaxies/import', [mimikatz, exported[0]]);
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({
      saved: false,
      name: 'Could not import Galaxy',
      message: 'Could not import Galaxy',
      url: '/galaxies/import',
      errors:
        'Could not import galaxy clusters. 0 imported, 1 ignored, 1 failed. Remote version is not newer than local one for cluster (11111111-2222-4333-8444-555555555555), Only non-default clusters can be saved',
    });
    const noGalaxy = await api('POST', '/galaxies/import', [
      { GalaxyCluster: { value: 'x', type: 'nope', default: false } },
    ]);
    expect(noGalaxy.body.errors).toBe(
      'Could not import galaxy clusters. 0 imported, 0 ignored, 1 failed. Galaxy not found',
    );
    const before = count('SELECT COUNT(*) AS n FROM galaxy_clusters');
    const typeOnly = await api('POST', '/galaxies/import', [
      { GalaxyCluster: { uuid: '11111111-2222-4333-8444-555555555557', value: 'Bare', type: 'tool', default: false } },
    ]);
    expect(typeOnly.status).toBe(500);
    expect(count('SELECT COUNT(*) AS n FROM galaxy_clusters')).toBe(before);
  });
});

describe('galaxies/delete and attachCluster', () => {
  it('deletes a galaxy with its clusters and their relations (site admins only)', async () => {
    const sector = await galaxyOfType('sector');
    const user = await partner(api, 'H3 Publishers', '4');
    expect((await checked(user.key)('POST', `/galaxies/delete/${sector.id}`)).status).toBe(403);
    const mitreTool = await galaxyOfType('mitre-tool');
    const incomingBefore = count(
      `SELECT COUNT(*) AS n FROM galaxy_cluster_relations WHERE referenced_galaxy_cluster_id = ${MIMIKATZ_ATTACK.id}`,
    );
    const deleted = await api('POST', `/galaxies/delete/${mitreTool.uuid}`);
    expect(deleted.body).toEqual({
      saved: true,
      success: true,
      name: 'Galaxy deleted',
      message: 'Galaxy deleted',
      url: '/galaxies/delete',
    });
    expect((await api('GET', `/galaxies/view/${mitreTool.id}`)).status).toBe(404);
    expect((await api('GET', `/galaxy_clusters/view/${MIMIKATZ_ATTACK.id}`)).status).toBe(404);
    expect(
      count(`SELECT COUNT(*) AS n FROM galaxy_cluster_relations WHERE galaxy_cluster_id = ${MIMIKATZ_ATTACK.id}`),
    ).toBe(0);
    // Relations of other galaxies' clusters that targeted them stay, with the old target id, as in MISP.
    expect(
      count(
        `SELECT COUNT(*) AS n FROM galaxy_cluster_relations WHERE referenced_galaxy_cluster_id = ${MIMIKATZ_ATTACK.id}`,
      ),
    ).toBe(incomingBefore);
    expect((await api('POST', `/galaxies/delete/${mitreTool.id}`)).body.message).toBe('Invalid galaxy.');
    expect((await api('POST', '/galaxies/delete/abc')).status).toBe(404);
  });

  it('galaxies/update brings a deleted galaxy back with new ids, its clusters and their relations', async () => {
    const updated = await api('POST', '/galaxies/update');
    expect(updated.body.message).toBe('Galaxies updated.');
    const mitreTool = await galaxyOfType('mitre-tool');
    expect(mitreTool.id).toBe('132');
    const clusters = (await api('GET', `/galaxy_clusters/index/${mitreTool.id}`)).body as Json[];
    expect(clusters).toHaveLength(97);
    const mimikatz = clusters.find((c) => c.GalaxyCluster.uuid === MIMIKATZ_ATTACK.uuid).GalaxyCluster;
    expect(Number(mimikatz.id)).toBeGreaterThan(9495);
    const view = (await api('GET', `/galaxy_clusters/view/${mimikatz.id}`)).body.GalaxyCluster;
    expect(view.GalaxyClusterRelation).toHaveLength(18);
    expect(Number(view.GalaxyClusterRelation[0].id)).toBeGreaterThan(4377);
    // As in MISP, a relation that kept the old cluster's id is not pointed at the new one.
    expect(
      (await api('GET', '/galaxy_cluster_relations/view/3880')).body.GalaxyClusterRelation.referenced_galaxy_cluster_id,
    ).toBe(MIMIKATZ_ATTACK.id);
  });

  it('attachCluster reads local as MISP’s named parameter', async () => {
    const event = await api('POST', '/events/add', { info: 'h3 attach local', distribution: '0' });
    const res = await api('POST', `/galaxies/attachCluster/${event.body.Event.id}/event/local:1`, {
      Galaxy: { target_id: MIMIKATZ_TOOL.id },
    });
    expect(res.body).toMatchObject({ saved: true, success: 'Cluster attached.' });
    const tags = (await api('GET', `/events/view/${event.body.Event.id}`)).body.Event.Tag as Json[];
    expect(tags.find((t) => t.name === 'misp-galaxy:tool="Mimikatz"')?.local).toBe(true);
  });
});

describe('contract', () => {
  it('every answer above matches the spec, and every operation was exercised', () => {
    expect(checker.problems).toEqual([]);
    for (const id of GALAXY_RELATION_OPERATIONS) expect(checker.exercised.has(id), id).toBe(true);
  });
});
