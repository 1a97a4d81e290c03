// Every account-management operation of the contract (organisations, users, roles, auth keys, user settings,
// sharing groups) with valid and refused input: MISP's status codes and messages, nothing written by a
// refused request, and every answer checked against openapi/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MispSandbox } from '../../src/index.js';
import { type Api, type ApiResponse, apiFor, type Json, withSandbox } from '../helpers.js';
import { partner } from './fixtures.js';
import { accountOperations, SpecChecker } from './spec-check.js';

let misp: MispSandbox;
let raw: Api;
const checker = new SpecChecker();
const as =
  (key?: string): Api =>
  async (method, path, body, options) =>
    checker.check(method, path, await (key ? apiFor(misp, key) : raw)(method, path, body, options));
let api: Api;

/** Row counts of the account tables: a refused request must leave them as they were. */
const counts = () =>
  Object.fromEntries(
    ['users', 'organisations', 'roles', 'auth_keys', 'user_settings', 'sharing_groups', 'sharing_group_orgs'].map(
      (t) => [t, (misp.db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n],
    ),
  );
async function unchanged(run: () => Promise<ApiResponse>): Promise<ApiResponse> {
  const before = counts();
  const response = await run();
  expect(counts()).toEqual(before);
  return response;
}

beforeAll(async () => {
  ({ misp, api: raw } = await withSandbox());
  api = as();
});
afterAll(() => misp.close());

describe('a fresh sandbox is a fresh MISP', () => {
  it('has the site admin admin@admin.test in ORGNAME', async () => {
    const me = await api('GET', '/users/view/me');
    expect(me.body.User.email).toBe('admin@admin.test');
    expect(me.body.Organisation.name).toBe('ORGNAME');
    expect(me.body.Role.name).toBe('admin');
    expect(me.body.UserSetting).toEqual([]);
  });
});

describe('organisations', () => {
  it('a site admin adds, edits and deletes an organisation', async () => {
    const added = await api('POST', '/admin/organisations/add', {
      name: 'Lifecycle CERT',
      description: 'made by a test',
      nationality: 'Norway',
      sector: 'Energy',
      type: 'CERT',
    });
    expect(added.status).toBe(200);
    expect(added.body.Organisation).toMatchObject({ name: 'Lifecycle CERT', local: true, created_by: '1' });
    const id = added.body.Organisation.id;
    const edited = await api('POST', `/admin/organisations/edit/${id}`, { sector: 'Finance' });
    expect(edited.body.Organisation.sector).toBe('Finance');
    expect((await api('GET', `/organisations/view/${id}`)).body.Organisation.sector).toBe('Finance');
    const deleted = await api('POST', `/admin/organisations/delete/${id}`);
    expect(deleted.body).toMatchObject({ saved: true, name: 'Organisation deleted' });
    expect((await api('GET', `/organisations/view/${id}`)).status).toBe(404);
  });

  it('refuses a duplicate name with a 403 save failure', async () => {
    await api('POST', '/admin/organisations/add', { name: 'Twice CERT' });
    const again = await unchanged(() => api('POST', '/admin/organisations/add', { name: 'Twice CERT' }));
    expect(again.status).toBe(403);
    expect(again.body.errors).toEqual({ name: ['An organisation with this name already exists.'] });
  });

  it('refuses to delete an organisation that still has users, and deletes nothing', async () => {
    const { orgId } = await partner(api, 'Busy CERT');
    const refused = await unchanged(() => api('POST', `/admin/organisations/delete/${orgId}`));
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ saved: false, name: 'Could not delete Organisation', errors: [] });
  });

  it('answers an unknown organisation with 404 "Invalid organisation"', async () => {
    for (const path of ['/admin/organisations/edit/999999', '/admin/organisations/delete/999999']) {
      const missing = await api('POST', path, {});
      expect(missing.status).toBe(404);
      expect(missing.body.message).toBe('Invalid organisation');
    }
  });

  it('lists local, external or all organisations, and searches them', async () => {
    await api('POST', '/admin/organisations/add', { name: 'Far Away ISAC', local: false });
    const names = async (query: string) =>
      (await api('GET', `/organisations/index${query}`)).body.map((o: Json) => o.Organisation.name);
    expect(await names('')).not.toContain('Far Away ISAC');
    expect(await names('/scope:external')).toEqual(['Far Away ISAC']);
    expect(await names('/scope:all')).toContain('Far Away ISAC');
    expect(await names('/scope:all/searchall:far away')).toEqual(['Far Away ISAC']);
    // MISP reads scope only as a named parameter: the query string, and an unknown scope, mean local.
    expect(await names('?scope=external')).not.toContain('Far Away ISAC');
    expect(await names('?scope=all')).not.toContain('Far Away ISAC');
    expect(await names('/scope:nowhere')).toEqual(await names(''));
  });
});

