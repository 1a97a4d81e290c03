import { prepare } from '../db/statements.js';
import { HttpError, saveFail } from '../http.js';
import { withAttachmentData } from '../model/attachments.js';
import {
  attachAttributeTag,
  draftAttribute,
  flag,
  insertAttribute,
  isDuplicate,
  isUuid,
  now,
  touchEvent,
} from '../model/attributes.js';
import { formatAttribute, formatAttributeTag, formatTagBrief, str } from '../model/format.js';
import { attributeTagRows, findTag, galaxiesFor, tagJson } from '../model/tags.js';
import { attributeVisible, eventVisible } from '../model/visibility.js';
import { Reply, type Route } from '../router.js';
import { searchAttributes } from '../search/attributes.js';
import { exportFilters, RawReply, renderExport, requestedFormat } from '../search/export.js';
import type { RequestContext, Row } from '../types.js';
import { canModifyEvent, requireEditableEvent, requireFilters } from './events.js';
import { baseUrl, filters, found } from './util.js';

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

/** MISP refuses a reference that is neither an id nor a uuid before looking anything up. */
function requireReference(ref: string | undefined): string {
  if (ref === undefined || !(/^\d+$/.test(ref) || isUuid(ref))) throw new HttpError(404, 'Invalid attribute ID.');
  return ref;
}

/** attributes/view: a missing, invisible or soft-deleted attribute is MethodNotAllowed (405), as in MISP. */
function viewAttribute(ctx: RequestContext) {
  const row = findVisibleAttribute(ctx, requireReference(ctx.args[0]));
  if (!row || row.deleted) throw new HttpError(405, 'Invalid attribute');
  const event = prepare(ctx.db, 'SELECT uuid FROM events WHERE id = ?').get(row.event_id) as Row;
  const attribute: Record<string, unknown> = { ...formatAttribute(row), event_uuid: event.uuid };
  const tags = attributeTagRows(ctx.db, Number(row.id));
  if (tags.length) attribute.Tag = tags.map(formatAttributeTag);
  withAttachmentData(ctx.db, [attribute]);
  return { Attribute: attribute };
}

function requireAttribute(ctx: RequestContext): Row {
  const attribute = findVisibleAttribute(ctx, ctx.args[0]);
  if (!attribute) throw new HttpError(404, 'Invalid attribute');
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

/** The AttributeTag links of attributes/add, each with the tag's four brief fields. */
function attributeTagLinks(ctx: RequestContext, row: Row) {
  return attributeTagRows(ctx.db, Number(row.id)).map((t) => ({
    id: str(t.link_id),
    attribute_id: str(row.id),
    event_id: str(row.event_id),
    tag_id: str(t.id),
    local: Boolean(t.link_local),
    relationship_type: null,
    Tag: formatTagBrief(t),
  }));
}

/**
 * attributes/add, as MISP answers it: one saved attribute is `{Attribute: {…}, AttributeTag: […]}` (also
 * when it was one of a list), several are `{Attribute: [{…, Tag}]}`, with `errors` for those that failed.
 */
function addAttributes(ctx: RequestContext) {
  const event = requireEditableEvent(ctx);
  const eventId = Number(event.id);
  let body = ctx.body;
  if (body && typeof body === 'object' && !Array.isArray(body) && 'Attribute' in (body as Row))
    body = (body as Row).Attribute;
  if (body === undefined || body === null || typeof body !== 'object') {
    throw saveFail('Attributes', 'add', undefined, { value: ['No attribute data received.'] });
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
      } else saved.push(insertAttribute(ctx.db, eventId, result.draft, 0));
    });
    if (saved.length) touchEvent(ctx.db, eventId);
  })();
  const failed = Object.keys(errors).length ? { errors } : {};
  if (saved.length === 0)
    throw saveFail('Attributes', 'add', undefined, list.length === 1 ? errors.attribute_0 : errors);
  if (saved.length === 1) {
    const row = saved[0] as Row;
    return { Attribute: formatAttribute(row, true), AttributeTag: attributeTagLinks(ctx, row), ...failed };
  }
  return {
    Attribute: saved.map((row) => {
      const tags = attributeTagRows(ctx.db, Number(row.id));
      return { ...formatAttribute(row, true), ...(tags.length ? { Tag: tags.map(formatTagBrief) } : {}) };
    }),
    ...failed,
  };
}

