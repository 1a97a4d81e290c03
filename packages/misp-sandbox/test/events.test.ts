import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MispSandbox, Partners } from '../src/index.js';
import { type Api, apiFor, type Json, partnerKey, withPartners } from './helpers.js';

let misp: MispSandbox;
let api: Api;
let partners: Partners;

beforeAll(async () => {
  ({ misp, api, partners } = await withPartners());
});
afterAll(() => misp.close());

describe('events', () => {
  it('adds an event with attributes and tags and returns it in MISP core format', async () => {
    const response = await api('POST', '/events/add', {
      Event: {
        info: 'Test event',
        threat_level_id: '2',
        distribution: '1',
        Attribute: [
          { type: 'ip-dst', value: '2001:0db8:0000:0000:0000:0000:0000:0001' },
          { type: 'ip-src', value: '192.0.2.1/32' },
          { type: 'domain', value: 'Evil.Example' },
          { type: 'md5', value: 'D41D8CD98F00B204E9800998ECF8427E', to_ids: false },
        ],
        Tag: [{ name: 'tlp:green' }],
      },
    });
    expect(response.status).toBe(200);
    const event = response.body.Event;
    expect(event).toMatchObject({
      info: 'Test event',
      threat_level_id: '2',
      published: false,
      analysis: '0',
      publish_timestamp: '0',
    });
    expect(event.id).toMatch(/^\d+$/);
    expect(event.Attribute.map((a: Json) => a.value)).toEqual([
      '2001:db8::1',
      '192.0.2.1',
      'evil.example',
      'd41d8cd98f00b204e9800998ecf8427e',
    ]);
    expect(event.Attribute[0]).toMatchObject({ category: 'Network activity', to_ids: true, distribution: '5' });
    expect(event.Attribute[3].to_ids).toBe(false);
    expect(event.Tag.map((t: Json) => t.name)).toEqual(['tlp:green']);
  });

  it("refuses an event without info with MISP's 403 save failure, errors under Event", async () => {
    const response = await api('POST', '/events/add', { Event: { threat_level_id: 1 } });
    expect(response.status).toBe(403);
    expect(response.body).toEqual({
      saved: false,
      name: 'Could not add Event',
      message: 'Could not add Event',
      url: '/events/add',
      errors: { Event: { info: ['valueNotEmpty'] } },
    });
    const empty = await api('POST', '/events/add', { info: '', threat_level_id: 9, date: 'soon' });
    expect(empty.body.errors.Event).toEqual({
      info: ['Info cannot be empty.'],
      threat_level_id: ['Options : 1, 2, 3, 4 (for High, Medium, Low, Undefined)'],
      date: ['Expected date format: YYYY-MM-DD'],
    });
  });

  it('answers an edit failure with the event id and flat errors, another organisation with 403', async () => {
    const created = await api('POST', '/events/add', { info: 'to edit' });
    const id = created.body.Event.id;
    const bad = await api('POST', `/events/edit/${id}`, { Event: { analysis: 7 } });
    expect(bad.status).toBe(403);
    expect(bad.body).toEqual({
      saved: false,
      name: 'Could not edit Event',
      message: 'Could not edit Event',
      url: `/events/edit/${id}`,
      errors: { analysis: ['Options : 0, 1, 2 (for Initial, Ongoing, Completed)'] },
      id,
    });
    const partner = apiFor(misp, partnerKey(partners, 'Northwind CERT'));
    const foreign = await partner('POST', `/events/edit/${id}`, { info: 'hijack' });
    expect(foreign.status).toBe(403);
    expect(foreign.body.message).toBe('You are not authorised to do that.');
  });

  it("publishes, unpublishes and deletes with MISP's envelopes and refusals", async () => {
    const id = (await api('POST', '/events/add', { info: 'lifecycle' })).body.Event.id;
    expect((await api('POST', `/events/publish/${id}`)).body).toEqual({
      saved: true,
      success: true,
      name: 'Job queued',
      message: 'Job queued',
      url: `/events/publish/${id}`,
      id,
    });
    expect((await api('POST', '/events/publish/424242')).body.message).toBe('Invalid event.');
    expect((await api('POST', '/events/unpublish/424242')).body.message).toBe('Invalid Event.');
    expect((await api('POST', `/events/delete/${id}`)).body.message).toBe('Event deleted.');
    const again = await api('POST', `/events/delete/${id}`);
    expect(again.status).toBe(403);
    expect(again.body).toEqual({
      saved: false,
      name: 'Could not delete Event',
      message: 'Could not delete Event',
      url: '/events/delete',
      errors: 'Event was not deleted.',
    });
  });

  it('answers 404 Invalid event for a missing event', async () => {
    const response = await api('GET', '/events/view/424242');
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ name: 'Invalid event', message: 'Invalid event', url: '/events/view/424242' });
  });

  it('views an event by uuid', async () => {
    const added = await api('POST', '/events/add', { info: 'by uuid' });
    const view = await api('GET', `/events/view/${added.body.Event.uuid}`);
    expect(view.body.Event.id).toBe(added.body.Event.id);
  });

  it('refuses a duplicate uuid with 404 and a Location header', async () => {
    const uuid = '8c3b9a52-7e51-4b0e-9d43-3b1f4c2a6d11';
    await api('POST', '/events/add', { info: 'first', uuid });
    const again = await api('POST', '/events/add', { info: 'second', uuid });
    expect(again.status).toBe(404);
    expect(again.headers.get('location')).toMatch(/^\/events\/\d+$/);
  });

  it('publishes (setting publish_timestamp), unpublishes and deletes', async () => {
    const { body } = await api('POST', '/events/add', { info: 'publish me' });
    const id = body.Event.id;
    const published = await api('POST', `/events/publish/${id}`);
    expect(published.body).toEqual({
      saved: true,
      success: true,
      name: 'Job queued',
      message: 'Job queued',
      url: `/events/publish/${id}`,
      id,
    });
    const view = await api('GET', `/events/view/${id}`);
    expect(view.body.Event.published).toBe(true);
    expect(Number(view.body.Event.publish_timestamp)).toBeGreaterThan(0);
    const unpublished = await api('POST', `/events/unpublish/${id}`);
    expect(unpublished.body.message).toBe('Event unpublished.');
    expect((await api('GET', `/events/view/${id}`)).body.Event.published).toBe(false);
    const deleted = await api('POST', `/events/delete/${id}`);
    expect(deleted.body).toMatchObject({ saved: true, success: true, message: 'Event deleted.', id });
    expect((await api('GET', `/events/view/${id}`)).status).toBe(404);
  });

  it('edits an event and unpublishes it', async () => {
    const { body } = await api('POST', '/events/add', { info: 'before', published: true });
    const edited = await api('POST', `/events/edit/${body.Event.id}`, { Event: { info: 'after', threat_level_id: 1 } });
    expect(edited.body.Event).toMatchObject({ info: 'after', threat_level_id: '1', published: false });
  });

  it('lists events as a bare array with EventTag and X-Result-Count', async () => {
    const response = await api('GET', '/events/index');
    expect(Array.isArray(response.body)).toBe(true);
    expect(response.body[0].Event).toBeUndefined();
    expect(response.body[0]).toHaveProperty('EventTag');
    expect(Number(response.headers.get('x-result-count'))).toBe(response.body.length);
    const minimal = await api('POST', '/events/index', { minimal: 1 });
    expect(Object.keys(minimal.body[0]).sort()).toEqual([
      'id',
      'orgc_uuid',
      'published',
      'sighting_timestamp',
      'timestamp',
      'uuid',
    ]);
  });

  it('reads index filters and paging from named parameters or the body, never from the query string', async () => {
    await api('POST', '/events/add', { info: 'index: needle in the info' });
    await api('POST', '/events/add', { info: 'index: other' });
    const all = await api('GET', '/events/index');
    const total = all.body.length;
    expect((await api('GET', '/events/index?limit=1&page=2')).body).toHaveLength(total);
    expect((await api('GET', '/events/index?searchall=needle')).body).toHaveLength(total);
    expect((await api('GET', '/events/index/limit:1/page:2')).body).toHaveLength(1);
    const named = await api('GET', '/events/index/searchall:needle');
    expect(named.body.map((e: Json) => e.info)).toEqual(['index: needle in the info']);
    const substring = await api('POST', '/events/index', { eventinfo: 'NEEDLE' });
    expect(substring.body.map((e: Json) => e.info)).toEqual(['index: needle in the info']);
  });

  it('answers views and searches without sighting_timestamp, with event_creator_email for a site admin', async () => {
    const added = await api('POST', '/events/add', {
      info: 'creator',
      Attribute: [{ type: 'domain', value: 'creator.example' }],
    });
    expect(added.body.Event).not.toHaveProperty('sighting_timestamp');
    // events/add answers the saved event without warninglist hits (events/view adds them).
    const listed = await api('POST', '/events/add', {
      info: 'warninglisted',
      Attribute: [{ type: 'ip-dst', value: '10.0.0.5' }],
    });
    expect(listed.body.Event.Attribute[0]).not.toHaveProperty('warnings');
    expect(added.body.Event.event_creator_email).toBe('admin@admin.test');
    // Users of the creating organisation see it too (every default role has perm_audit); others do not.
    const user = apiFor(misp, partners.userKey);
    expect((await user('GET', `/events/view/${added.body.Event.id}`)).body.Event.event_creator_email).toBe(
      'admin@admin.test',
    );
    const partner = apiFor(misp, partnerKey(partners, 'Northwind CERT'));
    expect((await partner('GET', `/events/view/${added.body.Event.id}`)).body.Event).not.toHaveProperty(
      'event_creator_email',
    );
    const metadata = await api('POST', '/events/restSearch', { eventid: added.body.Event.id, metadata: 1 });
    expect(metadata.body.response[0].Event).toMatchObject({ RelatedEvent: [], CryptographicKey: [], Galaxy: [] });
    const index = await api('POST', '/events/index', { eventid: added.body.Event.id });
    expect(index.body[0]).toMatchObject({ sighting_timestamp: '0' });
    expect(index.body[0]).not.toHaveProperty('GalaxyCluster');
  });
});