describe('users', () => {
  it('admin/users/add creates a user with its first key, shown once, that works at once', async () => {
    const created = await api('POST', '/admin/users/add', { email: 'first-key@orgname.test', role_id: '4' });
    expect(created.status).toBe(200);
    expect(created.body.User).toMatchObject({
      email: 'first-key@orgname.test',
      role_id: '4',
      org_id: '1',
      password: '******',
    });
    expect(created.body.User.authkey).toMatch(/^[a-zA-Z0-9]{40}$/);
    const me = await as(created.body.User.authkey)('GET', '/users/view/me');
    expect(me.body.User.email).toBe('first-key@orgname.test');
    expect(me.body.User.authkey).toBeUndefined();
    const view = await api('GET', `/admin/users/view/${created.body.User.id}`);
    expect(JSON.stringify(view.body)).not.toContain(created.body.User.authkey);
    const stored = misp.db
      .prepare('SELECT key_hash FROM auth_keys WHERE user_id = ?')
      .get(created.body.User.id) as Json;
    expect(stored.key_hash).not.toContain(created.body.User.authkey);
  });

  it('defaults to the default role (User) and the caller’s organisation', async () => {
    const created = await api('POST', '/admin/users/add', { email: 'defaults@orgname.test' });
    expect(created.body.User).toMatchObject({ role_id: '3', org_id: '1' });
  });

  it('refuses bad input with MISP’s status and message, writing nothing', async () => {
    await api('POST', '/admin/users/add', { email: 'taken@orgname.test' });
    const cases: [unknown, number, unknown][] = [
      [{ email: 'TAKEN@orgname.test' }, 403, { email: ['An account with this email address already exists.'] }],
      [{ email: 'not-an-email' }, 403, { email: ['Please enter a valid email address.'] }],
      [{ email: 'x@orgname.test', org_id: '999999' }, 403, ['Invalid organisation']],
      [{ email: 'y@orgname.test', role_id: '999999' }, 405, undefined],
    ];
    for (const [body, status, errors] of cases) {
      const refused = await unchanged(() => api('POST', '/admin/users/add', body));
      expect(refused.status, JSON.stringify(body)).toBe(status);
      if (errors) expect(refused.body.errors).toEqual(errors);
      else expect(refused.body.message).toBe('Invalid role');
    }
  });

  it('admin/users/edit changes role and disables; a disabled user’s keys are refused', async () => {
    const created = await api('POST', '/admin/users/add', { email: 'to-disable@orgname.test', role_id: '3' });
    const id = created.body.User.id;
    const edited = await api('POST', `/admin/users/edit/${id}`, { role_id: '6', disabled: true });
    expect(edited.body.User).toMatchObject({ role_id: '6', disabled: true });
    const refused = await as(created.body.User.authkey)('GET', '/users/view/me');
    expect(refused.status).toBe(403);
    expect(refused.body.message).toBe('Authentication failed. Your user account has been disabled.');
    // MISP creates a key for a disabled user; it is refused at use like the others.
    const key = await api('POST', `/auth_keys/add/${id}`, {});
    expect(key.status).toBe(200);
    expect((await as(key.body.AuthKey.authkey_raw)('GET', '/servers/getVersion')).status).toBe(403);
  });

  it('admin/users/delete removes the user and its keys', async () => {
    const created = await api('POST', '/admin/users/add', { email: 'to-delete@orgname.test' });
    const deleted = await api('POST', `/admin/users/delete/${created.body.User.id}`);
    expect(deleted.body).toMatchObject({ saved: true, name: 'User deleted.', id: created.body.User.id });
    expect((await as(created.body.User.authkey)('GET', '/users/view/me')).status).toBe(403);
    expect((await api('GET', `/admin/users/view/${created.body.User.id}`)).status).toBe(404);
    expect((await api('POST', '/admin/users/delete/999999')).body.message).toBe('Invalid user');
  });

  it('admin/users/index filters by e-mail, organisation, role and disabled', async () => {
    const { orgId } = await partner(api, 'Filter CERT', '6');
    const emails = async (query: string) =>
      (await api('GET', `/admin/users/index${query}`)).body.map((u: Json) => u.User.email);
    expect(await emails(`/searchorg:${orgId}`)).toEqual(['role6@filter-cert.test']);
    expect(await emails('/searchall:filter cert')).toEqual(['role6@filter-cert.test']);
    expect(await emails('/searchemail:filter-cert')).toEqual(['role6@filter-cert.test']);
    expect(await emails('/searchrole:6')).toContain('role6@filter-cert.test');
    expect(await emails('/searchdisabled:1')).not.toContain('role6@filter-cert.test');
    // Named parameters only, as in MISP: a query string filters nothing.
    expect(await emails('?searchemail=filter-cert')).toContain('admin@admin.test');
    const item = (await api('GET', `/admin/users/index/searchorg:${orgId}`)).body[0];
    expect(item.Role).toEqual({
      id: '6',
      name: 'Read Only',
      perm_auth: true,
      perm_site_admin: false,
      perm_admin: false,
    });
  });

  it('users/edit changes the caller’s own profile but not their role', async () => {
    const created = await api('POST', '/admin/users/add', { email: 'own@orgname.test', role_id: '6' });
    const self = as(created.body.User.authkey);
    const edited = await self('POST', '/users/edit', { email: 'own-renamed@orgname.test', autoalert: 1, role_id: '1' });
    expect(edited.status).toBe(200);
    expect(edited.body.User).toMatchObject({ email: 'own-renamed@orgname.test', autoalert: true, role_id: '6' });
    const taken = await unchanged(() => self('POST', '/users/edit', { email: 'admin@admin.test' }));
    expect(taken.status).toBe(403);
  });

  it('users/view of another user is 404 for non-admins, and the account for site admins', async () => {
    const created = await api('POST', '/admin/users/add', { email: 'viewer@orgname.test' });
    expect((await api('GET', `/users/view/${created.body.User.id}`)).body.User.email).toBe('viewer@orgname.test');
    const refused = await as(created.body.User.authkey)('GET', '/users/view/1');
    expect(refused.status).toBe(404);
    expect(refused.body.message).toBe('Invalid user or not authorised.');
  });

  it('users/statistics counts users and organisations', async () => {
    const stats = await api('GET', '/users/statistics');
    expect(Number(stats.body.stats.user_count)).toBe(misp.db.prepare('SELECT COUNT(*) AS n FROM users').pluck().get());
    expect(Number(stats.body.stats.org_count)).toBe(
      misp.db.prepare('SELECT COUNT(*) AS n FROM organisations').pluck().get(),
    );
  });

  it('users/initiatePasswordReset answers as MISP does when no mail can be sent, changing nothing', async () => {
    const reset = await unchanged(() => api('POST', '/users/initiatePasswordReset/1'));
    expect(reset.status).toBe(200);
    expect(reset.body).toEqual({
      saved: false,
      errors: 'There was an error notifying the user. His/her credentials were not altered.',
    });
  });
});

