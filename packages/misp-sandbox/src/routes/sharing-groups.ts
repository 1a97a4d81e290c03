// sharing_groups/*: MISP's sharing groups with their organisations and servers. The sandbox is one instance
// with no remote servers, so the only server a group can list is the local instance (server id 0).
import { randomUUID } from 'node:crypto';
import { hasFlag, isSiteAdmin, SG_MEMBER_SQL } from '../accounts/permissions.js';
import { nowText } from '../accounts/roles.js';
import { truthy } from '../accounts/users.js';
import { NO_PERMISSION } from '../auth.js';
import { prepare } from '../db/statements.js';
import { HttpError, saveSuccess } from '../http.js';
import { formatOrganisation } from '../model/format.js';
import type { Route } from '../router.js';
import { readSetting } from '../settings.js';
import type { RequestContext, Row } from '../types.js';
import { bodyObject } from './util.js';

const NO_EDITING_RIGHTS = 'Invalid sharing group or no editing rights.';
const NOT_ACCESSIBLE = 'Sharing group doesn&#039;t exist or you do not have permission to access it.';

function visibleGroups(ctx: RequestContext, ref?: string): Row[] {
  const where: string[] = [];
  const params: unknown[] = [];
  if (!isSiteAdmin(ctx)) {
    where.push(`g.id IN ${SG_MEMBER_SQL}`);
    params.push(ctx.user.org_id);
  }
  if (ref !== undefined) {
    where.push('(g.id = ? OR g.uuid = ?)');
    params.push(/^\d+$/.test(ref) ? Number(ref) : -1, ref);
  }
  return prepare(
    ctx.db,
    `SELECT g.* FROM sharing_groups g ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY LOWER(g.name), g.id`,
  ).all(...params) as Row[];
}

/**
 * Who may change a group (MISP's "authorised to extend"): a site admin, the owning organisation's users with
 * perm_sharing_group, and those of a member organisation with `extend`.
 */
function canEdit(ctx: RequestContext, group: Row): boolean {
  if (isSiteAdmin(ctx)) return true;
  if (!hasFlag(ctx, 'perm_sharing_group')) return false;
  if (Number(group.org_id) === ctx.user.org_id) return true;
  return Boolean(
    prepare(ctx.db, 'SELECT 1 FROM sharing_group_orgs WHERE sharing_group_id = ? AND org_id = ? AND extend = 1').get(
      group.id,
      ctx.user.org_id,
    ),
  );
}

/**
 * addOrg/removeOrg/addServer/removeServer without ids in the path (PyMISP's form): MISP takes the group from
 * the first of these body keys that is set (PHP's !empty: not '' nor '0').
 */
function memberGroupRef(ctx: RequestContext): string {
  const body = (ctx.body && typeof ctx.body === 'object' && !Array.isArray(ctx.body) ? ctx.body : {}) as Row;
  const ref = ['sg_id', 'sg_uuid', 'id', 'uuid'].map((key) => body[key]).find((value) => value && value !== '0');
  if (!ref) throw new HttpError(405, 'No valid sharing group ID provided.');
  return String(ref);
}

function requireEditable(ctx: RequestContext, missing: string): Row {
  if (!isSiteAdmin(ctx) && !hasFlag(ctx, 'perm_sharing_group')) throw new HttpError(403, NO_PERMISSION);
  const ref =
    ctx.args[0] ??
    (missing === NO_EDITING_RIGHTS ? memberGroupRef(ctx) : String((ctx.body as Row | undefined)?.sg_id ?? ''));
  const group = prepare(ctx.db, 'SELECT * FROM sharing_groups WHERE id = ? OR uuid = ?').get(
    /^\d+$/.test(ref) ? Number(ref) : -1,
    ref,
  ) as Row | undefined;
  if (!group || !canEdit(ctx, group)) throw new HttpError(405, missing);
  return group;
}

const members = (ctx: RequestContext, group: Row) =>
  prepare(
    ctx.db,
    'SELECT m.*, o.name, o.uuid, o.local FROM sharing_group_orgs m JOIN organisations o ON o.id = m.org_id WHERE m.sharing_group_id = ? ORDER BY m.id',
  ).all(group.id) as Row[];
const servers = (ctx: RequestContext, group: Row) =>
  prepare(ctx.db, 'SELECT * FROM sharing_group_servers WHERE sharing_group_id = ? ORDER BY id').all(group.id) as Row[];
const owner = (ctx: RequestContext, group: Row) =>
  prepare(ctx.db, 'SELECT * FROM organisations WHERE id = ?').get(group.org_id) as Row;

