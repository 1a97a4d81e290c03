// Event blocklists as MISP 2.5 answers them (checked against a real MISP): site admin only, uuids saved one by
// one with failures reported in a 200, events/add refused for a blocked uuid, events/delete blocking the uuid.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MispSandbox } from '../src/index.js';
import { partner } from './accounts/fixtures.js';
import { SpecChecker } from './accounts/spec-check.js';
import { type Api, apiFor, withSandbox } from './helpers.js';

let misp: MispSandbox;
let api: Api;
const checker = new SpecChecker();
const checked = (key?: string): Api => checker.api(misp, key);

const A = 'a1b2c3d4-0000-4000-8000-00000000000a';
const B = 'a1b2c3d4-0000-4000-8000-00000000000b';
const C = 'a1b2c3d4-0000-4000-8000-00000000000c';

beforeAll(async () => {
  ({ misp } = await withSandbox());
  api = checked();
});
afterAll(() => misp.close());

describe('eventBlocklists', () => {
  it('adds each uuid, reports the ones it could not save and lists the entries', async () => {
    const added = await api('POST', '/event_blocklists/add', {
      uuids: [A, B, 'not-a-uuid'],
      comment: 'duplicate feed',
      event_info: 'Phishing wave',
      event_orgc: 'CIRCL',
    });
    expect(added.status).toBe(200);
    expect(added.body).toEqual({
      result: { successes: [A, B], fails: ['not-a-uuid'] },
      message: 'Done. Added 2 new entries to the blocklist. 1 entries could not be saved.',
    });
    const again = await api('POST', '/event_blocklists/add', { EventBlocklist: { uuids: `${A}\n  ${C}  ` } });
    expect(again.body.result).toEqual({ successes: [C], fails: [A] });
    const list = await api('GET', '/event_blocklists/index');
    expect(list.body.map((e: { event_uuid: string }) => e.event_uuid)).toEqual([A, B, C]);
    expect(list.body[0]).toMatchObject({ id: '1', event_info: 'Phishing wave', comment: 'duplicate feed' });
    expect(list.body[2]).toMatchObject({ event_info: '', comment: '', event_orgc: '' });
    expect(list.body[0].created).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  });

  it('filters the index by named parameters only', async () => {
    const named = await api('GET', '/event_blocklists/index/comment:duplicate feed');
    expect(named.body.map((e: { event_uuid: string }) => e.event_uuid)).toEqual([A, B]);
    // A POST index is outside the contract (it declares GET), so it is sent unchecked.
    const body = await apiFor(misp)('POST', '/eventBlocklists/index', { comment: 'nothing like it' });
    expect(body.body).toHaveLength(3);
  });

  it('refuses an events/add of a blocked uuid before validating it, case-sensitively', async () => {
    const refused = await api('POST', '/events/add', { Event: { uuid: A, info: '' } });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toBe('Event blocked by event blocklist.');
    expect(misp.db.prepare('SELECT COUNT(*) AS n FROM events WHERE uuid = ?').get(A)).toEqual({ n: 0 });
    // MISP compares before it lowercases the uuid, so the upper-case spelling gets through.
    const upper = await api('POST', '/events/add', { Event: { uuid: B.toUpperCase(), info: 'upper' } });
    expect(upper.status).toBe(200);
    expect(upper.body.Event.uuid).toBe(B);
  });

  it('edits an entry by id or event uuid; a bad or taken uuid is a 405 and changes nothing', async () => {
    const edited = await api('POST', `/event_blocklists/edit/${C}`, { comment: 'edited' });
    expect(edited.status).toBe(200);
    expect(edited.body.EventBlocklist).toMatchObject({ id: '3', event_uuid: C, comment: 'edited' });
    for (const event_uuid of ['bad', A]) {
      const refused = await api('POST', '/event_blocklists/edit/3', { event_uuid, comment: 'lost' });
      expect(refused.status).toBe(405);
      expect(refused.body.message).toBe('Could not save the blocklist item.');
    }
    expect((await api('GET', '/event_blocklists/index')).body[2].comment).toBe('edited');
    const missing = await api('POST', '/event_blocklists/edit/999', { comment: 'x' });
    expect([missing.status, missing.body.message]).toEqual([404, 'Blocklist item not found.']);
  });

  it('deletes an entry, after which the event may be added', async () => {
    const removed = await api('POST', `/event_blocklists/delete/${A}`);
    expect(removed.body).toEqual({
      saved: true,
      success: true,
      name: 'Blocklist entry removed',
      message: 'Blocklist entry removed',
      url: `/event_blocklists/delete/${A}`,
      id: A,
    });
    const gone = await api('POST', '/event_blocklists/delete/1');
    expect([gone.status, gone.body.message]).toEqual([404, 'Invalid blocklist entry']);
    expect((await api('POST', '/events/add', { Event: { uuid: A, info: 'now allowed' } })).status).toBe(200);
  });

  it('blocks the uuid of a deleted event', async () => {
    const event = await api('POST', '/events/add', { Event: { info: 'short-lived' } });
    await api('POST', `/events/delete/${event.body.Event.id}`);
    const list = await api('GET', `/event_blocklists/index/event_uuid:${event.body.Event.uuid}`);
    expect(list.body).toEqual([
      expect.objectContaining({
        event_info: 'short-lived',
        event_orgc: 'ORGNAME',
        comment: 'Automatically blocked by deleting event',
      }),
    ]);
    const again = await api('POST', '/events/add', { Event: { uuid: event.body.Event.uuid, info: 'back' } });
    expect(again.status).toBe(403);
  });

  it('is for site admins only, even org admins are refused', async () => {
    const orgAdmin = await partner(api, 'Blocklist Partner', '2');
    const before = (await api('GET', '/event_blocklists/index')).body.length;
    for (const [method, path, body] of [
      ['GET', '/event_blocklists/index', undefined],
      ['POST', '/event_blocklists/add', { uuids: [C] }],
      ['POST', '/event_blocklists/edit/2', { comment: 'x' }],
      ['POST', '/event_blocklists/delete/2', undefined],
    ] as const) {
      const refused = await checked(orgAdmin.key)(method, path, body);
      expect([refused.status, refused.body.message]).toEqual([
        403,
        'You do not have permission to use this functionality.',
      ]);
    }
    expect((await api('GET', '/event_blocklists/index')).body).toHaveLength(before);
  });

  it('answered every blocklist operation as the contract says', () => {
    expect(checker.problems).toEqual([]);
    for (const id of ['listEventBlocklists', 'addEventBlocklists', 'editEventBlocklist', 'deleteEventBlocklist'])
      expect(checker.exercised.has(id), id).toBe(true);
  });
});
