// Organisations and roles (admin/organisations/*, admin/roles/*, organisations/index, roles/*), and the
// `/admin/<controller>/<action>` prefix MISP routes to its admin_* actions.
import { randomUUID } from 'node:crypto';
import { isSiteAdmin, requireSiteAdmin } from '../accounts/permissions.js';
import { findRole, formatRole, levelFlags, nowText, ROLE_FLAGS } from '../accounts/roles.js';
import { truthy } from '../accounts/users.js';
import { prepare } from '../db/statements.js';
import { HttpError, saveSuccess } from '../http.js';
import { formatOrganisation, ORGANISATION_COLUMNS } from '../model/format.js';
import type { Route } from '../router.js';
import type { RequestContext, Row } from '../types.js';
import { ADMIN_USER_ACTIONS } from './accounts.js';
import { bodyObject } from './util.js';

// --- organisations -----------------------------------------------------------------------------------------

const ORG_FIELDS = ['description', 'type', 'nationality', 'sector', 'contacts', 'restricted_to_domain', 'landingpage'];

function findOrganisation(ctx: RequestContext, ref = ctx.args[0] ?? ''): Row | undefined {
  return prepare(ctx.db, `SELECT o.*, ${ORGANISATION_COLUMNS} FROM organisations o WHERE o.id = ? OR o.uuid = ?`).get(
    /^\d+$/.test(ref) ? Number(ref) : -1,
    ref,
  ) as Row | undefined;
}

const nameTaken = (ctx: RequestContext, name: unknown, exceptId = -1) =>
  Boolean(prepare(ctx.db, 'SELECT 1 FROM organisations WHERE name = ? AND id != ?').get(String(name ?? ''), exceptId));

function orgFailure(ctx: RequestContext, action: string, errors: unknown): HttpError {
  return new HttpError(403, `Could not ${action} Organisation`, { saved: false, url: ctx.url, errors });
}

function addOrganisation(ctx: RequestContext) {
  requireSiteAdmin(ctx);
  const input = bodyObject(ctx, 'Organisation');
  if (nameTaken(ctx, input.name))
    throw orgFailure(ctx, 'add', { name: ['An organisation with this name already exists.'] });
  const uuid = typeof input.uuid === 'string' && input.uuid ? input.uuid : randomUUID();
  if (prepare(ctx.db, 'SELECT 1 FROM organisations WHERE uuid = ?').get(uuid))
    throw orgFailure(ctx, 'add', { uuid: ['An organisation with this UUID already exists.'] });
  const stamp = nowText();
  const values = Object.fromEntries(
    ORG_FIELDS.map((f) => [f, input[f] === undefined || input[f] === null ? '' : String(input[f])]),
  );
  if (input.restricted_to_domain !== undefined)
    values.restricted_to_domain = JSON.stringify(domainList(input.restricted_to_domain));
  const info = prepare(
    ctx.db,
    `INSERT INTO organisations (name, uuid, ${ORG_FIELDS.join(', ')}, local, date_created, date_modified, created_by)
     VALUES (@name, @uuid, ${ORG_FIELDS.map((f) => `@${f}`).join(', ')}, @local, @stamp, @stamp, @by)`,
  ).run({
    ...values,
    name: String(input.name ?? ''),
    uuid,
    local: input.local === undefined ? 1 : truthy(input.local) ? 1 : 0,
    stamp,
    by: ctx.user.id,
  });
  return { Organisation: adminOrganisation(findOrganisation(ctx, String(info.lastInsertRowid)) as Row) };
}

/** `restricted_to_domain` as a list: given as a list, JSON text, or lines / commas of domains. */
function domainList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  const text = String(value ?? '').trim();
  if (text === '') return [];
  try {
    const parsed = JSON.parse(text);
    if (Array.isArray(parsed)) return parsed.map(String);
  } catch {
    // not JSON: a list of domains
  }
  return text.split(/[\s,]+/).filter(Boolean);
}

/** The admin answer: the organisation's own columns, as saved (no counts). */
function adminOrganisation(row: Row) {
  const org = formatOrganisation(row, 'user');
  return {
    ...org,
    description: row.description === '' ? null : row.description,
    restricted_to_domain: row.restricted_to_domain ? domainList(row.restricted_to_domain) : null,
    landingpage: row.landingpage === '' ? null : row.landingpage,
  };
}

