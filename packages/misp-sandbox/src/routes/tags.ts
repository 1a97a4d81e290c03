import { prepare } from '../db/statements.js';
import { HttpError, saveFail, saveFailure, saveSuccess } from '../http.js';
import { attachAttributeTag, flag, isUuid, touchEvent } from '../model/attributes.js';
import { findVisibleEvent } from '../model/events.js';
import { formatTag } from '../model/format.js';
import { eventTagRows, exclusivityConflict, findOrCreateTag, findTag } from '../model/tags.js';
import type { Route } from '../router.js';
import { Where } from '../search/conditions.js';
import { likePattern } from '../search/filters.js';
import type { RequestContext, Row } from '../types.js';
import { findVisibleAttribute } from './attributes.js';
import { requireEditableEvent } from './events.js';
import { bodyObject } from './util.js';

function tagWithCounts(ctx: RequestContext, row: Row, favourite: boolean): Record<string, unknown> {
  const count = prepare(ctx.db, 'SELECT COUNT(*) AS n FROM event_tags WHERE tag_id = ?').get(row.id) as { n: number };
  const attributeCount = prepare(ctx.db, 'SELECT COUNT(*) AS n FROM attribute_tags WHERE tag_id = ?').get(row.id) as {
    n: number;
  };
  return {
    ...formatTag(row),
    ...(favourite ? { favourite: false } : {}),
    count: count.n,
    attribute_count: attributeCount.n,
  };
}

/**
 * tags/index reads its filters from named parameters (`/tags/index/searchall:tlp`) or a POST body, never
 * from the query string: `searchall` is a substring (LIKE) match, `name`/`filter`/`search` an exact one.
 * MISP sorts by name byte-wise (upper case first).
 */
function listTags(ctx: RequestContext) {
  const body = ctx.body && typeof ctx.body === 'object' && !Array.isArray(ctx.body) ? (ctx.body as Row) : {};
  const params: Row = { ...ctx.namedParams, ...body };
  const w = new Where();
  if (typeof params.searchall === 'string' && params.searchall !== '')
    w.add('t.name LIKE ?', likePattern(`%${params.searchall}%`));
  for (const key of ['name', 'filter', 'search']) {
    if (typeof params[key] === 'string' && params[key] !== '') w.add('t.name = ?', params[key]);
  }
  const rows = prepare(ctx.db, `SELECT t.* FROM tags t WHERE ${w.sql} ORDER BY t.name COLLATE BINARY`).all(
    ...w.params,
  ) as Row[];
  return { Tag: rows.map((r) => tagWithCounts(ctx, r, true)) };
}

function viewTag(ctx: RequestContext) {
  const ref = ctx.args[0];
  const tag = ref && /^\d+$/.test(ref) ? findTag(ctx.db, ref) : undefined;
  if (!tag) throw new HttpError(405, 'Invalid Tag');
  return tagWithCounts(ctx, tag, false);
}

/** tags/add: a name that exists answers the existing tag (200), as MISP does for API calls. */
function addTag(ctx: RequestContext) {
  const input = bodyObject(ctx, 'Tag');
  const name = typeof input.name === 'string' ? input.name.trim() : '';
  if (name === '') throw saveFailure('The tag could not be added.', ctx.url, { name: ['A name is required.'] });
  const existing = findTag(ctx.db, name);
  if (existing) return { Tag: formatTag(existing) };
  const tag = findOrCreateTag(ctx.db, name);
  if (typeof input.colour === 'string' && /^#[0-9a-f]{6}$/i.test(input.colour)) {
    prepare(ctx.db, 'UPDATE tags SET colour = ? WHERE id = ?').run(input.colour, tag.id);
  }
  if (input.exportable !== undefined)
    prepare(ctx.db, 'UPDATE tags SET exportable = ? WHERE id = ?').run(flag(input.exportable) ? 1 : 0, tag.id);
  if (input.org_id !== undefined && /^\d+$/.test(String(input.org_id)))
    prepare(ctx.db, 'UPDATE tags SET org_id = ? WHERE id = ?').run(Number(input.org_id), tag.id);
  return { Tag: formatTag(findTag(ctx.db, Number(tag.id)) as Row) };
}

