// events/addTag, events/removeTag, attributes/addTag and attributes/removeTag: the tag routes of the event and
// attribute controllers (tags/attachTagToObject is routes/tags.ts). They answer most failures with HTTP 200 and
// `{saved: false, errors}`, each in its own words, as MISP 2.5 does.
import { prepare } from '../db/statements.js';
import { HttpError } from '../http.js';
import { isUuid, now } from '../model/attributes.js';
import { exclusivityConflict } from '../model/tags.js';
import type { Route } from '../router.js';
import { readSetting } from '../settings.js';
import type { RequestContext, Row } from '../types.js';
import { findVisibleAttribute } from './attributes.js';

type Scope = 'Event' | 'Attribute';

/** MISP's RequestRearrangeTool: unwraps `request` and the model, renames `tag_id` and `<scope>_id`/`id`. */
function rearranged(ctx: RequestContext, scope: Scope): Row {
  let data: unknown = ctx.body;
  const target = scope.toLowerCase();
  const isObject = (v: unknown): v is Row => typeof v === 'object' && v !== null;
  for (const [from, to] of [
    ['request', null],
    [scope, null],
    ['tag_id', 'tag'],
    [`${target}_id`, target],
    ['id', target],
  ] as const) {
    if (!isObject(data) || data[from] === undefined || data[from] === null) continue;
    if (to === null) data = data[from];
    else {
      data = { ...data, [to]: data[from] };
      delete (data as Row)[from];
    }
  }
  return isObject(data) && !Array.isArray(data) ? data : {};
}

/** PHP's `empty()`. */
const empty = (value: unknown): boolean =>
  value === undefined ||
  value === null ||
  value === false ||
  value === 0 ||
  value === '' ||
  value === '0' ||
  (Array.isArray(value) && value.length === 0);

/** PHP's `is_numeric()` (leading and trailing whitespace allowed, as PHP 8 does). */
const isNumeric = (value: unknown): boolean =>
  (typeof value === 'number' && Number.isFinite(value)) ||
  (typeof value === 'string' && /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/.test(value));

/** PHP's string conversion, failing as MISP does (a TypeError, HTTP 500) for a list or an object. */
function phpString(value: unknown): string {
  if (value === undefined || value === null || value === false) return '';
  if (value === true) return '1';
  if (typeof value === 'object') throw new Error('a tag given as a JSON list or object');
  return String(value);
}

const role = (ctx: RequestContext) => ctx.user.role as unknown as Record<string, unknown>;

/** ACLComponent::canModifyEvent: the creator organisation (perm_modify_org) or the creator (perm_modify). */
function canModifyEvent(ctx: RequestContext, event: Row): boolean {
  const r = role(ctx);
  if (r.perm_site_admin) return true;
  if (r.perm_modify_org && Number(event.orgc_id) === ctx.user.org_id) return true;
  return Boolean(r.perm_modify) && Number(event.user_id) === ctx.user.id;
}

/** ACLComponent::canModifyTag: tagger (or sync) and allowed to modify the event, or a local tag by the host org. */
function canModifyTag(ctx: RequestContext, event: Row, local: boolean): boolean {
  const r = role(ctx);
  if (r.perm_site_admin) return true;
  if (!r.perm_tagger && !r.perm_sync) return false;
  if (canModifyEvent(ctx, event)) return true;
  return local && Number(readSetting(ctx.db, 'MISP.host_org_id')) === ctx.user.org_id;
}

const failure = (errors: string) => ({ saved: false, errors });

/**
 * The tag ids a non-numeric tag reference names: `collection_<id>` (the sandbox has no tag collections), a JSON
 * list of ids, or a tag name (case-insensitive, among the tags the user may use). A string answer is the
 * refusal MISP answers with HTTP 200.
 */
function tagIdsFor(ctx: RequestContext, ref: unknown): unknown[] | string {
  if (isNumeric(ref)) return [ref];
  const text = phpString(ref);
  if (/^collection_[0-9]+$/i.test(text)) return 'Invalid Tag Collection.';
  let decoded: unknown = null;
  try {
    decoded = JSON.parse(text);
  } catch {
    decoded = null;
  }
  if (decoded !== null) {
    const list = Array.isArray(decoded) ? decoded : typeof decoded === 'object' ? Object.values(decoded) : [];
    for (const item of list) if (/^collection_[0-9]+$/i.test(String(item))) return 'Invalid Tag Collection.';
    return list.length ? list : [text];
  }
  const tag = usableTags(ctx, 'LOWER(t.name) = LOWER(?)', text.trim())[0];
  return tag ? [tag.id] : 'Invalid Tag.';
}