function editOrganisation(ctx: RequestContext) {
  requireSiteAdmin(ctx);
  const row = findOrganisation(ctx);
  if (!row) throw new HttpError(404, 'Invalid organisation');
  const input = bodyObject(ctx, 'Organisation');
  if (input.name !== undefined && nameTaken(ctx, input.name, Number(row.id)))
    throw orgFailure(ctx, 'edit', { name: ['An organisation with this name already exists.'] });
  const next: Row = { ...row };
  for (const field of ['name', ...ORG_FIELDS])
    if (input[field] !== undefined && field !== 'restricted_to_domain') next[field] = String(input[field] ?? '');
  if (input.local !== undefined) next.local = truthy(input.local) ? 1 : 0;
  // MISP saves the domain list as JSON on every edit: an organisation never given one then has [].
  next.restricted_to_domain = JSON.stringify(domainList(input.restricted_to_domain ?? row.restricted_to_domain));
  prepare(
    ctx.db,
    `UPDATE organisations SET name = @name, ${ORG_FIELDS.map((f) => `${f} = @${f}`).join(', ')}, local = @local,
     date_modified = @stamp WHERE id = @id`,
  ).run({
    ...Object.fromEntries(['name', ...ORG_FIELDS].map((f) => [f, next[f] ?? ''])),
    local: next.local,
    stamp: nowText(),
    id: row.id,
  });
  return { Organisation: adminOrganisation(findOrganisation(ctx, String(row.id)) as Row) };
}

function deleteOrganisation(ctx: RequestContext) {
  requireSiteAdmin(ctx);
  const row = findOrganisation(ctx);
  if (!row) throw new HttpError(404, 'Invalid organisation');
  // MISP refuses while the organisation still has users, with an empty error list.
  if (Number(row.user_count) > 0 || Number(row.id) === ctx.user.org_id)
    throw new HttpError(403, 'Could not delete Organisation', {
      saved: false,
      url: ctx.url,
      errors: [],
      id: String(row.id),
    });
  ctx.db.transaction(() => {
    prepare(ctx.db, 'DELETE FROM sharing_group_orgs WHERE org_id = ?').run(row.id);
    prepare(ctx.db, 'DELETE FROM organisations WHERE id = ?').run(row.id);
  })();
  return { ...saveSuccess('organisations', 'delete', String(row.id), 'Organisation deleted'), url: ctx.url };
}

/**
 * organisations/index: `scope` local (default), external or all; `searchall` matches name, description,
 * uuid, nationality, sector and type. MISP reads both from CakePHP named parameters only
 * (`/organisations/index/scope:all`); a query string is ignored.
 */
function listOrganisations(ctx: RequestContext) {
  const f: Row = ctx.namedParams;
  // A CakePHP named parameter (`/scope:all`); MISP ignores `?scope=`. Any other value is the default, local.
  const scope = String(f.scope ?? 'local');
  const where: string[] = [];
  const params: unknown[] = [];
  if (scope === 'external') where.push('o.local = 0');
  else if (scope !== 'all') where.push('o.local = 1');
  const search = f.searchall ?? f.searchAll;
  if (search !== undefined && search !== '') {
    where.push(
      '(o.name LIKE ? OR o.description LIKE ? OR o.uuid LIKE ? OR o.nationality LIKE ? OR o.sector LIKE ? OR o.type LIKE ?)',
    );
    for (let i = 0; i < 6; i++) params.push(`%${search}%`);
  }
  const rows = prepare(
    ctx.db,
    `SELECT o.*, ${ORGANISATION_COLUMNS} FROM organisations o ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY LOWER(o.name), o.id`,
  ).all(...params) as Row[];
  const full = isSiteAdmin(ctx);
  return rows.map((r) => ({ Organisation: formatOrganisation(r, 'index', full) }));
}

// --- roles -------------------------------------------------------------------------------------------------

function roleFailure(ctx: RequestContext, action: string, errors: unknown) {
  return new HttpError(403, `Could not ${action} role`, { saved: false, url: ctx.url, errors });
}

