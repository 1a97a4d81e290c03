// Every helper of the SDK against the MISP sandbox over HTTP.
import { describe, expect, it } from 'vitest';
import { isMispErrorCode, MispValidationError } from '../../src/index.js';
import { demoIndicators, useSandbox } from './sandbox.js';

const e2e = useSandbox();

describe('server and user', () => {
  it('reads the version and the current user', async () => {
    const version = await e2e.misp.server.version();
    expect(version.version).toMatch(/^\d+\.\d+\.\d+/);
    const me = await e2e.misp.users.me();
    expect(me.User.email).toBe('user@orgname.example');
    expect(me.Role).toBeDefined();
    expect(me.Organisation.name).toBe(e2e.sandbox.users[0]?.org); // the host organisation, the site admin's
  });
});

describe('attributes', () => {
  it('searches by value and unwraps the envelope', async () => {
    const hits = await e2e.misp.attributes.search({ value: demoIndicators.maliciousIp });
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((a) => a.value.startsWith(demoIndicators.maliciousIp))).toBe(true);
    expect(await e2e.misp.attributes.search({ value: demoIndicators.unknownValue })).toEqual([]);
  });

  it('adds, gets, edits and deletes an attribute', async () => {
    const event = await e2e.misp.events.add({ info: 'e2e: attribute lifecycle', distribution: '0' });
    const added = await e2e.misp.attributes.add(event.id, {
      type: 'domain',
      value: 'lifecycle.example',
      comment: 'first',
    });
    expect(added).toMatchObject({ type: 'domain', value: 'lifecycle.example', event_id: event.id });
    expect((await e2e.misp.attributes.get(added.id)).uuid).toBe(added.uuid);
    expect((await e2e.misp.attributes.get(added.uuid)).id).toBe(added.id);
    const edited = await e2e.misp.attributes.edit(added.id, { comment: 'second' });
    expect(edited.comment).toBe('second');
    expect((await e2e.misp.attributes.delete(added.id, { hard: true })).message).toMatch(/deleted/i);
    const error = await e2e.misp.attributes.get(added.id).catch((e: unknown) => e);
    expect(isMispErrorCode(error, 'misp_not_found')).toBe(true);
    await e2e.misp.events.delete(event.id);
  });

  it('reports an ip-dst whose value is not an IP as MispValidationError with field errors', async () => {
    const event = await e2e.misp.events.add({ info: 'e2e: validation', distribution: '0' });
    const error = await e2e.misp.attributes
      .add(event.id, { type: 'ip-dst', value: 'not-an-ip' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MispValidationError);
    expect((error as MispValidationError).status).toBe(403);
    expect(Object.keys((error as MispValidationError).errors)).toContain('value');
    await e2e.misp.events.delete(event.id);
  });
});

describe('events', () => {
  it('searches, lists and gets events', async () => {
    const found = await e2e.misp.events.search({ value: demoIndicators.maliciousDomain });
    expect(found.length).toBeGreaterThan(0);
    const [first] = found;
    expect(first?.Attribute?.some((a) => a.value === demoIndicators.maliciousDomain)).toBe(true);
    const listed = await e2e.misp.events.list({ limit: 5 });
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.length).toBeLessThanOrEqual(5);
    const event = await e2e.misp.events.get(first?.id ?? '');
    expect(event.uuid).toBe(first?.uuid);
    const missing = await e2e.misp.events.get(99_999_999).catch((e: unknown) => e);
    expect(isMispErrorCode(missing, 'misp_not_found')).toBe(true);
  });

  it('adds, edits, publishes, unpublishes and deletes an event', async () => {
    const event = await e2e.misp.events.add({ info: 'e2e: event lifecycle', threat_level_id: '2', distribution: '0' });
    expect(event.published).toBe(false);
    expect((await e2e.misp.events.edit(event.id, { info: 'e2e: renamed' })).info).toBe('e2e: renamed');
    expect((await e2e.misp.events.publish(event.id)).success).toBe(true);
    expect((await e2e.misp.events.get(event.id)).published).toBe(true);
    expect((await e2e.misp.events.unpublish(event.id)).success).toBe(true);
    expect((await e2e.misp.events.get(event.id)).published).toBe(false);
    expect((await e2e.misp.events.delete(event.id)).success).toBe(true);
    await expect(e2e.misp.events.get(event.id)).rejects.toMatchObject({ code: 'misp_not_found' });
  });
});