describe('auth keys', () => {
  it('a key is shown once, stored hashed, listed by its ends only', async () => {
    const added = await api('POST', '/auth_keys/add', { comment: 'ci' });
    const raw40 = added.body.AuthKey.authkey_raw;
    expect(raw40).toMatch(/^[a-zA-Z0-9]{40}$/);
    expect(added.body.AuthKey).toMatchObject({
      authkey_start: raw40.slice(0, 4),
      authkey_end: raw40.slice(-4),
      comment: 'ci',
    });
    const listed = await api('GET', '/auth_keys/index');
    expect(JSON.stringify(listed.body)).not.toContain(raw40);
    const view = await api('GET', `/auth_keys/view/${added.body.AuthKey.id}`);
    expect(view.body.AuthKey.authkey_raw).toBeUndefined();
    expect(view.body.User).toEqual({ id: '1', email: 'admin@admin.test' });
  });

  it('an expired key and a key used from outside allowed_ips are refused', async () => {
    const expired = await api('POST', '/auth_keys/add', { expiration: '2020-01-01' });
    expect(expired.body.AuthKey.expiration).toBe('1577836800');
    expect((await as(expired.body.AuthKey.authkey_raw)('GET', '/servers/getVersion')).status).toBe(403);
    const elsewhere = await api('POST', '/auth_keys/add', { allowed_ips: ['10.0.0.0/8'] });
    expect((await as(elsewhere.body.AuthKey.authkey_raw)('GET', '/servers/getVersion')).status).toBe(403);
    const here = await api('POST', '/auth_keys/add', { allowed_ips: ['127.0.0.0/8', '::1'] });
    expect((await as(here.body.AuthKey.authkey_raw)('GET', '/servers/getVersion')).status).toBe(200);
  });

  it('refuses an invalid IP range and an unknown user, writing nothing', async () => {
    const badRange = await unchanged(() => api('POST', '/auth_keys/add', { allowed_ips: ['notanip'] }));
    expect(badRange.status).toBe(403);
    expect(badRange.body.errors).toEqual({ allowed_ips: ['notanip is not valid IP range'] });
    const nobody = await unchanged(() => api('POST', '/auth_keys/add/999999', {}));
    expect(nobody.status).toBe(403);
    expect(nobody.body.errors).toEqual({ user_id: ["User doesn't exists"] });
  });

  it('a user may not create keys for someone else (405), an org admin only within their organisation', async () => {
    const user = await api('POST', '/admin/users/add', { email: 'keyless@orgname.test', role_id: '4' });
    const refused = await unchanged(() => as(user.body.User.authkey)('POST', '/auth_keys/add/1', {}));
    expect(refused.status).toBe(405);
    expect(refused.body.message).toBe(
      'Invalid user or insufficient privileges to interact with an authkey for the given user.',
    );
    const other = await partner(api, 'Key Admin CERT', '2');
    const foreign = await unchanged(() => as(other.key)('POST', `/auth_keys/add/${user.body.User.id}`, {}));
    expect(foreign.status).toBe(405);
    const colleague = await api('POST', '/admin/users/add', {
      email: 'colleague@key-admin-cert.test',
      org_id: other.orgId,
    });
    expect((await as(other.key)('POST', `/auth_keys/add/${colleague.body.User.id}`, {})).status).toBe(200);
  });

  it('edits (comment, read_only, allowed_ips) and deletes a key; a deleted key stops working', async () => {
    const added = await api('POST', '/auth_keys/add', { comment: 'old' });
    const id = added.body.AuthKey.id;
    const edited = await api('POST', `/auth_keys/edit/${id}`, { comment: 'new', read_only: 1 });
    expect(edited.body.AuthKey).toMatchObject({ comment: 'new', read_only: 1 }); // echoed as sent, as MISP does
    const deleted = await api('POST', `/auth_keys/delete/${id}`);
    expect(deleted.body).toMatchObject({ saved: true, name: 'AuthKey deleted.', id: Number(id) });
    expect((await as(added.body.AuthKey.authkey_raw)('GET', '/servers/getVersion')).status).toBe(403);
    for (const path of [`/auth_keys/view/${id}`, `/auth_keys/delete/${id}`]) {
      const missing = await api(path.includes('view') ? 'GET' : 'POST', path);
      expect(missing.status).toBe(404);
      expect(missing.body.message).toBe('Invalid AuthKey.');
    }
  });

  it('a user sees only their own keys', async () => {
    const user = await api('POST', '/admin/users/add', { email: 'own-keys@orgname.test' });
    const listed = await as(user.body.User.authkey)('GET', '/auth_keys/index');
    expect(listed.body.map((k: Json) => k.User.email)).toEqual(['own-keys@orgname.test']);
    const adminKey = (await api('GET', '/auth_keys/index')).body.find((k: Json) => k.User.id === '1');
    expect((await as(user.body.User.authkey)('GET', `/auth_keys/view/${adminKey.AuthKey.id}`)).status).toBe(404);
  });
});

