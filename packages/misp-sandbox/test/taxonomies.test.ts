import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paletteFor, taxonomyEntries, violatesExclusivity } from '../src/catalogues/taxonomies.js';
import { createPartners, type MispSandbox } from '../src/index.js';
import { type Api, type Json, withSandbox } from './helpers.js';

describe('taxonomy exclusivity, from the real definitions', () => {
  it('refuses a second tag of an exclusive taxonomy, but tlp:white next to tlp:clear', () => {
    expect(violatesExclusivity('tlp:red', ['tlp:green'])).toBe(true);
    expect(violatesExclusivity('PAP:RED', ['PAP:GREEN'])).toBe(true);
    expect(violatesExclusivity('tlp:white', ['tlp:clear'])).toBe(false);
    expect(violatesExclusivity('tlp:red', ['PAP:RED', 'circl:incident-classification="malware"'])).toBe(false);
  });

  it('refuses a second value of an exclusive predicate only', () => {
    const a = 'admiralty-scale:source-reliability="a"';
    expect(violatesExclusivity('admiralty-scale:source-reliability="b"', [a])).toBe(true);
    expect(violatesExclusivity('admiralty-scale:information-credibility="1"', [a])).toBe(false);
    // circl is not exclusive: two incident classifications may coexist.
    expect(
      violatesExclusivity('circl:incident-classification="phishing"', ['circl:incident-classification="malware"']),
    ).toBe(false);
    expect(violatesExclusivity('my:own="tag"', ['my:own="other"'])).toBe(false);
  });

  it('colours new tags without a colour of their own with MISP’s palette for the namespace', () => {
    const tags = taxonomyEntries('circl').map((e) => e.tag);
    const palette = paletteFor('circl', tags.length);
    // As a real MISP 2.5.1 colours them after taxonomies/addTag.
    expect(palette[tags.indexOf('circl:incident-classification="XSS"')]).toBe('#3c7900');
    expect(palette[tags.indexOf('circl:incident-classification="covid-19"')]).toBe('#68d000');
  });
});

describe('taxonomies routes', () => {
  let misp: MispSandbox;
  let api: Api;
  beforeAll(async () => {
    ({ misp, api } = await withSandbox({ seed: 'none' }));
  });
  afterAll(() => misp.close());

  it('installs MISP’s 182 event taxonomies, disabled, in MISP’s order', async () => {
    const list = (await api('GET', '/taxonomies/index')).body;
    expect(list).toHaveLength(182);
    expect(list[0].Taxonomy).toMatchObject({ id: '1', namespace: 'CERT-XLM', enabled: false });
    expect(list.find((t: Json) => t.Taxonomy.namespace === 'tlp')).toMatchObject({
      Taxonomy: { id: '170', exclusive: true },
      total_count: 8,
      current_count: 0,
    });
  });

  it('views by id or namespace; unknown ones are 404', async () => {
    const byName = (await api('GET', '/taxonomies/view/tlp')).body;
    expect(byName.Taxonomy.id).toBe('170');
    expect(byName.entries[0]).toMatchObject({ tag: 'tlp:red', colour: '#FF2B2B', existing_tag: false });
    expect((await api('GET', '/taxonomies/view/999999')).status).toBe(404);
  });

  it('creates the tags of a taxonomy with palette colours and numerical values', async () => {
    expect((await api('POST', '/taxonomies/addTag/170')).body).toMatchObject({
      saved: true,
      url: '/taxonomies/addTag/170',
    });
    const tags = (await api('GET', '/tags/index', undefined)).body.Tag as Json[];
    expect(tags.find((t) => t.name === 'tlp:ex:chr')?.colour).toBe('#d208f4');
    expect(tags.find((t) => t.name === 'tlp:unclear')?.colour).toBe('#7e7eae');
    const index = (await api('GET', '/taxonomies/index')).body.find((t: Json) => t.Taxonomy.namespace === 'tlp');
    expect(index.current_count).toBe(8);
  });

  it('answers an unknown taxonomy with MISP’s save failure, and publishers with 403', async () => {
    const failed = await api('POST', '/taxonomies/enable/999999');
    expect(failed.status).toBe(403);
    expect(failed.body).toMatchObject({ saved: false, name: 'Could not enable Taxonomy', errors: 'Invalid taxonomy.' });
    expect(
      (await api('POST', '/taxonomies/enable/170', undefined, { key: (await createPartners(misp)).userKey })).status,
    ).toBe(403);
  });
});
