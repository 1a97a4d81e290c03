import { NO_PERMISSION } from '../auth.js';
import { describeTypes } from '../describe-types.js';
import { HttpError } from '../http.js';
import { bool } from '../model/format.js';
import type { Route } from '../router.js';
import { instanceUuid } from '../settings.js';

export const MISP_VERSION = '2.5.1';
export const PYMISP_RECOMMENDED = '2.5.1';

/** The role's perm_sync flag (admin and Sync user among the default roles, as in MISP). */
const isSyncRole = (role: { name: string }) => Boolean((role as { perm_sync?: unknown }).perm_sync);

export const metaRoutes: Route[] = [
  {
    controller: 'servers',
    action: 'getVersion',
    methods: ['GET'],
    handler: (ctx) => ({
      version: MISP_VERSION,
      pymisp_recommended_version: PYMISP_RECOMMENDED,
      perm_sync: isSyncRole(ctx.user.role),
      perm_sighting: bool(ctx.user.role.perm_sighting),
      perm_galaxy_editor: bool(ctx.user.role.perm_galaxy_editor),
      perm_analyst_data: bool(ctx.user.role.perm_add),
      // MISP tells only sync users its instance uuid.
      uuid: isSyncRole(ctx.user.role) ? instanceUuid(ctx.db) : '-',
      // What MISP 2.5.1 on a stock PHP build advertises (no brotli extension); the sandbox also reads br.
      request_encoding: ['gzip'],
      filter_sightings: true,
    }),
  },
  {
    controller: 'servers',
    action: 'getInstanceUUID',
    methods: ['GET'],
    // MISP's ACL lets only sync roles (and site admins) ask; the uuid is MISP.uuid of servers/getSetting.
    handler: (ctx) => {
      if (!isSyncRole(ctx.user.role) && !ctx.user.role.perm_site_admin) throw new HttpError(403, NO_PERMISSION);
      return { uuid: instanceUuid(ctx.db) };
    },
  },
  {
    controller: 'servers',
    action: 'getPyMISPVersion',
    methods: ['GET'],
    handler: () => ({ version: PYMISP_RECOMMENDED }),
  },
  { controller: 'attributes', action: 'describeTypes', methods: ['GET'], handler: () => describeTypes() },
];
