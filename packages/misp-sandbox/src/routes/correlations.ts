import { prepare } from '../db/statements.js';
import { HttpError, saveSuccess } from '../http.js';
import { cleanExcludedCorrelations, findExclusion, formatExclusion, recorrelateValue } from '../model/correlations.js';
import type { Route } from '../router.js';
import type { RequestContext, Row } from '../types.js';
import { bodyObject } from './util.js';

/**
 * correlation_exclusions (site admins only, as MISP's ACL has it): values that never start a correlation
 * from the moment they are listed. Existing correlations stay until `clean`; deleting an exclusion
 * correlates its value again.
 */
const INVALID = 'Invalid CorrelationExclusion.';

function requireExclusion(ctx: RequestContext): Row {
  const row = findExclusion(ctx.db, ctx.args[0]);
  if (!row) throw new HttpError(404, INVALID);
  return row;
}

const reload = (ctx: RequestContext, id: unknown) => ({
  CorrelationExclusion: formatExclusion(
    prepare(ctx.db, 'SELECT * FROM correlation_exclusions WHERE id = ?').get(id) as Row,
  ),
});

function addExclusion(ctx: RequestContext) {
  const input = bodyObject(ctx, 'CorrelationExclusion');
  // MISP's add reads `value` without checking it is there: a body without one is a PHP error (500).
  if (input.value === undefined || input.value === null || typeof input.value === 'object')
    throw new HttpError(500, 'An Internal Error Has Occurred.');
  const value = String(input.value);
  if (prepare(ctx.db, 'SELECT 1 FROM correlation_exclusions WHERE value = ?').get(value))
    throw new HttpError(403, 'Could not add correlation_exclusion', {
      saved: false,
      url: '/correlation_exclusions/add',
      errors: { value: ['Value is already in the exclusion list.'] },
    });
  const comment = input.comment === undefined || input.comment === null ? null : String(input.comment);
  const info = prepare(ctx.db, 'INSERT INTO correlation_exclusions (value, from_json, comment) VALUES (?, 0, ?)').run(
    value,
    comment,
  );
  return reload(ctx, info.lastInsertRowid);
}

function editExclusion(ctx: RequestContext) {
  const row = requireExclusion(ctx);
  const input = bodyObject(ctx, 'CorrelationExclusion');
  // As in MISP, only the comment is editable (the value decides which correlations exist).
  if (input.comment !== undefined)
    prepare(ctx.db, 'UPDATE correlation_exclusions SET comment = ? WHERE id = ?').run(
      input.comment === null ? null : String(input.comment),
      row.id,
    );
  return reload(ctx, row.id);
}

function deleteExclusion(ctx: RequestContext) {
  const row = requireExclusion(ctx);
  ctx.db.transaction(() => {
    prepare(ctx.db, 'DELETE FROM correlation_exclusions WHERE id = ?').run(row.id);
    recorrelateValue(ctx.db, String(row.value));
  })();
  return {
    ...saveSuccess('CorrelationExclusion', 'delete', undefined, 'CorrelationExclusion deleted.'),
    url: ctx.url,
    id: Number(row.id),
  };
}

function cleanExclusions(ctx: RequestContext) {
  cleanExcludedCorrelations(ctx.db);
  return {
    ...saveSuccess(
      'correlation_exclusions',
      'clean',
      undefined,
      'Correlations cleanup initiated, based on the exclusion rules.',
    ),
  };
}

const adminRoute = (action: string, methods: string[], handler: (ctx: RequestContext) => unknown): Route => ({
  controller: 'correlation_exclusions',
  action,
  methods,
  handler,
  permission: 'site_admin',
});

export const correlationRoutes: Route[] = [
  adminRoute('index', ['GET'], (ctx) =>
    (prepare(ctx.db, 'SELECT * FROM correlation_exclusions ORDER BY id').all() as Row[]).map((row) => ({
      CorrelationExclusion: formatExclusion(row),
    })),
  ),
  adminRoute('view', ['GET'], (ctx) => ({ CorrelationExclusion: formatExclusion(requireExclusion(ctx)) })),
  adminRoute('add', ['POST'], addExclusion),
  adminRoute('edit', ['POST', 'PUT'], editExclusion),
  adminRoute('delete', ['POST', 'DELETE'], deleteExclusion),
  adminRoute('clean', ['POST'], cleanExclusions),
];
