// analystData/*: notes, opinions and relationships on events, attributes and other analyst data (nested), as
// MISP 2.5 answers them: who may add and change them, what MISP refuses, and how events/view embeds them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MispSandbox } from '../src/index.js';
import { partner } from './accounts/fixtures.js';
import { SpecChecker } from './accounts/spec-check.js';
import { type Api, type Json, withSandbox } from './helpers.js';

let misp: MispSandbox;
const checker = new SpecChecker();
const as = (key: string): Api => checker.api(misp, key);
let api: Api;
let partnerApi: Api;
let readOnlyApi: Api;
let event: { id: string; uuid: string; Attribute: { uuid: string }[] };

const count = (table: string) => (misp.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

beforeAll(async () => {
  ({ misp } = await withSandbox({ seed: 'demo' }));
  api = as(misp.adminKey);
  const added = await api('POST', '/events/add', {
    info: 'analyst data test event',
    distribution: 1,
    Attribute: [{ type: 'domain', value: 'analyst.example' }],
  });
  event = added.body.Event;
  partnerApi = as((await partner(api, 'Analyst Partner CERT', '3')).key);
  const ro = await api('POST', '/admin/users/add', { email: 'analyst-reader@orgname.test', role_id: '6' });
  readOnlyApi = as(ro.body.User.authkey);
});
afterAll(() => misp.close());

describe('analystData/add', () => {
  it('adds a note on an event, with its organisations, author and _canEdit', async () => {
    const added = await api('POST', `/analyst_data/add/Note/${event.uuid}/Event`, {
      note: 'Seen before',
      language: 'en',
    });
    expect(added.status).toBe(200);
    expect(added.body.Note).toMatchObject({
      object_uuid: event.uuid,
      object_type: 'Event',
      authors: 'admin@admin.test',
      distribution: '1',
      sharing_group_id: null,
      locked: false,
      note: 'Seen before',
      language: 'en',
      note_type: 0,
      note_type_name: 'Note',
      _canEdit: true,
    });
    expect(added.body.Note.Orgc.uuid).toBe(added.body.Note.orgc_uuid);
  });

  it('keeps any non-negative opinion, and answers 500 for a negative or non-numeric one, writing nothing', async () => {
    const ok = await api('POST', `/analyst_data/add/Opinion/${event.uuid}/Event`, { opinion: 75, comment: 'likely' });
    expect(ok.body.Opinion).toMatchObject({ opinion: '75', comment: 'likely', note_type: 1 });
    // MISP 2.5 does not check the 0-100 range: 101 is saved.
    expect(
      (await api('POST', `/analyst_data/add/Opinion/${event.uuid}/Event`, { opinion: 101 })).body.Opinion.opinion,
    ).toBe('101');
    const before = count('analyst_opinions');
    for (const opinion of [-1, 'abc']) {
      const refused = await api('POST', `/analyst_data/add/Opinion/${event.uuid}/Event`, { opinion });
      expect(refused.status).toBe(500);
    }
    expect(count('analyst_opinions')).toBe(before);
  });

  it('adds relationships, but not one of an element with itself', async () => {
    const report = (await api('POST', `/event_reports/add/${event.id}`, { name: 'related report' })).body.EventReport;
    const rel = await api('POST', `/analyst_data/add/Relationship/${event.uuid}/Event`, {
      relationship_type: 'related-to',
      related_object_uuid: report.uuid,
      related_object_type: 'EventReport',
    });
    expect(rel.body.Relationship).toMatchObject({
      related_object_type: 'EventReport',
      note_type: 2,
      related_object: [],
    });
    const inbound = await api('GET', `/event_reports/view/${report.id}`);
    expect(inbound.body.RelationshipInbound.map((r: { uuid: string }) => r.uuid)).toEqual([rel.body.Relationship.uuid]);
    const self = await api('POST', `/analyst_data/add/Relationship/${event.uuid}/Event`, {
      related_object_uuid: event.uuid,
      related_object_type: 'Event',
    });
    expect([self.status, self.body]).toEqual([
      403,
      {
        saved: false,
        name: 'Could not add analyst_data',
        message: 'Could not add analyst_data',
        url: '/analyst_data/add',
        errors: [],
      },
    ]);
  });

  it('fails (500) without an object type, as MISP 2.5 does, and refuses an unknown type', async () => {
    const before = count('analyst_notes');
    const undeduced = await api('POST', `/analyst_data/add/Note/${event.Attribute[0]?.uuid}`, {
      note: 'on the attribute',
    });
    expect(undeduced.status).toBe(500);
    expect(count('analyst_notes')).toBe(before);
    const badType = await api('POST', `/analyst_data/add/Comment/${event.uuid}/Event`, {});
    expect([badType.status, badType.body.message]).toEqual([405, 'Invalid type.']);
    const onAttribute = await api('POST', `/analyst_data/add/Note/${event.Attribute[0]?.uuid}/Attribute`, {
      note: 'on the attribute',
    });
    expect(onAttribute.body.Note.object_type).toBe('Attribute');
  });

  it('refuses users without perm_analyst_data', async () => {
    const before = count('analyst_notes');
    const refused = await readOnlyApi('POST', `/analyst_data/add/Note/${event.uuid}/Event`, { note: 'no' });
    expect([refused.status, refused.body.message]).toEqual([
      403,
      'You do not have permission to use this functionality.',
    ]);
    expect(count('analyst_notes')).toBe(before);
  });
});

describe('analystData/view, edit, delete and index', () => {
  let note: { id: string; uuid: string };
  beforeAll(async () => {
    note = (await api('POST', `/analyst_data/add/Note/${event.uuid}/Event`, { note: 'parent' })).body.Note;
    await api('POST', `/analyst_data/add/Note/${note.uuid}/Note`, { note: 'child' });
  });

  it('views a note with its child notes, without _canEdit on the top entry', async () => {
    const view = await api('GET', `/analyst_data/view/Note/${note.id}`);
    expect(view.body.Note).not.toHaveProperty('_canEdit');
    expect(view.body.Note.Note).toMatchObject([{ note: 'child', object_type: 'Note', _canEdit: true }]);
    expect((await api('GET', `/analyst_data/view/Note/${note.uuid}`)).body.Note.id).toBe(note.id);
    const missing = await api('GET', '/analyst_data/view/Note/999999');
    expect([missing.status, missing.body.message]).toEqual([404, 'Invalid Note.']);
  });

  it('edits the fields sent; another organisation may view but not edit or delete', async () => {
    const edited = await api('POST', `/analyst_data/edit/Note/${note.id}`, { language: 'fr' });
    expect(edited.body.Note).toMatchObject({ note: 'parent', language: 'fr', _canEdit: true });
    expect((await partnerApi('GET', `/analyst_data/view/Note/${note.id}`)).status).toBe(200);
    for (const action of ['edit', 'delete']) {
      const refused = await partnerApi('POST', `/analyst_data/${action}/Note/${note.id}`, { note: 'theirs' });
      expect([refused.status, refused.body.message]).toEqual([405, 'You are not authorised to do that.']);
    }
    expect((await api('GET', `/analyst_data/view/Note/${note.id}`)).body.Note.note).toBe('parent');
  });

  it('lists one kind, flat, each with _canEdit', async () => {
    const notes = await api('GET', '/analyst_data/index/Note');
    expect(notes.body.length).toBeGreaterThan(2);
    expect(
      notes.body.every((n: { Note: { _canEdit: boolean; Note?: unknown } }) => n.Note._canEdit && !n.Note.Note),
    ).toBe(true);
  });

  it('embeds notes, opinions and relationships in events/view, on the event and on attributes', async () => {
    const view = (await api('GET', `/events/view/${event.id}`)).body.Event;
    const parent = view.Note.find((n: { id: string }) => n.id === note.id);
    expect(parent).toMatchObject({ _max_depth_reached: true, Note: [{ note: 'child' }] });
    expect(view.Opinion.length).toBeGreaterThan(0);
    expect(view.Relationship.length).toBe(1);
    expect(view.Attribute[0].Note).toMatchObject([{ note: 'on the attribute' }]);
    expect(view.Attribute[0].Note[0]).not.toHaveProperty('_max_depth_reached');
  });

  it('deletes a note (id as a number, MISP model url)', async () => {
    const gone = (await api('POST', `/analyst_data/add/Note/${event.uuid}/Event`, { note: 'short-lived' })).body.Note;
    const deleted = await api('POST', `/analyst_data/delete/Note/${gone.id}`);
    expect(deleted.body).toEqual({
      saved: true,
      success: true,
      name: 'Note deleted.',
      message: 'Note deleted.',
      url: `/notes/delete/${gone.id}`,
      id: Number(gone.id),
    });
    expect((await api('GET', `/analyst_data/view/Note/${gone.id}`)).status).toBe(404);
    expect(checker.problems.filter((p) => !p.includes('no operation in the spec'))).toEqual([]);
  });
});

describe('analyst data in events/add and events/edit payloads (MISP captureAnalystData)', () => {
  const u = (n: number) => `6a0c3d3e-0009-4000-8000-${String(n).padStart(12, '0')}`;
  const eventUuid = u(900);

  it('names what a relationship points at: event, attribute (Object all null when standalone), object, or []', async () => {
    const added = await api('POST', '/events/add', {
      Event: {
        uuid: eventUuid,
        info: 'relationship targets',
        Attribute: [{ uuid: u(901), type: 'ip-dst', value: '203.0.113.9' }],
        Object: [
          {
            uuid: u(902),
            name: 'domain-ip',
            'meta-category': 'network',
            description: 'd',
            template_uuid: '43b3b146-77eb-4931-b4cc-b66c60f28734',
            template_version: '9',
            Attribute: [{ uuid: u(903), object_relation: 'domain', type: 'domain', value: 'targets.example' }],
          },
        ],
        Relationship: [
          {
            uuid: u(904),
            relationship_type: 'mentions',
            related_object_uuid: u(901),
            related_object_type: 'Attribute',
          },
          {
            uuid: u(905),
            relationship_type: 'mentions',
            related_object_uuid: u(903),
            related_object_type: 'Attribute',
          },
          { uuid: u(906), relationship_type: 'related-to', related_object_uuid: u(902), related_object_type: 'Object' },
          { uuid: u(907), relationship_type: 'x', related_object_uuid: u(999), related_object_type: 'Object' },
        ],
      },
    });
    expect(added.status).toBe(200);
    const onAttribute = await api('POST', `/analyst_data/add/Relationship/${u(901)}/Attribute`, {
      relationship_type: 'part-of',
      related_object_uuid: eventUuid,
      related_object_type: 'Event',
    });
    expect(Object.keys(onAttribute.body.Relationship.related_object)).toEqual(['Event']);
    expect(onAttribute.body.Relationship.related_object.Event).toMatchObject({
      uuid: eventUuid,
      info: 'relationship targets',
      attribute_count: '2',
      proposal_email_lock: false,
      protected: null,
    });
    const view = (await api('GET', `/events/view/${eventUuid}`)).body.Event;
    const [standalone, inObject, object, missing] = view.Relationship.map((r: Json) => r.related_object);
    expect(standalone.Attribute).toMatchObject({ uuid: u(901), value1: '203.0.113.9', value: '203.0.113.9' });
    expect(standalone.Attribute.Object).toMatchObject({ id: null, uuid: null, name: null });
    expect(standalone.Attribute.Event.uuid).toBe(eventUuid);
    expect(standalone.Attribute.Organisation.id).toBe(standalone.Attribute.Event.orgc_id);
    expect(standalone.Attribute.orgc_uuid).toBe(standalone.Attribute.Organisation.uuid);
    expect(inObject.Attribute.Object).toMatchObject({ uuid: u(902), name: 'domain-ip' });
    expect(object.Object).toMatchObject({ uuid: u(902), name: 'domain-ip', Event: { uuid: eventUuid } });
    expect(object.Object.Organisation).toHaveProperty('uuid', object.Object.orgc_uuid);
    expect(missing).toEqual([]);
    // A user who may not see the target gets [] (the event is the admin organisation's, distribution 0).
    const hidden = await api('POST', '/events/add', { Event: { info: 'hidden target', distribution: 0 } });
    const towardsHidden = await api('POST', `/analyst_data/add/Relationship/${event.uuid}/Event`, {
      relationship_type: 'related-to',
      related_object_uuid: hidden.body.Event.uuid,
      related_object_type: 'Event',
    });
    expect(towardsHidden.body.Relationship.related_object.Event.uuid).toBe(hidden.body.Event.uuid);
    const seenByPartner = await partnerApi(
      'GET',
      `/analyst_data/view/Relationship/${towardsHidden.body.Relationship.id}`,
    );
    expect(seenByPartner.body.Relationship.related_object).toEqual([]);
  });

  it('refuses a note nested in a note (MISP 2.5 takes its list for the entry: 500) and saves nothing', async () => {
    const before = [count('events'), count('analyst_notes')];
    const r = await api('POST', '/events/add', {
      Event: {
        info: 'note in note',
        Note: [
          {
            note: 'parent',
            Note: [{ note_type_name: 'Note', object_uuid: u(910), object_type: 'Note', note: 'child' }],
          },
        ],
      },
    });
    expect([r.status, r.body.message]).toEqual([500, 'An Internal Error Has Occurred.']);
    expect([count('events'), count('analyst_notes')]).toEqual(before);
  });

  it('refuses a nested entry without note_type_name (404) and saves nothing', async () => {
    const before = [count('events'), count('analyst_notes'), count('analyst_opinions')];
    const r = await api('POST', '/events/add', {
      Event: { info: 'undeduced', Note: [{ note: 'parent', Opinion: [{ opinion: 10 }] }] },
    });
    expect([r.status, r.body.message]).toEqual([404, 'Invalid or could not deduce analyst data type']);
    expect([count('events'), count('analyst_notes'), count('analyst_opinions')]).toEqual(before);
  });

  it('keeps the payload uuid, authors and times; edit adds new entries and leaves local ones as they are', async () => {
    const added = await api('POST', '/events/add', {
      Event: {
        info: 'edit capture',
        Attribute: [
          {
            type: 'domain',
            value: 'capture.example',
            Note: [{ uuid: u(920), note: 'first', authors: 'a@b.test', created: '2026-01-02 03:04:05' }],
          },
        ],
      },
    });
    const note = (await api('GET', `/analyst_data/view/Note/${u(920)}`)).body.Note;
    expect(note).toMatchObject({ authors: 'a@b.test', created: '2026-01-02 03:04:05', object_type: 'Attribute' });
    expect(note.object_uuid).toBe(added.body.Event.Attribute[0].uuid);
    const view = (await api('GET', `/events/view/${added.body.Event.id}`)).body.Event;
    const { timestamp: _timestamp, ...resent } = view;
    resent.Attribute[0].Note[0].note = 'changed through the event';
    resent.Attribute[0].Note[0].modified = '2030-01-01 00:00:00';
    resent.Opinion = [{ uuid: u(921), opinion: 55, comment: 'new on edit' }];
    expect((await api('POST', `/events/edit/${view.id}`, { Event: resent })).status).toBe(200);
    expect((await api('GET', `/analyst_data/view/Note/${u(920)}`)).body.Note.note).toBe('first');
    expect((await api('GET', `/analyst_data/view/Opinion/${u(921)}`)).body.Opinion).toMatchObject({
      opinion: '55',
      object_uuid: view.uuid,
      object_type: 'Event',
    });
  });

  it("captures a report's analyst data on events/edit only (MISP's captureReport drops it on add)", async () => {
    const report = { uuid: u(930), name: 'Report with a note', Note: [{ uuid: u(931), note: 'on the report' }] };
    const added = await api('POST', '/events/add', { Event: { info: 'report notes', EventReport: [report] } });
    expect(added.body.Event.EventReport).toMatchObject([{ uuid: u(930), name: 'Report with a note' }]);
    expect((await api('GET', `/analyst_data/view/Note/${u(931)}`)).status).toBe(404);
    await api('POST', `/events/edit/${added.body.Event.id}`, { Event: { EventReport: [report] } });
    expect((await api('GET', `/analyst_data/view/Note/${u(931)}`)).body.Note).toMatchObject({
      object_uuid: u(930),
      object_type: 'EventReport',
    });
    const view = (await api('GET', `/events/view/${added.body.Event.id}`)).body.Event;
    expect(view.EventReport[0].Note).toMatchObject([{ note: 'on the report' }]);
    expect(view.EventReport[0].Note[0]).not.toHaveProperty('_max_depth_reached');
  });

  it("events/delete removes the event's reports and leaves its analyst data (as MISP 2.5 does)", async () => {
    const added = await api('POST', '/events/add', {
      Event: {
        info: 'deleted with reports',
        EventReport: [{ name: 'Doomed report' }],
        Note: [{ uuid: u(940), note: 'outlives the event' }],
      },
    });
    const reports = count('event_reports');
    expect((await api('POST', `/events/delete/${added.body.Event.id}`)).status).toBe(200);
    expect(count('event_reports')).toBe(reports - 1);
    expect((await api('GET', `/analyst_data/view/Note/${u(940)}`)).body.Note.note).toBe('outlives the event');
    expect(checker.problems.filter((p) => !p.includes('no operation in the spec'))).toEqual([]);
  });
});
