import { prepare } from '../db/statements.js';
import { HttpError, saveFailure } from '../http.js';
import {
  attachAttributeTag,
  draftAttribute,
  flag,
  insertAttribute,
  isDuplicate,
  now,
  touchEvent,
} from '../model/attributes.js';
import { formatAttribute } from '../model/format.js';
import { attributeTagRows, findTag, galaxiesFor, tagJson } from '../model/tags.js';
import { attributeVisible, eventVisible } from '../model/visibility.js';
import { Reply, type Route } from '../router.js';
import { searchAttributes } from '../search/attributes.js';
import type { RequestContext, Row } from '../types.js';
import { RESTSEARCH_EMPTY, RESTSEARCH_GET_EMPTY, requireEditableEvent } from './events.js';
import { filters } from './util.js';

export function findVisibleAttribute(ctx: RequestContext, idOrUuid: string | undefined): Row | undefined {
  if (!idOrUuid) return undefined;
  const ev = eventVisible(ctx.user);
  const av = attributeVisible(ctx.user);
  const column = /^\d+$/.test(idOrUuid) ? 'a.id' : 'a.uuid';
  return prepare(
    ctx.db,
    `SELECT a.* FROM attributes a JOIN events e ON e.id = a.event_id WHERE ${column} = ? AND ${ev.sql} AND ${av.sql}`,
  ).get(idOrUuid, ...ev.params, ...av.params) as Row | undefined;
}

function requireAttribute(ctx: RequestContext): Row {
  const attribute = findVisibleAttribute(ctx, ctx.args[0]);
  // MISP answers a missing attribute on view with MethodNotAllowedException (405).
  if (!attribute) throw new HttpError(ctx.args.length && ctx.url.includes('/view') ? 405 : 404, 'Invalid attribute');
  return attribute;
}

function withTags(ctx: RequestContext, row: Row): Record<string, unknown> {
  const attribute = formatAttribute(row);
  const tags = attributeTagRows(ctx.db, Number(row.id));
  if (tags.length) {
    attribute.Tag = tags.map(tagJson);
    attribute.Galaxy = galaxiesFor(ctx.db, tags);
  }
  return attribute;
}

function addAttributes(ctx: RequestContext) {
  const event = requireEditableEvent(ctx);
  const eventId = Number(event.id);
  let body = ctx.body;
  if (body && typeof body === 'object' && !Array.isArray(body) && 'Attribute' in (body as Row))
    body = (body as Row).Attribute;
  if (body === undefined || body === null || typeof body !== 'object') {
    throw saveFailure('Could not add Attribute', ctx.url, { value: ['No attribute data received.'] });
  }
  const list = Array.isArray(body) ? (body as Row[]) : [body as Row];
  const saved: Row[] = [];
  const errors: Record<string, unknown> = {};
  ctx.db.transaction(() => {
    list.forEach((input, i) => {
      const result = draftAttribute(input && typeof input === 'object' ? input : {});
      if ('errors' in result) errors[`attribute_${i}`] = result.errors;
      else if (isDuplicate(ctx.db, eventId, result.draft, 0)) {
        errors[`attribute_${i}`] = { value: ['A similar attribute already exists for this event.'] };
      } else saved.push(insertAttribute(ctx.db, eventId, result.draft, 0, ctx.user.org_id));
    });
    if (saved.length) touchEvent(ctx.db, eventId);
  })();
  if (!Array.isArray(body)) {
    const first = errors.attribute_0 as Record<string, unknown> | undefined;
    if (first) throw saveFailure('Could not add Attribute', ctx.url, first);
    const row = saved[0] as Row;
    const tags = attributeTagRows(ctx.db, Number(row.id));
    return {
      Attribute: formatAttribute(row),
      AttributeTag: tags.map((t) => ({
        id: String(t.id),
        attribute_id: String(row.id),
        event_id: String(eventId),
        tag_id: String(t.id),
        local: Boolean(t.link_local),
      })),
    };
  }
  if (saved.length === 0) throw saveFailure('Could not add Attributes', ctx.url, errors);
  return { Attribute: saved.map((row) => withTags(ctx, row)), ...(Object.keys(errors).length ? { errors } : {}) };
}

