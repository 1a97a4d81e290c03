// The generated methods the hand-written layer never had, against the MISP sandbox over HTTP: each
// arrived with the spec alone (x-mispkit + npm run generate).
import { describe, expect, it } from 'vitest';
import { isMispErrorCode } from '../../src/index.js';
import { demoIndicators, useSandbox } from './sandbox.js';

const e2e = useSandbox();

describe('generated methods', () => {
  it('objects: add, get, exists and delete', async () => {
    const event = await e2e.misp.events.add({ info: 'e2e: objects', distribution: '0' });
    // Without a template in the path MISP needs the template fields in the object, as PyMISP's MISPObject sends them.
    const object = await e2e.misp.objects.add(event.id, {
      name: 'domain-ip',
      'meta-category': 'network',
      description: 'A domain and its IP addresses',
      template_uuid: '43b3b146-77eb-4931-b4cc-b66c60f28734',
      template_version: '11',
      Attribute: [{ type: 'domain', object_relation: 'domain', value: 'object.example' }],
    });
    expect(object.name).toBe('domain-ip');
    expect((await e2e.misp.objects.get(object.id)).uuid).toBe(object.uuid);
    expect(await e2e.misp.objects.exists(object.uuid)).toBe(true);
    await e2e.misp.objects.delete(object.id, { hard: true });
    expect(await e2e.misp.objects.exists(object.id)).toBe(false);
    await e2e.misp.events.delete(event.id);
  });

  it('sightings: add to one attribute, then search its sightings', async () => {
    const [attribute] = await e2e.misp.attributes.search({ value: demoIndicators.maliciousDomain });
    if (!attribute) throw new Error('demo data has no attribute for the malicious domain');
    const sighting = await e2e.misp.sightings.addToAttribute(attribute.id, { source: 'e2e' });
    expect(sighting.attribute_id).toBe(attribute.id);
    const found = await e2e.misp.sightings.search('attribute', { id: Number(attribute.id) });
    expect(found.some((s) => s.id === sighting.id)).toBe(true);
  });

  it('events.index pages with query parameters; paginate walks it', async () => {
    const page = await e2e.misp.events.index({ limit: 2, page: 1 });
    expect(page).toHaveLength(2);
    let seen = 0;
    for await (const event of e2e.misp.paginate(e2e.misp.events.index, {}, { limit: 2, maxPages: 3 })) {
      expect(event.id).toMatch(/^\d+$/);
      seen++;
    }
    expect(seen).toBe(6);
  });

  it('catalogue reads: describeTypes, the PyMISP version, organisation existence', async () => {
    expect((await e2e.misp.attributes.describeTypes()).types).toContain('ip-dst');
    expect((await e2e.misp.server.pyMispVersion()).version).toMatch(/^\d+\.\d+/);
    const [org] = await e2e.misp.organisations.list();
    expect(await e2e.misp.organisations.exists(org?.id ?? '1')).toBe(true);
    expect(await e2e.misp.organisations.exists('999999')).toBe(false);
  });

  it('paginate refuses a method the spec does not mark paginated', () => {
    expect(() => e2e.misp.paginate(e2e.misp.tags.search as never, {})).toThrow(/marks paginated/);
  });
});

describe('server.capabilities()', () => {
  it('says what this MISP and this key support, without version strings', async () => {
    const caps = await e2e.misp.server.capabilities();
    expect(caps.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(caps.existenceChecks).toBe(true);
    expect(caps.canWrite).toBe(true);
    expect(caps.permissions).toMatchObject({ sighting: true, add: true });
    expect(Array.isArray(caps.requestEncodings)).toBe(true);
  });

  it('tells a read-only key apart', async () => {
    const caps = await e2e.readOnly.server.capabilities();
    expect(caps.canWrite).toBe(false);
    expect(caps.permissions['add']).toBe(false);
  });

  it('fails like any call when the key is refused', async () => {
    const error = await e2e
      .client({ apiKey: 'C'.repeat(40) })
      .server.capabilities()
      .catch((e: unknown) => e);
    expect(isMispErrorCode(error, 'misp_authentication')).toBe(true);
  });
});
