import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_HOST, demoIndicators as I, type MispSandbox } from '../src/index.js';
import { type Api, apiFor, type Json, partnerKey, withSandbox } from './helpers.js';

const NO_UUID = '00000000-0000-4000-8000-000000000000';

let misp: MispSandbox;
let api: Api;

beforeAll(async () => {
  ({ misp, api } = await withSandbox({ seed: 'demo' }));
});
afterAll(() => misp.close());

describe('sightings', () => {
  it('adds a sighting by value with a source and type', async () => {
    const response = await api('POST', '/sightings/add', { value: I.maliciousDomain, source: 'unit-test', type: '0' });
    expect(response.status).toBe(200);
    expect(response.body.Sighting).toMatchObject({ source: 'unit-test', type: '0', org_id: '1' });
    expect(Object.keys(response.body.Sighting).sort()).toEqual([
      'attribute_id',
      'date_sighting',
      'event_id',
      'id',
      'org_id',
      'source',
      'type',
      'uuid',
    ]);
  });

  it('adds by attribute id in the path, by uuid and by a values list', async () => {
    const [attribute] = (await api('POST', '/attributes/restSearch', { value: I.tlpRedDomain })).body.response
      .Attribute;
    expect((await api('POST', `/sightings/add/${attribute.id}`, {})).body.Sighting.attribute_id).toBe(attribute.id);
    expect((await api('POST', '/sightings/add', { uuid: attribute.uuid, type: 1 })).body.Sighting.type).toBe('1');
    expect((await api('POST', '/sightings/add', { values: [I.tlpRedDomain] })).body.Sighting.attribute_id).toBe(
      attribute.id,
    );
  });

  it('fails with HTTP 200 and a message when nothing matches or the type is invalid', async () => {
    const none = await api('POST', '/sightings/add', { value: I.unknownValue });
    expect(none.status).toBe(200);
    expect(none.body).toEqual({
      message: 'Could not add the Sighting. Reason: No valid attributes found that match the criteria.',
    });
    const badType = await api('POST', '/sightings/add', { value: I.maliciousDomain, type: '7' });
    expect(badType.body.message).toMatch(/^Could not add the Sighting\. Reason: /);
  });

  it('replaces an earlier expiration sighting of the same organisation', async () => {
    const [attribute] = (await api('POST', '/attributes/restSearch', { value: 'ferry-sync.example' })).body.response
      .Attribute;
    await api('POST', '/sightings/add', { id: attribute.id, type: '2' });
    await api('POST', '/sightings/add', { id: attribute.id, type: '2' });
    const list = await api('POST', '/sightings/restSearch/attribute', { id: Number(attribute.id) });
    expect(list.body.response.filter((s: Json) => s.Sighting.type === '2')).toHaveLength(1);
  });

  it('folds sightings into attributes on events/view', async () => {
    const [attribute] = (await api('POST', '/attributes/restSearch', { value: I.maliciousIp, type: 'ip-dst' })).body
      .response.Attribute;
    const view = await api('GET', `/events/view/${attribute.event_id}`);
    const folded = view.body.Event.Attribute.find((a: Json) => a.id === attribute.id);
    expect(folded.Sighting.length).toBeGreaterThanOrEqual(3);
    expect(folded.Sighting[0].Organisation.name).toBeDefined();
  });

  it('lists sightings of an event', async () => {
    const [attribute] = (await api('POST', '/attributes/restSearch', { value: I.maliciousIp, type: 'ip-dst' })).body
      .response.Attribute;
    const list = await api('POST', '/sightings/restSearch/event', { id: Number(attribute.event_id) });
    expect(list.body.response.length).toBeGreaterThanOrEqual(3);
    expect(list.headers.get('x-result-count')).toBe('0');
    expect(list.body.response[0].Sighting).toMatchObject({
      value: I.maliciousIp,
      Organisation: { id: expect.any(String), uuid: expect.any(String), name: expect.any(String) },
    });
    // MISP wants a JSON integer id (PyMISP sends one) and names the context it does not know.
    const asString = await api('POST', '/sightings/restSearch/event', { id: attribute.event_id });
    expect(asString.status).toBe(400);
    expect(asString.body.message).toBe(`Invalid ID \`${attribute.event_id}\` provided.`);
    expect((await api('POST', '/sightings/restSearch/nothing', { id: 1 })).body.message).toBe(
      'Invalid context nothing.',
    );
  });
});

