import { prepare } from '../db/statements.js';
import { HttpError } from '../http.js';
import type { Route } from '../router.js';
import type { RequestContext, Row } from '../types.js';

/** PHP's strnatcasecmp, close enough for tag names: digit runs compare as numbers, the rest case-insensitively. */
export function naturalCaseCompare(a: string, b: string): number {
  const chunks = (s: string) => s.toLowerCase().match(/\d+|\D+/g) ?? [];
  const [x, y] = [chunks(a), chunks(b)];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const [p, q] = [x[i] as string, y[i] as string];
    if (p === q) continue;
    if (/^\d/.test(p) && /^\d/.test(q)) return Number(p) - Number(q) || p.localeCompare(q);
    return p < q ? -1 : 1;
  }
  return x.length - y.length;
}

/** PHP's round($x, 3) printed as PHP prints a float ("50", "33.333"). */
const percent = (count: number, total: number) => {
  if (total === 0) throw new HttpError(500, 'An Internal Error Has Occurred.'); // PHP 8's DivisionByZeroError
  return `${Math.round((100 * count * 1000) / total) / 1000}%`;
};

/**
 * tags/tagStatistics/{percentage}/{keysort} (MISP's TagsController::tagStatistics, any user, no ACL on events):
 * how many event tags use each tag, and per enabled taxonomy how many of them start with its namespace. Only
 * the string `true` switches percentages or name sorting on; by default both lists are sorted by count, the
 * highest first. Empty lists are `[]`, as PHP encodes an empty array.
 */
function tagStatistics(ctx: RequestContext) {
  const [percentage, keysort] = [ctx.args[0] === 'true', ctx.args[1] === 'true'];
  const rows = prepare(
    ctx.db,
    `SELECT t.name AS name, COUNT(*) AS n FROM event_tags et JOIN tags t ON t.id = et.tag_id
     GROUP BY et.tag_id ORDER BY et.tag_id`,
  ).all() as Row[];
  const namespaces = (
    prepare(ctx.db, 'SELECT namespace FROM taxonomies WHERE enabled = 1 ORDER BY id').all() as Row[]
  ).map((r) => String(r.namespace));
  const taxonomies: [string, number][] = namespaces.map((ns) => [ns, 0]);
  const tags: [string, number][] = [];
  let total = 0;
  for (const row of rows) {
    const [name, count] = [String(row.name), Number(row.n)];
    tags.push([name, count]);
    total += count;
    for (const entry of taxonomies) if (name.toLowerCase().startsWith(entry[0].toLowerCase())) entry[1] += count;
  }
  const order = (a: [string, number], b: [string, number]) => (keysort ? naturalCaseCompare(a[0], b[0]) : b[1] - a[1]);
  tags.sort(order);
  taxonomies.sort(order);
  // Tag counts are strings and taxonomy counts integers, as MISP sends them.
  const tagValues = tags.map(([name, count]) => [name, percentage ? percent(count, total) : String(count)]);
  const taxonomyValues = taxonomies.map(([ns, count]) => [ns, percentage ? percent(count, total) : count]);
  const asObject = (entries: unknown[][]) => (entries.length ? Object.fromEntries(entries) : []);
  return { tags: asObject(tagValues), taxonomies: asObject(taxonomyValues) };
}

export const tagStatisticsRoutes: Route[] = [
  { controller: 'tags', action: 'tagStatistics', methods: ['GET', 'POST'], handler: tagStatistics },
];