function editAttribute(ctx: RequestContext) {
  const existing = requireAttribute(ctx);
  // A soft-deleted attribute cannot be edited (nor undeleted) here: MISP does not find it.
  if (existing.deleted) throw new HttpError(404, 'Invalid attribute');
  requireEditableEvent(ctx, String(existing.event_id));
  let input = ctx.body as Row | undefined;
  if (input && typeof input === 'object' && 'Attribute' in input) input = input.Attribute as Row;
  if (!input || typeof input !== 'object' || Array.isArray(input)) {
    throw saveFail('Attributes', 'edit', undefined, { value: ['No attribute data received.'] });
  }
  if (/^\d+$/.test(String(input.timestamp ?? '')) && Number(input.timestamp) <= Number(existing.timestamp)) {
    throw new HttpError(405, 'Attribute could not be saved: Attribute in the request not newer than the local copy.');
  }
  const result = draftAttribute(input, existing);
  if ('errors' in result) throw saveFail('Attributes', 'edit', undefined, result.errors);
  const { tags, ...draft } = result.draft;
  // `deleted: 1` soft-deletes through an edit, as MISP allows.
  const deleted = input.deleted === undefined ? Number(existing.deleted) : flag(input.deleted) ? 1 : 0;
  ctx.db.transaction(() => {
    prepare(
      ctx.db,
      `UPDATE attributes SET type=@type, category=@category, value1=@value1, value2=@value2, to_ids=@to_ids,
         distribution=@distribution, sharing_group_id=@sharing_group_id, comment=@comment, timestamp=@timestamp,
         disable_correlation=@disable_correlation, first_seen=@first_seen, last_seen=@last_seen, object_relation=@object_relation,
         deleted=@deleted WHERE id=@id`,
    ).run({ ...draft, deleted, id: existing.id });
    for (const name of tags) {
      const tag = findTag(ctx.db, name);
      if (tag) attachAttributeTag(ctx.db, Number(existing.id), Number(existing.event_id), tag, false);
    }
    touchEvent(ctx.db, Number(existing.event_id));
  })();
  return { Attribute: withTags(ctx, prepare(ctx.db, 'SELECT * FROM attributes WHERE id = ?').get(existing.id) as Row) };
}

/**
 * attributes/delete: hard as `/attributes/delete/{id}/1` (PyMISP), a `hard:1` named parameter or `{hard: 1}`
 * in the body — MISP never reads the query string, so `?hard=1` is a soft delete. A soft delete of an
 * attribute already soft-deleted finds nothing (404).
 */
