import { prepare } from '../db/statements.js';
import { HttpError } from '../http.js';
import type { Route } from '../router.js';
import type { RequestContext } from '../types.js';

/**
 * `attributes/attributeStatistics[/type|category[/1]]`: how many attributes the instance holds per type (or
 * category), keys sorted as PHP's ksort sorts them, counts as decimal strings — or, with `/1`, each as a
 * share of the whole rounded to three decimals (`"12.5%"`). As in MISP the count is instance-wide, not
 * limited to what the caller may see, and soft-deleted attributes still count.
 */
function attributeStatistics(ctx: RequestContext) {
  const scope = ctx.args[0] ?? 'type';
  if (scope !== 'type' && scope !== 'category') throw new HttpError(405, 'Invalid type requested.');
  const rows = prepare(ctx.db, `SELECT ${scope} AS k, COUNT(*) AS n FROM attributes GROUP BY ${scope}`).all() as {
    k: string;
    n: number;
  }[];
  rows.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
  // PHP truthiness of the positional argument: only '' and '0' mean counts (PyMISP sends `true`, so does `false`).
  const percentage = !['', '0'].includes(ctx.args[1] ?? '');
  const total = rows.reduce((sum, r) => sum + r.n, 0);
  if (total === 0) return []; // PHP's empty array
  return Object.fromEntries(
    rows.map((r) => [r.k, percentage ? `${Math.round((r.n / total) * 100 * 1000) / 1000}%` : String(r.n)]),
  );
}

export const statisticsRoutes: Route[] = [
  { controller: 'attributes', action: 'attributeStatistics', methods: ['GET', 'POST'], handler: attributeStatistics },
];
