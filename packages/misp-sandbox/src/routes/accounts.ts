// Users, their auth keys and their settings: admin/users/*, users/*, auth_keys/*, user_settings/*.

import { createAuthKey, formatAuthKey, validIpRange } from '../accounts/auth-keys.js';
import { canManageUser, isOrgAdmin, isSiteAdmin, requireFlag, requireOrgAdmin } from '../accounts/permissions.js';
import { findRole, formatRole } from '../accounts/roles.js';
import {
  ADMIN_FIELDS,
  applyProfile,
  deleteUser,
  findUser,
  formatUser,
  insertUser,
  lastApiAccess,
  OWN_FIELDS,
  profileOf,
  truthy,
  validEmail,
} from '../accounts/users.js';
import { NO_PERMISSION } from '../auth.js';
import { prepare } from '../db/statements.js';
import { HttpError, saveSuccess } from '../http.js';
import { correlationCount } from '../model/correlations.js';
import { formatOrganisation } from '../model/format.js';
import type { Route } from '../router.js';
import type { RequestContext, Row } from '../types.js';
import { statisticsPage } from './user-statistics.js';
import { bodyObject } from './util.js';

const CANNOT_ADD_USER = 'Could not add User';

function userFailure(ctx: RequestContext, action: 'add' | 'edit', errors: unknown): HttpError {
  return new HttpError(403, `Could not ${action} User`, { saved: false, url: ctx.url, errors });
}

/** The full account view (users/view, admin/users/view): User, Role, UserSetting, Organisation. */
export function accountView(ctx: RequestContext, row: Row, withOrgAdmins = false) {
  const user = formatUser(row, 'view', { lastApiAccess: lastApiAccess(row, ctx.user.id) });
  if (withOrgAdmins) {
    const admins = prepare(
      ctx.db,
      `SELECT u.id, u.email FROM users u JOIN roles r ON r.id = u.role_id
       WHERE u.org_id = ? AND r.perm_admin = 1 ORDER BY u.id`,
    ).all(row.org_id) as Row[];
    user.orgAdmins = Object.fromEntries(admins.map((a) => [String(a.id), a.email]));
  }
  const settings = prepare(ctx.db, 'SELECT setting, value FROM user_settings WHERE user_id = ? ORDER BY id').all(
    row.id,
  ) as Row[];
  return {
    User: user,
    Role: formatRole(findRole(ctx.db, row.role_id) as Row),
    UserSetting: settings.length
      ? Object.fromEntries(settings.map((s) => [s.setting, JSON.parse(String(s.value))]))
      : [],
    Organisation: formatOrganisation(
      prepare(ctx.db, 'SELECT * FROM organisations WHERE id = ?').get(row.org_id) as Row,
    ),
  };
}

// --- users/* (the caller's own account) ----------------------------------------------------------------

function viewUser(ctx: RequestContext) {
  const ref = ctx.args[0];
  const target = ref === undefined || ref === 'me' ? ctx.user.id : Number(ref);
  const row = findUser(ctx.db, target);
  if (!row || (target !== ctx.user.id && !isSiteAdmin(ctx)))
    throw new HttpError(404, 'Invalid user or not authorised.');
  return accountView(ctx, row);
}

function editOwnProfile(ctx: RequestContext) {
  const input = bodyObject(ctx, 'User');
  const row = findUser(ctx.db, ctx.user.id) as Row;
  return ctx.db.transaction(() => {
    if (input.email !== undefined && input.email !== row.email) {
      if (!validEmail(input.email)) throw userFailure(ctx, 'edit', { email: ['Please enter a valid email address.'] });
      if (prepare(ctx.db, 'SELECT 1 FROM users WHERE email = ? AND id != ?').get(input.email, row.id))
        throw userFailure(ctx, 'edit', { email: ['An account with this email address already exists.'] });
    }
    const profile = applyProfile(profileOf(row), input, OWN_FIELDS);
    prepare(ctx.db, 'UPDATE users SET email = ?, profile = ?, date_modified = ? WHERE id = ?').run(
      input.email ?? row.email,
      JSON.stringify(profile),
      Math.floor(Date.now() / 1000),
      row.id,
    );
    return accountView(ctx, findUser(ctx.db, row.id) as Row);
  })();
}

