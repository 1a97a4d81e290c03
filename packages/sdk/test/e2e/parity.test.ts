// PyMISP parity operations through the generated methods, against the MISP sandbox over HTTP (or a real MISP,
// see sandbox.ts): organisation blocklists and the events/add refusal for a blocked creator organisation.
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

describe('organisation blocklists', () => {
  it('blocks an organisation, refuses its events, lists, edits and unblocks it', async () => {
    const org = await admin.organisations.add({ name: `sdk blocked ${run}`, uuid: randomUUID() });
    const uuid = org.uuid;
    const added = await admin.orgBlocklists.add({ uuids: [uuid, 'nope'], comment: `sdk ${run}`, org_name: 'Evil' });
    expect(added.result).toEqual({ successes: [uuid], fails: ['nope'] });
    expect(await failure(admin.events.add({ info: `blocked ${run}`, orgc_id: org.id }))).toMatchObject({
      status: 403,
      message: expect.stringContaining('Event blocked by organisation blocklist.'),
    });
    const listed = await admin.orgBlocklists.list();
    expect(listed.find((e) => e.org_uuid === uuid)).toMatchObject({
      org_name: 'Evil',
      comment: `sdk ${run}`,
      // The refused event is counted.
      blocked_data: { blocked_amount: '1', blocked_last_time: expect.stringMatching(/^\d+$/) },
    });
    const edited = await admin.orgBlocklists.edit(uuid, { comment: `sdk edited ${run}` });
    expect(edited).toMatchObject({ org_uuid: uuid, comment: `sdk edited ${run}` });
    expect(await failure(admin.orgBlocklists.edit(uuid, { org_uuid: 'nope' }))).toMatchObject({ status: 405 });
    expect((await admin.orgBlocklists.delete(edited.id)).saved).toBe(true);
    expect((await admin.orgBlocklists.list()).some((e) => e.org_uuid === uuid)).toBe(false);
  });

  it('is refused to a user who is not a site admin', async () => {
    expect(await failure(e2e.misp.orgBlocklists.list())).toMatchObject({ code: 'misp_forbidden', status: 403 });
  });
});

describe('tag statistics', () => {
  it('counts the events of each tag, as counts or percentages', async () => {
    const name = `sdk-stats-${run}`;
    await admin.events.add({ info: `tag stats ${run}`, Tag: [{ name }] });
    const counts = await admin.tags.statistics('false', 'false');
    expect(Array.isArray(counts.tags) ? {} : counts.tags).toMatchObject({ [name]: '1' });
    const shares = await admin.tags.statistics('true', 'true');
    expect(Array.isArray(shares.tags) ? undefined : shares.tags[name]).toMatch(/^[\d.]+%$/);
  });
});

describe('user settings by name', () => {
  it('reads and deletes a setting named in the body', async () => {
    await admin.userSettings.set({ setting: 'homepage', value: { path: `/events/index/${run}` } });
    const found = await admin.userSettings.find({ setting: 'homepage' });
    expect(found.value).toEqual({ path: `/events/index/${run}` });
    expect((await admin.userSettings.deleteByName({ setting: 'homepage' })).id).toBe(found.id);
    expect(await failure(admin.userSettings.find({ setting: 'homepage' }))).toMatchObject({ status: 404 });
  });
});

describe('statistics pages', () => {
  it('answers the data, users and tags pages', async () => {
    const data = await admin.users.statisticsPage('data');
    expect(data).toHaveProperty('stats.event_count');
    const users = await admin.users.statisticsPage('users');
    expect(users).toHaveProperty('user.data.total');
    expect(await admin.users.statisticsPage('tags')).toHaveProperty('treemap.name', 'tags');
  });
});
