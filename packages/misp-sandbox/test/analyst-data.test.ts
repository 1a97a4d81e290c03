// analystData/*: notes, opinions and relationships on events, attributes and other analyst data (nested), as
// MISP 2.5 answers them: who may add and change them, what MISP refuses, and how events/view embeds them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MispSandbox } from '../src/index.js';
import { partner } from './accounts/fixtures.js';
import { SpecChecker } from './accounts/spec-check.js';
import { type Api, apiFor, withSandbox } from './helpers.js';

let misp: MispSandbox;
const checker = new SpecChecker();
const as =
  (key: string): Api =>
  async (method, path, body, options) =>
    checker.check(method, path, await apiFor(misp, key)(method, path, body, options));
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