describe('tags', () => {
  it('lists tags with counts as real integers and searches by name', async () => {
    const list = await api('GET', '/tags/index');
    const red = list.body.Tag.find((t: Json) => t.name === 'tlp:red');
    expect(red.count).toBeGreaterThan(0);
    expect(typeof red.attribute_count).toBe('number');
    const filtered = await api('GET', '/tags/index/searchall:tlp');
    expect(filtered.body.Tag.every((t: Json) => t.name.includes('tlp'))).toBe(true);
    const view = await api('GET', `/tags/view/${red.id}`);
    expect(view.body.name).toBe('tlp:red');
  });

  it('adds a tag and finds galaxy tags through tags/search', async () => {
    const added = await api('POST', '/tags/add', { name: 'mispkit:test="yes"', colour: '#123456' });
    expect(added.body.Tag).toMatchObject({ name: 'mispkit:test="yes"', colour: '#123456' });
    const search = await api('POST', '/tags/search', JSON.stringify('GLASS PELICAN'));
    expect(search.status).toBe(200);
    expect(search.body[0].Tag.name).toBe('misp-galaxy:threat-actor="GLASS PELICAN"');
    const pymisp = await api('POST', '/tags/search', { tagname: 'PELICAN', strict_tagname: 0 });
    expect(pymisp.body.map((r: Json) => r.Tag.name)).toContain('misp-galaxy:threat-actor="GLASS PELICAN"');
  });

  it('attaches and removes a tag on an event and an attribute', async () => {
    const event = (
      await api('POST', '/events/add', { info: 'tagging', Attribute: [{ type: 'domain', value: 'tag-me.example' }] })
    ).body.Event;
    const attached = await api('POST', '/tags/attachTagToObject', { uuid: event.uuid, tag: 'tlp:green' });
    const tagId = (await api('POST', '/tags/search', { tagname: 'tlp:green', strict_tagname: 1 })).body[0].Tag.id;
    const message = `Global tag tlp:green(${tagId}) successfully attached to Event(${event.id}).`;
    expect(attached.body).toEqual({
      saved: true,
      success: true,
      name: message,
      message,
      url: '/tags/attachTagToObject',
    });
    const again = await api('POST', '/tags/attachTagToObject', { uuid: event.uuid, tag: 'tlp:green' });
    expect(again.body.message).toBe(
      'Event already has the requested tag attached, no changes had to be made for tag tlp:green.',
    );
    await api('POST', '/tags/attachTagToObject', { uuid: event.Attribute[0].uuid, tag: 'PAP:RED', local: 1 });
    const view = (await api('GET', `/events/view/${event.id}`)).body.Event;
    expect(view.Tag.map((t: Json) => t.name)).toEqual(['tlp:green']);
    expect(view.Attribute[0].Tag[0]).toMatchObject({ name: 'PAP:RED', local: true });
    const removed = await api('POST', '/tags/removeTagFromObject', { uuid: event.uuid, tag: 'tlp:green' });
    expect(removed.body).toMatchObject({
      saved: true,
      success: true,
      message: `Global tag tlp:green (${tagId}) successfully removed from Event(${event.id}).`,
    });
    expect((await api('GET', `/events/view/${event.id}`)).body.Event.Tag).toBeUndefined();
    const notAttached = await api('POST', '/tags/removeTagFromObject', { uuid: event.uuid, tag: 'tlp:green' });
    expect(notAttached.status).toBe(404);
    expect(notAttached.body.message).toBe('Could not remove tag as it is not attached to the target Event');
    const unknown = await api('POST', '/tags/attachTagToObject', { uuid: NO_UUID, tag: 'tlp:green' });
    expect([unknown.status, unknown.body.message]).toEqual([404, 'Invalid Target.']);
  });

  it("refuses a second tlp: tag on the same entity (exclusive taxonomy) with MISP's failure envelope", async () => {
    const event = (await api('POST', '/events/add', { info: 'exclusive', Tag: [{ name: 'tlp:amber' }] })).body.Event;
    const refused = await api('POST', '/tags/attachTagToObject', { uuid: event.uuid, tag: 'tlp:red' });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ saved: false, name: 'Could not attachTagToObject Tag' });
    expect(refused.body.errors).toMatch(/^Failed to attach 1 tags\. Reasons: .*exclusiv/);
    expect((await api('GET', `/events/view/${event.id}`)).body.Event.Tag.map((t: Json) => t.name)).toEqual([
      'tlp:amber',
    ]);
  });
});