describe('roles', () => {
  it('roles/index lists the six default roles to every user', async () => {
    const user = await api('POST', '/admin/users/add', { email: 'role-reader@orgname.test', role_id: '6' });
    const roles = await as(user.body.User.authkey)('GET', '/roles/index');
    expect(roles.body.map((r: Json) => r.Role.name)).toEqual([
      'admin',
      'Org Admin',
      'User',
      'Publisher',
      'Sync user',
      'Read Only',
    ]);
    expect(roles.body.find((r: Json) => r.Role.name === 'User').Role.default).toBe(true);
  });

  it('a site admin adds a role from a permission level, edits and deletes it', async () => {
    const added = await api('POST', '/admin/roles/add', { name: 'Triage', permission: '1', perm_sighting: 1 });
    expect(added.status).toBe(200);
    expect(added.body.Role).toMatchObject({
      name: 'Triage',
      perm_add: true,
      perm_modify: true,
      perm_modify_org: false,
      perm_publish: false,
      perm_sighting: true,
      perm_audit: false,
      permission: '1',
      permission_description: 'manage_own',
    });
    const id = added.body.Role.id;
    const edited = await api('POST', `/admin/roles/edit/${id}`, { permission: '3', perm_tagger: 1 });
    expect(edited.body.Role).toMatchObject({ perm_publish: true, perm_tagger: true, permission: '3' });
    const deleted = await api('POST', `/admin/roles/delete/${id}`);
    expect(deleted.body).toMatchObject({ saved: true, name: 'Role deleted.', id: Number(id) });
    expect((await api('GET', `/roles/view/${id}`)).body.message).toBe('Invalid Role.');
  });

  it('refuses a duplicate name and the deletion of a role in use, writing nothing', async () => {
    const duplicate = await unchanged(() => api('POST', '/admin/roles/add', { name: 'Publisher' }));
    expect(duplicate.status).toBe(403);
    expect(duplicate.body.errors).toEqual({ name: ['A role with this name already exists.'] });
    const inUse = await unchanged(() => api('POST', '/admin/roles/delete/1'));
    expect(inUse.status).toBe(403);
    expect(inUse.body.errors).toBe('It is not possible to delete role that is assigned to users.');
    expect((await api('POST', '/admin/roles/edit/999999', {})).body.message).toBe('Invalid Role');
    expect((await api('POST', '/admin/roles/delete/999999')).body.message).toBe('Invalid Role.');
  });

  it('set_default makes a role the one admin/users/add gives by default', async () => {
    const set = await api('POST', '/admin/roles/set_default/6');
    expect(set.body).toMatchObject({ saved: true, name: 'Default role set.', id: '6' });
    const created = await api('POST', '/admin/users/add', { email: 'defaulted@orgname.test' });
    expect(created.body.User.role_id).toBe('6');
    expect((await api('GET', '/roles/view/3')).body.Role.default_role).toBe(false);
    await api('POST', '/admin/roles/set_default/3');
    const missing = await unchanged(() => api('POST', '/admin/roles/set_default/999999'));
    expect(missing.status).toBe(403);
    expect(missing.body).toMatchObject({ name: 'Could not set_default Role', errors: 'Invalid Role.' });
  });

  it('a new role’s users have exactly its permissions', async () => {
    const role = await api('POST', '/admin/roles/add', { name: 'Sighter', perm_sighting: 1, perm_auth: 1 });
    const user = await api('POST', '/admin/users/add', { email: 'sighter@orgname.test', role_id: role.body.Role.id });
    const sighter = as(user.body.User.authkey);
    expect((await sighter('POST', '/events/add', { info: 'no' })).status).toBe(403);
    expect((await sighter('POST', '/sightings/add', { value: 'nothing.example' })).status).toBe(200);
  });
});

