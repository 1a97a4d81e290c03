// Custom galaxy clusters through the generated methods, against the MISP sandbox over HTTP (or a real MISP,
// see sandbox.ts): add, edit, publish, unpublish, soft and hard delete, restore, and MISP's refusals.
import { describe, expect, it } from 'vitest';
import { failure, useSandbox } from './sandbox.js';

const e2e = useSandbox();
const run = Date.now().toString(36);

async function threatActors() {
  const galaxy = (await e2e.misp.galaxies.list()).find((g) => g.type === 'threat-actor');
  if (!galaxy) throw new Error('no threat-actor galaxy');
  return galaxy;
}

describe('galaxy clusters: custom clusters', () => {
  it('adds a cluster whose tag is named after its uuid, edits it, and shows it', async () => {
    const galaxy = await threatActors();
    const cluster = await e2e.misp.galaxyClusters.add(galaxy.id, {
      GalaxyCluster: {
        value: `SDK Actor ${run}`,
        description: 'made by the SDK e2e test',
        authors: ['mispkit'],
        distribution: '1',
        GalaxyElement: [{ key: 'synonyms', value: `SDK Alias ${run}` }],
      },
    });
    expect(cluster).toMatchObject({
      value: `SDK Actor ${run}`,
      galaxy_id: galaxy.id,
      type: 'threat-actor',
      tag_name: `misp-galaxy:threat-actor="${cluster.uuid}"`,
      default: false,
      published: false,
      deleted: false,
      distribution: '1',
      authors: ['mispkit'],
    });
    expect(cluster.GalaxyElement).toEqual([
      expect.objectContaining({ key: 'synonyms', value: `SDK Alias ${run}`, galaxy_cluster_id: cluster.id }),
    ]);
    const edited = await e2e.misp.galaxyClusters.edit(cluster.id, { value: `SDK Actor ${run} v2` });
    expect(edited).toMatchObject({ id: cluster.id, uuid: cluster.uuid, value: `SDK Actor ${run} v2`, authors: [] });
    expect((await e2e.misp.galaxyClusters.get(cluster.uuid)).value).toBe(`SDK Actor ${run} v2`);
  });

  it('soft deletes, restores and hard deletes', async () => {
    const cluster = await e2e.misp.galaxyClusters.add((await threatActors()).id, { value: `SDK Gone ${run}` });
    expect((await e2e.misp.galaxyClusters.delete(cluster.id)).message).toBe('Galaxy cluster successfuly soft deleted.');
    expect((await e2e.misp.galaxyClusters.get(cluster.id)).deleted).toBe(true);
    expect((await e2e.misp.galaxyClusters.restore(cluster.id)).message).toBe('GalaxyCluster restored');
    expect((await e2e.misp.galaxyClusters.get(cluster.id)).deleted).toBe(false);
    const hard = await e2e.misp.galaxyClusters.delete(cluster.id, { hard: 1 });
    expect(hard.message).toBe('Galaxy cluster successfuly hard deleted and added to the block list.');
    expect(await failure(e2e.misp.galaxyClusters.get(cluster.id))).toMatchObject({ code: 'misp_not_found' });
  });

  it('publishing queues a job; an unpublished cluster cannot be unpublished', async () => {
    const cluster = await e2e.misp.galaxyClusters.add((await threatActors()).id, { value: `SDK Pub ${run}` });
    expect(await failure(e2e.misp.galaxyClusters.unpublish(cluster.id))).toMatchObject({
      code: 'misp_validation',
      status: 405,
    });
    expect((await e2e.misp.galaxyClusters.publish(cluster.id)).message).toMatch(/^Publish job queued\. Job ID: /);
  });

  it('refuses a default cluster, an unknown galaxy and a role without perm_galaxy_editor', async () => {
    const galaxy = await e2e.misp.galaxies.get((await threatActors()).id);
    const apt28 = galaxy.GalaxyCluster?.find((c) => c.value === 'APT28');
    // A galaxy editor is stopped by the creator check first; a site admin by the default-cluster rule.
    expect(await failure(e2e.misp.galaxyClusters.edit(apt28?.id ?? '', { value: 'x' }))).toMatchObject({
      status: 405,
      message: expect.stringContaining('Only the creator organisation can modify the galaxy cluster'),
    });
    const admin = e2e.client({ apiKey: e2e.sandbox.adminKey });
    expect(await failure(admin.galaxyClusters.edit(apt28?.id ?? '', { value: 'x' }))).toMatchObject({
      status: 405,
      message: expect.stringContaining('Default galaxy cluster cannot be edited'),
    });
    expect(await failure(e2e.misp.galaxyClusters.add('99999999', { value: `SDK Nowhere ${run}` }))).toMatchObject({
      code: 'misp_validation',
      status: 403,
      message: expect.stringContaining('Could not add GalaxyCluster'),
    });
    expect(await failure(e2e.readOnly.galaxyClusters.add(galaxy.Galaxy.id, { value: `SDK Ro ${run}` }))).toMatchObject({
      code: 'misp_forbidden',
    });
  });
});
