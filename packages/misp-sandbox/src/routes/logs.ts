import { prepare } from '../db/statements.js';
import { HttpError } from '../http.js';
import type { Route } from '../router.js';
import { likePattern } from '../search/filters.js';
import type { RequestContext, Row } from '../types.js';

/** The columns admin/logs/index filters on (each takes a value or a list, `%` for a LIKE pattern). */
const FILTERS = [
  'id',
  'title',
  'model',
  'model_id',
  'action',
  'user_id',
  'change',
  'email',
  'org',
  'description',
  'ip',
];

const DELTA = /^(\d+)([dhms])$/;
const UNIT_SECONDS: Record<string, number> = { d: 86400, h: 3600, m: 60, s: 1 };

/** MISP's resolveTimeDelta: `7d`/`12h`/`30m`/`10s` back from now, an epoch, or a date as written. */
function resolveTime(value: unknown, now: number): number {
  const text = String(value).trim();
  const delta = DELTA.exec(text);
  if (delta) return now - Number(delta[1]) * (UNIT_SECONDS[delta[2] ?? 's'] ?? 1);
  if (/^\d+$/.test(text)) return Number(text);
  const parsed = Date.parse(text.includes('T') || text.endsWith('Z') ? text : `${text.replace(' ', 'T')}Z`);
  return Number.isNaN(parsed) ? 0 : Math.floor(parsed / 1000);
}

const dateText = (epoch: number) => new Date(epoch * 1000).toISOString().slice(0, 19).replace('T', ' ');

const asLog = (row: Row) => ({
  Log: {
    id: String(row.id),
    title: row.title,
    created: row.created,
    model: row.model,
    model_id: String(row.model_id),
    action: row.action,
    user_id: String(row.user_id),
    change: row.change,
    email: row.email,
    org: row.org,
    description: row.description,
    ip: row.ip,
  },
});

/**
 * `admin/logs/index`: the log entries matching the filters (body or named parameters), oldest first.
 * Site admins see every entry, an organisation's admins (perm_admin) its organisation's entries, anyone
 * else only their own — what MISP 2.5.1 answers. A POST whose body holds no filters at all is refused (400).
 */
function listLogs(ctx: RequestContext) {
  const body = ctx.body && typeof ctx.body === 'object' && !Array.isArray(ctx.body) ? (ctx.body as Row) : {};
  if (
    ctx.method !== 'GET' &&
    Object.keys(ctx.namedParams).length === 0 &&
    (ctx.body === undefined ||
      (typeof ctx.body === 'object' && ctx.body !== null && Object.keys(ctx.body).length === 0))
  ) {
    throw new HttpError(400, 'Either specify the search terms in the url, or POST a json with the filter parameters.', {
      url: '/logs/admin_index',
    });
  }
  const f: Row = { ...ctx.named, ...body };
  const role = ctx.user.role as unknown as Record<string, unknown>;
  const where: string[] = [];
  const params: unknown[] = [];
  for (const column of FILTERS) {
    if (f[column] === undefined || f[column] === null || f[column] === '') continue;
    const values = (Array.isArray(f[column]) ? (f[column] as unknown[]) : [f[column]]).map(String);
    const parts = values.map((v) => {
      if (v.includes('%')) {
        params.push(likePattern(v));
        return `"${column}" LIKE ? ESCAPE '\\'`;
      }
      params.push(v);
      return `"${column}" = ?`;
    });
    if (parts.length) where.push(`(${parts.join(' OR ')})`);
  }
  if (f.created !== undefined && f.created !== '') {
    const now = Math.floor(Date.now() / 1000);
    const times = (Array.isArray(f.created) ? f.created : [f.created]).map((v) => resolveTime(v, now));
    if (times.length === 1) {
      where.push('created >= ?');
      params.push(dateText(times[0] ?? 0));
    } else {
      const [a = 0, b = 0] = times;
      where.push('created <= ? AND created >= ?');
      params.push(dateText(Math.max(a, b)), dateText(Math.min(a, b)));
    }
  }
  if (!role.perm_site_admin && role.perm_admin) {
    where.push('org = (SELECT name FROM organisations WHERE id = ?)');
    params.push(ctx.user.org_id);
  } else if (!role.perm_site_admin) {
    where.push('user_id = ?');
    params.push(ctx.user.id);
  }
  let sql = `SELECT * FROM logs${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY id`;
  const limit = Number.parseInt(String(f.limit ?? ''), 10);
  if (limit > 0) {
    const page = Math.max(1, Number.parseInt(String(f.page ?? '1'), 10) || 1);
    sql += ' LIMIT ? OFFSET ?';
    params.push(limit, (page - 1) * limit);
  }
  return (prepare(ctx.db, sql).all(...params) as Row[]).map(asLog);
}

/** `admin/<controller>/index` only: other actions of these admin controllers are not served. */
const indexOnly =
  (handler: (ctx: RequestContext) => unknown) =>
  (ctx: RequestContext): unknown => {
    if ((ctx.args[0] ?? 'index').toLowerCase() !== 'index') throw new HttpError(404, 'Not Found');
    return handler({ ...ctx, args: ctx.args.slice(1) });
  };

export const logRoutes: Route[] = [
  { controller: 'admin', action: 'logs', methods: ['GET', 'POST'], handler: indexOnly(listLogs) },
  // The newer audit log (admin/audit_logs/index) records writes only with MISP.log_new_audit on, which a fresh
  // MISP leaves off, so it holds nothing; the sandbox keeps no audit log and answers that empty list. Without
  // the admin prefix MISP answers 404.
  {
    controller: 'admin',
    action: 'audit_logs',
    methods: ['GET', 'POST'],
    handler: indexOnly(() => []),
    permission: 'site_admin',
  },
  {
    controller: 'audit_logs',
    action: 'index',
    methods: ['GET', 'POST'],
    handler: () => {
      throw new HttpError(404, 'Not Found');
    },
  },
];