function groupColumns(group: Row, ownerRow: Row) {
  return {
    id: String(group.id),
    name: group.name,
    releasability: group.releasability,
    description: group.description,
    uuid: group.uuid,
    organisation_uuid: ownerRow.uuid,
    org_id: String(group.org_id),
    sync_user_id: String(group.sync_user_id),
    active: Boolean(group.active),
    created: group.created,
    modified: group.modified || group.created,
    local: Boolean(group.local),
    roaming: Boolean(group.roaming),
  };
}

/** The answer of add and edit: the saved group with its member and server rows. */
function savedGroup(ctx: RequestContext, group: Row) {
  const ownerRow = owner(ctx, group);
  return {
    SharingGroup: groupColumns(group, ownerRow),
    SharingGroupOrg: members(ctx, group).map((m) => ({
      id: String(m.id),
      sharing_group_id: String(m.sharing_group_id),
      org_id: String(m.org_id),
      extend: Boolean(m.extend),
      Organisation: { id: String(m.org_id), name: m.name, uuid: m.uuid },
    })),
    SharingGroupServer: servers(ctx, group).map((s) => ({
      id: String(s.id),
      sharing_group_id: String(s.sharing_group_id),
      server_id: String(s.server_id),
      all_orgs: Boolean(s.all_orgs),
    })),
    Organisation: { id: String(ownerRow.id), name: ownerRow.name, uuid: ownerRow.uuid },
  };
}

/**
 * One group, for sharing_groups/view: MISP lets the owning organisation see it too (its "authorised" check),
 * although the index and event visibility leave owners out unless they are members.
 */
function accessibleGroup(ctx: RequestContext): Row | undefined {
  const ref = ctx.args[0] ?? '';
  const group = prepare(ctx.db, 'SELECT * FROM sharing_groups WHERE id = ? OR uuid = ?').get(
    /^\d+$/.test(ref) ? Number(ref) : -1,
    ref,
  ) as Row | undefined;
  if (!group) return undefined;
  if (isSiteAdmin(ctx) || Number(group.org_id) === ctx.user.org_id) return group;
  return visibleGroups(ctx, String(group.id))[0];
}

function viewGroup(ctx: RequestContext, baseUrl: string) {
  const group = accessibleGroup(ctx);
  if (!group) throw new HttpError(405, NOT_ACCESSIBLE);
  const ownerRow = owner(ctx, group);
  return {
    SharingGroup: {
      ...groupColumns(group, ownerRow),
      sync_org_name: ownerRow.name,
      sync_org: { id: String(ownerRow.id), name: ownerRow.name, uuid: ownerRow.uuid },
    },
    Organisation: formatOrganisation(ownerRow),
    SharingGroupOrg: members(ctx, group).map((m) => ({
      id: String(m.id),
      sharing_group_id: String(m.sharing_group_id),
      org_id: String(m.org_id),
      extend: Boolean(m.extend),
      Organisation: { id: String(m.org_id), name: m.name, uuid: m.uuid, local: Boolean(m.local) },
    })),
    SharingGroupServer: servers(ctx, group).map((s) => ({
      id: String(s.id),
      sharing_group_id: String(s.sharing_group_id),
      server_id: String(s.server_id),
      all_orgs: Boolean(s.all_orgs),
      Server: { id: '0', name: 'Local instance', url: baseUrl },
    })),
  };
}

function listGroups(ctx: RequestContext) {
  return {
    response: visibleGroups(ctx).map((group) => {
      const ownerRow = owner(ctx, group);
      const orgs = members(ctx, group);
      return {
        SharingGroup: {
          id: String(group.id),
          uuid: group.uuid,
          name: group.name,
          description: group.description,
          releasability: group.releasability,
          local: Boolean(group.local),
          active: Boolean(group.active),
          roaming: Boolean(group.roaming),
          org_count: String(orgs.length),
        },
        Organisation: { id: String(ownerRow.id), name: ownerRow.name, uuid: ownerRow.uuid },
        SharingGroupOrg: orgs.map((m) => ({
          id: String(m.id),
          sharing_group_id: String(m.sharing_group_id),
          org_id: String(m.org_id),
          extend: Boolean(m.extend),
          Organisation: { name: m.name, id: String(m.org_id), uuid: m.uuid },
        })),
        SharingGroupServer: servers(ctx, group).map((s) => ({
          all_orgs: Boolean(s.all_orgs),
          server_id: String(s.server_id),
          sharing_group_id: String(s.sharing_group_id),
          Server: [],
        })),
        editable: canEdit(ctx, group),
        deletable: canEdit(ctx, group),
      };
    }),
  };
}

const COULD_NOT_SAVE = () =>
  new HttpError(403, 'Could not add SharingGroup', {
    saved: false,
    url: '/sharing_groups/add',
    errors: 'Could not save sharing group.',
  });