describe('attributes', () => {
  let eventId: string;
  beforeAll(async () => {
    eventId = (await api('POST', '/events/add', { info: 'attribute tests' })).body.Event.id;
  });

  it('adds one attribute with sane defaults and returns Attribute + AttributeTag', async () => {
    const response = await api('POST', `/attributes/add/${eventId}`, { type: 'sha256', value: 'a'.repeat(64) });
    expect(response.body.Attribute).toMatchObject({ category: 'Payload delivery', to_ids: true, event_id: eventId });
    expect(response.body.AttributeTag).toEqual([]);
  });

  it('adds a list and reports per-attribute errors on partial success', async () => {
    const response = await api('POST', `/attributes/add/${eventId}`, [
      { type: 'ip-dst|port', value: '198.51.100.7|8443' },
      { type: 'md5', value: 'not-a-hash' },
    ]);
    expect(response.status).toBe(200);
    // One saved attribute comes back as an object (with its AttributeTag links), as in MISP.
    expect(response.body.Attribute).toMatchObject({ type: 'ip-dst|port', value1: '198.51.100.7', value2: '8443' });
    expect(response.body.AttributeTag).toEqual([]);
    expect(response.body.errors.attribute_1.value[0]).toMatch(/Checksum/);
    const two = await api('POST', `/attributes/add/${eventId}`, [
      { type: 'domain', value: 'one.list.example', Tag: [{ name: 'tlp:green' }] },
      { type: 'domain', value: 'two.list.example' },
    ]);
    expect(two.body.Attribute).toHaveLength(2);
    expect(two.body.Attribute[0].Tag).toEqual([
      { id: expect.any(String), name: 'tlp:green', colour: expect.any(String), numerical_value: null },
    ]);
  });

  it('validates values per type and (type, category) pairs', async () => {
    const cases = [
      { type: 'ip-dst', value: '999.1.1.1' },
      { type: 'domain', value: 'not a domain' },
      { type: 'vulnerability', value: 'CVE-XYZ' },
      { type: 'sha1', value: 'abc' },
      { type: 'email-src', value: 'nobody' },
      { type: 'ip-dst|port', value: '1.2.3.4' },
    ];
    for (const input of cases) {
      const response = await api('POST', `/attributes/add/${eventId}`, input);
      expect(response.status, JSON.stringify(input)).toBe(403);
      expect(response.body.errors.value).toHaveLength(1);
    }
    const badType = await api('POST', `/attributes/add/${eventId}`, { type: 'no-such-type', value: 'x' });
    expect(badType.body).toMatchObject({ name: 'Could not add Attribute', url: '/attributes/add' });
    expect(badType.body.errors).toEqual({ type: ['Invalid type.'] });
    const noType = await api('POST', `/attributes/add/${eventId}`, { value: 'x' });
    expect(noType.body.errors).toEqual({ type: ['No type set.'] });
    const badPair = await api('POST', `/attributes/add/${eventId}`, {
      type: 'ip-dst',
      category: 'Person',
      value: '1.2.3.4',
    });
    expect(badPair.body.errors).toEqual({ type: ['Options depend on the selected category.'] });
  });

  it('refuses a duplicate attribute in the same event', async () => {
    await api('POST', `/attributes/add/${eventId}`, { type: 'domain', value: 'dup.example' });
    const again = await api('POST', `/attributes/add/${eventId}`, { type: 'domain', value: 'dup.example' });
    expect(again.status).toBe(403);
    expect(again.body.errors.value).toEqual(['A similar attribute already exists for this event.']);
  });

  it('edits and views an attribute, and answers 405 Invalid attribute when missing', async () => {
    const added = await api('POST', `/attributes/add/${eventId}`, { type: 'url', value: 'http://edit.example/a' });
    const id = added.body.Attribute.id;
    const edited = await api('POST', `/attributes/edit/${id}`, { comment: 'edited', to_ids: 0 });
    expect(edited.body.Attribute).toMatchObject({ comment: 'edited', to_ids: false, value: 'http://edit.example/a' });
    expect((await api('GET', `/attributes/view/${id}`)).body.Attribute.comment).toBe('edited');
    const missing = await api('GET', '/attributes/view/987654');
    expect(missing.status).toBe(405);
    expect(missing.body.message).toBe('Invalid attribute');
  });

  it('hard-deletes with /attributes/delete/{id}/1 (PyMISP), soft-deletes with ?hard=1 (MISP ignores the query)', async () => {
    const added = await api('POST', `/attributes/add/${eventId}`, { type: 'domain', value: 'hard.example' });
    await api('POST', `/attributes/delete/${added.body.Attribute.id}/1`);
    const search = await api('POST', '/attributes/restSearch', { value: 'hard.example', deleted: [0, 1] });
    expect(search.body.response.Attribute).toEqual([]);
    const soft = await api('POST', `/attributes/add/${eventId}`, { type: 'domain', value: 'soft.example' });
    await api('POST', `/attributes/delete/${soft.body.Attribute.id}?hard=1`);
    const kept = await api('POST', '/attributes/restSearch', { value: 'soft.example', deleted: 1 });
    expect(kept.body.response.Attribute).toHaveLength(1);
    // Soft-deleted: attributes/view says 405, a second soft delete finds nothing.
    expect((await api('GET', `/attributes/view/${soft.body.Attribute.id}`)).status).toBe(405);
    expect((await api('POST', `/attributes/delete/${soft.body.Attribute.id}`)).status).toBe(404);
    expect((await api('GET', '/attributes/view/not-an-id')).body.message).toBe('Invalid attribute ID.');
  });
});

