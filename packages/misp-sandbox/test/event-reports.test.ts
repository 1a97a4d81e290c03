// eventReports/*: add, view, edit, soft and hard delete, restore, index and the EventReport list of events/view,
// as MISP 2.5 answers them, with who may do what, refused input that writes nothing, and every answer checked
// against openapi/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MispSandbox } from '../src/index.js';
import { partner } from './accounts/fixtures.js';
import { SpecChecker } from './accounts/spec-check.js';
import { type Api, apiFor, withSandbox } from './helpers.js';

let misp: MispSandbox;
const checker = new SpecChecker();
const as = (key: string): Api => checker.api(misp, key);
let api: Api;
let eventId: string;
let partnerApi: Api;
let readOnlyApi: Api;

const reportCount = () => (misp.db.prepare('SELECT COUNT(*) AS n FROM event_reports').get() as { n: number }).n;

beforeAll(async () => {
  ({ misp } = await withSandbox({ seed: 'demo' }));
  api = as(misp.adminKey);
  const event = await api('POST', '/events/add', { info: 'report test event', distribution: 1 });
  eventId = event.body.Event.id;
  partnerApi = as((await partner(api, 'Report Partner CERT', '3')).key);
  const ro = await api('POST', '/admin/users/add', { email: 'reader@orgname.test', role_id: '6' });
  readOnlyApi = as(ro.body.User.authkey);
});
afterAll(() => misp.close());

describe('eventReports/add', () => {
  it('saves a report with its event and sharing group, and unpublishes the event', async () => {
    await api('POST', `/events/publish/${eventId}`);
    const added = await api('POST', `/event_reports/add/${eventId}`, {
      name: 'Intrusion write-up',
      content: '# Timeline\n*bold*',
      distribution: 5,
    });
    expect(added.status).toBe(200);
    expect(added.body.EventReport).toMatchObject({
      event_id: eventId,
      name: 'Intrusion write-up',
      content: '# Timeline\n*bold*',
      distribution: '5',
      sharing_group_id: '0',
      deleted: false,
    });
    expect(added.body.Event).toMatchObject({ id: eventId, orgc_id: '1', Org: { id: '1' }, Orgc: { id: '1' } });
    expect(Object.keys(added.body.Event.Org)).toEqual(['id', 'name']);
    expect(added.body.SharingGroup).toEqual({ id: null, name: null, uuid: null });
    expect(added.body).not.toHaveProperty('RelationshipInbound');
    const event = await api('GET', `/events/view/${eventId}`);
    expect(event.body.Event.published).toBe(false);
  });

  it('takes the EventReport wrapper, defaults distribution to 0 and content to null', async () => {
    const added = await api('POST', `/event_reports/add/${eventId}`, { EventReport: { name: 'Wrapped' } });
    expect(added.body.EventReport).toMatchObject({ name: 'Wrapped', distribution: '0', content: null });
  });

  it('drops distribution 4 to 0 when the sharing group is not one the user may use', async () => {
    const added = await api('POST', `/event_reports/add/${eventId}`, {
      name: 'No group',
      distribution: 4,
      sharing_group_id: 999,
    });
    expect(added.body.EventReport).toMatchObject({ distribution: '0', sharing_group_id: '0' });
  });

  it('refuses a missing name, an unknown distribution or a bad uuid with one message, writing nothing', async () => {
    const before = reportCount();
    const cases: [unknown, string][] = [
      [{ content: 'no name' }, 'This field cannot be left blank'],
      [[1, 2], 'This field cannot be left blank'],
      [
        { name: 'x', distribution: 9 },
        'Options: Your organisation only, This community only, Connected communities, All communities, Sharing group, Inherit event',
      ],
      [{ name: 'x', uuid: 'not-a-uuid' }, 'Please provide a valid RFC 4122 UUID'],
    ];
    for (const [body, message] of cases) {
      const refused = await api('POST', `/event_reports/add/${eventId}`, body);
      expect(refused.status).toBe(403);
      expect(refused.body).toEqual({
        saved: false,
        name: 'Could not add EventReport',
        message: 'Could not add EventReport',
        url: '/event_reports/add',
        errors: message,
      });
    }
    expect(reportCount()).toBe(before);
  });

  it('answers MISP errors for no event, an unknown event, another organisation and a read-only role', async () => {
    const before = reportCount();
    expect((await api('POST', '/event_reports/add', { name: 'x' })).body.message).toBe('No event ID set.');
    const missing = await api('POST', '/event_reports/add/999999', { name: 'x' });
    expect([missing.status, missing.body.message]).toEqual([404, 'Invalid event']);
    const foreign = await partnerApi('POST', `/event_reports/add/${eventId}`, { name: 'x' });
    expect([foreign.status, foreign.body.message]).toEqual([403, 'You do not have permission to do that.']);
    const readOnly = await readOnlyApi('POST', `/event_reports/add/${eventId}`, { name: 'x' });
    expect([readOnly.status, readOnly.body.message]).toEqual([
      403,
      'You do not have permission to use this functionality.',
    ]);
    expect(reportCount()).toBe(before);
  });

  it('describes itself on GET', async () => {
    const described = await api('GET', `/event_reports/add/${eventId}`);
    expect(described.body).toMatchObject({ name: '/event_reports/add API description', mandatory_fields: ['name'] });
  });
});

