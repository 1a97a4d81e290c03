import { prepare } from '../db/statements.js';
import { formatModel, installDefaultModels, visibleModels } from '../decaying.js';
import { HttpError, saveSuccess } from '../http.js';
import type { Route } from '../router.js';
import type { RequestContext, Row } from '../types.js';

const NO_MODEL = 'No Decaying Model with the provided ID exists';

/** Site admins administer every model; an organisation's admins (or perm_decaying) its own organisation's. */
function editable(ctx: RequestContext, row: Row): boolean {
  const role = ctx.user.role as unknown as Record<string, unknown>;
  if (role.perm_site_admin) return true;
  return Boolean(role.perm_admin || role.perm_decaying) && Number(row.org_id) === ctx.user.org_id && !row.is_default;
}

function findModel(ctx: RequestContext): Row {
  const ref = ctx.args[0] ?? '';
  const row = /^\d+$/.test(ref)
    ? (prepare(ctx.db, 'SELECT * FROM decaying_models WHERE id = ?').get(Number(ref)) as Row | undefined)
    : undefined;
  const role = ctx.user.role as unknown as Record<string, unknown>;
  if (!row || !(role.perm_site_admin || row.all_orgs || Number(row.org_id) === ctx.user.org_id)) {
    throw new HttpError(404, NO_MODEL);
  }
  return row;
}

const view = (ctx: RequestContext, row: Row) => ({
  DecayingModel: { ...formatModel(row), isEditable: editable(ctx, row) },
});

function setEnabled(ctx: RequestContext, enabled: boolean) {
  const row = findModel(ctx);
  const verb = enabled ? 'enable' : 'disable';
  if (!editable(ctx, row)) throw new HttpError(405, `You are not authorised to ${verb} this model.`);
  prepare(ctx.db, 'UPDATE decaying_models SET enabled = ? WHERE id = ?').run(enabled ? 1 : 0, row.id);
  const updated = prepare(ctx.db, 'SELECT * FROM decaying_models WHERE id = ?').get(row.id) as Row;
  return {
    ...saveSuccess('DecayingModel', verb, String(row.id), `Decaying model ${verb}d`),
    data: view(ctx, updated),
  };
}

export const decayingRoutes: Route[] = [
  {
    controller: 'decaying_model',
    action: 'index',
    methods: ['GET', 'POST'],
    handler: (ctx) => visibleModels(ctx.db, ctx.user).map((row) => view(ctx, row)),
  },
  { controller: 'decaying_model', action: 'view', methods: ['GET'], handler: (ctx) => view(ctx, findModel(ctx)) },
  { controller: 'decaying_model', action: 'enable', methods: ['POST'], handler: (ctx) => setEnabled(ctx, true) },
  { controller: 'decaying_model', action: 'disable', methods: ['POST'], handler: (ctx) => setEnabled(ctx, false) },
  {
    controller: 'decaying_model',
    action: 'update',
    methods: ['POST'],
    permission: 'site_admin',
    handler: (ctx) => {
      installDefaultModels(ctx.db);
      return saveSuccess('DecayingModel', 'update', undefined, 'Default decaying models updated');
    },
  },
];