/** Role flags from a request: `permission` (0–3) sets add/modify/modify_org/publish, then each perm_* as given. */
function roleValues(input: Row, base: Row): Row {
  const values: Row = { ...base };
  if (input.permission !== undefined && /^[0-3]$/.test(String(input.permission)))
    Object.assign(values, levelFlags(Number(input.permission)));
  for (const flag of ROLE_FLAGS) if (input[flag] !== undefined) values[flag] = truthy(input[flag]) ? 1 : 0;
  for (const field of ['memory_limit', 'max_execution_time'])
    if (input[field] !== undefined) values[field] = String(input[field] ?? '');
  if (input.rate_limit_count !== undefined) values.rate_limit_count = Number(input.rate_limit_count) || 0;
  return values;
}

function saveRole(ctx: RequestContext, values: Row, id?: number): Row {
  const columns = ['name', ...ROLE_FLAGS, 'memory_limit', 'max_execution_time', 'rate_limit_count', 'modified'];
  const stamp = nowText();
  if (id === undefined) {
    const info = prepare(
      ctx.db,
      `INSERT INTO roles (${columns.join(', ')}, created) VALUES (${columns.map((c) => `@${c}`).join(', ')}, @modified)`,
    ).run({ ...values, modified: stamp });
    return findRole(ctx.db, info.lastInsertRowid) as Row;
  }
  prepare(ctx.db, `UPDATE roles SET ${columns.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`).run({
    ...values,
    modified: stamp,
    id,
  });
  return findRole(ctx.db, id) as Row;
}

const EMPTY_ROLE: Row = Object.fromEntries([
  ...ROLE_FLAGS.map((f) => [f, 0]),
  ['memory_limit', ''],
  ['max_execution_time', ''],
  ['rate_limit_count', 0],
]);

function addRole(ctx: RequestContext) {
  requireSiteAdmin(ctx);
  const input = bodyObject(ctx, 'Role');
  if (typeof input.name !== 'string' || input.name.trim() === '')
    throw roleFailure(ctx, 'add', { name: ['A role needs a name.'] });
  if (prepare(ctx.db, 'SELECT 1 FROM roles WHERE name = ?').get(input.name))
    throw roleFailure(ctx, 'add', { name: ['A role with this name already exists.'] });
  const values = roleValues(input, { ...EMPTY_ROLE, name: input.name });
  const row = ctx.db.transaction(() => {
    if (values.default_role) prepare(ctx.db, 'UPDATE roles SET default_role = 0').run();
    return saveRole(ctx, values);
  })();
  return { Role: { ...formatRole(row), memory_limit: row.memory_limit, max_execution_time: row.max_execution_time } };
}

function editRole(ctx: RequestContext) {
  requireSiteAdmin(ctx);
  const row = findRole(ctx.db, ctx.args[0]);
  if (!row) throw new HttpError(404, 'Invalid Role');
  const input = bodyObject(ctx, 'Role');
  if (
    input.name !== undefined &&
    prepare(ctx.db, 'SELECT 1 FROM roles WHERE name = ? AND id != ?').get(input.name, row.id)
  )
    throw roleFailure(ctx, 'edit', { name: ['A role with this name already exists.'] });
  const values = roleValues(input, { ...row, name: input.name ?? row.name });
  const saved = ctx.db.transaction(() => {
    if (values.default_role && !row.default_role) prepare(ctx.db, 'UPDATE roles SET default_role = 0').run();
    return saveRole(ctx, values, Number(row.id));
  })();
  return {
    Role: { ...formatRole(saved), memory_limit: saved.memory_limit, max_execution_time: saved.max_execution_time },
  };
}

function deleteRole(ctx: RequestContext) {
  requireSiteAdmin(ctx);
  const row = findRole(ctx.db, ctx.args[0]);
  if (!row) throw new HttpError(404, 'Invalid Role.');
  const url = `/roles/delete/${row.id}`;
  if (prepare(ctx.db, 'SELECT 1 FROM users WHERE role_id = ?').get(row.id))
    throw new HttpError(403, 'Could not delete Role', {
      saved: false,
      url,
      errors: 'It is not possible to delete role that is assigned to users.',
      id: Number(row.id),
    });
  prepare(ctx.db, 'DELETE FROM roles WHERE id = ?').run(row.id);
  return { saved: true, success: true, name: 'Role deleted.', message: 'Role deleted.', url, id: Number(row.id) };
}