describe('eventReports/view, edit, delete and restore', () => {
  let id: string;
  beforeAll(async () => {
    id = (await api('POST', `/event_reports/add/${eventId}`, { name: 'Lifecycle', content: 'v1', distribution: 1 }))
      .body.EventReport.id;
  });

  it('views by id and uuid, with RelationshipInbound; unknown references are "Invalid report"', async () => {
    const byId = await api('GET', `/event_reports/view/${id}`);
    expect(byId.body.EventReport.name).toBe('Lifecycle');
    expect(byId.body.RelationshipInbound).toEqual([]);
    const byUuid = await api('GET', `/event_reports/view/${byId.body.EventReport.uuid}`);
    expect(byUuid.body.EventReport.id).toBe(id);
    for (const ref of ['999999', 'abc']) {
      const missing = await api('GET', `/event_reports/view/${ref}`);
      expect([missing.status, missing.body.message]).toEqual([404, 'Invalid report']);
    }
  });

  it('edits only the fields sent; a refused edit (bad distribution, blank name) is 200 [], writing nothing', async () => {
    const edited = await api('POST', `/event_reports/edit/${id}`, { content: 'v2' });
    expect(edited.body.EventReport).toMatchObject({ name: 'Lifecycle', content: 'v2', distribution: '1' });
    const refused = await api('POST', `/event_reports/edit/${id}`, { name: 'Changed', distribution: 9 });
    expect([refused.status, refused.body]).toEqual([200, []]);
    const blank = await api('POST', `/event_reports/edit/${id}`, { name: '' });
    expect([blank.status, blank.body]).toEqual([200, []]);
    expect((await api('GET', `/event_reports/view/${id}`)).body.EventReport.name).toBe('Lifecycle');
  });

  it('lets another organisation view but not edit, delete or restore (401 Unauthorized)', async () => {
    expect((await partnerApi('GET', `/event_reports/view/${id}`)).status).toBe(200);
    for (const [path, body] of [
      [`/event_reports/edit/${id}`, { name: 'theirs' }],
      [`/event_reports/delete/${id}`, undefined],
      [`/event_reports/restore/${id}`, undefined],
    ] as const) {
      const refused = await partnerApi('POST', path, body);
      expect([refused.status, refused.body.message], path).toEqual([401, 'Unauthorized']);
    }
    expect((await api('GET', `/event_reports/view/${id}`)).body.EventReport).toMatchObject({
      name: 'Lifecycle',
      deleted: false,
    });
  });

  it('soft-deletes, lists it in events/view with deleted: true, restores, then hard-deletes', async () => {
    const soft = await api('POST', `/event_reports/delete/${id}`);
    expect(soft.body).toEqual({
      saved: true,
      success: true,
      name: `Event Report ${id} soft deleted`,
      message: `Event Report ${id} soft deleted`,
      url: `/event_reports/delete/${id}`,
      id,
    });
    expect((await api('GET', `/event_reports/view/${id}`)).body.EventReport.deleted).toBe(true);
    const inEvent = (await api('GET', `/events/view/${eventId}`)).body.Event.EventReport;
    expect(inEvent.find((r: { id: string }) => r.id === id)).toMatchObject({ deleted: true });
    const restored = await api('POST', `/event_reports/restore/${id}`);
    expect(restored.body.message).toBe(`Event Report ${id} restored`);
    expect((await api('GET', `/event_reports/view/${id}`)).body.EventReport.deleted).toBe(false);
    const hard = await api('POST', `/event_reports/delete/${id}/1`);
    expect(hard.body.message).toBe(`Event Report ${id} hard deleted`);
    expect((await api('GET', `/event_reports/view/${id}`)).status).toBe(404);
  });

  it('hard-deletes with {hard: 1} in the body, and refuses GET on delete and restore', async () => {
    const other = (await api('POST', `/event_reports/add/${eventId}`, { name: 'Short-lived' })).body.EventReport.id;
    for (const action of ['delete', 'restore']) {
      const refused = await api('GET', `/event_reports/${action}/${other}`);
      expect([refused.status, refused.body.message]).toEqual([405, 'This function can only be reached via AJAX.']);
    }
    expect((await api('POST', `/event_reports/delete/${other}`, { hard: 1 })).body.message).toContain('hard deleted');
    expect((await api('GET', `/event_reports/view/${other}`)).status).toBe(404);
  });

  it('reads the hard flag from the path, /delete/{id}/0 soft and /delete/{id}/1 hard, PyMISP spelling too', async () => {
    const add = async () =>
      (await api('POST', `/event_reports/add/${eventId}`, { name: 'Path flag' })).body.EventReport.id as string;
    const soft = await add();
    expect((await api('POST', `/event_reports/delete/${soft}/0`)).body.message).toBe(
      `Event Report ${soft} soft deleted`,
    );
    expect((await api('GET', `/event_reports/view/${soft}`)).body.EventReport.deleted).toBe(true);
    const hard = await add();
    const r = await apiFor(misp)('POST', `/eventReports/delete/${hard}/1`);
    expect(r.body).toMatchObject({
      message: `Event Report ${hard} hard deleted`,
      url: `/event_reports/delete/${hard}`,
    });
    expect((await api('GET', `/event_reports/view/${hard}`)).status).toBe(404);
  });
});