function statistics(ctx: RequestContext) {
  const page = statisticsPage(ctx);
  if (page !== undefined) return page;
  const count = (sql: string, ...params: unknown[]) =>
    Number((prepare(ctx.db, sql).get(...params) as { n: number }).n ?? 0);
  const monthAgo = Math.floor(Date.now() / 1000) - 30 * 86400;
  const events = count('SELECT COUNT(*) AS n FROM events');
  const attributes = count('SELECT COUNT(*) AS n FROM attributes WHERE deleted = 0');
  const users = count('SELECT COUNT(*) AS n FROM users');
  const orgs = count('SELECT COUNT(*) AS n FROM organisations');
  const ratio = (a: number, b: number) => (b === 0 ? '0' : String(Math.round((a / b) * 100) / 100));
  return {
    stats: {
      event_count: String(events),
      event_count_month: String(count('SELECT COUNT(*) AS n FROM events WHERE timestamp > ?', monthAgo)),
      attribute_count: String(attributes),
      attribute_count_month: String(
        count('SELECT COUNT(*) AS n FROM attributes WHERE deleted = 0 AND timestamp > ?', monthAgo),
      ),
      attributes_per_event: ratio(attributes, events),
      correlation_count: String(correlationCount(ctx.db)),
      proposal_count: String(count('SELECT COUNT(*) AS n FROM shadow_attributes WHERE deleted = 0')),
      user_count: String(users),
      user_count_pgp: '0',
      org_count: String(orgs),
      local_org_count: String(count('SELECT COUNT(*) AS n FROM organisations WHERE local = 1')),
      contributing_org_count: events === 0 ? '' : String(count('SELECT COUNT(DISTINCT orgc_id) AS n FROM events')),
      average_user_per_org: ratio(users, count('SELECT COUNT(*) AS n FROM organisations WHERE local = 1')),
      thread_count: '0',
      thread_count_month: '0',
      post_count: '0',
      post_count_month: '0',
    },
  };
}

function initiatePasswordReset(ctx: RequestContext) {
  requireOrgAdmin(ctx);
  const row = findUser(ctx.db, ctx.args[0]);
  if (!row || !canManageUser(ctx, row)) throw new HttpError(404, 'Invalid user');
  // MISP mails the new credentials (a welcome mail with `/1` or `{"User": {"firstTime": 1}}`); with no mail
  // transport it refuses, changes nothing and says so with a 200, whichever mail it meant to send.
  return { saved: false, errors: 'There was an error notifying the user. His/her credentials were not altered.' };
}

/** users/totp_delete/{id}: clears a managed user's TOTP secret; MISP answers success whether one was set or not. */
function deleteTotp(ctx: RequestContext) {
  requireOrgAdmin(ctx);
  const row = findUser(ctx.db, ctx.args[0]);
  if (!row || !canManageUser(ctx, row)) throw new HttpError(404, 'Invalid user');
  // The sandbox stores no TOTP secrets (users always show `totp_is_set: "0"`), so there is nothing to clear.
  return saveSuccess('Users', 'totp_delete', String(row.id), 'User TOTP deleted.');
}

// --- admin/users/* ---------------------------------------------------------------------------------------

/**
 * admin/users/index. MISP reads its filters from CakePHP named parameters only (`/admin/users/index/
 * searchemail:bob`), never from the query string or a body: `searchall` (or `value`) matches e-mail,
 * organisation or role name, `searchemail` the e-mail, `searchorg` / `searchrole` an id, `searchdisabled` 0/1.
 */