function deleteAttribute(ctx: RequestContext) {
  const body = ctx.body && typeof ctx.body === 'object' ? (ctx.body as Row) : {};
  const hard = flag(body.hard ?? ctx.namedParams.hard ?? ctx.args[1]);
  const attribute = findVisibleAttribute(ctx, ctx.args[0]);
  if (!attribute || (!hard && attribute.deleted)) throw new HttpError(404, 'Invalid attribute');
  requireEditableEvent(ctx, String(attribute.event_id));
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

/**
 * attributes/restore/{id}: undeletes a soft-deleted attribute (any method over the API). MISP looks the attribute
 * up by numeric id only, whatever its state; unknown, or on an event the caller may not modify: 405 "Invalid
 * Attribute". Success is not JSON but a 302 to `/attributes/view/{id}` with an empty body; the attribute and its
 * event get a new timestamp (restoring one that is not deleted does the same).
 */
function restoreAttribute(ctx: RequestContext) {
  const ref = ctx.args[0] ?? '';
  const attribute = /^\d+$/.test(ref)
    ? (prepare(ctx.db, 'SELECT * FROM attributes WHERE id = ?').get(Number(ref)) as Row | undefined)
    : undefined;
  const event = attribute
    ? (prepare(ctx.db, 'SELECT * FROM events WHERE id = ?').get(attribute.event_id) as Row | undefined)
    : undefined;
  if (!attribute || !event || !canModifyEvent(ctx, event)) throw new HttpError(405, 'Invalid Attribute');
  ctx.db.transaction(() => {
    prepare(ctx.db, 'UPDATE attributes SET deleted = 0, timestamp = ? WHERE id = ?').run(now(), attribute.id);
    touchEvent(ctx.db, Number(attribute.event_id));
  })();
  return new RawReply(302, '', {
    Location: `${baseUrl(ctx)}/attributes/view/${attribute.id}`,
    'Content-Type': 'application/json; charset=UTF-8',
  });
}

/** PHP's `(int)` of a named parameter: its leading digits (with a sign), 0 when there are none. */
const phpInt = (text: string | undefined) => Number.parseInt(text ?? '', 10) || 0;

/**
 * attributes/index (PyMISP's `attributes()`): CakePHP's paginator over the live attributes the caller can see,
 * newest event first — 60 a page, `limit` clamped to 1…9999, a page past the last one 404 "Not Found". Only
 * named parameters count (`limit`, `page`, and `searchvalue`: value1 or value2 equals it); MISP ignores the body
 * and the query string here.
 */
function indexAttributes(ctx: RequestContext) {
  const named = ctx.namedParams;
  const limit = named.limit === undefined ? 60 : Math.min(9999, Math.max(1, phpInt(named.limit)));
  const page = Math.max(1, phpInt(named.page));
  const ev = eventVisible(ctx.user);
  const av = attributeVisible(ctx.user);
  const where = [`a.deleted = 0`, ev.sql, av.sql];
  const params: unknown[] = [...ev.params, ...av.params];
  if (named.searchvalue !== undefined) {
    where.push('(a.value1 = ? OR a.value2 = ?)');
    params.push(named.searchvalue, named.searchvalue);
  }
  const from = `FROM attributes a JOIN events e ON e.id = a.event_id WHERE ${where.join(' AND ')}`;
  const { n } = prepare(ctx.db, `SELECT COUNT(*) AS n ${from}`).get(...params) as { n: number };
  if (page > Math.max(1, Math.ceil(n / limit))) throw new HttpError(404, 'Not Found');
  const rows = prepare(ctx.db, `SELECT a.* ${from} ORDER BY a.event_id DESC, a.id LIMIT ? OFFSET ?`).all(
    ...params,
    limit,
    (page - 1) * limit,
  ) as Row[];
  return rows.map((row) => formatAttribute(row, true));
}

function restSearch(ctx: RequestContext) {
  const f = filters(ctx);
  requireFilters(ctx, f);
  const format = requestedFormat('Attribute', f, ctx.args[0]);
  if (format) {
    const result = searchAttributes(ctx.db, ctx.user, exportFilters(format, f), now());
    return renderExport(ctx.db, 'Attribute', format, f, result.items, result.total);
  }
  const result = searchAttributes(ctx.db, ctx.user, f, now());
  if (flag(f.withAttachments ?? f.includeAttachments))
    withAttachmentData(ctx.db, result.items as Record<string, unknown>[]);
  return new Reply(200, { response: { Attribute: result.items } }, { 'X-Result-Count': result.total });
}

export const attributeRoutes: Route[] = [
  {
    controller: 'attributes',
    action: 'view',
    // MISP's view action answers any method; only HEAD is special (an existence check).
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'DELETE'],
    handler: viewAttribute,
    exists: (ctx) => found(() => requireReference(ctx.args[0])) && findVisibleAttribute(ctx, ctx.args[0]) !== undefined,
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
  {
    controller: 'attributes',
    action: 'restore',
    methods: ['GET', 'POST', 'PUT', 'DELETE'],
    handler: restoreAttribute,
    permission: 'add',
  },
  { controller: 'attributes', action: 'restSearch', methods: ['GET', 'POST'], handler: restSearch, automation: true },
  { controller: 'attributes', action: 'index', methods: ['GET', 'POST'], handler: indexAttributes },
];