describe('warninglists, galaxies, organisations, sharing groups', () => {
  it('checks values against the shipped warninglists; no hits gives []', async () => {
    const hits = await api('POST', '/warninglists/checkValue', [
      I.warninglistedIp,
      I.privateIp,
      'https://www.google.com/x',
      I.maliciousDomain,
    ]);
    expect(Object.keys(hits.body).sort()).toEqual([I.privateIp, I.warninglistedIp, 'https://www.google.com/x'].sort());
    expect(hits.body[I.privateIp][0]).toEqual({
      id: '101',
      name: 'List of RFC 1918 CIDR blocks',
      matched: '10.0.0.0/8',
    });
    expect((await api('POST', '/warninglists/checkValue', [I.maliciousDomain])).body).toEqual([]);
    const index = await api('GET', '/warninglists/index');
    expect(index.body.Warninglists.length).toBe(136);
  });

  it('lists, searches and views MISP’s real galaxies, with the demo’s clusters added to them', async () => {
    const list = await api('GET', '/galaxies/index');
    expect(list.body).toHaveLength(131);
    expect(list.body.map((g: Json) => g.Galaxy.type)).toEqual(
      expect.arrayContaining(['mitre-attack-pattern', 'threat-actor', 'malpedia']),
    );
    const search = await api('POST', '/galaxies/index', { value: 'threat actor' });
    expect(search.body.map((g: Json) => g.Galaxy.type)).toContain('threat-actor');
    const actors = list.body.find((g: Json) => g.Galaxy.type === 'threat-actor');
    const view = await api('GET', `/galaxies/view/${actors.Galaxy.id}`);
    const values = view.body.GalaxyCluster.map((c: Json) => c.value);
    expect(values).toContain('GLASS PELICAN'); // the demo's invented actor
    expect(values).toContain('APT28'); // a real one
    const cluster = await api('GET', `/galaxy_clusters/view/${view.body.GalaxyCluster[0].uuid}`);
    expect(cluster.body.GalaxyCluster.value).toBe(view.body.GalaxyCluster[0].value);
  });

  it('lists organisations and shows sharing groups only to members', async () => {
    const orgs = await api('GET', '/organisations/index');
    expect(orgs.body.length).toBeGreaterThanOrEqual(5);
    // Sorted by name case-insensitively; the host organisation as the demo's administrator renamed it.
    const names = orgs.body.map((o: Json) => o.Organisation.name);
    expect(names).toEqual([...names].sort((a: string, b: string) => a.toLowerCase().localeCompare(b.toLowerCase())));
    const host = orgs.body.find((o: Json) => o.Organisation.name === DEMO_HOST.name).Organisation;
    expect(host).toMatchObject({
      id: '1',
      type: DEMO_HOST.type,
      description: DEMO_HOST.description,
      created_by: '0',
      created_by_email: 'Unknown',
      user_count: '3',
      contacts: null,
      restricted_to_domain: null,
    });
    const northwind = orgs.body.find((o: Json) => o.Organisation.name === 'Northwind CERT').Organisation;
    const view = (await api('GET', `/organisations/view/${northwind.id}`)).body.Organisation;
    expect(view).toMatchObject({ name: 'Northwind CERT', created_by: '1', created_by_email: 'admin@admin.test' });
    expect(view).not.toHaveProperty('landingpage');
    const asPartner = await apiFor(misp, partnerKey(misp, 'Bluefin ISAC'))('GET', '/organisations/index');
    expect(asPartner.body[0].Organisation).not.toHaveProperty('created_by');
    const member = await apiFor(misp, partnerKey(misp, 'Northwind CERT'))('GET', '/sharing_groups/index');
    expect(member.body.response).toHaveLength(1);
    const outsider = await apiFor(misp, partnerKey(misp, 'Bluefin ISAC'))('GET', '/sharing_groups/index');
    expect(outsider.body.response).toEqual([]);
  });
});