function adminListUsers(ctx: RequestContext) {
  requireOrgAdmin(ctx);
  const f = ctx.namedParams;
  const where: string[] = [];
  const params: unknown[] = [];
  if (!isSiteAdmin(ctx)) {
    where.push('u.org_id = ?');
    params.push(ctx.user.org_id);
  }
  const all = f.searchall ?? f.value;
  if (all) {
    where.push('(u.email LIKE ? OR o.name LIKE ? OR r.name LIKE ?)');
    params.push(`%${all}%`, `%${all}%`, `%${all}%`);
  }
  if (f.searchemail) {
    where.push('u.email LIKE ?');
    params.push(`%${f.searchemail}%`);
  }
  if (f.searchorg) {
    where.push('u.org_id = ?');
    params.push(f.searchorg);
  }
  if (f.searchrole) {
    where.push('u.role_id = ?');
    params.push(f.searchrole);
  }
  if (f.searchdisabled) {
    where.push('u.disabled = ?');
    params.push(truthy(f.searchdisabled) ? 1 : 0);
  }
  const rows = prepare(
    ctx.db,
    `SELECT u.*, r.name AS role_name, r.perm_auth, r.perm_site_admin, r.perm_admin, o.name AS org_name
     FROM users u JOIN roles r ON r.id = u.role_id JOIN organisations o ON o.id = u.org_id
     ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY u.id`,
  ).all(...params) as Row[];
  return rows.map((row) => ({
    User: formatUser(row, 'index', { lastApiAccess: lastApiAccess(row, ctx.user.id) }),
    Role: {
      id: String(row.role_id),
      name: row.role_name,
      perm_auth: Boolean(row.perm_auth),
      perm_site_admin: Boolean(row.perm_site_admin),
      perm_admin: Boolean(row.perm_admin),
    },
    Organisation: { id: String(row.org_id), name: row.org_name },
  }));
}

function manageableUser(ctx: RequestContext, ref = ctx.args[0]): Row {
  requireOrgAdmin(ctx);
  const row = findUser(ctx.db, ref);
  if (!row || !canManageUser(ctx, row)) throw new HttpError(404, 'Invalid user');
  return row;
}

/** The role a request asks for: it must exist, and only site admins hand out site-admin roles. */
function grantableRole(ctx: RequestContext, ref: unknown): Row {
  const role = findRole(ctx.db, ref);
  if (!role) throw new HttpError(405, 'Invalid role');
  if (role.perm_site_admin && !isSiteAdmin(ctx)) throw new HttpError(403, NO_PERMISSION);
  return role;
}

function adminAddUser(ctx: RequestContext) {
  requireOrgAdmin(ctx);
  const input = bodyObject(ctx, 'User');
  const roleRef =
    input.role_id ?? (prepare(ctx.db, 'SELECT id FROM roles WHERE default_role = 1 ORDER BY id').get() as Row)?.id;
  const role = grantableRole(ctx, roleRef);
  // An org admin creates users in their own organisation, whatever org_id says (as MISP does).
  const orgId = isSiteAdmin(ctx) && input.org_id !== undefined ? input.org_id : ctx.user.org_id;
  if (!/^\d+$/.test(String(orgId)) || !prepare(ctx.db, 'SELECT 1 FROM organisations WHERE id = ?').get(Number(orgId)))
    throw new HttpError(403, CANNOT_ADD_USER, { saved: false, url: ctx.url, errors: ['Invalid organisation'] });
  if (!validEmail(input.email)) throw userFailure(ctx, 'add', { email: ['Please enter a valid email address.'] });
  if (prepare(ctx.db, 'SELECT 1 FROM users WHERE email = ?').get(input.email))
    throw userFailure(ctx, 'add', { email: ['An account with this email address already exists.'] });
  const created = ctx.db.transaction(() =>
    insertUser(ctx.db, {
      email: input.email as string,
      orgId: Number(orgId),
      roleId: Number(role.id),
      invitedBy: ctx.user.id,
      disabled: truthy(input.disabled),
      profile: applyProfile(profileOf({}), input, ADMIN_FIELDS),
    }),
  )();
  return { User: formatUser(created.row, 'add', { authkey: created.key }) };
}