describe('eventReports/index and events/view', () => {
  it('lists live reports, filters by event_id, context and value', async () => {
    const second = await api('POST', '/events/add', { info: 'another report event', distribution: 1 });
    const otherEvent = second.body.Event.id;
    await api('POST', `/event_reports/add/${otherEvent}`, { name: 'Needle report', content: 'haystack' });
    const gone = (await api('POST', `/event_reports/add/${otherEvent}`, { name: 'Deleted one' })).body.EventReport.id;
    await api('POST', `/event_reports/delete/${gone}`);
    const names = (body: { EventReport: { name: string } }[]) => body.map((r) => r.EventReport.name);
    expect(names((await api('GET', `/event_reports/index/event_id:${otherEvent}`)).body)).toEqual(['Needle report']);
    expect(names((await api('POST', '/event_reports/index', { event_id: otherEvent, context: 'all' })).body)).toEqual([
      'Needle report',
      'Deleted one',
    ]);
    expect(names((await api('POST', '/event_reports/index', { context: 'deleted' })).body)).toContain('Deleted one');
    expect(names((await api('GET', '/event_reports/index?value=HAYSTACK')).body)).toEqual(['Needle report']);
    const all = await api('GET', '/event_reports/index');
    expect(all.body[0]).toHaveProperty('RelationshipInbound', []);
  });

  it('hides distribution-0 reports of another organisation from index, view and events/view', async () => {
    const hidden = (await api('POST', `/event_reports/add/${eventId}`, { name: 'Internal only', distribution: 0 })).body
      .EventReport.id;
    expect((await partnerApi('GET', `/event_reports/view/${hidden}`)).status).toBe(404);
    const listed = (await partnerApi('GET', '/event_reports/index')).body.map(
      (r: { EventReport: { id: string } }) => r.EventReport.id,
    );
    expect(listed).not.toContain(hidden);
    const embedded = (await partnerApi('GET', `/events/view/${eventId}`)).body.Event.EventReport;
    expect(embedded.map((r: { id: string }) => r.id)).not.toContain(hidden);
    expect(embedded.length).toBeGreaterThan(0);
  });

  it('leaves EventReport out of events/view with noEventReports', async () => {
    const view = await api('GET', `/events/view/${eventId}/noEventReports:1`);
    expect(view.body.Event).not.toHaveProperty('EventReport');
    // Requests outside the contract (GET on POST-only actions, named parameters) are only compared by status.
    expect(checker.problems.filter((p) => !p.includes('no operation in the spec'))).toEqual([]);
    expect(checker.problems.map((p) => p.split(' ').slice(0, 2).join(' ').replace(/\d+/g, 'N'))).toEqual([
      'POST /event_reports/add:',
      'GET /event_reports/add/N:',
      'GET /event_reports/delete/N:',
      'GET /event_reports/restore/N:',
    ]);
  });
});
