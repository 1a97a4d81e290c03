// Event write rules, event blocklists, attachments and sighting search through the generated methods, against
// the MISP sandbox over HTTP (or a real MISP, see sandbox.ts).
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MispClient } from '../../src/index.js';
import { failure, useSandbox } from './sandbox.js';

const e2e = useSandbox();
let admin: MispClient;
const run = Date.now().toString(36);

beforeAll(() => {
  admin = e2e.client({ apiKey: e2e.sandbox.adminKey });
});

describe('event blocklists', () => {
  it('blocks a uuid, refuses the event, lists, edits and unblocks it', async () => {
    const uuid = randomUUID();
    const added = await admin.eventBlocklists.add({ uuids: [uuid, 'nope'], comment: `sdk ${run}` });
    expect(added.result).toEqual({ successes: [uuid], fails: ['nope'] });
    expect(await failure(admin.events.add({ uuid, info: `blocked ${run}` }))).toMatchObject({
      status: 403,
      message: expect.stringContaining('Event blocked by event blocklist.'),
    });
    const listed = await admin.eventBlocklists.list({ comment: `sdk ${run}` });
    expect(listed.map((e) => e.event_uuid)).toEqual([uuid]);
    expect((await admin.eventBlocklists.edit(uuid, { comment: `sdk edited ${run}` })).comment).toBe(
      `sdk edited ${run}`,
    );
    expect((await admin.eventBlocklists.delete(uuid)).saved).toBe(true);
    expect((await admin.events.add({ uuid, info: `unblocked ${run}` })).uuid).toBe(uuid);
  });

  it('is refused to a user who is not a site admin', async () => {
    expect(await failure(e2e.misp.eventBlocklists.list())).toMatchObject({ code: 'misp_forbidden', status: 403 });
  });
});

describe('write rules', () => {
  it('keeps client timestamps and refuses an edit that is not newer', async () => {
    const event = await admin.events.add({ info: `dated ${run}`, timestamp: '1700000000' });
    expect(event.timestamp).toBe('1700000000');
    expect(await failure(admin.events.edit(event.id, { info: 'lost', timestamp: '1700000000' }))).toMatchObject({
      code: 'misp_validation',
      status: 403,
    });
    expect((await admin.events.edit(event.id, { timestamp: '1700000100' })).timestamp).toBe('1700000100');
  });

  it('stores first_seen with microseconds and finds it with the first_seen filter', async () => {
    const event = await admin.events.add({
      info: `seen ${run}`,
      Attribute: [{ type: 'domain', value: `seen-${run}.example`, first_seen: '2024-01-02T03:04:05.123456+02:00' }],
    });
    expect(event.Attribute?.[0]?.first_seen).toBe('2024-01-02T01:04:05.123456+00:00');
    const found = await admin.attributes.search({ eventid: event.id, first_seen: '2024-01-02' });
    expect(found.map((a) => a.value)).toEqual([`seen-${run}.example`]);
  });

  it('merges extending events into the extended view', async () => {
    const parent = await admin.events.add({
      info: `parent ${run}`,
      Attribute: [{ type: 'ip-dst', value: '203.0.113.61' }],
    });
    await admin.events.add({
      info: `child ${run}`,
      extends_uuid: parent.uuid,
      Attribute: [{ type: 'ip-dst', value: '203.0.113.62' }],
    });
    const extended = await admin.events.get(parent.id, { extended: 1 });
    expect(extended.Attribute?.map((a) => a.value).sort()).toEqual(['203.0.113.61', '203.0.113.62']);
  });

  it('soft-deletes an attribute through an edit', async () => {
    const event = await admin.events.add({
      info: `deleting ${run}`,
      Attribute: [{ type: 'ip-dst', value: '203.0.113.63' }],
    });
    const attribute = event.Attribute?.[0];
    expect((await admin.attributes.edit(attribute?.id as string, { deleted: 1 })).deleted).toBe(true);
    expect((await admin.events.get(event.id)).Attribute).toEqual([]);
  });
});

describe('attachments and sightings', () => {
  it('returns an attachment in data and downloads it', async () => {
    const data = Buffer.from(`note ${run}\n`).toString('base64');
    const event = await admin.events.add({
      info: `files ${run}`,
      Attribute: [{ type: 'attachment', value: 'note.txt', data }],
    });
    const id = event.Attribute?.[0]?.id as string;
    expect((await admin.attributes.get(id)).data).toBe(data);
    expect(Buffer.from(await admin.attributes.download(id)).toString()).toBe(`note ${run}\n`);
  });

  it('embeds the attribute and the event in a sighting search', async () => {
    const event = await admin.events.add({
      info: `sighted ${run}`,
      Attribute: [{ type: 'ip-dst', value: '203.0.113.64' }],
    });
    const attribute = event.Attribute?.[0];
    await admin.sightings.add({ uuid: attribute?.uuid as string, source: `sdk ${run}` });
    const [sighting] = await admin.sightings.search('attribute', {
      id: Number(attribute?.id),
      includeAttribute: 1,
      includeEvent: 1,
    });
    expect(sighting?.Attribute).toMatchObject({ uuid: attribute?.uuid, value: '203.0.113.64' });
    expect(sighting?.Event).toMatchObject({ uuid: event.uuid, info: `sighted ${run}` });
  });
});