describe('user settings', () => {
  it('sets, reads, lists and deletes a setting', async () => {
    const set = await api('POST', '/user_settings/setSetting', { setting: 'dashboard_access', value: true });
    expect(set.body.UserSetting).toMatchObject({ setting: 'dashboard_access', value: 1, user_id: '1' });
    expect((await api('GET', '/user_settings/getSetting/1/dashboard_access')).body.value).toBe(1);
    expect((await api('GET', '/users/view/me')).body.UserSetting).toEqual({ dashboard_access: 1 });
    const listed = await api('GET', '/user_settings/index');
    expect(listed.body.map((s: Json) => s.UserSetting.setting)).toEqual(['dashboard_access']);
    const deleted = await api('POST', `/user_settings/delete/${set.body.UserSetting.id}`);
    expect(deleted.body).toMatchObject({ saved: true, name: 'Setting deleted.' });
    expect((await api('POST', `/user_settings/delete/${set.body.UserSetting.id}`)).body.message).toBe(
      'Invalid user setting.',
    );
  });

  it('views one setting by id (user_settings/view): 400 for a bad id, 404 for an unknown one', async () => {
    const set = await api('POST', '/user_settings/setSetting', {
      setting: 'homepage',
      value: { path: '/events/index' },
    });
    const id = set.body.UserSetting.id;
    const viewed = await api('GET', `/user_settings/view/${id}`);
    expect([viewed.status, viewed.body]).toEqual([200, set.body]);
    expect(Object.keys(viewed.body.UserSetting)).toEqual(['id', 'setting', 'value', 'user_id', 'timestamp']);
    const bad = await api('GET', '/user_settings/view/abc');
    expect([bad.status, bad.body.message]).toEqual([400, 'Invalid ID passed.']);
    const unknown = await api('GET', '/user_settings/view/999999');
    expect([unknown.status, unknown.body.message]).toEqual([404, 'Invalid user setting.']);
    await api('POST', `/user_settings/delete/${id}`);
    expect((await api('GET', `/user_settings/view/${id}`)).status).toBe(404);
  });

  it('refuses a missing setting and an unknown one with 405; a missing value is saved as []', async () => {
    const missing = await unchanged(() => api('POST', '/user_settings/setSetting', { value: 1 }));
    expect(missing.status).toBe(405);
    expect(missing.body.message).toBe('This endpoint expects both a setting and a value to be set.');
    const empty = await api('POST', '/user_settings/setSetting', { setting: 'event_index_hide_columns' });
    expect(empty.body.UserSetting.value).toEqual([]);
    await api('POST', `/user_settings/delete/${empty.body.UserSetting.id}`);
    const unknown = await unchanged(() => api('POST', '/user_settings/setSetting', { setting: 'bogus', value: 1 }));
    expect(unknown.body.message).toBe('Invalid setting.');
    expect((await api('GET', '/user_settings/getSetting/1/homepage')).status).toBe(404);
    const named = await api('POST', '/user_settings/setSetting/1/homepage', { value: { path: '/events/index' } });
    expect(named.body.UserSetting).toMatchObject({ setting: 'homepage', user_id: '1' });
    await api('POST', `/user_settings/delete/${named.body.UserSetting.id}`);
  });

  it('reads and deletes a setting named in the body (PyMISP get_user_setting, delete_user_setting)', async () => {
    const set = await api('POST', '/user_settings/setSetting', { setting: 'homepage', value: { path: '/events' } });
    const id = set.body.UserSetting.id;
    const found = await api('POST', '/user_settings/getSetting', { setting: 'homepage' });
    expect(found.body).toEqual(set.body.UserSetting);
    expect((await api('POST', '/user_settings/getSetting', { setting: 'homepage', user_id: '1' })).body.id).toBe(id);
    const missing = await api('POST', '/user_settings/getSetting', {});
    expect([missing.status, missing.body.message]).toEqual([400, 'No setting name provided.']);
    for (const body of [{ setting: 'dashboard' }, { setting: 'homepage', user_id: '999' }]) {
      const unknown = await api('POST', '/user_settings/getSetting', body);
      expect([unknown.status, unknown.body.message]).toEqual([404, 'Invalid setting.']);
    }
    const other = await partner(api, 'Setting Reader CERT');
    const hidden = await checker.api(misp, other.key)('POST', '/user_settings/getSetting', {
      setting: 'homepage',
      user_id: '1',
    });
    expect([hidden.status, hidden.body.message]).toEqual([404, 'Invalid setting.']);
    const noName = await api('POST', '/user_settings/delete', {});
    expect([noName.status, noName.body.message]).toEqual([400, 'No setting name to delete provided.']);
    const deleted = await api('POST', '/user_settings/delete', { setting: 'homepage', user_id: '1' });
    expect(deleted.body).toEqual({
      saved: true,
      success: true,
      name: 'Setting deleted.',
      message: 'Setting deleted.',
      url: `/user_settings/delete/${id}`,
      id,
    });
    const again = await api('POST', '/user_settings/delete', { setting: 'homepage' });
    expect([again.status, again.body.message]).toEqual([404, 'Invalid user setting.']);
  });
});