/** Member organisations listed in a request (`SharingGroupOrg: [{extend, Organisation: {uuid|id|name}} | {org_id}]`). */
function requestedMembers(ctx: RequestContext, input: Row): { orgId: number; extend: boolean }[] {
  const list = Array.isArray(input.SharingGroupOrg) ? (input.SharingGroupOrg as Row[]) : [];
  const found: { orgId: number; extend: boolean }[] = [];
  for (const item of list) {
    let org = (Array.isArray(item.Organisation) ? item.Organisation[0] : item.Organisation) as Row | undefined;
    org ??= { id: item.org_id, uuid: item.uuid };
    const row = prepare(ctx.db, 'SELECT id FROM organisations WHERE id = ? OR uuid = ? OR name = ?').get(
      /^\d+$/.test(String(org.id ?? '')) ? Number(org.id) : -1,
      String(org.uuid ?? ''),
      String(org.name ?? ''),
    ) as Row | undefined;
    if (row && !found.some((m) => m.orgId === Number(row.id)))
      found.push({ orgId: Number(row.id), extend: truthy(item.extend) });
  }
  return found;
}

/**
 * sharing_groups/add. A user who is not a site admin must list their own organisation among the members,
 * with `extend` (MISP refuses to save a group its creator would not belong to); a group without a name is
 * refused too. Either refusal writes nothing. MISP creates every group with `local: false`.
 */
function addGroup(ctx: RequestContext) {
  if (!hasFlag(ctx, 'perm_sharing_group')) throw new HttpError(403, NO_PERMISSION);
  const input = bodyObject(ctx, 'SharingGroup');
  const wanted = requestedMembers(ctx, input);
  if (!isSiteAdmin(ctx) && !wanted.some((m) => m.orgId === ctx.user.org_id && (m.extend || hasFlag(ctx, 'perm_sync'))))
    throw COULD_NOT_SAVE();
  if (typeof input.name !== 'string' || input.name === '') throw COULD_NOT_SAVE();
  let name = input.name;
  // MISP keeps names unique by appending a random number to a taken one.
  while (prepare(ctx.db, 'SELECT 1 FROM sharing_groups WHERE name = ?').get(name))
    name = `${input.name}_${Math.floor(Math.random() * 10000)}`;
  const stamp = nowText();
  const id = ctx.db.transaction(() => {
    const info = prepare(
      ctx.db,
      `INSERT INTO sharing_groups (uuid, name, description, releasability, org_id, created, modified, active, local, roaming, sync_user_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)`,
    ).run(
      typeof input.uuid === 'string' && input.uuid ? input.uuid : randomUUID(),
      name,
      String(input.description ?? ''),
      String(input.releasability ?? ''),
      ctx.user.org_id,
      stamp,
      stamp,
      input.active === undefined ? 1 : truthy(input.active) ? 1 : 0,
      truthy(input.roaming) ? 1 : 0,
      ctx.user.id,
    );
    const groupId = Number(info.lastInsertRowid);
    const member = prepare(
      ctx.db,
      'INSERT INTO sharing_group_orgs (sharing_group_id, org_id, extend) VALUES (?, ?, ?)',
    );
    for (const m of wanted) member.run(groupId, m.orgId, m.extend ? 1 : 0);
    if (!truthy(input.roaming))
      prepare(ctx.db, 'INSERT INTO sharing_group_servers (sharing_group_id, server_id, all_orgs) VALUES (?, 0, 0)').run(
        groupId,
      );
    return groupId;
  })();
  return savedGroup(ctx, prepare(ctx.db, 'SELECT * FROM sharing_groups WHERE id = ?').get(id) as Row);
}

function editGroup(ctx: RequestContext) {
  const group = requireEditable(ctx, NOT_ACCESSIBLE);
  const input = bodyObject(ctx, 'SharingGroup');
  const next: Row = { ...group };
  for (const field of ['name', 'description', 'releasability'])
    if (input[field] !== undefined) next[field] = String(input[field]);
  for (const field of ['active', 'local', 'roaming'])
    if (input[field] !== undefined) next[field] = truthy(input[field]) ? 1 : 0;
  prepare(
    ctx.db,
    `UPDATE sharing_groups SET name = @name, description = @description, releasability = @releasability, active = @active,
     local = @local, roaming = @roaming, modified = @modified WHERE id = @id`,
  ).run({ ...next, modified: nowText() });
  return savedGroup(ctx, prepare(ctx.db, 'SELECT * FROM sharing_groups WHERE id = ?').get(group.id) as Row);
}

