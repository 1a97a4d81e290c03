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
    action: 'view',
    methods: ['GET', 'HEAD'],
    handler: viewOrganisation,
    exists: (ctx) => found(() => viewOrganisation(ctx)),
  },
];