/** Tags the user may attach (Tag::createConditions): global ones, and those of their organisation or their own. */
function usableTags(ctx: RequestContext, condition: string, ...params: unknown[]): Row[] {
  const scoped = !role(ctx).perm_site_admin;
  return prepare(
    ctx.db,
    `SELECT t.* FROM tags t WHERE ${condition}${scoped ? ' AND t.org_id IN (0, ?) AND t.user_id IN (0, ?)' : ''}`,
  ).all(...params, ...(scoped ? [ctx.user.org_id, ctx.user.id] : [])) as Row[];
}

/** Tag id as MySQL compares it with an integer column (`'4'`, `4`, `' 4'`); anything else finds nothing. */
const tagKey = (ref: unknown): number | undefined => (isNumeric(ref) ? Number(ref) : undefined);

/** The tag named by a remove request: an id, or a name as a case-insensitive LIKE pattern (any tag). */
function removalTagId(ctx: RequestContext, ref: unknown): number | undefined {
  if (isNumeric(ref)) return Number(ref);
  const row = prepare(ctx.db, 'SELECT id FROM tags WHERE LOWER(name) LIKE LOWER(?) ORDER BY id').get(
    phpString(ref).trim(),
  ) as Row | undefined;
  return row ? Number(row.id) : undefined;
}

function unpublish(ctx: RequestContext, eventId: number, timestamp = now()): void {
  prepare(ctx.db, 'UPDATE events SET published = 0, timestamp = ? WHERE id = ?').run(timestamp, eventId);
}

/** MispAttribute::touch: a new timestamp for the attribute, its object and its event, which is unpublished. */
function touchAttribute(ctx: RequestContext, attribute: Row): void {
  const timestamp = now();
  prepare(ctx.db, 'UPDATE attributes SET timestamp = ? WHERE id = ?').run(timestamp, attribute.id);
  if (Number(attribute.object_id))
    prepare(ctx.db, 'UPDATE objects SET timestamp = ? WHERE id = ?').run(timestamp, attribute.object_id);
  unpublish(ctx, Number(attribute.event_id), timestamp);
}

const sameLocalTags = (ctx: RequestContext, table: string, column: string, id: number, local: boolean) =>
  prepare(
    ctx.db,
    `SELECT t.* FROM ${table} x JOIN tags t ON t.id = x.tag_id WHERE x.${column} = ? AND x.local = ?`,
  ).all(id, local ? 1 : 0) as Row[];

/** events/addTag/{event}/{tag}[/local:1]: the event by id or uuid, whoever can see it; failures are HTTP 200. */
function addEventTag(ctx: RequestContext) {
  const data = rearranged(ctx, 'Event');
  const ref = ctx.args[0] ?? phpString(data.event);
  const event = prepare(ctx.db, `SELECT * FROM events WHERE ${isUuid(ref) ? 'uuid' : 'id'} = ?`).get(ref) as
    | Row
    | undefined;
  if (!event) return failure('Invalid event.');
  const local = !empty(ctx.namedParams.local);
  if (!canModifyTag(ctx, event, local)) return failure("You don't have permission to do that.");
  const ids = tagIdsFor(ctx, ctx.args[1] ?? data.tag);
  if (typeof ids === 'string') return failure(ids);
  return ctx.db.transaction(() => {
    let added = 0;
    const fails = new Map<string, string>();
    for (const id of ids) {
      const key = tagKey(id);
      const tag = key === undefined ? undefined : usableTags(ctx, 't.id = ?', key)[0];
      const fail = (why: string) => fails.set(String(id), why);
      if (!tag) {
        fail('Tag not found.');
        continue;
      }
      if (prepare(ctx.db, 'SELECT 1 FROM event_tags WHERE event_id = ? AND tag_id = ?').get(event.id, tag.id)) {
        fail('Tag is already attached to this event.');
        continue;
      }
      const conflict = exclusivityConflict(sameLocalTags(ctx, 'event_tags', 'event_id', Number(event.id), local), tag);
      if (conflict) {
        fail(conflict);
        continue;
      }
      if (tag.local_only && !local) {
        fail('Invalid Tag. This tag can only be set as a local tag.');
        continue;
      }
      prepare(ctx.db, 'INSERT INTO event_tags (event_id, tag_id, local) VALUES (?, ?, ?)').run(
        event.id,
        tag.id,
        local ? 1 : 0,
      );
      if (!local) unpublish(ctx, Number(event.id));
      added++;
    }
    const reasons = [...fails.values()].join(', ');
    if (added === 0) return failure(reasons);
    const success = fails.size
      ? `${added === 1 ? 'Tag added' : `${added} tags added`}, but ${fails.size} could not be added: ${reasons}`
      : added === 1
        ? 'Tag added.'
        : 'Tags added.';
    return { saved: true, success, check_publish: true };
  })();
}