/**
 * tags/search/{term}[/{strict}]: the term from the path (a `name:value` segment is a CakePHP named parameter, so
 * `tlp:green` must be sent as `tlp%25`-style patterns); strict (`/1`) matches the exact name, or the id when numeric.
 */
function searchTagsByTerm(ctx: RequestContext) {
  const term = ctx.args[0] ?? '';
  if (!flag(ctx.args[1])) return searchTags(ctx);
  const rows = (
    /^\d+$/.test(term)
      ? prepare(ctx.db, 'SELECT * FROM tags WHERE id = ?').all(Number(term))
      : prepare(ctx.db, 'SELECT * FROM tags WHERE name = ? COLLATE BINARY').all(term)
  ) as Row[];
  return rows.map((row) => ({ Tag: formatTag(row) }));
}

function searchTags(ctx: RequestContext) {
  const body = ctx.body;
  const object = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Row) : undefined;
  const strict = flag(object?.strict_tagname);
  const terms = (Array.isArray(body) ? body : [object ? (object.tagname ?? object.tag ?? object.name) : body])
    .filter((t): t is string => typeof t === 'string' && t !== '')
    .concat(ctx.args[0] ? [ctx.args[0]] : [])
    // PyMISP's search_tags matches substrings unless strict_tagname is set.
    .map((t) => likePattern(strict || t.includes('%') || !object ? t : `%${t}%`));
  const seen = new Map<number, Row>();
  for (const term of terms) {
    for (const row of prepare(ctx.db, 'SELECT * FROM tags WHERE name LIKE ?').all(term) as Row[])
      seen.set(Number(row.id), row);
    for (const row of prepare(
      ctx.db,
      'SELECT t.* FROM galaxy_clusters c JOIN tags t ON t.name = c.tag_name WHERE c.value LIKE ?',
    ).all(term) as Row[]) {
      seen.set(Number(row.id), row);
    }
  }
  // MISP finds them in one query over all the terms: in id order.
  return [...seen.values()].sort((a, b) => Number(a.id) - Number(b.id)).map((row) => ({ Tag: formatTag(row) }));
}

interface Target {
  kind: 'Event' | 'Attribute';
  id: number;
  eventId: number;
}

function findTarget(ctx: RequestContext, uuid: string): Target {
  const event = findVisibleEvent(ctx.db, ctx.user, uuid);
  if (event) return { kind: 'Event', id: Number(event.id), eventId: Number(event.id) };
  const attribute = findVisibleAttribute(ctx, uuid);
  if (!attribute) throw new HttpError(404, 'Invalid Target.');
  return { kind: 'Attribute', id: Number(attribute.id), eventId: Number(attribute.event_id) };
}

const tagLinks = (target: Target) =>
  target.kind === 'Event'
    ? { table: 'event_tags', column: 'event_id' }
    : { table: 'attribute_tags', column: 'attribute_id' };

function targetUuid(ctx: RequestContext, input: Row): string {
  const uuid = ctx.args[0] ?? input.uuid;
  if (typeof uuid !== 'string' || uuid === '') throw new HttpError(405, 'Invalid object uuid');
  if (!isUuid(uuid)) throw new HttpError(500, 'Invalid UUID');
  return uuid;
}