describe('sharing groups', () => {
  let partnerOrg: { orgId: string; key: string };
  beforeAll(async () => {
    partnerOrg = await partner(api, 'Circle Partner CERT');
  });

  it('add, addOrg, view, edit, removeOrg and delete, as a site admin', async () => {
    const added = await api('POST', '/sharing_groups/add', { name: 'Energy circle', releasability: 'partners' });
    expect(added.status).toBe(200);
    expect(added.body.SharingGroup).toMatchObject({ name: 'Energy circle', org_id: '1', local: false, active: true });
    expect(added.body.SharingGroupOrg).toEqual([]);
    expect(added.body.SharingGroupServer).toMatchObject([{ server_id: '0', all_orgs: false }]);
    const id = added.body.SharingGroup.id;
    const joined = await api('POST', `/sharing_groups/addOrg/${id}/${partnerOrg.orgId}`);
    expect(joined.body).toMatchObject({ saved: true, name: 'Organisation added to the sharing group.' });
    const again = await unchanged(() => api('POST', `/sharing_groups/addOrg/${id}/${partnerOrg.orgId}`));
    expect(again.status).toBe(403);
    expect(again.body.errors).toBe('Organisation is already in the sharing group.');
    const view = await api('GET', `/sharing_groups/view/${id}`);
    expect(view.body.SharingGroupOrg.map((m: Json) => m.org_id)).toEqual([partnerOrg.orgId]);
    expect((await api('HEAD', `/sharing_groups/view/${id}`)).status).toBe(200);
    expect((await api('HEAD', '/sharing_groups/view/999999')).status).toBe(404);
    const edited = await api('POST', `/sharing_groups/edit/${id}`, { description: 'renamed' });
    expect(edited.body.SharingGroup.description).toBe('renamed');
    const left = await api('POST', `/sharing_groups/removeOrg/${id}/${partnerOrg.orgId}`);
    expect(left.body.name).toBe('Organisation removed from the sharing group.');
    expect((await api('POST', `/sharing_groups/removeOrg/${id}/${partnerOrg.orgId}`)).body.errors).toBe(
      'Organisation is not in the sharing group.',
    );
    expect((await api('POST', `/sharing_groups/addOrg/${id}/999999`)).status).toBe(405);
    expect((await api('POST', `/sharing_groups/addServer/${id}/5`)).body.message).toBe('Invalid Server.');
    // The local instance is no row of MISP's servers table: removing it is 405 too.
    expect((await api('POST', `/sharing_groups/removeServer/${id}/0`)).body.message).toBe('Invalid Server.');
    expect((await api('POST', '/sharing_groups/addOrg/999999/1')).body.message).toBe(
      'Invalid sharing group or no editing rights.',
    );
    const deleted = await api('POST', `/sharing_groups/delete/${id}`);
    expect(deleted.body).toMatchObject({ saved: true, name: 'SharingGroup deleted' });
    expect((await api('POST', `/sharing_groups/delete/${id}`)).body.message).toBe('Action not allowed.');
  });

  it('a taken name gets a numeric suffix, as MISP keeps names unique', async () => {
    await api('POST', '/sharing_groups/add', { name: 'Same name' });
    const second = await api('POST', '/sharing_groups/add', { name: 'Same name' });
    expect(second.body.SharingGroup.name).toMatch(/^Same name_\d+$/);
  });

  it('lists groups ordered by name', async () => {
    for (const name of ['Zulu circle', 'alpha circle']) await api('POST', '/sharing_groups/add', { name });
    const names = (await api('GET', '/sharing_groups/index')).body.response.map((g: Json) => g.SharingGroup.name);
    expect(names).toEqual([...names].sort((a: string, b: string) => a.toLowerCase().localeCompare(b.toLowerCase())));
  });

  it('an org admin must list their own organisation (with extend) to create a group; otherwise nothing is saved', async () => {
    const orgAdmin = await partner(api, 'Circle Owner CERT', '2');
    const self = as(orgAdmin.key);
    const me = (await self('GET', '/users/view/me')).body.Organisation;
    const refused = await unchanged(() => self('POST', '/sharing_groups/add', { name: 'lonely circle' }));
    expect(refused.status).toBe(403);
    expect(refused.body.errors).toBe('Could not save sharing group.');
    const created = await self('POST', '/sharing_groups/add', {
      name: 'owned circle',
      SharingGroupOrg: [{ extend: 1, Organisation: { uuid: me.uuid } }],
    });
    expect(created.status).toBe(200);
    expect(created.body.SharingGroupOrg).toMatchObject([{ org_id: orgAdmin.orgId, extend: true }]);
    expect(
      (await as(partnerOrg.key)('POST', `/sharing_groups/edit/${created.body.SharingGroup.id}`, { name: 'x' })).status,
    ).toBe(403);
  });
});

describe('the contract', () => {
  it('every account operation was exercised and every answer conforms to openapi/', () => {
    expect(accountOperations.map((o) => o.id).filter((id) => !checker.exercised.has(id))).toEqual([]);
    expect(checker.accountProblems()).toEqual([]);
  });
});
