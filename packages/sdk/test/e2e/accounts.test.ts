// Organisations, users, roles, auth keys, user settings and sharing groups through the generated methods,
// against the MISP sandbox over HTTP (or a real MISP, see sandbox.ts): onboarding as a MISP admin does it,
// and MISP's refusals as typed errors.
import { beforeAll, describe, expect, it } from 'vitest';
import { createMispClient, type MispClient } from '../../src/index.js';
import { failure, useSandbox } from './sandbox.js';

const e2e = useSandbox();
let admin: MispClient;
const run = Date.now().toString(36);
const as = (apiKey: string) => createMispClient({ baseUrl: e2e.sandbox.url, apiKey });

beforeAll(() => {
  admin = e2e.client({ apiKey: e2e.sandbox.adminKey });
});

describe('organisations', () => {
  it('add, edit, get and delete', async () => {
    const org = await admin.organisations.add({ name: `SDK Org ${run}`, sector: 'Energy' });
    expect(org).toMatchObject({ name: `SDK Org ${run}`, local: true });
    expect((await admin.organisations.edit(org.id, { sector: 'Finance' })).sector).toBe('Finance');
    expect((await admin.organisations.get(org.id)).sector).toBe('Finance');
    expect((await admin.organisations.delete(org.id)).saved).toBe(true);
    expect(await admin.organisations.exists(org.id)).toBe(false);
  });

  it('a duplicate name is a MispValidationError; a publisher may not add one (MispForbiddenError)', async () => {
    await admin.organisations.add({ name: `SDK Twice ${run}` });
    expect(await failure(admin.organisations.add({ name: `SDK Twice ${run}` }))).toMatchObject({
      code: 'misp_validation',
      status: 403,
    });
    expect(await failure(e2e.misp.organisations.add({ name: `SDK Rogue ${run}` }))).toMatchObject({
      code: 'misp_forbidden',
    });
  });

  it('lists local organisations by default, and external or all ones with scope (sent as /scope:…)', async () => {
    const external = await admin.organisations.add({ name: `SDK External ${run}`, local: false });
    const names = async (scope?: 'local' | 'external' | 'all') =>
      (await admin.organisations.list(scope ? { scope } : {})).map((o) => o.name);
    try {
      expect(await names()).not.toContain(external.name);
      expect(await names('local')).not.toContain(external.name);
      expect(await names('external')).toContain(external.name);
      expect((await admin.organisations.list({ scope: 'external' })).every((o) => o.local === false)).toBe(true);
      const all = await names('all');
      expect(all).toContain(external.name);
      expect(all).toContain(e2e.sandbox.users[0]?.org);
    } finally {
      await admin.organisations.delete(external.id);
    }
  });
});

describe('users and auth keys', () => {
  it('onboards a user: add returns the first key, which works; edit, get, list and delete', async () => {
    const user = await admin.users.add({ email: `sdk-${run}@orgname.example`, role_id: '4' });
    expect(user.authkey).toMatch(/^[a-zA-Z0-9]{40}$/);
    const me = await as(user.authkey as string).users.me();
    expect(me.User.email).toBe(user.email);
    expect((await admin.users.edit(user.id, { role_id: '6' })).role_id).toBe('6');
    expect((await admin.users.get(user.id)).Role.name).toBe('Read Only');
    expect((await admin.users.view(user.id)).User.email).toBe(user.email);
    expect((await admin.users.list()).some((u) => u.User.id === user.id)).toBe(true);
    expect((await as(user.authkey as string).users.editMe({ autoalert: 1 })).User.autoalert).toBe(true);
    await admin.users.delete(user.id);
    expect(await failure(admin.users.get(user.id))).toMatchObject({ code: 'misp_not_found' });
    expect(await failure(as(user.authkey as string).users.me())).toMatchObject({ code: 'misp_authentication' });
  });

  it('refuses a duplicate e-mail and an unknown role', async () => {
    await admin.users.add({ email: `sdk-dup-${run}@orgname.example` });
    expect(await failure(admin.users.add({ email: `sdk-dup-${run}@orgname.example` }))).toMatchObject({
      code: 'misp_validation',
    });
    expect(
      await failure(admin.users.add({ email: `sdk-role-${run}@orgname.example`, role_id: '999999' })),
    ).toMatchObject({
      code: 'misp_not_found',
      status: 405,
    });
  });

  it('keys: add (shown once), get, list, edit to read-only, delete', async () => {
    const key = await e2e.misp.authKeys.add({ comment: `sdk ${run}` });
    expect(key.authkey_raw).toMatch(/^[a-zA-Z0-9]{40}$/);
    const own = as(key.authkey_raw as string);
    expect((await own.users.me()).User.email).toBe('user@orgname.example');
    expect((await e2e.misp.authKeys.get(key.id)).authkey_raw).toBeUndefined();
    expect((await e2e.misp.authKeys.list()).map((k) => k.AuthKey.id)).toContain(key.id);
    expect((await e2e.misp.authKeys.edit(key.id, { read_only: 1 })).read_only).toBe(1); // echoed as sent
    expect(await failure(own.events.add({ info: 'read-only key' }))).toMatchObject({ code: 'misp_forbidden' });
    await e2e.misp.authKeys.delete(key.id);
    expect(await failure(own.users.me())).toMatchObject({ code: 'misp_authentication' });
  });

  it('a key for another user needs admin rights', async () => {
    const other = await admin.users.add({ email: `sdk-keyowner-${run}@orgname.example` });
    expect(await failure(e2e.misp.authKeys.addForUser(other.id))).toMatchObject({
      code: 'misp_not_found',
      status: 405,
    });
    expect((await admin.authKeys.addForUser(other.id, { expiration: '2099-01-01' })).user_id).toBe(other.id);
  });

  it('statistics, and a password reset that cannot mail is a MispValidationError', async () => {
    expect(Number((await admin.users.statistics()).user_count)).toBeGreaterThan(0);
    expect(await failure(admin.users.initiatePasswordReset('1'))).toMatchObject({ code: 'misp_validation' });
  });
});

