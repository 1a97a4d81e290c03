// Taxonomies through the SDK against the sandbox, which serves MISP's real vocabularies (misp-taxonomies,
// vendored): listing with tag counts, one taxonomy's tags, enabling, creating its tags, exclusivity.
import { describe, expect, it } from 'vitest';
import type { MispClient } from '../../src/index.js';
import { useSandbox } from './sandbox.js';

const e2e = useSandbox();
const admin = (): MispClient => e2e.client({ apiKey: e2e.sandbox.adminKey });

async function taxonomyId(namespace: string): Promise<string> {
  const found = (await e2e.misp.taxonomies.list()).find((t) => t.Taxonomy.namespace === namespace);
  if (!found) throw new Error(`no taxonomy ${namespace}`);
  return found.Taxonomy.id;
}

describe('taxonomies: MISP’s real vocabularies', () => {
  it('lists every taxonomy with how many tags it defines and how many exist', async () => {
    const list = await e2e.misp.taxonomies.list();
    expect(list.length).toBeGreaterThan(150);
    const tlp = list.find((t) => t.Taxonomy.namespace === 'tlp');
    expect(tlp?.Taxonomy).toMatchObject({ exclusive: true, enabled: true }); // the demo seed enables tlp
    expect(tlp?.total_count).toBe(8);
    expect(tlp?.current_count).toBeGreaterThan(0);
    const admiralty = list.find((t) => t.Taxonomy.namespace === 'admiralty-scale');
    expect(admiralty?.Taxonomy.enabled).toBe(false);
  });

  it('shows a taxonomy’s tags with their expanded text and the existing tag', async () => {
    const id = await taxonomyId('tlp');
    const tlp = await e2e.misp.taxonomies.get(id);
    const red = tlp.entries.find((e) => e.tag === 'tlp:red');
    expect(red?.expanded).toContain('TLP:RED');
    expect(red?.existing_tag).toMatchObject({ Tag: { name: 'tlp:red' } });
    await expect(e2e.misp.taxonomies.get('999999')).rejects.toMatchObject({ code: 'misp_not_found' });
  });

  it('enables a taxonomy, creates its tags with MISP’s colours and values, and disables it again', async () => {
    const misp = admin();
    const id = await taxonomyId('admiralty-scale');
    expect(await misp.taxonomies.enable(id)).toMatchObject({ saved: true, message: 'Taxonomy enabled', id });
    await misp.taxonomies.addTags(id);
    const view = await misp.taxonomies.get(id);
    expect(view.entries.every((e) => e.existing_tag !== false)).toBe(true);
    const reliability = (t: { name: string }) => t.name.startsWith('admiralty-scale:source-reliability=');
    const tags = (await misp.tags.list({ searchall: 'admiralty-scale' })).filter(reliability);
    expect(tags.length).toBe(7);
    expect(tags.find((t) => t.name === 'admiralty-scale:source-reliability="a"')?.numerical_value).not.toBeNull();
    expect(await misp.taxonomies.disable(id)).toMatchObject({ saved: true, message: 'Taxonomy disabled' });
    const hidden = (await misp.tags.list({ searchall: 'admiralty-scale' })).filter(reliability);
    expect(hidden.length).toBe(7);
    expect(hidden.every((t) => t.hide_tag)).toBe(true);
    await expect(misp.taxonomies.enable('999999')).rejects.toMatchObject({ code: 'misp_validation', status: 403 });
  });

  it('refuses taxonomy administration to a user who is not a site admin', async () => {
    await expect(e2e.misp.taxonomies.enable(await taxonomyId('PAP'))).rejects.toMatchObject({ status: 403 });
  });

  it('exports the definition and sets the required flag', async () => {
    const misp = admin();
    const id = await taxonomyId('PAP');
    const definition = await misp.taxonomies.export(id);
    expect(definition.namespace).toBe('PAP');
    expect(definition.predicates.map((p) => p.value)).toContain('RED');
    await misp.taxonomies.setRequired(id, { Taxonomy: { required: 1 } });
    expect((await misp.taxonomies.get(id)).Taxonomy.required).toBe(true);
    await misp.taxonomies.setRequired(id, { Taxonomy: { required: 0 } });
  });

  it('refuses a second tag of an exclusive taxonomy on one event, from the real definitions', async () => {
    const event = await e2e.misp.events.add({
      info: 'e2e: exclusivity',
      distribution: '0',
      Tag: [{ name: 'PAP:GREEN' }],
    });
    await expect(e2e.misp.tags.attach({ uuid: event.uuid, tag: 'PAP:RED' })).rejects.toMatchObject({
      code: 'misp_validation',
    });
    await e2e.misp.events.delete(event.id);
  });
});

describe('tags: edit and delete', () => {
  it('edits a tag, refuses a name another tag has, and deletes it from wherever it was attached', async () => {
    const misp = admin();
    const tag = await misp.tags.add({ name: 'e2e:edit-me', colour: '#112233' });
    const edited = await misp.tags.edit(tag.id, { Tag: { name: 'e2e:edited', hide_tag: 1, numerical_value: 5 } });
    expect(edited).toMatchObject({ name: 'e2e:edited', hide_tag: true, numerical_value: '5', colour: '#112233' });
    await expect(misp.tags.edit(tag.id, { Tag: { name: 'tlp:green' } })).rejects.toMatchObject({ status: 405 });
    const event = await misp.events.add({ info: 'e2e: tag delete', distribution: '0', Tag: [{ name: 'e2e:edited' }] });
    expect((await misp.tags.delete(tag.id)).message).toBe('Tag deleted.');
    expect((await misp.events.get(event.id)).Tag ?? []).toEqual([]);
    await expect(misp.tags.delete(tag.id)).rejects.toMatchObject({ code: 'misp_not_found' });
    await expect(e2e.readOnly.tags.edit('1', { Tag: { colour: '#000000' } })).rejects.toMatchObject({ status: 403 });
    await misp.events.delete(event.id);
  });
});
