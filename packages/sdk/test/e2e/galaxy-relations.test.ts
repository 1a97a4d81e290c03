// Galaxy cluster relations, cluster lists and galaxy export, import and delete through the generated methods,
// against the MISP sandbox over HTTP (or a real MISP, see sandbox.ts).
import { describe, expect, it } from 'vitest';
import { useSandbox } from './sandbox.js';

const e2e = useSandbox();
const run = Date.now().toString(36);
const LIKELY = 'estimative-language:likelihood-probability="likely"';

async function galaxyOfType(type: string) {
  const galaxy = (await e2e.misp.galaxies.list()).find((g) => g.type === type);
  if (!galaxy) throw new Error(`no galaxy of type ${type}`);
  return galaxy;
}

/** MISP 2.5 sends a relation save as HTML-escaped JSON (text/html); the SDK hands that text back. */
const saved = (answer: unknown) =>
  typeof answer === 'string' ? JSON.parse(answer.replace(/&quot;/g, '"')) : (answer as Record<string, unknown>);

describe('galaxy clusters: lists and default relations', () => {
  it('lists a galaxy’s clusters and filters them; a default cluster shows its misp-galaxy relations', async () => {
    const tools = await galaxyOfType('tool');
    const clusters = await e2e.misp.galaxyClusters.list(tools.id, { searchall: 'mimikatz' });
    const mimikatz = clusters.find((c) => c.value === 'Mimikatz');
    expect(mimikatz).toMatchObject({ galaxy_id: tools.id, default: true });
    expect(await e2e.misp.galaxyClusters.filter(tools.id, { context: 'custom', searchall: 'mimikatz' })).toEqual([]);
    const view = await e2e.misp.galaxyClusters.get(mimikatz?.id ?? '');
    const similar = view.GalaxyClusterRelation?.find((r) => r.referenced_galaxy_cluster_type === 'similar');
    expect(similar?.Tag?.map((t) => t.name)).toContain(LIKELY);
    expect(view.TargetingClusterRelation?.length).toBeGreaterThan(0);
    const relation = await e2e.misp.galaxyClusterRelations.get(similar?.id ?? '');
    expect(relation.SourceCluster.value).toBe('Mimikatz');
    const found = await e2e.misp.galaxyClusterRelations.list({ searchall: 'mimikatz', context: 'default' });
    expect(found.map((r) => r.GalaxyClusterRelation.id)).toContain(similar?.id);
  });
});

describe('galaxy clusters: custom relations', () => {
  it('adds, edits and deletes a relation from a custom cluster', async () => {
    const tools = await galaxyOfType('tool');
    const source = await e2e.misp.galaxyClusters.add(tools.id, { value: `SDK relation source ${run}` });
    const [target] = await e2e.misp.galaxyClusters.list(tools.id, { searchall: 'mimikatz' });
    const relation = {
      galaxy_cluster_uuid: source.uuid,
      referenced_galaxy_cluster_uuid: target?.uuid ?? '',
      referenced_galaxy_cluster_type: 'variant-of',
      distribution: '1',
      tags: LIKELY,
    };
    expect(saved(await e2e.misp.galaxyClusterRelations.add(relation))).toMatchObject({
      saved: true,
      name: 'GalaxyClusterRelation added',
    });
    const duplicate = e2e.misp.galaxyClusterRelations.add(relation);
    await expect(duplicate).rejects.toMatchObject({ status: 403 });
    const [mine] = (await e2e.misp.galaxyClusters.get(source.id)).GalaxyClusterRelation ?? [];
    expect(mine).toMatchObject({ referenced_galaxy_cluster_type: 'variant-of', default: false });
    expect(mine?.Tag?.map((t) => t.name)).toEqual([LIKELY]);
    const edited = await e2e.misp.galaxyClusterRelations.edit(mine?.id ?? '', {
      ...relation,
      referenced_galaxy_cluster_type: 'related-to',
    });
    expect(saved(edited).name).toBe('GalaxyClusterRelation edited');
    const view = await e2e.misp.galaxyClusterRelations.get(mine?.id ?? '');
    expect(view.GalaxyClusterRelation.referenced_galaxy_cluster_type).toBe('related-to');
    expect(await e2e.misp.galaxyClusterRelations.delete(mine?.id ?? '')).toMatchObject({ saved: true });
    await expect(e2e.misp.galaxyClusterRelations.get(mine?.id ?? '')).rejects.toMatchObject({
      code: 'misp_not_found',
    });
    await e2e.misp.galaxyClusters.delete(source.id);
  });
});

describe('galaxies: export, import, delete', () => {
  it('exports a custom cluster, imports it under a new uuid, and reads it back', async () => {
    const tools = await galaxyOfType('tool');
    const cluster = await e2e.misp.galaxyClusters.add(tools.id, {
      value: `SDK exported ${run}`,
      distribution: '1',
      GalaxyElement: [{ key: 'synonyms', value: `SDK export alias ${run}` }],
    });
    const exported = await e2e.misp.galaxies.export(tools.id, { Galaxy: { custom: 1, distribution: [1] } });
    if (!Array.isArray(exported)) throw new Error('expected MISP’s cluster JSON');
    const mine = exported.find((c) => c.GalaxyCluster.uuid === cluster.uuid);
    expect(mine?.GalaxyCluster).toMatchObject({ value: `SDK exported ${run}` });
    const copy = structuredClone(mine);
    if (!copy) throw new Error('the export lacks the cluster');
    const uuid = crypto.randomUUID();
    Object.assign(copy.GalaxyCluster, { uuid, value: `SDK imported ${run}` });
    const imported = await e2e.misp.galaxies.import([copy]);
    expect(imported.message).toMatch(/^Galaxy clusters imported\. 1 imported, 0 ignored, 0 failed\./);
    const back = await e2e.misp.galaxyClusters.get(uuid);
    expect(back).toMatchObject({ value: `SDK imported ${run}`, locked: true, default: false });
    const file = await e2e.misp.galaxies.export(tools.id, {
      Galaxy: { custom: 1, distribution: [1], format: 'misp-galaxy' },
    });
    if (Array.isArray(file)) throw new Error('expected a misp-galaxy file');
    expect(file.values.map((v) => v.value)).toContain(`SDK imported ${run}`);
  });

  it('only a site admin deletes a galaxy', async () => {
    const sector = await galaxyOfType('sector');
    await expect(e2e.misp.galaxies.delete(sector.id)).rejects.toMatchObject({ status: 403 });
    await expect(e2e.misp.galaxies.delete('999999')).rejects.toMatchObject({ status: 403 });
  });

  it('attaches a cluster locally with the named local option', async () => {
    const event = await e2e.misp.events.add({ info: `SDK local cluster ${run}`, distribution: '0' });
    const [mimikatz] = await e2e.misp.galaxyClusters.list((await galaxyOfType('tool')).id, { searchall: 'mimikatz' });
    await e2e.misp.galaxies.attachCluster(
      event.id,
      'event',
      { Galaxy: { target_id: mimikatz?.id ?? '' } },
      { local: '1' },
    );
    const tag = (await e2e.misp.events.get(event.id)).Tag?.find((t) => t.name === mimikatz?.tag_name);
    expect(tag?.local).toBe(true);
    await e2e.misp.events.delete(event.id);
  });
});
