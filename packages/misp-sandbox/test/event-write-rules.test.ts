// Event and attribute write rules as MISP 2.5 applies them (each checked against a real MISP): client
// timestamps, duplicates inside an event payload, deleting through attributes/edit, first_seen/last_seen with
// microseconds and their search filters, extends_uuid and the extended view.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MispSandbox } from '../src/index.js';
import { SpecChecker } from './accounts/spec-check.js';
import { type Api, apiFor, type Json, withSandbox } from './helpers.js';

let misp: MispSandbox;
let api: Api;
const checker = new SpecChecker();
const values = (event: Json) => event.Attribute.map((a: Json) => a.value);

beforeAll(async () => {
  ({ misp } = await withSandbox());
  api = checker.api(misp);
});
afterAll(() => misp.close());

async function addEvent(body: Json): Promise<Json> {
  const added = await api('POST', '/events/add', body);
  expect(added.status, added.text).toBe(200);
  return added.body.Event;
}

describe('client timestamps', () => {
  it('keeps the timestamps of events/add', async () => {
    const event = await addEvent({
      info: 'dated',
      timestamp: '1700000000',
      Attribute: [{ type: 'ip-dst', value: '192.0.2.81', timestamp: '1700000001' }],
    });
    expect(event.timestamp).toBe('1700000000');
    expect(event.Attribute[0].timestamp).toBe('1700000001');
  });

  it('refuses an events/edit that is not newer and keeps a newer timestamp', async () => {
    const event = await addEvent({ info: 'dated', timestamp: '1700000000' });
    for (const timestamp of ['1600000000', '1700000000']) {
      const refused = await api('POST', `/events/edit/${event.id}`, { info: 'lost', timestamp });
      expect(refused.status).toBe(403);
      expect(refused.body).toEqual({
        saved: false,
        name: 'Could not edit Event',
        message: 'Could not edit Event',
        url: `/events/edit/${event.id}`,
        errors: 'Event could not be saved: Event in the request not newer than the local copy.',
        id: event.id,
      });
    }
    const newer = await api('POST', `/events/edit/${event.id}`, { info: 'newer', timestamp: '1700000100' });
    expect([newer.body.Event.info, newer.body.Event.timestamp]).toEqual(['newer', '1700000100']);
  });

  it('skips, in an events/edit, an attribute whose timestamp is not newer', async () => {
    const event = await addEvent({
      info: 'dated',
      timestamp: '1700000000',
      Attribute: [{ type: 'ip-dst', value: '192.0.2.82', timestamp: '1700000001' }],
    });
    const uuid = event.Attribute[0].uuid;
    const edit = (timestamp: string, comment: string, eventTs: string) =>
      api('POST', `/events/edit/${event.id}`, {
        timestamp: eventTs,
        Attribute: [{ uuid, type: 'ip-dst', value: '192.0.2.82', comment, timestamp }],
      });
    const older = await edit('1700000001', 'older', '1700000200');
    expect(older.body.Event.Attribute[0]).toMatchObject({ comment: '', timestamp: '1700000001' });
    const newer = await edit('1700000250', 'newer', '1700000300');
    expect(newer.body.Event.Attribute[0]).toMatchObject({ comment: 'newer', timestamp: '1700000250' });
  });

  it('refuses an attributes/edit that is not newer with a 405', async () => {
    const event = await addEvent({ info: 'dated', Attribute: [{ type: 'domain', value: 'dated.example' }] });
    const attribute = event.Attribute[0];
    const refused = await api('POST', `/attributes/edit/${attribute.id}`, {
      comment: 'old',
      timestamp: String(Number(attribute.timestamp) - 10),
    });
    expect([refused.status, refused.body.message]).toEqual([
      405,
      'Attribute could not be saved: Attribute in the request not newer than the local copy.',
    ]);
  });
});

