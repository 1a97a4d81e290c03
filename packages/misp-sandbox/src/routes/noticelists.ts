import { formatNoticelist, updateNoticelists } from '../catalogues/noticelists.js';
import { prepare } from '../db/statements.js';
import { HttpError, saveSuccess } from '../http.js';
import type { Route } from '../router.js';
import { RawReply } from '../search/export.js';
import type { RequestContext, Row } from '../types.js';
import { baseUrl } from './util.js';

/**
 * Noticelists. MISP ships them from the misp-noticelist repository, which is not among the catalogues the
 * sandbox vendors: without a `noticelists` folder the sandbox is a MISP whose `noticelists/update` found none
 * (an empty index, every id unknown); with one it serves the lists it installed from there.
 */
function findNoticelist(ctx: RequestContext): Row | undefined {
  const id = ctx.args[0] ?? '';
  return /^\d+$/.test(id)
    ? (prepare(ctx.db, 'SELECT * FROM noticelists WHERE id = ?').get(Number(id)) as Row | undefined)
    : undefined;
}

function index(ctx: RequestContext) {
  const rows = prepare(ctx.db, 'SELECT * FROM noticelists ORDER BY id').all() as Row[];
  return rows.map((row) => ({ Noticelist: formatNoticelist(row) }));
}

function view(ctx: RequestContext) {
  const row = findNoticelist(ctx);
  if (!row) throw new HttpError(404, 'Invalid Noticelist.');
  const entries = prepare(ctx.db, 'SELECT * FROM noticelist_entries WHERE noticelist_id = ? ORDER BY id').all(
    row.id,
  ) as Row[];
  return {
    Noticelist: {
      ...formatNoticelist(row),
      NoticelistEntry: entries.map((e) => ({
        id: String(e.id),
        noticelist_id: String(e.noticelist_id),
        data: JSON.parse(String(e.data)),
      })),
    },
  };
}

function toggle(ctx: RequestContext) {
  const id = ctx.args[0];
  const row = findNoticelist(ctx);
  if (!row) {
    // MISP 2.5.1 means to answer this save failure; it crashes with a 500 instead when the id is unknown.
    throw new HttpError(403, 'Could not toggleEnable Noticelist', {
      saved: false,
      url: `/noticelists/toggleEnable${id ? `/${id}` : ''}`,
      errors: 'Noticelist not found.',
      ...(id ? { id } : {}),
    });
  }
  const enabled = row.enabled ? 0 : 1;
  prepare(ctx.db, 'UPDATE noticelists SET enabled = ? WHERE id = ?').run(enabled, row.id);
  return saveSuccess('Noticelists', 'toggleEnable', id, enabled ? 'Noticelist enabled.' : 'Noticelist disabled.');
}

/** noticelists/enableNoticelist/{id}[/{enable}]: sets the flag, then MISP redirects to the list's page. */
function enable(ctx: RequestContext) {
  const row = findNoticelist(ctx);
  if (!row) throw new HttpError(404, 'Noticelist not found.');
  const value = ctx.args[1];
  prepare(ctx.db, 'UPDATE noticelists SET enabled = ? WHERE id = ?').run(
    value !== undefined && value !== '' && value !== '0' ? 1 : 0,
    row.id,
  );
  // An empty body, as MISP's redirect (a Reply would send the JSON string "").
  return new RawReply(302, '', {
    Location: `${baseUrl(ctx)}/noticelists/view/${row.id}`,
    'Content-Type': 'application/json; charset=UTF-8',
  });
}

function update(ctx: RequestContext) {
  const installed = updateNoticelists(ctx.db);
  return saveSuccess(
    'Noticelists',
    'update',
    undefined,
    installed ? `Successfully updated ${installed} noticelists.` : 'All noticelists are up to date already.',
  );
}

export const noticelistRoutes: Route[] = [
  { controller: 'noticelists', action: 'index', methods: ['GET', 'POST'], handler: index },
  { controller: 'noticelists', action: 'view', methods: ['GET'], handler: view },
  {
    controller: 'noticelists',
    action: 'enableNoticelist',
    methods: ['GET', 'POST'],
    handler: enable,
    permission: 'site_admin',
  },
  { controller: 'noticelists', action: 'toggleEnable', methods: ['POST'], handler: toggle, permission: 'site_admin' },
  { controller: 'noticelists', action: 'update', methods: ['POST'], handler: update, permission: 'site_admin' },
];