function adminEditUser(ctx: RequestContext) {
  const row = manageableUser(ctx);
  const input = bodyObject(ctx, 'User');
  const role = input.role_id !== undefined ? grantableRole(ctx, input.role_id) : undefined;
  let orgId = Number(row.org_id);
  if (input.org_id !== undefined && isSiteAdmin(ctx)) {
    if (
      !/^\d+$/.test(String(input.org_id)) ||
      !prepare(ctx.db, 'SELECT 1 FROM organisations WHERE id = ?').get(Number(input.org_id))
    )
      throw new HttpError(403, 'Could not edit User', { saved: false, url: ctx.url, errors: ['Invalid organisation'] });
    orgId = Number(input.org_id);
  }
  if (input.email !== undefined && input.email !== row.email) {
    if (!validEmail(input.email)) throw userFailure(ctx, 'edit', { email: ['Please enter a valid email address.'] });
    if (prepare(ctx.db, 'SELECT 1 FROM users WHERE email = ? AND id != ?').get(input.email, row.id))
      throw userFailure(ctx, 'edit', { email: ['An account with this email address already exists.'] });
  }
  const profile = applyProfile(profileOf(row), input, ADMIN_FIELDS);
  prepare(
    ctx.db,
    'UPDATE users SET email = ?, org_id = ?, role_id = ?, disabled = ?, profile = ?, date_modified = ? WHERE id = ?',
  ).run(
    input.email ?? row.email,
    orgId,
    role ? Number(role.id) : row.role_id,
    input.disabled !== undefined ? (truthy(input.disabled) ? 1 : 0) : row.disabled,
    JSON.stringify(profile),
    Math.floor(Date.now() / 1000),
    row.id,
  );
  return { User: formatUser(findUser(ctx.db, row.id) as Row, 'edit') };
}

function adminDeleteUser(ctx: RequestContext) {
  const row = manageableUser(ctx);
  ctx.db.transaction(() => deleteUser(ctx.db, Number(row.id)))();
  return { ...saveSuccess('users', 'delete', String(row.id), 'User deleted.'), url: ctx.url };
}

// --- auth_keys/* -----------------------------------------------------------------------------------------

const INVALID_KEY_OWNER = 'Invalid user or insufficient privileges to interact with an authkey for the given user.';

/** Keys the caller may see and manage: their own; an org admin's organisation's; a site admin's all. */
function keyScope(ctx: RequestContext): { sql: string; params: unknown[] } {
  if (isSiteAdmin(ctx)) return { sql: '1', params: [] };
  if (isOrgAdmin(ctx)) return { sql: 'u.org_id = ?', params: [ctx.user.org_id] };
  return { sql: 'k.user_id = ?', params: [ctx.user.id] };
}

function findKey(ctx: RequestContext): Row {
  requireFlag(ctx, 'perm_auth');
  const scope = keyScope(ctx);
  const ref = ctx.args[0] ?? '';
  const row = prepare(
    ctx.db,
    `SELECT k.*, u.email, u.org_id FROM auth_keys k JOIN users u ON u.id = k.user_id
     WHERE (k.id = ? OR k.uuid = ?) AND ${scope.sql}`,
  ).get(/^\d+$/.test(ref) ? Number(ref) : -1, ref, ...scope.params) as Row | undefined;
  if (!row) throw new HttpError(404, 'Invalid AuthKey.');
  return row;
}

/** MISP reads `expiration` as a date (`2030-01-01`) or epoch seconds; empty or 0 means never. */
function parseExpiration(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '' || value === 0 || value === '0') return 0;
  if (typeof value === 'number' || /^\d+$/.test(String(value))) return Number(value);
  const ms = Date.parse(String(value).length === 10 ? `${value}T00:00:00Z` : String(value));
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}