describe('duplicates and deletion', () => {
  it('drops a duplicate attribute of an event payload without an error, breakOnDuplicate or not', async () => {
    for (const breakOnDuplicate of [undefined, 1]) {
      const added = await api('POST', '/events/add', {
        info: 'twice',
        breakOnDuplicate,
        Attribute: [
          { type: 'ip-dst', value: '192.0.2.91' },
          { type: 'ip-dst', value: '192.0.2.91' },
        ],
      });
      expect(added.body).not.toHaveProperty('errors');
      expect(values(added.body.Event)).toEqual(['192.0.2.91']);
    }
  });

  it('refuses a duplicate on attributes/add, breakOnDuplicate or not', async () => {
    const event = await addEvent({ info: 'dup', Attribute: [{ type: 'ip-dst', value: '192.0.2.92' }] });
    const refused = await api('POST', `/attributes/add/${event.id}`, {
      type: 'ip-dst',
      value: '192.0.2.92',
      breakOnDuplicate: 1,
    });
    expect(refused.status).toBe(403);
    expect(refused.body.errors).toEqual({ value: ['A similar attribute already exists for this event.'] });
  });

  it('soft-deletes through attributes/edit, after which the attribute cannot be edited', async () => {
    const event = await addEvent({
      info: 'deleting',
      Attribute: [
        { type: 'ip-dst', value: '192.0.2.93' },
        { type: 'ip-dst', value: '192.0.2.94' },
      ],
    });
    const [first] = event.Attribute;
    const deleted = await api('POST', `/attributes/edit/${first.id}`, { deleted: 1 });
    expect(deleted.body.Attribute.deleted).toBe(true);
    const view = (await api('GET', `/events/view/${event.id}`)).body.Event;
    expect([view.attribute_count, values(view)]).toEqual(['1', ['192.0.2.94']]);
    const again = await api('POST', `/attributes/edit/${first.id}`, { deleted: 0 });
    expect([again.status, again.body.message]).toEqual([404, 'Invalid attribute']);
  });
});

describe('first_seen and last_seen', () => {
  it('keeps microseconds, folds offsets into UTC and refuses what is not ISO 8601', async () => {
    const event = await addEvent({ info: 'seen' });
    const cases: [unknown, unknown][] = [
      ['2024-01-02T03:04:05.123456+00:00', '2024-01-02T03:04:05.123456+00:00'],
      ['2024-01-02T03:04:05.123456+02:00', '2024-01-02T01:04:05.123456+00:00'],
      ['2024-01-02', '2024-01-02T00:00:00.000000+00:00'],
      ['2024-01-02T03:04:05Z', '2024-01-02T03:04:05.000000+00:00'],
    ];
    let n = 10;
    for (const [input, stored] of cases) {
      const added = await api('POST', `/attributes/add/${event.id}`, {
        type: 'ip-dst',
        value: `198.51.100.${n++}`,
        first_seen: input,
      });
      expect(added.body.Attribute.first_seen).toBe(stored);
    }
    for (const input of [1704164645, '1704164645123456', 'garbage']) {
      const refused = await api('POST', `/attributes/add/${event.id}`, {
        type: 'ip-dst',
        value: '198.51.100.99',
        first_seen: input,
      });
      expect(refused.body.errors).toEqual({ first_seen: ['Invalid ISO 8601 format'] });
    }
    const backwards = await api('POST', `/attributes/add/${event.id}`, {
      type: 'ip-dst',
      value: '198.51.100.98',
      first_seen: '2024-01-02',
      last_seen: '2023-01-01',
    });
    expect(backwards.body.errors).toEqual({ last_seen: ['Last seen value should be greater than first seen value'] });
  });

  it('filters attributes/restSearch: first_seen at or after, last_seen at or before', async () => {
    const event = await addEvent({
      info: 'seen window',
      Attribute: [
        {
          type: 'domain',
          value: 'a.seen.example',
          first_seen: '2024-01-01T00:00:00.000001+00:00',
          last_seen: '2024-03-01',
        },
        { type: 'domain', value: 'b.seen.example', first_seen: '2024-02-01', last_seen: '2024-06-01' },
        { type: 'domain', value: 'c.seen.example' },
      ],
    });
    const search = async (f: Json) =>
      (await api('POST', '/attributes/restSearch', { eventid: event.id, ...f })).body.response.Attribute.map(
        (a: Json) => a.value,
      );
    expect(await search({ first_seen: '2024-01-15' })).toEqual(['b.seen.example']);
    expect(await search({ first_seen: '2024-01-01T00:00:00.000001+00:00' })).toEqual([
      'a.seen.example',
      'b.seen.example',
    ]);
    expect(await search({ last_seen: '2024-04-01' })).toEqual(['a.seen.example']);
    expect(await search({ first_seen: '2024-01-15', last_seen: '2024-04-01' })).toEqual([]);
    expect(await search({ first_seen: 1705276800 })).toEqual(['b.seen.example']);
    expect(await search({ first_seen: 'garbage' })).toEqual([]);
  });
});

