import { prepare } from '../db/statements.js';
import { HttpError } from '../http.js';
import type { RequestContext, Row } from '../types.js';

/** The pages of MISP's users/statistics/{page}. */
const PAGES = new Set(['data', 'orgs', 'users', 'tags', 'attributehistogram', 'sightings', 'galaxyMatrix']);

const pad = (n: number) => String(n).padStart(2, '0');
const sqlDate = (d: Date) =>
  `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;

/**
 * `users`: users and local/external organisations in all, and created since the 1st of this month and of this
 * year. The initial admin has no `date_created` in MISP (invited by nobody), so only `total` counts it.
 */
function usersPage(ctx: RequestContext) {
  const today = new Date();
  const starts = {
    month: new Date(today.getFullYear(), today.getMonth(), 1),
    year: new Date(today.getFullYear(), 0, 1),
  };
  const count = (sql: string, ...params: unknown[]) => Number((prepare(ctx.db, sql).get(...params) as Row).n);
  const users = (since?: Date) =>
    since
      ? count(
          'SELECT COUNT(*) AS n FROM users WHERE invited_by != 0 AND created >= ?',
          Math.floor(since.getTime() / 1000),
        )
      : count('SELECT COUNT(*) AS n FROM users');
  const orgs = (local: number, since?: Date) =>
    since
      ? count('SELECT COUNT(*) AS n FROM organisations WHERE local = ? AND date_created >= ?', local, sqlDate(since))
      : count('SELECT COUNT(*) AS n FROM organisations WHERE local = ?', local);
  const ranges = <T>(of: (since?: Date) => T) => ({ total: of(), month: of(starts.month), year: of(starts.year) });
  return {
    user: { data: ranges(users) },
    org_local: { data: ranges((since) => orgs(1, since)) },
    org_external: { data: ranges((since) => orgs(0, since)) },
  };
}

/**
 * `tags`: event counts per tag, the most used first, grouped under the enabled taxonomy whose namespace is the
 * part before the first `:` (else `custom`), flat and as a treemap.
 */
function tagsPage(ctx: RequestContext) {
  const rows = prepare(
    ctx.db,
    `SELECT t.name AS name, COUNT(*) AS n FROM event_tags et JOIN tags t ON t.id = et.tag_id
     GROUP BY et.tag_id ORDER BY et.tag_id`,
  ).all() as Row[];
  rows.sort((a, b) => Number(b.n) - Number(a.n));
  const enabled = new Set(
    (prepare(ctx.db, 'SELECT namespace FROM taxonomies WHERE enabled = 1').all() as Row[]).map((r) => r.namespace),
  );
  const flat = new Map<string, Record<string, { name: string; size: string }>>();
  for (const row of rows) {
    const name = String(row.name);
    const parts = name.split(':');
    const group = parts.length > 1 && enabled.has(parts[0]) ? (parts[0] as string) : 'custom';
    const entries = flat.get(group) ?? {};
    entries[name] = { name, size: String(row.n) };
    flat.set(group, entries);
  }
  return {
    flatData: flat.size ? Object.fromEntries(flat) : [],
    treemap: {
      name: 'tags',
      children: [...flat].map(([group, entries]) => ({ name: group, children: Object.values(entries) })),
    },
  };
}

/**
 * users/statistics/{page}: the answer of the pages served here, `undefined` for `data` (and the pages the
 * sandbox does not model yet, which keep answering it), 404 "Invalid page" for a page MISP does not know.
 */
export function statisticsPage(ctx: RequestContext): unknown {
  const page = ctx.args[0] ?? 'data';
  if (!PAGES.has(page)) throw new HttpError(404, 'Invalid page');
  if (page === 'users') return usersPage(ctx);
  if (page === 'tags') return tagsPage(ctx);
  return undefined;
}