function parseAllowedIps(ctx: RequestContext, value: unknown): string[] | null {
  if (value === undefined || value === null || value === '') return null;
  const list = (Array.isArray(value) ? value : String(value).split(/[\s,]+/))
    .map((v) => String(v).trim())
    .filter(Boolean);
  for (const range of list) {
    if (!validIpRange(range))
      throw new HttpError(403, 'Could not add auth_key', {
        saved: false,
        url: '/auth_keys/add',
        errors: { allowed_ips: [`${range} is not valid IP range`] },
      });
  }
  void ctx;
  return list.length ? list : null;
}

function addKey(ctx: RequestContext) {
  requireFlag(ctx, 'perm_auth');
  const input = bodyObject(ctx, 'AuthKey');
  const ref = ctx.args[0] ?? input.user_id ?? ctx.user.id;
  const owner = findUser(ctx.db, ref);
  if (!owner) {
    if (!isSiteAdmin(ctx)) throw new HttpError(405, INVALID_KEY_OWNER);
    throw new HttpError(403, 'Could not add auth_key', {
      saved: false,
      url: '/auth_keys/add',
      errors: { user_id: ["User doesn't exists"] },
    });
  }
  if (Number(owner.id) !== ctx.user.id && !canManageUser(ctx, owner)) throw new HttpError(405, INVALID_KEY_OWNER);
  const expiration = parseExpiration(input.expiration);
  if (expiration === undefined)
    throw new HttpError(403, 'Could not add auth_key', {
      saved: false,
      url: '/auth_keys/add',
      errors: { expiration: ['Expiration date is in invalid format.'] },
    });
  const allowedIps = parseAllowedIps(ctx, input.allowed_ips);
  const key = createAuthKey(ctx.db, Number(owner.id), {
    comment: input.comment === undefined ? null : String(input.comment),
    expiration,
    readOnly: truthy(input.read_only),
    allowedIps,
  });
  return { AuthKey: formatAuthKey(key.row, key.raw) };
}

function listKeys(ctx: RequestContext) {
  requireFlag(ctx, 'perm_auth');
  const scope = keyScope(ctx);
  const rows = prepare(
    ctx.db,
    `SELECT k.*, u.email FROM auth_keys k JOIN users u ON u.id = k.user_id WHERE ${scope.sql} ORDER BY k.id`,
  ).all(...scope.params) as Row[];
  return rows.map((row) => ({ AuthKey: formatAuthKey(row), User: { id: String(row.user_id), email: row.email } }));
}

function editKey(ctx: RequestContext) {
  const row = findKey(ctx);
  const input = bodyObject(ctx, 'AuthKey');
  const expiration = input.expiration !== undefined ? parseExpiration(input.expiration) : Number(row.expiration);
  if (expiration === undefined)
    throw new HttpError(403, 'Could not edit auth_key', {
      saved: false,
      url: ctx.url,
      errors: { expiration: ['Expiration date is in invalid format.'] },
    });
  const allowedIps = input.allowed_ips !== undefined ? parseAllowedIps(ctx, input.allowed_ips) : undefined;
  prepare(ctx.db, 'UPDATE auth_keys SET comment = ?, read_only = ?, expiration = ?, allowed_ips = ? WHERE id = ?').run(
    input.comment !== undefined ? String(input.comment) : row.comment,
    input.read_only !== undefined ? (truthy(input.read_only) ? 1 : 0) : row.read_only,
    expiration,
    allowedIps === undefined ? row.allowed_ips : allowedIps ? JSON.stringify(allowedIps) : null,
    row.id,
  );
  const saved = prepare(ctx.db, 'SELECT * FROM auth_keys WHERE id = ?').get(row.id) as Row;
  // MISP answers an edit with the row as PHP holds it after the save: the request's values as sent
  // (read_only: 1), expiration a number, allowed_ips and unique_ips as stored JSON text (null when empty).
  const uniqueIps = String(saved.unique_ips);
  return {
    AuthKey: {
      ...formatAuthKey(saved),
      read_only: input.read_only !== undefined ? input.read_only : Boolean(saved.read_only),
      expiration: Number(saved.expiration),
      allowed_ips: saved.allowed_ips ?? null,
      unique_ips: uniqueIps === '[]' ? null : uniqueIps,
    },
    User: { id: String(row.user_id), org_id: String(row.org_id) },
  };
}

