import { prepare } from '../db/statements.js';
import { HttpError } from '../http.js';
import { formatCluster, formatGalaxy, formatOrganisation, str } from '../model/format.js';
import type { Route } from '../router.js';
import type { RequestContext, Row } from '../types.js';
import { formatWarninglist, matchValue, WARNINGLISTS } from '../warninglists.js';
import { found } from './util.js';

function checkValue(ctx: RequestContext) {
  let body = ctx.body;
  if (body && typeof body === 'object' && !Array.isArray(body)) body = (body as Row).Warninglist ?? (body as Row).value;
  const values = (Array.isArray(body) ? body : [body]).filter(
    (v): v is string => typeof v === 'string' && v.trim() !== '',
  );
  if (values.length === 0) throw new HttpError(404, 'No valid data received.');
  const result: Record<string, unknown> = {};
  for (const value of values) {
    const hits = matchValue(value.trim());
    if (hits.length)
      result[value] = hits.map((h) => ({ id: String(h.list.id), name: h.list.name, matched: h.matched }));
  }
  return Object.keys(result).length ? result : [];
}

function viewWarninglist(ctx: RequestContext) {
  const list = WARNINGLISTS.find((l) => String(l.id) === ctx.args[0]);
  if (!list) throw new HttpError(404, 'Invalid Warninglist.');
  return { Warninglist: formatWarninglist(list, true) };
}

function findGalaxy(ctx: RequestContext): Row {
  const ref = ctx.args[0] ?? '';
  const column = /^\d+$/.test(ref) ? 'id' : 'uuid';
  const row = prepare(ctx.db, `SELECT * FROM galaxies WHERE ${column} = ?`).get(ref) as Row | undefined;
  if (!row) throw new HttpError(404, 'Invalid galaxy.');
  return row;
}

function listGalaxies(ctx: RequestContext) {
  const body = ctx.body && typeof ctx.body === 'object' && !Array.isArray(ctx.body) ? (ctx.body as Row) : {};
  const value = body.value ?? ctx.named.value;
  const rows = (
    typeof value === 'string' && value !== ''
      ? prepare(
          ctx.db,
          'SELECT * FROM galaxies WHERE name LIKE @q OR namespace LIKE @q OR description LIKE @q OR uuid LIKE @q OR kill_chain_order LIKE @q ORDER BY id',
        ).all({ q: `%${value}%` })
      : prepare(ctx.db, 'SELECT * FROM galaxies ORDER BY id').all()
  ) as Row[];
  return rows.map((r) => ({ Galaxy: formatGalaxy(r) }));
}

function viewCluster(ctx: RequestContext) {
  const ref = ctx.args[0] ?? '';
  const column = /^\d+$/.test(ref) ? 'id' : 'uuid';
  const row = prepare(ctx.db, `SELECT * FROM galaxy_clusters WHERE ${column} = ?`).get(ref) as Row | undefined;
  if (!row) throw new HttpError(404, 'Invalid galaxy cluster');
  const tag = prepare(ctx.db, 'SELECT id FROM tags WHERE name = ?').get(row.tag_name) as Row | undefined;
  const galaxy = prepare(ctx.db, 'SELECT * FROM galaxies WHERE id = ?').get(row.galaxy_id) as Row;
  return { GalaxyCluster: { ...formatCluster(row), tag_id: tag ? str(tag.id) : '0', Galaxy: formatGalaxy(galaxy) } };
}

function viewOrganisation(ctx: RequestContext) {
  const ref = ctx.args[0] ?? '';
  const row = prepare(ctx.db, 'SELECT * FROM organisations WHERE id = ? OR uuid = ? OR name = ?').get(
    /^\d+$/.test(ref) ? Number(ref) : -1,
    ref,
    ref,
  ) as Row | undefined;
  if (!row) throw new HttpError(404, 'Invalid organisation');
  return { Organisation: formatOrganisation(row) };
}