describe('sightings', () => {
  it('adds a sighting by value and lists it on the attribute', async () => {
    const sighting = await e2e.misp.sightings.add({ value: demoIndicators.maliciousIp, type: '0', source: 'e2e' });
    expect(sighting.source).toBe('e2e');
    const listed = await e2e.misp.sightings.list({ context: 'attribute', id: sighting.attribute_id });
    expect(listed.some((s) => s.id === sighting.id)).toBe(true);
    const byEvent = await e2e.misp.sightings.list({ context: 'event', id: sighting.event_id });
    expect(byEvent.some((s) => s.id === sighting.id)).toBe(true);
  });

  it("turns MISP's HTTP-200 failure into MispValidationError", async () => {
    const error = await e2e.misp.sightings.add({ value: demoIndicators.unknownValue }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MispValidationError);
    expect((error as Error).message).toMatch(/Could not add the Sighting/);
  });
});

describe('tags', () => {
  it('lists, searches, gets, adds, attaches and removes tags', async () => {
    const tlp = await e2e.misp.tags.list({ searchall: 'tlp:%' });
    expect(tlp.some((t) => t.name === 'tlp:red')).toBe(true);
    const [green] = await e2e.misp.tags.search('tlp:green');
    expect(green?.Tag.name).toBe('tlp:green');
    const viewed = await e2e.misp.tags.get(green?.Tag.id ?? '');
    expect(JSON.stringify(viewed)).toContain('tlp:green');

    const admin = e2e.client({ apiKey: e2e.sandbox.adminKey });
    const name = `e2e:tag-${Date.now()}`;
    const tag = await admin.tags.add({ name, colour: '#336699' });
    expect(tag.name).toBe(name);
    const event = await e2e.misp.events.add({ info: 'e2e: tagging', distribution: '0' });
    expect((await e2e.misp.tags.attach({ uuid: event.uuid, tag: name })).saved).toBe(true);
    expect((await e2e.misp.events.get(event.id)).Tag?.map((t) => t.name)).toContain(name);
    await e2e.misp.tags.remove({ uuid: event.uuid, tag: name });
    expect((await e2e.misp.events.get(event.id)).Tag?.map((t) => t.name) ?? []).not.toContain(name);
    await e2e.misp.events.delete(event.id);
  });
});

describe('catalogues', () => {
  it('lists warninglists and checks values', async () => {
    expect((await e2e.misp.warninglists.list()).length).toBeGreaterThan(0);
    const hits = await e2e.misp.warninglists.check([demoIndicators.warninglistedIp, demoIndicators.unknownIp]);
    expect(hits[demoIndicators.warninglistedIp]?.length).toBeGreaterThan(0);
    expect(hits[demoIndicators.unknownIp]).toBeUndefined();
    expect(await e2e.misp.warninglists.check([demoIndicators.unknownIp])).toEqual({});
  });

  it('lists, searches and gets galaxies and clusters', async () => {
    const galaxies = await e2e.misp.galaxies.list();
    expect(galaxies.length).toBeGreaterThan(0);
    // The first galaxy with default clusters in the catalogue (many galaxies ship without cluster files).
    const first = galaxies.find((g) => g.type === 'threat-actor') ?? galaxies[0];
    const found = await e2e.misp.galaxies.search(first?.name ?? '');
    expect(found.map((g) => g.id)).toContain(first?.id);
    const full = await e2e.misp.galaxies.get(first?.id ?? '');
    expect(full.Galaxy.id).toBe(first?.id);
    const cluster = full.GalaxyCluster?.[0];
    expect(cluster).toBeDefined();
    expect((await e2e.misp.galaxyClusters.get(cluster?.id ?? '')).uuid).toBe(cluster?.uuid);
  });

  it('lists and gets organisations and sharing groups', async () => {
    const orgs = await e2e.misp.organisations.list();
    const host = e2e.sandbox.users[0]?.org;
    const own = orgs.find((o) => o.name === host);
    expect(own).toBeDefined();
    expect((await e2e.misp.organisations.get(own?.id ?? '')).name).toBe(host);
    expect(Array.isArray(await e2e.misp.sharingGroups.list())).toBe(true);
  });
});