function deleteKey(ctx: RequestContext) {
  const row = findKey(ctx);
  prepare(ctx.db, 'DELETE FROM auth_keys WHERE id = ?').run(row.id);
  return { ...saveSuccess('auth_keys', 'delete', undefined, 'AuthKey deleted.'), url: ctx.url, id: Number(row.id) };
}

// --- user_settings/* -------------------------------------------------------------------------------------

/** The settings MISP 2.5 knows (UserSetting's list of valid settings). */
export const USER_SETTINGS = [
  'publish_alert_filter',
  'dashboard_access',
  'dashboard',
  'homepage',
  'default_restsearch_parameters',
  'tag_numerical_value_override',
  'event_index_hide_columns',
  'oidc',
  'periodic_notification_filters',
];

/** Settings MISP keeps for itself (its OIDC plugin's data): the API may not set them, not even site admins. */
const INTERNAL_USER_SETTINGS = ['oidc'];

function formatSetting(row: Row) {
  return {
    id: String(row.id),
    setting: row.setting,
    value: JSON.parse(String(row.value)),
    user_id: String(row.user_id),
    timestamp: String(row.timestamp),
  };
}

/** Whose settings: one's own, or (admins) those of a user they manage. */
function settingOwner(ctx: RequestContext, ref: unknown): Row {
  const row = findUser(ctx.db, ref ?? ctx.user.id);
  if (!row || (Number(row.id) !== ctx.user.id && !canManageUser(ctx, row))) throw new HttpError(404, 'Invalid user.');
  return row;
}

/**
 * Whose setting `setSetting` writes, as MISP decides: a numeric user id a site admin names (MISP does not check
 * that the user exists), or one of an org admin's own organisation; anything else is the caller's own.
 */
function settingTarget(ctx: RequestContext, ref: unknown): number {
  const id = typeof ref === 'number' || (typeof ref === 'string' && /^\d+$/.test(ref)) ? Number(ref) : 0;
  if (id === 0) return ctx.user.id;
  if (isSiteAdmin(ctx)) return id;
  const row = findUser(ctx.db, id);
  return isOrgAdmin(ctx) && row && Number(row.org_id) === ctx.user.org_id ? id : ctx.user.id;
}

/**
 * user_settings/setSetting[/{userId}[/{setting}]]: the path's user id and setting name win over the body's. A
 * setting named in the path is checked before anything else (an internal one is just "Invalid setting.").
 */