describe('distribution and visibility', () => {
  it('shows org-only events to their organisation only, community events to all, sharing-group events to members', async () => {
    const own = apiFor(misp, partners.userKey);
    const northwind = apiFor(misp, partnerKey(partners, 'Northwind CERT'));
    const bluefin = apiFor(misp, partnerKey(partners, 'Bluefin ISAC'));
    const orgOnly = (
      await own('POST', '/events/add', {
        info: 'org only',
        distribution: 0,
        Attribute: [{ type: 'domain', value: 'org-only.example' }],
      })
    ).body.Event;
    const community = (await own('POST', '/events/add', { info: 'community', distribution: 1 })).body.Event;
    const sg = (await own('POST', '/events/add', { info: 'sharing group', distribution: 4, sharing_group_id: 1 })).body
      .Event;
    expect((await northwind('GET', `/events/view/${orgOnly.id}`)).status).toBe(404);
    expect((await northwind('GET', `/events/view/${community.id}`)).status).toBe(200);
    expect((await northwind('GET', `/events/view/${sg.id}`)).status).toBe(200);
    expect((await bluefin('GET', `/events/view/${sg.id}`)).status).toBe(404);
    const search = await bluefin('POST', '/attributes/restSearch', { value: 'org-only.example' });
    expect(search.body.response.Attribute).toEqual([]);
    expect(
      (await own('POST', '/attributes/restSearch', { value: 'org-only.example' })).body.response.Attribute,
    ).toHaveLength(1);
  });

  it('hides an attribute with distribution 0 from other organisations inside a visible event', async () => {
    const own = apiFor(misp, partners.userKey);
    const redwood = apiFor(misp, partnerKey(partners, 'Redwood Telecom CSIRT'));
    const event = (
      await own('POST', '/events/add', {
        info: 'mixed',
        distribution: 3,
        Attribute: [
          { type: 'domain', value: 'public-part.example' },
          { type: 'domain', value: 'private-part.example', distribution: 0 },
        ],
      })
    ).body.Event;
    const seen = await redwood('GET', `/events/view/${event.id}`);
    expect(seen.body.Event.Attribute.map((a: Json) => a.value)).toEqual(['public-part.example']);
  });

  it('forbids editing another organisation’s event', async () => {
    const own = apiFor(misp, partners.userKey);
    const northwind = apiFor(misp, partnerKey(partners, 'Northwind CERT'));
    const event = (await own('POST', '/events/add', { info: 'mine', distribution: 3 })).body.Event;
    const response = await northwind('POST', `/events/edit/${event.id}`, { info: 'theirs' });
    expect(response.status).toBe(403);
  });
});