/** admin/roles/set_default/{id}: the role new users get when admin/users/add names none. */
function setDefaultRole(ctx: RequestContext) {
  requireSiteAdmin(ctx);
  const row = findRole(ctx.db, ctx.args[0]);
  if (!row)
    throw new HttpError(403, 'Could not set_default Role', {
      saved: false,
      url: ctx.url,
      errors: 'Invalid Role.',
      id: String(ctx.args[0] ?? ''),
    });
  ctx.db.transaction(() => {
    prepare(ctx.db, 'UPDATE roles SET default_role = 0').run();
    prepare(ctx.db, 'UPDATE roles SET default_role = 1 WHERE id = ?').run(row.id);
  })();
  return { ...saveSuccess('roles', 'set_default', String(row.id), 'Default role set.'), url: ctx.url };
}

function viewRole(ctx: RequestContext) {
  const row = findRole(ctx.db, ctx.args[0]);
  if (!row) throw new HttpError(404, 'Invalid Role.');
  return { Role: formatRole(row) };
}

// --- the /admin prefix ---------------------------------------------------------------------------------------

type Action = { methods: string[]; handler: (ctx: RequestContext) => unknown };

const ADMIN_ACTIONS: Record<string, Record<string, Action>> = {
  users: ADMIN_USER_ACTIONS,
  organisations: {
    add: { methods: ['POST'], handler: addOrganisation },
    edit: { methods: ['POST', 'PUT'], handler: editOrganisation },
    delete: { methods: ['POST', 'DELETE'], handler: deleteOrganisation },
  },
  roles: {
    add: { methods: ['POST'], handler: addRole },
    edit: { methods: ['POST', 'PUT'], handler: editRole },
    delete: { methods: ['POST', 'DELETE'], handler: deleteRole },
    set_default: { methods: ['POST'], handler: setDefaultRole },
    index: { methods: ['GET'], handler: (ctx) => listRoles(ctx) },
  },
};

function listRoles(ctx: RequestContext) {
  const rows = prepare(ctx.db, 'SELECT * FROM roles ORDER BY id').all() as Row[];
  return rows.map((row) => ({ Role: formatRole(row, true) }));
}

/** `/admin/users/add/3` reaches here as controller `admin`, action `users`, args `add, 3`. */
function adminPrefix(controller: string) {
  return (ctx: RequestContext) => {
    // Action names match as CakePHP's do: `set_default`, `setDefault` and `admin_set_default` alike.
    const wanted = (ctx.args[0] ?? 'index')
      .replace(/^admin_/, '')
      .replace(/_/g, '')
      .toLowerCase();
    const actions = ADMIN_ACTIONS[controller] ?? {};
    const key = Object.keys(actions).find((k) => k.replace(/_/g, '').toLowerCase() === wanted);
    const action = key ? actions[key] : undefined;
    if (!action) throw new HttpError(404, 'Not Found');
    if (!action.methods.includes(ctx.method)) {
      if (ctx.method === 'GET')
        return {
          name: `${ctx.url} API description`,
          description: 'This action expects a POST request with a JSON body.',
          url: ctx.url,
        };
      throw new HttpError(405, 'Method Not Allowed');
    }
    return action.handler({ ...ctx, args: ctx.args.slice(1) });
  };
}

export const adminRoutes: Route[] = [
  ...Object.keys(ADMIN_ACTIONS).map(
    (controller): Route => ({
      controller: 'admin',
      action: controller,
      methods: ['GET', 'POST', 'PUT', 'DELETE'],
      handler: adminPrefix(controller),
    }),
  ),
  { controller: 'organisations', action: 'index', methods: ['GET', 'POST'], handler: listOrganisations },
  { controller: 'roles', action: 'index', methods: ['GET'], handler: listRoles },
  { controller: 'roles', action: 'view', methods: ['GET'], handler: viewRole },
];