/** tags/attachTagToObject: `{uuid, tag, local?}` on an event or attribute; answers MISP's success envelope. */
function attachTag(ctx: RequestContext) {
  const input = bodyObject(ctx);
  const uuid = targetUuid(ctx, input);
  const raw = ctx.args[1] ?? input.tag;
  const refs = (Array.isArray(raw) ? raw : [raw]).filter(
    (t): t is string | number => (typeof t === 'string' && t !== '') || typeof t === 'number',
  );
  if (refs.length === 0) throw new HttpError(405, 'Invalid tag');
  const target = findTarget(ctx, uuid);
  requireEditableEvent(ctx, String(target.eventId));
  const local = flag(ctx.args[2] ?? input.local);
  const fails: string[] = [];
  const already: string[] = [];
  let message = '';
  let successes = 0;
  for (const ref of refs) {
    const numeric = typeof ref === 'number' || /^\d+$/.test(ref);
    const tag = numeric ? findTag(ctx.db, ref) : findOrCreateTag(ctx.db, String(ref).trim());
    if (!tag) {
      fails.push('Invalid Tag.');
      continue;
    }
    const links = tagLinks(target);
    const present = prepare(ctx.db, `SELECT 1 FROM ${links.table} WHERE ${links.column} = ? AND tag_id = ?`).get(
      target.id,
      tag.id,
    );
    if (present) {
      message = `${target.kind} already has the requested tag attached, no changes had to be made for tag ${tag.name}.`;
      already.push(String(tag.name));
      successes++;
      continue;
    }
    const conflict =
      target.kind === 'Event'
        ? exclusivityConflict(eventTagRows(ctx.db, target.id), tag)
        : attachAttributeTag(ctx.db, target.id, target.eventId, tag, local);
    if (conflict) {
      fails.push(conflict);
      continue;
    }
    if (target.kind === 'Event') {
      prepare(ctx.db, 'INSERT OR IGNORE INTO event_tags (event_id, tag_id, local) VALUES (?, ?, ?)').run(
        target.id,
        tag.id,
        local ? 1 : 0,
      );
    }
    message = `${local ? 'Local' : 'Global'} tag ${tag.name}(${tag.id}) successfully attached to ${target.kind}(${target.id}).`;
    if (!local) touchEvent(ctx.db, target.eventId);
    successes++;
  }
  const failed = fails.length
    ? `Failed to attach ${fails.length} tags. Reasons: ${JSON.stringify(Object.fromEntries(fails.map((f, i) => [i, f])))}`
    : '';
  if (successes === 0) throw saveFail('Tags', 'attachTagToObject', undefined, failed);
  if (successes > 1) {
    message = `Successfully attached ${successes} tags to ${target.kind} (${target.id})`;
    if (already.length)
      message += `. ${target.id} already has the requested tag attached, no changes had to be made for tags ${JSON.stringify(already)}.`;
  }
  return saveSuccess('Tags', 'attachTagToObject', undefined, failed ? `${message}\n${failed}` : message);
}

/** tags/removeTagFromObject: 404 when the tag is not attached to the target. */
function removeTag(ctx: RequestContext) {
  const input = bodyObject(ctx);
  const uuid = targetUuid(ctx, input);
  const ref = ctx.args[1] ?? input.tag;
  if (ref === undefined || ref === null || ref === '' || ref === 0) throw new HttpError(405, 'Invalid tag');
  const tag = findTag(ctx.db, typeof ref === 'number' ? ref : String(ref).trim());
  if (!tag) throw new HttpError(405, 'Invalid Tag.');
  const target = findTarget(ctx, uuid);
  const links = tagLinks(target);
  const link = prepare(ctx.db, `SELECT * FROM ${links.table} WHERE ${links.column} = ? AND tag_id = ?`).get(
    target.id,
    tag.id,
  ) as Row | undefined;
  if (!link) throw new HttpError(404, `Could not remove tag as it is not attached to the target ${target.kind}`);
  requireEditableEvent(ctx, String(target.eventId));
  prepare(ctx.db, `DELETE FROM ${links.table} WHERE id = ?`).run(link.id);
  if (!link.local) touchEvent(ctx.db, target.eventId);
  const scope = link.local ? 'Local' : 'Global';
  return saveSuccess(
    'Tags',
    'removeTagFromObject',
    undefined,
    `${scope} tag ${tag.name} (${tag.id}) successfully removed from ${target.kind}(${target.id}).`,
  );
}

export const tagRoutes: Route[] = [
  { controller: 'tags', action: 'index', methods: ['GET', 'POST'], handler: listTags },
  { controller: 'tags', action: 'view', methods: ['GET', 'HEAD'], handler: viewTag },
  { controller: 'tags', action: 'add', methods: ['POST'], handler: addTag, permission: 'tag_editor' },
  {
    controller: 'tags',
    action: 'search',
    methods: ['POST', 'GET'],
    handler: (ctx) => (ctx.args[0] === undefined ? searchTags(ctx) : searchTagsByTerm(ctx)),
  },
  {
    controller: 'tags',
    action: 'attachTagToObject',
    methods: ['POST'],
    handler: attachTag,
    permission: 'tagger',
  },
  {
    controller: 'tags',
    action: 'removeTagFromObject',
    methods: ['POST'],
    handler: removeTag,
    permission: 'tagger',
  },
];
