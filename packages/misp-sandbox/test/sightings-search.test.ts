// sightings/restSearch/{context} filters and embedding, as MISP 2.5 answers them (checked against a real MISP).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MispSandbox } from '../src/index.js';
import type { Partners } from '../src/seed/partners.js';
import { SpecChecker } from './accounts/spec-check.js';
import { type Api, apiFor, type Json, withPartners } from './helpers.js';

let misp: MispSandbox;
let api: Api;
let event: Json;
let partners: Partners;
const checker = new SpecChecker();
const ids = (body: Json) => body.response.map((s: Json) => s.Sighting.source);

beforeAll(async () => {
  ({ misp, partners } = await withPartners());
  api = checker.api(misp);
  event = (
    await api('POST', '/events/add', {
      info: 'sighted',
      Attribute: [
        { type: 'ip-dst', value: '203.0.113.44' },
        { type: 'domain', value: 'sighted.example' },
      ],
    })
  ).body.Event;
  await api('POST', '/sightings/add', { uuid: event.Attribute[0].uuid, source: 'first' });
  await api('POST', '/sightings/add', { value: 'sighted.example', type: '1', source: 'second' });
});
afterAll(() => misp.close());

describe('sightings/restSearch', () => {
  it('embeds the attribute and the event on request', async () => {
    const found = await api('POST', '/sightings/restSearch/attribute', {
      id: Number(event.Attribute[0].id),
      includeAttribute: 1,
      includeEvent: 1,
    });
    const sighting = found.body.response[0].Sighting;
    expect(sighting.value).toBe('203.0.113.44');
    expect(sighting.Attribute).toEqual({
      id: event.Attribute[0].id,
      uuid: event.Attribute[0].uuid,
      type: 'ip-dst',
      category: 'Network activity',
      to_ids: true,
      value: '203.0.113.44',
    });
    expect(sighting.Event).toEqual({
      id: event.id,
      uuid: event.uuid,
      orgc_id: event.orgc_id,
      org_id: event.org_id,
      info: 'sighted',
      Orgc: { name: 'ORGNAME' },
    });
    const plain = await api('POST', '/sightings/restSearch/attribute', { id: Number(event.Attribute[0].id) });
    expect(plain.body.response[0].Sighting).not.toHaveProperty('Attribute');
    expect(plain.body.response[0].Sighting).not.toHaveProperty('Event');
  });

  it('filters an event by type, source and from/to, and by last', async () => {
    const of = (extra: Json) => api('POST', '/sightings/restSearch/event', { id: Number(event.id), ...extra });
    expect(ids((await of({})).body)).toEqual(['first', 'second']);
    expect(ids((await of({ type: '1' })).body)).toEqual(['second']);
    expect(ids((await of({ type: [0, 1] })).body)).toEqual(['first', 'second']);
    expect(ids((await of({ source: 'first' })).body)).toEqual(['first']);
    expect(ids((await of({ from: '2000-01-01', to: '2000-01-02' })).body)).toEqual([]);
    // `from` without `to` is ignored (the 30-day default applies).
    expect(ids((await of({ from: '2999-01-01' })).body)).toEqual(['first', 'second']);
    expect(ids((await of({ last: '1d' })).body)).toEqual(['first', 'second']);
  });

  it('matches org_id given as an organisation uuid, not as a number', async () => {
    const org = (await api('GET', '/users/view/me')).body.Organisation;
    const of = (org_id: Json) => api('POST', '/sightings/restSearch/event', { id: Number(event.id), org_id });
    expect(ids((await of(org.uuid)).body)).toEqual(['first', 'second']);
    expect(ids((await of(Number(org.id))).body)).toEqual([]);
    expect(ids((await of('00000000-0000-4000-8000-000000000000')).body)).toEqual([]);
  });

  it('searches the whole instance without a context (an id is then ignored)', async () => {
    const all = await api('POST', '/sightings/restSearch', { id: 999, source: 'second' });
    expect(ids(all.body)).toEqual(['second']);
  });

  it('answers a uuid in the event context with a 500, as MISP 2.5 does', async () => {
    const failed = await api('POST', '/sightings/restSearch/event', { uuid: event.uuid });
    expect([failed.status, failed.body.message]).toEqual([500, 'An Internal Error Has Occurred.']);
    const byAttribute = await api('POST', '/sightings/restSearch/attribute', { uuid: event.Attribute[1].uuid });
    expect(ids(byAttribute.body)).toEqual(['second']);
  });

  it('lists the sightings of one event as a bare list (sightings/index)', async () => {
    const listed = await api('GET', `/sightings/index/${event.id}`);
    expect(listed.status).toBe(200);
    expect(listed.body.map((s: Json) => s.source)).toEqual(['first', 'second']);
    expect(listed.body[0]).toMatchObject({
      attribute_id: event.Attribute[0].id,
      event_id: event.id,
      attribute_uuid: event.Attribute[0].uuid,
      type: '0',
      Organisation: { name: 'ORGNAME' },
    });
    expect(Object.keys(listed.body[0].Organisation)).toEqual(['id', 'uuid', 'name']);
    // An unknown event is an empty list, not a 404.
    expect(await api('GET', '/sightings/index/999999')).toMatchObject({ status: 200, body: [] });
  });

  it('hides the sightings of an event the caller may not see', async () => {
    const own = await api('POST', '/events/add', {
      info: 'org only',
      distribution: 0,
      Attribute: [{ type: 'ip-dst', value: '203.0.113.45' }],
    });
    await api('POST', `/sightings/add/${own.body.Event.Attribute[0].id}`, { source: 'private' });
    const partner = apiFor(misp, partners.partnerKey);
    expect((await partner('GET', `/sightings/index/${own.body.Event.id}`)).body).toEqual([]);
    expect((await api('GET', `/sightings/index/${own.body.Event.id}`)).body.map((s: Json) => s.source)).toEqual([
      'private',
    ]);
  });

  it('deletes a sighting of the own organisation only, by POST (sightings/delete)', async () => {
    const added = await api('POST', `/sightings/add/${event.Attribute[1].id}`, { source: 'doomed' });
    const id = added.body.Sighting.id;
    const readOnly = await api('POST', `/sightings/delete/${id}`, {}, { key: partners.readOnlyKey });
    expect([readOnly.status, readOnly.body.message]).toEqual([
      403,
      'You do not have permission to use this functionality.',
    ]);
    const partner = apiFor(misp, partners.partnerKey);
    const foreign = await partner('POST', `/sightings/delete/${id}`, {});
    expect([foreign.status, foreign.body.message]).toEqual([404, 'Invalid sighting.']);
    // Not an operation of the contract: asked without the spec check.
    const get = await apiFor(misp)('GET', `/sightings/delete/${id}`);
    expect([get.status, get.body.message]).toEqual([405, 'This action can only be accessed via a post request.']);
    const deleted = await api('POST', `/sightings/delete/${id}`, {}, { key: partners.userKey });
    expect([deleted.status, deleted.body]).toEqual([
      200,
      {
        saved: true,
        success: true,
        name: 'Sighting successfully deleted.',
        message: 'Sighting successfully deleted.',
        url: `/sightings/delete/${id}`,
        id,
      },
    ]);
    const again = await api('POST', `/sightings/delete/${id}`, {});
    expect([again.status, again.body.message]).toEqual([404, 'Invalid sighting.']);
    expect((await api('GET', `/sightings/index/${event.id}`)).body.map((s: Json) => s.source)).not.toContain('doomed');
  });

  it('answered as the contract says', () => {
    expect(checker.problems.filter((p) => !p.startsWith('POST /sightings/restSearch:'))).toEqual([]);
  });
});
