import { prepare } from '../db/statements.js';
import { HttpError, saveFailure } from '../http.js';
import { attachAttributeTag, flag, touchEvent } from '../model/attributes.js';
import { findVisibleEvent } from '../model/events.js';
import { formatTag } from '../model/format.js';
import { eventTagRows, exclusivityConflict, findOrCreateTag, findTag } from '../model/tags.js';
import type { Route } from '../router.js';
import type { RequestContext, Row } from '../types.js';
import { findVisibleAttribute } from './attributes.js';
import { requireEditableEvent } from './events.js';
import { bodyObject } from './util.js';

function tagWithCounts(ctx: RequestContext, row: Row): Record<string, unknown> {
  const count = prepare(ctx.db, 'SELECT COUNT(*) AS n FROM event_tags WHERE tag_id = ?').get(row.id) as { n: number };
  const attributeCount = prepare(ctx.db, 'SELECT COUNT(*) AS n FROM attribute_tags WHERE tag_id = ?').get(row.id) as {
    n: number;
  };
  return {
    ...formatTag(row),
    org_id: String(row.org_id),
    count: count.n,
    attribute_count: attributeCount.n,
    favourite: false,
  };
}

function listTags(ctx: RequestContext) {
  const body = ctx.body && typeof ctx.body === 'object' && !Array.isArray(ctx.body) ? (ctx.body as Row) : {};
  const search = body.searchall ?? ctx.named.searchall ?? body.name ?? ctx.named.name ?? body.search;
  const rows = (
    typeof search === 'string' && search !== ''
      ? prepare(ctx.db, 'SELECT * FROM tags WHERE name LIKE ? ORDER BY name').all(
          search.includes('%') ? search : `%${search}%`,
        )
      : prepare(ctx.db, 'SELECT * FROM tags ORDER BY name').all()
  ) as Row[];
  return { Tag: rows.map((r) => tagWithCounts(ctx, r)) };
}

function viewTag(ctx: RequestContext) {
  const tag = ctx.args[0] ? findTag(ctx.db, ctx.args[0]) : undefined;
  if (!tag) throw new HttpError(404, 'Invalid tag');
  return tagWithCounts(ctx, tag);
}

function addTag(ctx: RequestContext) {
  const input = bodyObject(ctx, 'Tag');
  const name = typeof input.name === 'string' ? input.name.trim() : '';
  if (name === '') throw saveFailure('The tag could not be added.', ctx.url, { name: ['A name is required.'] });
  if (findTag(ctx.db, name))
    throw saveFailure('The tag could not be added.', ctx.url, { name: ['A similar name already exists.'] });
  const tag = findOrCreateTag(ctx.db, name, ctx.user.org_id);
  if (typeof input.colour === 'string' && /^#[0-9a-f]{6}$/i.test(input.colour)) {
    prepare(ctx.db, 'UPDATE tags SET colour = ? WHERE id = ?').run(input.colour, tag.id);
  }
  if (input.exportable !== undefined)
    prepare(ctx.db, 'UPDATE tags SET exportable = ? WHERE id = ?').run(flag(input.exportable) ? 1 : 0, tag.id);
  return { Tag: formatTag(findTag(ctx.db, Number(tag.id)) as Row) };
}

function searchTags(ctx: RequestContext) {
  const body = ctx.body;
  const object = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Row) : undefined;
  const strict = flag(object?.strict_tagname);
  const terms = (Array.isArray(body) ? body : [object ? (object.tagname ?? object.tag ?? object.name) : body])
    .filter((t): t is string => typeof t === 'string' && t !== '')
    .concat(ctx.args[0] ? [ctx.args[0]] : [])
    // PyMISP's search_tags matches substrings unless strict_tagname is set.
    .map((t) => (strict || t.includes('%') || !object ? t : `%${t}%`));
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
  return [...seen.values()].map((row) => ({ Tag: formatTag(row) }));
}

/** tags/attachTagToObject and removeTagFromObject: `{uuid, tag, local?}` on an event or attribute. */
function changeTag(ctx: RequestContext, attach: boolean) {
  const input = bodyObject(ctx);
  const uuid = typeof input.uuid === 'string' ? input.uuid : undefined;
  if (!uuid) throw new HttpError(403, 'Invalid object uuid');
  const refs = (Array.isArray(input.tag) ? input.tag : [input.tag]).filter(
    (t): t is string | number => typeof t === 'string' || typeof t === 'number',
  );
  if (refs.length === 0) throw new HttpError(403, 'Invalid tag');
  const event = findVisibleEvent(ctx.db, ctx.user, uuid);
  const attribute = event ? undefined : findVisibleAttribute(ctx, uuid);
  if (!event && !attribute) throw new HttpError(404, 'Invalid target.');
  const eventId = Number(event ? event.id : attribute?.event_id);
  requireEditableEvent(ctx, String(eventId));
  const local = flag(input.local);
  for (const ref of refs) {
    const tag =
      attach && typeof ref === 'string' && !/^\d+$/.test(ref)
        ? findOrCreateTag(ctx.db, ref, ctx.user.org_id)
        : findTag(ctx.db, ref);
    if (!tag) throw new HttpError(404, 'Invalid tag.');
    if (!attach) {
      if (event) prepare(ctx.db, 'DELETE FROM event_tags WHERE event_id = ? AND tag_id = ?').run(eventId, tag.id);
      else
        prepare(ctx.db, 'DELETE FROM attribute_tags WHERE attribute_id = ? AND tag_id = ?').run(attribute?.id, tag.id);
      continue;
    }
    if (event) {
      const conflict = exclusivityConflict(eventTagRows(ctx.db, eventId), tag);
      if (conflict) return { saved: false, errors: `Tag(s) could not be attached. Reason: ${conflict}` };
      prepare(ctx.db, 'INSERT OR IGNORE INTO event_tags (event_id, tag_id, local) VALUES (?, ?, ?)').run(
        eventId,
        tag.id,
        local ? 1 : 0,
      );
    } else {
      const conflict = attachAttributeTag(ctx.db, Number(attribute?.id), eventId, tag, local);
      if (conflict) return { saved: false, errors: `Tag(s) could not be attached. Reason: ${conflict}` };
    }
  }
  touchEvent(ctx.db, eventId);
  return attach
    ? { saved: true, success: 'Tag(s) attached.', check_publish: true }
    : { saved: true, success: 'Tag removed.' };
}

export const tagRoutes: Route[] = [
  { controller: 'tags', action: 'index', methods: ['GET', 'POST'], handler: listTags },
  { controller: 'tags', action: 'view', methods: ['GET', 'HEAD'], handler: viewTag },
  { controller: 'tags', action: 'add', methods: ['POST'], handler: addTag, permission: 'tagger' },
  { controller: 'tags', action: 'search', methods: ['POST', 'GET'], handler: searchTags },
  {
    controller: 'tags',
    action: 'attachTagToObject',
    methods: ['POST'],
    handler: (ctx) => changeTag(ctx, true),
    permission: 'tagger',
  },
  {
    controller: 'tags',
    action: 'removeTagFromObject',
    methods: ['POST'],
    handler: (ctx) => changeTag(ctx, false),
    permission: 'tagger',
  },
];