function editAttribute(ctx: RequestContext) {
  const existing = requireAttribute(ctx);
  requireEditableEvent(ctx, String(existing.event_id));
  let input = ctx.body as Row | undefined;
  if (input && typeof input === 'object' && 'Attribute' in input) input = input.Attribute as Row;
  if (!input || typeof input !== 'object' || Array.isArray(input)) {
    throw saveFailure('Could not edit Attribute', ctx.url, { value: ['No attribute data received.'] });
  }
  const result = draftAttribute(input, existing);
  if ('errors' in result) throw saveFailure('Could not edit Attribute', ctx.url, result.errors);
  const { tags, ...draft } = result.draft;
  ctx.db.transaction(() => {
    prepare(
      ctx.db,
      `UPDATE attributes SET type=@type, category=@category, value1=@value1, value2=@value2, to_ids=@to_ids,
         distribution=@distribution, sharing_group_id=@sharing_group_id, comment=@comment, timestamp=@timestamp,
         disable_correlation=@disable_correlation, first_seen=@first_seen, last_seen=@last_seen, object_relation=@object_relation
         WHERE id=@id`,
    ).run({ ...draft, id: existing.id });
    for (const name of tags) {
      const tag = findTag(ctx.db, name);
      if (tag) attachAttributeTag(ctx.db, Number(existing.id), Number(existing.event_id), tag, false);
    }
    touchEvent(ctx.db, Number(existing.event_id));
  })();
  return { Attribute: withTags(ctx, prepare(ctx.db, 'SELECT * FROM attributes WHERE id = ?').get(existing.id) as Row) };
}

function deleteAttribute(ctx: RequestContext) {
  const attribute = findVisibleAttribute(ctx, ctx.args[0]);
  if (!attribute) throw new HttpError(404, 'Invalid attribute');
  requireEditableEvent(ctx, String(attribute.event_id));
  const hard = flag(ctx.named.hard) || flag((ctx.body as Row | undefined)?.hard);
  ctx.db.transaction(() => {
    if (hard) {
      prepare(ctx.db, 'DELETE FROM attribute_tags WHERE attribute_id = ?').run(attribute.id);
      prepare(ctx.db, 'DELETE FROM sightings WHERE attribute_id = ?').run(attribute.id);
      prepare(ctx.db, 'DELETE FROM attributes WHERE id = ?').run(attribute.id);
    } else prepare(ctx.db, 'UPDATE attributes SET deleted = 1, timestamp = ? WHERE id = ?').run(now(), attribute.id);
    touchEvent(ctx.db, Number(attribute.event_id));
  })();
  return { message: 'Attribute deleted.' };
}

function restSearch(ctx: RequestContext) {
  const f = filters(ctx);
  if (Object.keys(f).length === 0)
    throw new HttpError(400, ctx.method === 'GET' ? RESTSEARCH_GET_EMPTY : RESTSEARCH_EMPTY);
  const result = searchAttributes(ctx.db, ctx.user, f, now());
  return new Reply(200, { response: { Attribute: result.items } }, { 'X-Result-Count': result.total });
}

export const attributeRoutes: Route[] = [
  {
    controller: 'attributes',
    action: 'view',
    methods: ['GET', 'HEAD'],
    handler: (ctx) => ({ Attribute: withTags(ctx, requireAttribute(ctx)) }),
    exists: (ctx) => findVisibleAttribute(ctx, ctx.args[0]) !== undefined,
  },
  { controller: 'attributes', action: 'add', methods: ['POST'], handler: addAttributes, permission: 'add' },
  { controller: 'attributes', action: 'edit', methods: ['POST', 'PUT'], handler: editAttribute, permission: 'modify' },
  {
    controller: 'attributes',
    action: 'delete',
    methods: ['POST', 'DELETE'],
    handler: deleteAttribute,
    permission: 'modify',
  },
  { controller: 'attributes', action: 'restSearch', methods: ['GET', 'POST'], handler: restSearch, automation: true },
];