function setSetting(ctx: RequestContext) {
  const named = ctx.args[1];
  if (named !== undefined && (!USER_SETTINGS.includes(named) || INTERNAL_USER_SETTINGS.includes(named)))
    throw new HttpError(405, 'Invalid setting.');
  if (named === 'dashboard_access' && !isSiteAdmin(ctx))
    throw new HttpError(405, 'This setting is restricted and requires the following permission(s): site_admin');
  const input = { ...bodyObject(ctx, 'UserSetting') };
  if (ctx.args[0]) input.user_id = ctx.args[0];
  if (named !== undefined) input.setting = named;
  if (input.setting === undefined || input.setting === null || input.setting === '')
    throw new HttpError(405, 'This endpoint expects both a setting and a value to be set.');
  if (!USER_SETTINGS.includes(String(input.setting))) throw new HttpError(405, 'Invalid setting.');
  // MISP's internal settings need "site_admin" (which no role flag grants); dashboard_access needs perm_site_admin.
  const restricted = INTERNAL_USER_SETTINGS.includes(String(input.setting))
    ? 'site_admin'
    : input.setting === 'dashboard_access' && !isSiteAdmin(ctx)
      ? 'site_admin'
      : undefined;
  if (restricted)
    throw new HttpError(405, `This setting is restricted and requires the following permission(s): ${restricted}`);
  const owner = { id: settingTarget(ctx, input.user_id) };
  // A missing value is saved as an empty list, as MISP does.
  const value = input.value === undefined ? [] : typeof input.value === 'boolean' ? (input.value ? 1 : 0) : input.value;
  prepare(
    ctx.db,
    `INSERT INTO user_settings (user_id, setting, value, timestamp) VALUES (?, ?, ?, ?)
     ON CONFLICT (user_id, setting) DO UPDATE SET value = excluded.value, timestamp = excluded.timestamp`,
  ).run(owner.id, input.setting, JSON.stringify(value), Math.floor(Date.now() / 1000));
  const row = prepare(ctx.db, 'SELECT * FROM user_settings WHERE user_id = ? AND setting = ?').get(
    owner.id,
    input.setting,
  ) as Row;
  return { UserSetting: formatSetting(row) };
}

/** The `{setting, user_id}` body of PyMISP's POST forms of getSetting and delete (user_id defaults to the caller). */
function settingQuery(ctx: RequestContext, missing: string): { setting: string; userId: unknown } {
  const body = (ctx.body && typeof ctx.body === 'object' ? ctx.body : {}) as Row;
  if (!body.setting) throw new HttpError(400, missing);
  return { setting: String(body.setting), userId: body.user_id || ctx.user.id };
}

/** A setting by owner and name that the key may see (its own, or a managed user's), as in MISP's checkAccess. */
function visibleSetting(ctx: RequestContext, userId: unknown, setting: string): Row | undefined {
  const scope = keyScope(ctx);
  return prepare(
    ctx.db,
    `SELECT k.* FROM user_settings k JOIN users u ON u.id = k.user_id WHERE k.user_id = ? AND k.setting = ? AND ${scope.sql}`,
  ).get(String(userId), setting, ...scope.params) as Row | undefined;
}

function getSetting(ctx: RequestContext) {
  if (ctx.method === 'POST') {
    // PyMISP's get_user_setting: every miss (unknown user, setting or access) is the same 404.
    const query = settingQuery(ctx, 'No setting name provided.');
    const found = visibleSetting(ctx, query.userId, query.setting);
    if (!found) throw new HttpError(404, 'Invalid setting.');
    return formatSetting(found);
  }
  const owner = settingOwner(ctx, ctx.args[0]);
  const row = prepare(ctx.db, 'SELECT * FROM user_settings WHERE user_id = ? AND setting = ?').get(
    owner.id,
    ctx.args[1] ?? '',
  ) as Row | undefined;
  if (!row) throw new HttpError(404, 'Invalid setting.');
  return formatSetting(row);
}

function listSettings(ctx: RequestContext) {
  const scope = keyScope(ctx);
  const rows = prepare(
    ctx.db,
    `SELECT k.* FROM user_settings k JOIN users u ON u.id = k.user_id WHERE ${scope.sql} ORDER BY k.id`,
  ).all(...scope.params) as Row[];
  return rows.map((row) => ({ UserSetting: formatSetting(row) }));
}

