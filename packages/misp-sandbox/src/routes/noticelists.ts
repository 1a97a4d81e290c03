import { HttpError, saveSuccess } from '../http.js';
import type { Route } from '../router.js';
import type { RequestContext } from '../types.js';

/**
 * Noticelists. MISP ships them from the misp-noticelist repository, which is not among the catalogues the
 * sandbox vendors, so the sandbox is a MISP whose `noticelists/update` found none: an empty index, and
 * every id unknown.
 */
function toggle(ctx: RequestContext) {
  const id = ctx.args[0];
  // MISP 2.5.1 means to answer this save failure; it crashes with a 500 instead when the id is unknown.
  throw new HttpError(403, 'Could not toggleEnable Noticelist', {
    saved: false,
    url: `/noticelists/toggleEnable${id ? `/${id}` : ''}`,
    errors: 'Noticelist not found.',
    ...(id ? { id } : {}),
  });
}

export const noticelistRoutes: Route[] = [
  { controller: 'noticelists', action: 'index', methods: ['GET', 'POST'], handler: () => [] },
  {
    controller: 'noticelists',
    action: 'view',
    methods: ['GET'],
    handler: () => {
      throw new HttpError(404, 'Invalid Noticelist.');
    },
  },
  {
    controller: 'noticelists',
    action: 'enableNoticelist',
    methods: ['GET', 'POST'],
    handler: () => {
      throw new HttpError(404, 'Noticelist not found.');
    },
    permission: 'site_admin',
  },
  { controller: 'noticelists', action: 'toggleEnable', methods: ['POST'], handler: toggle, permission: 'site_admin' },
  {
    controller: 'noticelists',
    action: 'update',
    methods: ['POST'],
    handler: () => saveSuccess('Noticelists', 'update', undefined, 'All noticelists are up to date already.'),
    permission: 'site_admin',
  },
];