/** events/removeTag/{event}/{tag}: by event id only (a uuid finds no tag), whoever can see the event. */
function removeEventTag(ctx: RequestContext) {
  const data = rearranged(ctx, 'Event');
  const ref = ctx.args[1] ?? data.tag;
  if (empty(ref)) return failure('Invalid Tag.');
  const tagId = removalTagId(ctx, ref);
  if (tagId === undefined) return failure('Invalid Tag.');
  let eventRef: unknown = ctx.args[0] ?? data.event;
  if (!isNumeric(eventRef)) eventRef = (data.Event as Row | undefined)?.id;
  const eventId = tagKey(eventRef);
  const link =
    eventId === undefined
      ? undefined
      : (prepare(ctx.db, 'SELECT * FROM event_tags WHERE event_id = ? AND tag_id = ?').get(eventId, tagId) as
          | Row
          | undefined);
  if (!link) return failure('Invalid event - tag combination.');
  const event = prepare(ctx.db, 'SELECT * FROM events WHERE id = ?').get(link.event_id) as Row;
  if (!canModifyTag(ctx, event, Boolean(link.local))) return failure("You don't have permission to do that.");
  ctx.db.transaction(() => {
    prepare(ctx.db, 'DELETE FROM event_tags WHERE id = ?').run(link.id);
    if (!link.local) unpublish(ctx, Number(event.id));
  })();
  return { saved: true, success: 'Tag removed.', check_publish: !link.local };
}

/** MISP's __idToConditions: an id or a uuid, anything else is refused before any lookup. */
function attributeReference(ref: unknown): string {
  const text = phpString(ref);
  if (!/^\d+$/.test(text) && !isUuid(text)) throw new HttpError(404, 'Invalid attribute ID.');
  return text;
}

/**
 * attributes/addTag/{attribute}/{tag}[/local:1] (or `selected` with `attribute_ids`): the attribute as the user
 * sees it (404 otherwise); every tag that cannot be added (unknown, attached already, exclusive, no permission)
 * counts as one failure, and any failure makes the answer `saved: false`.
 */