describe('extends_uuid', () => {
  it('stores a uuid, turns an event id into its uuid and refuses anything else', async () => {
    const parent = await addEvent({ info: 'parent', Attribute: [{ type: 'ip-dst', value: '203.0.113.1' }] });
    expect((await addEvent({ info: 'by uuid', extends_uuid: parent.uuid })).extends_uuid).toBe(parent.uuid);
    const byId = await addEvent({
      info: 'by id',
      extends_uuid: parent.id,
      Attribute: [{ type: 'ip-dst', value: '203.0.113.2' }],
    });
    expect(byId.extends_uuid).toBe(parent.uuid);
    const refused = await api('POST', '/events/add', { info: 'bad', extends_uuid: 'nope' });
    expect([refused.status, refused.body.errors]).toEqual([
      403,
      { Event: { extends_uuid: ['Please provide a valid UUID'] } },
    ]);
    const cleared = await api('POST', `/events/edit/${byId.id}`, { extends_uuid: '' });
    expect(cleared.body.Event.extends_uuid).toBe('');
    await api('POST', `/events/edit/${byId.id}`, { extends_uuid: parent.uuid });

    const extended = (await api('GET', `/events/view/${parent.id}/extended:1`)).body.Event;
    expect(values(extended).sort()).toEqual(['203.0.113.1', '203.0.113.2']);
    expect(Object.keys(extended.extensionEvents).sort()).toEqual([String(Number(parent.id) + 1), byId.id].sort());
    expect(extended.extensionEvents[byId.id]).toMatchObject({ id: byId.id, info: 'by id', Orgc: { name: 'ORGNAME' } });
    const searched = await api('POST', '/events/restSearch', { eventid: parent.id, extended: 1 });
    expect(values(searched.body.response[0].Event).sort()).toEqual(['203.0.113.1', '203.0.113.2']);
    const plain = (await api('GET', `/events/view/${parent.id}`)).body.Event;
    expect(plain).not.toHaveProperty('extensionEvents');
    expect(values(plain)).toEqual(['203.0.113.1']);
  });

  it('ignores metadata on events/view (only restSearch honours it)', async () => {
    const event = await addEvent({ info: 'meta', Attribute: [{ type: 'ip-dst', value: '203.0.113.9' }] });
    expect(values((await api('GET', `/events/view/${event.id}/metadata:1`)).body.Event)).toEqual(['203.0.113.9']);
    const found = await api('POST', '/events/restSearch', { eventid: event.id, metadata: 1 });
    expect(found.body.response[0].Event).not.toHaveProperty('Attribute');
  });
});

describe('attributes/restore', () => {
  it('undeletes a soft-deleted attribute and answers a 302 to its view, as MISP does', async () => {
    const event = await addEvent({ info: 'restore', Attribute: [{ type: 'domain', value: 'restore.example' }] });
    const id = event.Attribute[0].id;
    await api('POST', `/attributes/delete/${id}`, {});
    // Not (yet) an operation of the contract: sent without the spec check.
    const raw = apiFor(misp);
    const restored = await raw('POST', `/attributes/restore/${id}`, {});
    expect([restored.status, restored.text]).toEqual([302, '']);
    expect(restored.headers.get('location')).toMatch(new RegExp(`/attributes/view/${id}$`));
    expect((await api('GET', `/attributes/view/${id}`)).body.Attribute.deleted).toBe(false);
    expect((await api('GET', `/events/view/${event.id}`)).body.Event.Attribute.map((a: Json) => a.id)).toEqual([id]);
    // A uuid, an unknown id: 405 "Invalid Attribute"; nothing written.
    for (const ref of [event.Attribute[0].uuid, '999999', 'abc']) {
      const refused = await raw('POST', `/attributes/restore/${ref}`, {});
      expect([refused.status, refused.body.message], ref).toEqual([405, 'Invalid Attribute']);
    }
  });

  it('refuses a role without perm_add (403) and another organisation’s event (405)', async () => {
    const add = async (email: string, role_id: string, org_id?: string) =>
      (await apiFor(misp)('POST', '/admin/users/add', { email, role_id, ...(org_id ? { org_id } : {}) })).body.User
        .authkey as string;
    const org = (await apiFor(misp)('POST', '/admin/organisations/add', { name: 'Restore Partner' })).body.Organisation;
    const readOnly = await add('readonly@restore.test', '6');
    const partner = await add('publisher@restore.test', '4', org.id);
    const event = await addEvent({
      info: 'restore refused',
      distribution: '3',
      Attribute: [{ type: 'domain', value: 'refused.example' }],
    });
    const id = event.Attribute[0].id;
    await api('POST', `/attributes/delete/${id}`, {});
    const raw = apiFor(misp);
    const denied = await raw('POST', `/attributes/restore/${id}`, {}, { key: readOnly });
    expect([denied.status, denied.body.message]).toEqual([
      403,
      'You do not have permission to use this functionality.',
    ]);
    const foreign = await raw('POST', `/attributes/restore/${id}`, {}, { key: partner });
    expect([foreign.status, foreign.body.message]).toEqual([405, 'Invalid Attribute']);
    const deleted = await api('POST', '/attributes/restSearch', { eventid: event.id, deleted: 1 });
    expect(deleted.body.response.Attribute.map((a: Json) => a.id)).toEqual([id]);
  });
});

describe('the contract', () => {
  it('describes every answer above', () => {
    // Named parameters (`/events/view/1/extended:1`) are outside the path templates but checked all the same.
    expect(checker.problems).toEqual([]);
  });
});
