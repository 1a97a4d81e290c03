import { prepare } from '../db/statements.js';
import { HttpError } from '../http.js';
import { formatOrganisation, ORGANISATION_COLUMNS } from '../model/format.js';
import type { Route } from '../router.js';
import type { RequestContext, Row } from '../types.js';
import { found } from './util.js';

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

/** organisations/view (galaxies/index and view moved to galaxies.ts, galaxy_clusters/view to galaxy-clusters.ts). */
export const catalogueRoutes: Route[] = [
  {
    controller: 'organisations',
    action: 'view',
    methods: ['GET', 'HEAD'],
    handler: viewOrganisation,
    exists: (ctx) => found(() => viewOrganisation(ctx)),
  },
];