function sharingGroup(ctx: RequestContext, row: Row) {
  const org = prepare(ctx.db, 'SELECT * FROM organisations WHERE id = ?').get(row.org_id) as Row;
  const members = prepare(
    ctx.db,
    'SELECT m.*, o.name, o.uuid FROM sharing_group_orgs m JOIN organisations o ON o.id = m.org_id WHERE m.sharing_group_id = ?',
  ).all(row.id) as Row[];
  return {
    SharingGroup: {
      id: str(row.id),
      uuid: row.uuid,
      name: row.name,
      description: row.description,
      releasability: row.releasability,
      local: true,
      active: true,
      roaming: false,
      org_id: str(row.org_id),
      organisation_uuid: org.uuid,
      created: row.created,
      modified: row.created,
      sync_user_id: '0',
      org_count: members.length,
    },
    Organisation: { id: str(org.id), name: org.name, uuid: org.uuid },
    SharingGroupOrg: members.map((m) => ({
      id: str(m.id),
      sharing_group_id: str(m.sharing_group_id),
      org_id: str(m.org_id),
      extend: Boolean(m.extend),
      Organisation: { id: str(m.org_id), name: m.name, uuid: m.uuid },
    })),
    SharingGroupServer: [],
    editable: Boolean(ctx.user.role.perm_site_admin),
    deletable: Boolean(ctx.user.role.perm_site_admin),
  };
}

/** Sharing groups the user's organisation belongs to (all of them for a site admin). */
function visibleSharingGroups(ctx: RequestContext): Row[] {
  return (
    ctx.user.role.perm_site_admin
      ? prepare(ctx.db, 'SELECT * FROM sharing_groups ORDER BY id').all()
      : prepare(
          ctx.db,
          'SELECT g.* FROM sharing_groups g JOIN sharing_group_orgs m ON m.sharing_group_id = g.id WHERE m.org_id = ? ORDER BY g.id',
        ).all(ctx.user.org_id)
  ) as Row[];
}

export const catalogueRoutes: Route[] = [
  {
    controller: 'warninglists',
    action: 'index',
    methods: ['GET', 'POST'],
    handler: () => ({ Warninglists: WARNINGLISTS.map((l) => ({ Warninglist: formatWarninglist(l) })) }),
  },
  { controller: 'warninglists', action: 'view', methods: ['GET'], handler: viewWarninglist },
  { controller: 'warninglists', action: 'checkValue', methods: ['POST'], handler: checkValue },
  { controller: 'galaxies', action: 'index', methods: ['GET', 'POST'], handler: listGalaxies },
  {
    controller: 'galaxies',
    action: 'view',
    methods: ['GET', 'HEAD'],
    handler: (ctx) => {
      const galaxy = findGalaxy(ctx);
      const clusters = prepare(ctx.db, 'SELECT * FROM galaxy_clusters WHERE galaxy_id = ? ORDER BY id').all(
        galaxy.id,
      ) as Row[];
      return { Galaxy: formatGalaxy(galaxy), GalaxyCluster: clusters.map(formatCluster) };
    },
  },
  { controller: 'galaxy_clusters', action: 'view', methods: ['GET', 'HEAD'], handler: viewCluster },
  {
    controller: 'organisations',
    action: 'index',
    methods: ['GET'],
    handler: (ctx) =>
      (prepare(ctx.db, 'SELECT * FROM organisations ORDER BY id').all() as Row[]).map((r) => ({
        Organisation: formatOrganisation(r),
      })),
  },
  {
    controller: 'organisations',
    action: 'view',
    methods: ['GET', 'HEAD'],
    handler: viewOrganisation,
    exists: (ctx) => found(() => viewOrganisation(ctx)),
  },
  {
    controller: 'sharing_groups',
    action: 'index',
    methods: ['GET'],
    handler: (ctx) => ({ response: visibleSharingGroups(ctx).map((r) => sharingGroup(ctx, r)) }),
  },
  {
    controller: 'sharing_groups',
    action: 'view',
    methods: ['GET', 'HEAD'],
    handler: (ctx) => {
      const row = visibleSharingGroups(ctx).find((g) => String(g.id) === ctx.args[0] || g.uuid === ctx.args[0]);
      if (!row) throw new HttpError(404, 'Invalid sharing group');
      return sharingGroup(ctx, row);
    },
    exists: (ctx) => visibleSharingGroups(ctx).some((g) => String(g.id) === ctx.args[0] || g.uuid === ctx.args[0]),
  },
];
