// Galaxies through the SDK against the sandbox, which serves MISP's real galaxies and default clusters
// (misp-galaxy, vendored): threat actors, ATT&CK techniques, malware families, tools, sectors, countries.
import { describe, expect, it } from 'vitest';
import { useSandbox } from './sandbox.js';

const e2e = useSandbox();

async function galaxyOfType(type: string) {
  const galaxy = (await e2e.misp.galaxies.list()).find((g) => g.type === type);
  if (!galaxy) throw new Error(`no galaxy of type ${type}`);
  return galaxy;
}

describe('galaxies: MISP’s real catalogue', () => {
  it('lists every galaxy definition of misp-galaxy', async () => {
    const galaxies = await e2e.misp.galaxies.list();
    expect(galaxies.length).toBe(131);
    expect(await galaxyOfType('mitre-attack-pattern')).toMatchObject({
      name: 'Attack Pattern',
      namespace: 'mitre-attack',
    });
  });

  it('searches galaxies by value', async () => {
    const found = await e2e.misp.galaxies.filter({ value: 'ransomware' });
    expect(found.map((g) => g.type)).toContain('ransomware');
  });

  it('shows a galaxy with its real default clusters, and one cluster by uuid', async () => {
    const actors = await galaxyOfType('threat-actor');
    const view = await e2e.misp.galaxies.get(actors.id);
    const apt28 = view.GalaxyCluster?.find((c) => c.value === 'APT28');
    expect(apt28?.tag_name).toBe('misp-galaxy:threat-actor="APT28"');
    const cluster = await e2e.misp.galaxyClusters.get(apt28?.uuid ?? '');
    expect(cluster.value).toBe('APT28');
    expect(cluster.galaxy_id).toBe(actors.id);
    await expect(e2e.misp.galaxyClusters.get('999999')).rejects.toMatchObject({ code: 'misp_not_found' });
  });

  it('the demo’s events carry real ATT&CK clusters', async () => {
    const [event] = await e2e.misp.events.search({
      tags: ['misp-galaxy:mitre-attack-pattern="PowerShell - T1059.001"'],
    });
    expect(event).toBeDefined();
  });
});

describe('galaxies: attaching clusters', () => {
  it('attaches a real cluster to an event and an attribute; the event shows the galaxy', async () => {
    const event = await e2e.misp.events.add({
      info: 'e2e: attachCluster',
      distribution: '0',
      Attribute: [{ type: 'ip-dst', value: '203.0.113.99' }],
    });
    const actors = await e2e.misp.galaxies.get((await galaxyOfType('threat-actor')).id);
    const apt28 = actors.GalaxyCluster?.find((c) => c.value === 'APT28');
    if (!apt28) throw new Error('APT28 missing');
    const attached = await e2e.misp.galaxies.attachCluster(event.id, 'event', { Galaxy: { target_id: apt28.id } });
    expect(attached).toMatchObject({ saved: true, success: 'Cluster attached.' });
    expect(
      (await e2e.misp.galaxies.attachCluster(event.id, 'event', { Galaxy: { target_id: apt28.id } })).success,
    ).toBe('Cluster already attached.');
    const attribute = event.Attribute?.[0];
    await e2e.misp.galaxies.attachCluster(attribute?.id ?? '', 'attribute', { Galaxy: { target_id: apt28.id } });
    const view = await e2e.misp.events.get(event.id);
    expect(view.Tag?.map((t) => t.name)).toContain('misp-galaxy:threat-actor="APT28"');
    expect(view.Galaxy?.find((g) => g.type === 'threat-actor')?.GalaxyCluster?.map((c) => c.value)).toContain('APT28');
    await expect(
      e2e.misp.galaxies.attachCluster(event.id, 'event', { Galaxy: { target_id: '999999' } }),
    ).rejects.toMatchObject({ code: 'misp_not_found' });
    await expect(
      e2e.readOnly.galaxies.attachCluster(event.id, 'event', { Galaxy: { target_id: apt28.id } }),
    ).rejects.toMatchObject({ status: 403 });
    await e2e.misp.events.delete(event.id);
  });
});