function addAttributeTag(ctx: RequestContext) {
  const data = rearranged(ctx, 'Attribute');
  const local = !empty(ctx.namedParams.local);
  const ref = ctx.args[0] ?? data.attribute;
  if (ref === undefined || ref === null) throw new HttpError(404, 'Invalid attribute');
  let refs: unknown[] = [ref];
  if (ref === 'selected') {
    if (data.attribute_ids === undefined || data.attribute_ids === null) throw new HttpError(404, 'Invalid attribute');
    const decoded = typeof data.attribute_ids === 'string' ? safeJson(data.attribute_ids) : data.attribute_ids;
    refs = Array.isArray(decoded) ? decoded : [];
  }
  const tagRef = ctx.args[1] ?? data.tag;
  if (tagRef === undefined || tagRef === null) throw new HttpError(404, 'Invalid tag');
  const ids = tagIdsFor(ctx, tagRef);
  if (typeof ids === 'string') return failure(ids);
  const keys = ids.map(tagKey).filter((k): k is number => k !== undefined);
  const usable = new Map(
    (keys.length ? usableTags(ctx, `t.id IN (${keys.map(() => '?').join(',')})`, ...keys) : []).map((t) => [
      Number(t.id),
      t,
    ]),
  );
  return ctx.db.transaction(() => {
    let added = 0;
    let fails = 0;
    for (const attributeRef of refs) {
      const attribute = findVisibleAttribute(ctx, attributeReference(attributeRef));
      if (!attribute || attribute.deleted) throw new HttpError(404, 'Invalid attribute');
      const event = prepare(ctx.db, 'SELECT * FROM events WHERE id = ?').get(attribute.event_id) as Row;
      if (!canModifyTag(ctx, event, local)) {
        fails++;
        continue;
      }
      let touched = false;
      for (const id of ids) {
        const key = tagKey(id);
        const tag = key === undefined ? undefined : usable.get(key);
        if (
          !tag ||
          prepare(ctx.db, 'SELECT 1 FROM attribute_tags WHERE attribute_id = ? AND tag_id = ?').get(
            attribute.id,
            tag.id,
          ) ||
          exclusivityConflict(sameLocalTags(ctx, 'attribute_tags', 'attribute_id', Number(attribute.id), local), tag)
        ) {
          fails++;
          continue;
        }
        prepare(ctx.db, 'INSERT INTO attribute_tags (attribute_id, event_id, tag_id, local) VALUES (?, ?, ?, ?)').run(
          attribute.id,
          attribute.event_id,
          tag.id,
          local ? 1 : 0,
        );
        if (!local) touched = true;
        added++;
      }
      if (touched) touchAttribute(ctx, attribute);
    }
    if (fails === 0)
      return { saved: true, success: added === 1 ? 'Tag added.' : `${added} tags added`, check_publish: true };
    let errors = fails === 1 ? 'Tag could not be added.' : `${fails} tags could not be added.`;
    if (added > 0) errors += added === 1 ? ' However, 1 tag was added.' : ` However, ${added} tags were added.`;
    return failure(errors);
  })();
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * attributes/removeTag/{attribute}/{tag}: by attribute id only, whoever can see it; the permission is checked
 * before whether the tag is attached at all.
 */
function removeAttributeTag(ctx: RequestContext) {
  const data = rearranged(ctx, 'Attribute');
  const ref = ctx.args[0] ?? data.attribute;
  if (ref === undefined || ref === null) throw new HttpError(404, 'Invalid attribute');
  const tagRef = ctx.args[1] ?? data.tag;
  if (tagRef === undefined || tagRef === null) throw new HttpError(404, 'Invalid tag');
  const attributeId = tagKey(ref);
  const attribute =
    attributeId === undefined
      ? undefined
      : (prepare(ctx.db, 'SELECT * FROM attributes WHERE id = ?').get(attributeId) as Row | undefined);
  if (!attribute || attribute.deleted) throw new HttpError(404, 'Invalid attribute');
  if (empty(tagRef)) return failure('Invalid Tag.');
  const tagId = removalTagId(ctx, tagRef);
  if (tagId === undefined) return failure('Invalid Tag.');
  const link = prepare(ctx.db, 'SELECT * FROM attribute_tags WHERE attribute_id = ? AND tag_id = ?').get(
    attribute.id,
    tagId,
  ) as Row | undefined;
  const event = prepare(ctx.db, 'SELECT * FROM events WHERE id = ?').get(attribute.event_id) as Row;
  if (!canModifyTag(ctx, event, Boolean(link?.local))) return failure('You do not have permission to do that.');
  if (!link) return failure('Invalid attribute - tag combination.');
  ctx.db.transaction(() => {
    prepare(ctx.db, 'DELETE FROM attribute_tags WHERE id = ?').run(link.id);
    if (!link.local) touchAttribute(ctx, attribute);
  })();
  return { saved: true, success: 'Tag removed.', check_publish: !link.local };
}

export const tagAttachRoutes: Route[] = [
  { controller: 'events', action: 'addTag', methods: ['POST'], handler: addEventTag, permission: 'tagger' },
  { controller: 'events', action: 'removeTag', methods: ['POST'], handler: removeEventTag, permission: 'tagger' },
  { controller: 'attributes', action: 'addTag', methods: ['POST'], handler: addAttributeTag, permission: 'tagger' },
  {
    controller: 'attributes',
    action: 'removeTag',
    methods: ['POST'],
    handler: removeAttributeTag,
    permission: 'tagger',
  },
];
