import { prepare } from '../db/statements.js';
import { HttpError } from '../http.js';
import { formatCluster, formatGalaxy, formatOrganisation, ORGANISATION_COLUMNS, str } from '../model/format.js';
import type { Route } from '../router.js';
import { likePattern } from '../search/filters.js';
import type { RequestContext, Row } from '../types.js';
import { found } from './util.js';

function findGalaxy(ctx: RequestContext): Row {
  const ref = ctx.args[0] ?? '';
  const column = /^\d+$/.test(ref) ? 'id' : 'uuid';
  const row = prepare(ctx.db, `SELECT * FROM galaxies WHERE ${column} = ?`).get(ref) as Row | undefined;
  if (!row) throw new HttpError(404, 'Invalid Galaxy.');
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
        ).all({ q: likePattern(`%${value}%`) })
      : prepare(ctx.db, 'SELECT * FROM galaxies ORDER BY id').all()
  ) as Row[];
  return rows.map((r) => ({ Galaxy: formatGalaxy(r) }));
}

function viewCluster(ctx: RequestContext) {
  const ref = ctx.args[0] ?? '';
  const column = /^\d+$/.test(ref) ? 'id' : 'uuid';
  const row = prepare(ctx.db, `SELECT * FROM galaxy_clusters WHERE ${column} = ?`).get(ref) as Row | undefined;
  if (!row) throw new HttpError(404, 'Invalid galaxy cluster');
  const galaxy = prepare(ctx.db, 'SELECT * FROM galaxies WHERE id = ?').get(row.galaxy_id) as Row;
  const { meta, ...cluster } = formatCluster(row);
  // MISP's view lists the cluster's meta as key/value rows (GalaxyElement), one per value.
  let elementId = 0;
  const elements = Object.entries((meta ?? {}) as Record<string, unknown>).flatMap(([key, value]) =>
    (Array.isArray(value) ? value : [value]).map((v) => ({
      id: String(Number(row.id) * 100 + ++elementId),
      galaxy_cluster_id: str(row.id),
      key,
      value: typeof v === 'string' ? v : JSON.stringify(v),
    })),
  );
  return {
    GalaxyCluster: {
      ...cluster,
      collection_uuid: galaxy.uuid,
      published: false,
      Galaxy: formatGalaxy(galaxy),
      GalaxyElement: elements,
      GalaxyClusterRelation: [],
      RelationshipInbound: [],
    },
  };
}

/** Site admins, and the organisation's own admins, may administer it (and see who created it). */
const administers = (ctx: RequestContext, row: Row) =>
  Boolean(ctx.user.role.perm_site_admin) || (Boolean(ctx.user.role.perm_admin) && Number(row.id) === ctx.user.org_id);

function viewOrganisation(ctx: RequestContext) {
  const ref = ctx.args[0] ?? '';
  const row = prepare(
    ctx.db,
    `SELECT o.*, ${ORGANISATION_COLUMNS} FROM organisations o WHERE o.id = ? OR o.uuid = ? OR o.name = ?`,
  ).get(/^\d+$/.test(ref) ? Number(ref) : -1, ref, ref) as Row | undefined;
  if (!row) throw new HttpError(404, 'Invalid organisation');
  return { Organisation: formatOrganisation(row, 'view', administers(ctx, row)) };
}

/** organisations/index, sorted by name case-insensitively as MISP does (LOWER(name)). */
function listOrganisations(ctx: RequestContext) {
  const rows = prepare(
    ctx.db,
    `SELECT o.*, ${ORGANISATION_COLUMNS} FROM organisations o ORDER BY LOWER(o.name), o.id`,
  ).all() as Row[];
  const full = Boolean(ctx.user.role.perm_site_admin);
  return rows.map((r) => ({ Organisation: formatOrganisation(r, 'index', full) }));
}

function sharingGroup(ctx: RequestContext, row: Row) {
  const org = prepare(ctx.db, 'SELECT * FROM organisations WHERE id = ?').get(row.org_id) as Row;
  const members = prepare(
    ctx.db,
    'SELECT m.*, o.name, o.uuid FROM sharing_group_orgs m JOIN organisations o ON o.id = m.org_id WHERE m.sharing_group_id = ?',
  ).all(row.id) as Row[];
  return {
    // MISP's index row: no owner, times or sync user; org_count a string. The sandbox's group is what a
    // site admin makes through the API, which MISP records as not local.
    SharingGroup: {
      id: str(row.id),
      uuid: row.uuid,
      name: row.name,
      description: row.description,
      releasability: row.releasability,
      local: false,
      active: true,
      roaming: false,
      org_count: String(members.length),
    },
    Organisation: { id: str(org.id), name: org.name, uuid: org.uuid },
    SharingGroupOrg: members.map((m) => ({
      id: str(m.id),
      sharing_group_id: str(m.sharing_group_id),
      org_id: str(m.org_id),
      extend: Boolean(m.extend),
      Organisation: { name: m.name, id: str(m.org_id), uuid: m.uuid },
    })),
    // The local instance's row (server_id 0), which MISP adds to every group it creates.
    SharingGroupServer: [{ all_orgs: false, server_id: '0', sharing_group_id: str(row.id), Server: [] }],
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
    handler: listOrganisations,
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