describe('roles', () => {
  it('lists the default roles and manages a custom one', async () => {
    const names = (await e2e.misp.roles.list()).map((r) => r.name);
    expect(names).toEqual(
      expect.arrayContaining(['admin', 'Org Admin', 'User', 'Publisher', 'Sync user', 'Read Only']),
    );
    const role = await admin.roles.add({ name: `SDK triage ${run}`, permission: '1' });
    expect(role).toMatchObject({ perm_add: true, perm_publish: false });
    expect((await admin.roles.edit(role.id, { perm_publish: 1 })).perm_publish).toBe(true);
    expect((await e2e.misp.roles.get(role.id)).name).toBe(role.name);
    expect((await admin.roles.setDefault(role.id)).saved).toBe(true);
    expect((await admin.users.add({ email: `sdk-default-${run}@orgname.example` })).role_id).toBe(role.id);
    const user = (await e2e.misp.roles.list()).find((r) => r.name === 'User');
    await admin.roles.setDefault(user?.id ?? '3');
    for (const u of await admin.users.list()) if (u.User.role_id === role.id) await admin.users.delete(u.User.id);
    await admin.roles.delete(role.id);
    expect(await failure(e2e.misp.roles.get(role.id))).toMatchObject({ code: 'misp_not_found' });
    expect(await failure(e2e.misp.roles.add({ name: 'nope' }))).toMatchObject({ code: 'misp_forbidden' });
  });
});

describe('user settings', () => {
  it('set, get, list and delete', async () => {
    const setting = await e2e.misp.userSettings.set({ setting: 'homepage', value: { path: '/events/index' } });
    expect(setting.value).toEqual({ path: '/events/index' });
    expect((await e2e.misp.userSettings.get(setting.user_id, 'homepage')).value).toEqual({ path: '/events/index' });
    expect((await e2e.misp.userSettings.list()).map((s) => s.setting)).toContain('homepage');
    await e2e.misp.userSettings.delete(setting.id);
    expect(await failure(e2e.misp.userSettings.get(setting.user_id, 'homepage'))).toMatchObject({
      code: 'misp_not_found',
    });
    expect(await failure(e2e.misp.userSettings.set({ setting: 'bogus', value: 1 }))).toMatchObject({ status: 405 });
  });
});

describe('sharing groups', () => {
  it('add, addOrg, get, exists, edit, removeOrg, delete; events in it are visible to its organisations only', async () => {
    const partner = await admin.organisations.add({ name: `SDK Partner ${run}` });
    const outsiderOrg = await admin.organisations.add({ name: `SDK Outsider ${run}` });
    const member = await admin.users.add({
      email: `member@sdk-partner-${run}.example`,
      org_id: partner.id,
      role_id: '6',
    });
    const outsider = await admin.users.add({
      email: `outsider@sdk-out-${run}.example`,
      org_id: outsiderOrg.id,
      role_id: '6',
    });
    const group = await admin.sharingGroups.add({ name: `SDK circle ${run}`, releasability: 'test' });
    const id = group.SharingGroup.id;
    await admin.sharingGroups.addOrg(id, '1', { extend: 1 });
    await admin.sharingGroups.addOrg(id, partner.id);
    expect(await failure(admin.sharingGroups.addOrg(id, partner.id))).toMatchObject({ code: 'misp_validation' });
    expect((await admin.sharingGroups.get(id)).SharingGroupOrg?.map((m) => m.org_id)).toEqual(['1', partner.id]);
    expect(await admin.sharingGroups.exists(id)).toBe(true);
    expect((await admin.sharingGroups.edit(id, { description: 'edited' })).SharingGroup.description).toBe('edited');

    const event = await admin.events.add({ info: `sdk circle event ${run}`, distribution: '4', sharing_group_id: id });
    expect((await as(member.authkey as string).events.get(event.id)).id).toBe(event.id);
    expect(await failure(as(outsider.authkey as string).events.get(event.id))).toMatchObject({
      code: 'misp_not_found',
    });
    expect(await as(outsider.authkey as string).sharingGroups.exists(id)).toBe(false);

    await admin.events.delete(event.id);
    await admin.sharingGroups.removeOrg(id, partner.id);
    expect(await failure(admin.sharingGroups.addServer(id, '999'))).toMatchObject({ status: 405 });
    expect(await failure(admin.sharingGroups.removeServer(id, '0'))).toMatchObject({ status: 405 });
    await admin.sharingGroups.delete(id);
    expect(await admin.sharingGroups.exists(id)).toBe(false);
  });
});