function deleteSetting(ctx: RequestContext) {
  const scope = keyScope(ctx);
  const ref = ctx.args[0] ?? '';
  if (ref === '') {
    // PyMISP's delete_user_setting: the setting is named in the body.
    const query = settingQuery(ctx, 'No setting name to delete provided.');
    const found = visibleSetting(ctx, query.userId, query.setting);
    if (!found) throw new HttpError(404, 'Invalid user setting.');
    prepare(ctx.db, 'DELETE FROM user_settings WHERE id = ?').run(found.id);
    return saveSuccess('user_settings', 'delete', String(found.id), 'Setting deleted.');
  }
  if (!/^\d+$/.test(ref)) throw new HttpError(400, 'Invalid ID passed.');
  const row = prepare(
    ctx.db,
    `SELECT k.* FROM user_settings k JOIN users u ON u.id = k.user_id WHERE k.id = ? AND ${scope.sql}`,
  ).get(/^\d+$/.test(ref) ? Number(ref) : -1, ...scope.params) as Row | undefined;
  if (!row) throw new HttpError(404, 'Invalid user setting.');
  prepare(ctx.db, 'DELETE FROM user_settings WHERE id = ?').run(row.id);
  return { ...saveSuccess('user_settings', 'delete', String(row.id), 'Setting deleted.'), url: ctx.url };
}

/** user_settings/view/{id}: a setting the key may see (its own, or a managed user's); bad id 400, unknown 404. */
function viewSetting(ctx: RequestContext) {
  const ref = ctx.args[0] ?? '';
  if (!/^\d+$/.test(ref)) throw new HttpError(400, 'Invalid ID passed.');
  const scope = keyScope(ctx);
  const row = prepare(
    ctx.db,
    `SELECT k.* FROM user_settings k JOIN users u ON u.id = k.user_id WHERE k.id = ? AND ${scope.sql}`,
  ).get(Number(ref), ...scope.params) as Row | undefined;
  if (!row) throw new HttpError(404, 'Invalid user setting.');
  return { UserSetting: formatSetting(row) };
}

export const ADMIN_USER_ACTIONS: Record<string, { methods: string[]; handler: (ctx: RequestContext) => unknown }> = {
  index: { methods: ['GET', 'POST'], handler: adminListUsers },
  view: { methods: ['GET'], handler: (ctx) => accountView(ctx, manageableUser(ctx), true) },
  add: { methods: ['POST'], handler: adminAddUser },
  edit: { methods: ['POST', 'PUT'], handler: adminEditUser },
  delete: { methods: ['POST', 'DELETE'], handler: adminDeleteUser },
};

export const accountRoutes: Route[] = [
  { controller: 'users', action: 'view', methods: ['GET', 'HEAD'], handler: viewUser },
  { controller: 'users', action: 'edit', methods: ['POST', 'PUT'], handler: editOwnProfile },
  { controller: 'users', action: 'statistics', methods: ['GET'], handler: statistics },
  { controller: 'users', action: 'initiatePasswordReset', methods: ['POST'], handler: initiatePasswordReset },
  { controller: 'users', action: 'totp_delete', methods: ['POST', 'DELETE'], handler: deleteTotp },
  { controller: 'auth_keys', action: 'add', methods: ['POST'], handler: addKey },
  { controller: 'auth_keys', action: 'index', methods: ['GET', 'POST'], handler: listKeys },
  {
    controller: 'auth_keys',
    action: 'view',
    methods: ['GET'],
    handler: (ctx) => {
      const row = findKey(ctx);
      return { AuthKey: formatAuthKey(row), User: { id: String(row.user_id), email: row.email } };
    },
  },
  { controller: 'auth_keys', action: 'edit', methods: ['POST', 'PUT'], handler: editKey },
  { controller: 'auth_keys', action: 'delete', methods: ['POST', 'DELETE'], handler: deleteKey },
  { controller: 'user_settings', action: 'setSetting', methods: ['POST'], handler: setSetting },
  { controller: 'user_settings', action: 'getSetting', methods: ['GET', 'POST'], handler: getSetting },
  { controller: 'user_settings', action: 'view', methods: ['GET'], handler: viewSetting },
  { controller: 'user_settings', action: 'index', methods: ['GET', 'POST'], handler: listSettings },
  { controller: 'user_settings', action: 'delete', methods: ['POST', 'DELETE'], handler: deleteSetting },
];