function deleteGroup(ctx: RequestContext) {
  const group = requireEditable(ctx, 'Action not allowed.');
  ctx.db.transaction(() => {
    prepare(ctx.db, 'DELETE FROM sharing_group_orgs WHERE sharing_group_id = ?').run(group.id);
    prepare(ctx.db, 'DELETE FROM sharing_group_servers WHERE sharing_group_id = ?').run(group.id);
    prepare(ctx.db, 'DELETE FROM sharing_groups WHERE id = ?').run(group.id);
  })();
  return { ...saveSuccess('sharing_groups', 'delete', String(group.id), 'SharingGroup deleted'), url: ctx.url };
}

const memberResult = (saved: boolean, message: string, action: string, errors?: string) =>
  saved
    ? { saved: true, success: true, name: message, message, url: `/sharing_groups/${action}` }
    : new HttpError(403, message, { saved: false, url: `/sharing_groups/${action}`, errors });

function changeOrg(ctx: RequestContext, add: boolean) {
  const group = requireEditable(ctx, NO_EDITING_RIGHTS);
  // The organisation: the path's, else the first of org_id, org_uuid, org_name set (each an id, uuid or name).
  const body = bodyObject(ctx) as Row;
  const orgRef =
    ctx.args[1] ?? String(['org_id', 'org_uuid', 'org_name'].map((key) => body[key]).find((value) => value) ?? '');
  const org = prepare(ctx.db, 'SELECT * FROM organisations WHERE id = ? OR uuid = ? OR name = ?').get(
    /^\d+$/.test(orgRef) ? Number(orgRef) : -1,
    orgRef,
    orgRef,
  ) as Row | undefined;
  if (!org) throw new HttpError(405, 'Invalid organisation.');
  const existing = prepare(ctx.db, 'SELECT id FROM sharing_group_orgs WHERE sharing_group_id = ? AND org_id = ?').get(
    group.id,
    org.id,
  );
  if (add) {
    if (existing)
      throw memberResult(
        false,
        'Could not add Organisation to SharingGroup',
        'addOrg',
        'Organisation is already in the sharing group.',
      );
    const extend = truthy(body.extend) ? 1 : 0;
    prepare(ctx.db, 'INSERT INTO sharing_group_orgs (sharing_group_id, org_id, extend) VALUES (?, ?, ?)').run(
      group.id,
      org.id,
      extend,
    );
    return memberResult(true, 'Organisation added to the sharing group.', 'addOrg');
  }
  if (!existing)
    throw memberResult(
      false,
      'Could not remove Organisation from SharingGroup',
      'removeOrg',
      'Organisation is not in the sharing group.',
    );
  prepare(ctx.db, 'DELETE FROM sharing_group_orgs WHERE sharing_group_id = ? AND org_id = ?').run(group.id, org.id);
  return memberResult(true, 'Organisation removed from the sharing group.', 'removeOrg');
}

/**
 * addServer / removeServer name a row of MISP's servers table, where this instance itself (0) is not. The
 * sandbox syncs with no remote servers, so every server is MISP's 405 "Invalid Server.".
 */
function changeServer(ctx: RequestContext): never {
  requireEditable(ctx, NO_EDITING_RIGHTS);
  throw new HttpError(405, 'Invalid Server.');
}

/** The local instance's `MISP.baseurl` (a sandbox setting; empty unless set), as its Server.url. */
const baseUrlOf = (ctx: RequestContext) => String(readSetting(ctx.db, 'MISP.baseurl'));

export const sharingGroupRoutes: Route[] = [
  { controller: 'sharing_groups', action: 'index', methods: ['GET', 'POST'], handler: listGroups },
  {
    controller: 'sharing_groups',
    action: 'view',
    methods: ['GET', 'HEAD'],
    handler: (ctx) => viewGroup(ctx, baseUrlOf(ctx)),
    exists: (ctx) => accessibleGroup(ctx) !== undefined,
  },
  { controller: 'sharing_groups', action: 'add', methods: ['POST'], handler: addGroup },
  { controller: 'sharing_groups', action: 'edit', methods: ['POST', 'PUT'], handler: editGroup },
  { controller: 'sharing_groups', action: 'delete', methods: ['POST', 'DELETE'], handler: deleteGroup },
  { controller: 'sharing_groups', action: 'addOrg', methods: ['POST'], handler: (ctx) => changeOrg(ctx, true) },
  { controller: 'sharing_groups', action: 'removeOrg', methods: ['POST'], handler: (ctx) => changeOrg(ctx, false) },
  { controller: 'sharing_groups', action: 'addServer', methods: ['POST'], handler: changeServer },
  { controller: 'sharing_groups', action: 'removeServer', methods: ['POST'], handler: changeServer },
];
