import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { hasFlag } from '../accounts/permissions.js';
import { prepare } from '../db/statements.js';
import { HttpError, saveFail, saveSuccess } from '../http.js';
import { eventAttributes, withAttachmentData } from '../model/attachments.js';
import {
  draftAttribute,
  type FieldErrors,
  flag,
  insertAttribute,
  isDuplicate,
  isUuid,
  now,
  touchEvent,
} from '../model/attributes.js';
import { assignAnalystTargets, captureEventAnalystData, captureEventReports } from '../model/event-payload.js';
import { buildEvent, findVisibleEvent } from '../model/events.js';
import { mergeExtensions } from '../model/extensions.js';
import { formatEventHeader, str } from '../model/format.js';
import { captureReferences, upsertEventObject } from '../model/objects.js';
import { findOrCreateTag, galaxiesFor, tagsByParent } from '../model/tags.js';
import { eventVisible } from '../model/visibility.js';
import { Reply, type Route } from '../router.js';
import { columnFilter, eventHasTag, tagFilter, timeFilter, Where } from '../search/conditions.js';
import { searchEvents } from '../search/events.js';
import { exportFilters, renderExport, requestedFormat } from '../search/export.js';
import { likePattern, paging, parseBoolFilter, parseDeleted, parseFilter } from '../search/filters.js';
import { orgcId } from '../sync/import.js';
import type { RequestContext, Row } from '../types.js';
import { blockEvent, isEventBlocklisted } from './event-blocklists.js';
import { isCreatorOrgBlocklisted, ORG_BLOCKED } from './org-blocklists.js';
import { bodyObject, filters, found } from './util.js';

export const RESTSEARCH_GET_EMPTY =
  'Restsearch queries using GET and no parameters are not allowed. If you have passed parameters via a JSON body, make sure you use POST requests.';

export function requireEvent(ctx: RequestContext, id = ctx.args[0], missing = 'Invalid event'): Row {
  const event = findVisibleEvent(ctx.db, ctx.user, id);
  if (!event) throw new HttpError(404, missing);
  return event;
}

/** Whether the user may modify the event: its organisation (or a site admin), as MISP's ACL says. */
export const canModifyEvent = (ctx: RequestContext, event: Row): boolean =>
  Boolean(ctx.user.role.perm_site_admin) ||
  Number(event.orgc_id) === ctx.user.org_id ||
  Number(event.org_id) === ctx.user.org_id;

/** Editing needs the owning organisation (or site admin); MISP words the refusal differently per action. */
export function requireEditableEvent(
  ctx: RequestContext,
  id = ctx.args[0],
  refusal = 'You do not have permission to do that.',
  missing = 'Invalid event',
): Row {
  const event = requireEvent(ctx, id, missing);
  if (!canModifyEvent(ctx, event)) throw new HttpError(403, refusal);
  return event;
}

/** An event by id or uuid whatever its distribution (MISP's publish, unpublish and delete look it up so). */
function findAnyEvent(ctx: RequestContext, ref: string | undefined): Row | undefined {
  if (!ref) return undefined;
  const column = isUuid(ref) ? 'uuid' : /^\d+$/.test(ref) ? 'id' : undefined;
  return column ? (prepare(ctx.db, `SELECT * FROM events WHERE ${column} = ?`).get(ref) as Row | undefined) : undefined;
}

/** events/view's `deleted`: `1` adds the soft-deleted attributes to the live ones, `2` (or `only`) shows only those. */
function viewDeleted(value: unknown): 0 | 1 | 2 {
  if (value === undefined || Array.isArray(value)) return parseDeleted(value);
  const text = String(value).toLowerCase();
  if (text === '2' || text === 'only') return 1;
  return parseDeleted(value) === 0 ? 0 : 2;
}

const eventView = (ctx: RequestContext, event: Row, extra: Record<string, unknown> = {}) => ({
  Event: buildEvent(ctx.db, ctx.user, event, {
    // events/view reads its options from CakePHP named parameters only (`/events/view/1/deleted:1`; `?deleted=1` is ignored).
    noSightings: flag(ctx.namedParams.noSightings),
    includeWarninglistHits:
      ctx.namedParams.includeWarninglistHits === undefined || flag(ctx.namedParams.includeWarninglistHits),
    deleted: viewDeleted(ctx.namedParams.deleted ?? (ctx.body as Row | undefined)?.deleted),
    relationshipInbound: true,
    granularCorrelations: flag(ctx.namedParams.includeGranularCorrelations),
    noEventReports: flag(ctx.namedParams.noEventReports),
    analystData: true,
    // On by default in events/view; `/includeFeedCorrelations:0` turns it off.
    includeFeedCorrelations:
      ctx.namedParams.includeFeedCorrelations === undefined || flag(ctx.namedParams.includeFeedCorrelations),
  }),
  ...extra,
});

/** The event events/add and events/edit answer: fetched as MISP's fetchEvent does, without warninglist hits. */
const savedEvent = (ctx: RequestContext, event: Row, extra: Record<string, unknown>) => ({
  Event: buildEvent(ctx.db, ctx.user, event),
  ...extra,
});

const reload = (db: Database, id: number) => prepare(db, 'SELECT * FROM events WHERE id = ?').get(id) as Row;

/** MISP's validation messages for the event's enumerations (client code matches on them). */
const EVENT_OPTIONS = {
  threat_level_id: 'Options : 1, 2, 3, 4 (for High, Medium, Low, Undefined)',
  analysis: 'Options : 0, 1, 2 (for Initial, Ongoing, Completed)',
  distribution: 'Options : Your organisation only, This community only, Connected communities, All communities',
} as const;

function intField(
  input: Row,
  key: keyof typeof EVENT_OPTIONS,
  min: number,
  max: number,
  fallback: number,
  errors: FieldErrors,
): number {
  const raw = input[key];
  if (raw === undefined || raw === null || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) errors[key] = [EVENT_OPTIONS[key]];
  return n;
}

function eventFields(input: Row, existing: Row | undefined, errors: FieldErrors) {
  const info = input.info ?? existing?.info;
  // A missing info fails MISP's rule by name; an empty one gets the rule's message.
  if (info === undefined || info === null) errors.info = ['valueNotEmpty'];
  else if (typeof info !== 'string' || info.trim() === '') errors.info = ['Info cannot be empty.'];
  const date = input.date ?? existing?.date ?? new Date().toISOString().slice(0, 10);
  if (typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(date)) errors.date = ['Expected date format: YYYY-MM-DD'];
  return {
    info: String(info ?? ''),
    date: String(date).slice(0, 10),
    threat_level_id: intField(input, 'threat_level_id', 1, 4, Number(existing?.threat_level_id ?? 4), errors),
    analysis: intField(input, 'analysis', 0, 2, Number(existing?.analysis ?? 0), errors),
    distribution: intField(input, 'distribution', 0, 4, Number(existing?.distribution ?? 1), errors),
    sharing_group_id: Number(input.sharing_group_id ?? existing?.sharing_group_id ?? 0) || 0,
    disable_correlation:
      input.disable_correlation !== undefined
        ? flag(input.disable_correlation)
          ? 1
          : 0
        : Number(existing?.disable_correlation ?? 0),
  };
}

function tagNames(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return list
    .map((t) => (typeof t === 'string' ? t : (t as Row | null)?.name))
    .filter((n): n is string => typeof n === 'string' && n.trim() !== '');
}

/** Adds the attributes (and objects) of an event payload; returns per-attribute errors. */
function addChildren(
  ctx: RequestContext,
  eventId: number,
  input: Row,
  breakOnDuplicate = false,
): Record<string, unknown> {
  const errors: Record<string, unknown> = {};
  const attributes = Array.isArray(input.Attribute) ? (input.Attribute as Row[]) : [];
  attributes.forEach((raw, i) => {
    if (raw && typeof raw === 'object' && isUuid(raw.uuid)) {
      const existing = prepare(ctx.db, 'SELECT * FROM attributes WHERE uuid = ?').get(raw.uuid) as Row | undefined;
      if (existing && Number(existing.event_id) === eventId) {
        // MISP skips, silently, an attribute whose timestamp is not newer than the stored one.
        if (clientTimestamp(raw) !== undefined && Number(clientTimestamp(raw)) <= Number(existing.timestamp)) return;
        const result = draftAttribute(raw, existing);
        if ('errors' in result) errors[`attribute_${i}`] = result.errors;
        else {
          const { tags: _tags, ...draft } = result.draft;
          prepare(
            ctx.db,
            `UPDATE attributes SET type=@type, category=@category, value1=@value1, value2=@value2, to_ids=@to_ids,
               distribution=@distribution, sharing_group_id=@sharing_group_id, comment=@comment, timestamp=@timestamp,
               first_seen=@first_seen, last_seen=@last_seen, deleted=@deleted WHERE id=@id`,
          ).run({ ...draft, id: existing.id, deleted: flag(raw.deleted) ? 1 : 0 });
        }
        return;
      }
      if (existing) {
        errors[`attribute_${i}`] = { uuid: ['An attribute with this uuid already exists.'] };
        return;
      }
    }
    const result = draftAttribute(raw ?? {});
    if ('errors' in result) errors[`attribute_${i}`] = result.errors;
    // A duplicate inside an event payload is dropped without an error (breakOnDuplicate or not).
    else if (!isDuplicate(ctx.db, eventId, result.draft, 0)) insertAttribute(ctx.db, eventId, result.draft, 0);
  });
  // Objects are upserted by uuid (model/objects.ts); their references once every object exists.
  const saved: { input: Row; id: number }[] = [];
  for (const object of Array.isArray(input.Object) ? (input.Object as unknown[]) : []) {
    if (!object || typeof object !== 'object' || Array.isArray(object)) continue;
    const id = upsertEventObject(ctx.db, eventId, object as Row, breakOnDuplicate);
    if (id !== undefined) saved.push({ input: object as Row, id });
  }
  captureReferences(ctx.db, eventId, saved);
  for (const name of tagNames(input.Tag)) {
    const tag = findOrCreateTag(ctx.db, name);
    prepare(ctx.db, 'INSERT OR IGNORE INTO event_tags (event_id, tag_id, local) VALUES (?, ?, 0)').run(eventId, tag.id);
  }
  return errors;
}

/** PHP's `!empty()`, how MISP reads `breakOnDuplicate`. */
const phpTruthy = (value: unknown): boolean =>
  value !== undefined && value !== null && value !== false && value !== '' && value !== '0' && value !== 0;

/** A client-supplied epoch `timestamp` (MISP keeps it on add and requires it newer on edit). */
const clientTimestamp = (input: Row): number | undefined =>
  /^\d+$/.test(String(input.timestamp ?? '')) ? Number(input.timestamp) : undefined;

/**
 * `extends_uuid`: "" clears it, a uuid is kept as sent (lowercased), an event id is replaced by that event's
 * uuid; anything else fails validation.
 */
function extendsUuid(ctx: RequestContext, input: Row, existing: Row | undefined, errors: FieldErrors): string {
  const raw = input.extends_uuid;
  if (raw === undefined || raw === null) return String(existing?.extends_uuid ?? '');
  const text = String(raw).trim();
  if (text === '') return '';
  if (isUuid(text)) return text.toLowerCase();
  const byId = /^\d+$/.test(text) ? findAnyEvent(ctx, text) : undefined;
  if (byId) return String(byId.uuid);
  errors.extends_uuid = ['Please provide a valid UUID'];
  return '';
}

function addEvent(ctx: RequestContext) {
  const input = bodyObject(ctx, 'Event');
  // Checked before validation and case-sensitively (MISP lowercases the uuid only later).
  if (typeof input.uuid === 'string' && isEventBlocklisted(ctx.db, input.uuid))
    throw new HttpError(403, 'Event blocked by event blocklist.');
  if (isCreatorOrgBlocklisted(ctx.db, input, ctx.user.org_id)) throw new HttpError(403, ORG_BLOCKED);
  const errors: FieldErrors = {};
  const fields = eventFields(input, undefined, errors);
  const extendsRef = extendsUuid(ctx, input, undefined, errors);
  if (input.uuid !== undefined && !isUuid(input.uuid)) errors.uuid = ['Please provide a valid RFC 4122 UUID'];
  if (Object.keys(errors).length) throw saveFail('Events', 'add', undefined, { Event: errors });
  const uuid = isUuid(input.uuid) ? input.uuid.toLowerCase() : randomUUID();
  const existing = prepare(ctx.db, 'SELECT id FROM events WHERE uuid = ?').get(uuid) as Row | undefined;
  if (existing) {
    throw new HttpError(
      404,
      'Event already exists, if you would like to edit it, use the url in the location header.',
      {},
      { Location: `/events/${existing.id}` },
    );
  }
  assignAnalystTargets(input);
  return ctx.db.transaction(() => {
    // MISP saves an event sent as published by a user without perm_publish as unpublished.
    const published = flag(input.published) && Boolean(ctx.user.role.perm_publish);
    const ts = clientTimestamp(input) ?? now();
    const info = prepare(
      ctx.db,
      `INSERT INTO events (uuid, org_id, orgc_id, user_id, date, info, published, analysis, threat_level_id, distribution,
         sharing_group_id, timestamp, publish_timestamp, disable_correlation) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      uuid,
      ctx.user.org_id,
      // MISP keeps the creator organisation (`Orgc`) that a sync user sends (an event pushed from another MISP).
      hasFlag(ctx, 'perm_sync') && input.Orgc ? orgcId(ctx.db, input, ctx.user) : ctx.user.org_id,
      ctx.user.id,
      fields.date,
      fields.info,
      published ? 1 : 0,
      fields.analysis,
      fields.threat_level_id,
      fields.distribution,
      fields.sharing_group_id,
      ts,
      published ? ts : 0,
      fields.disable_correlation,
    );
    const id = Number(info.lastInsertRowid);
    if (extendsRef) prepare(ctx.db, 'UPDATE events SET extends_uuid = ? WHERE id = ?').run(extendsRef, id);
    if (flag(input.locked)) prepare(ctx.db, 'UPDATE events SET locked = 1 WHERE id = ?').run(id);
    const childErrors = addChildren(ctx, id, input, phpTruthy(input.breakOnDuplicate));
    // Reports and analyst data in the payload (MISP's captureReport and captureAnalystData).
    captureEventReports(ctx.db, ctx.user, id, input, 'add');
    captureEventAnalystData(ctx.db, ctx.user, reload(ctx.db, id), input);
    prepare(
      ctx.db,
      'UPDATE events SET attribute_count = (SELECT COUNT(*) FROM attributes WHERE event_id = ? AND deleted = 0) WHERE id = ?',
    ).run(id, id);
    if (published) ctx.events.published(id);
    return savedEvent(
      ctx,
      reload(ctx.db, id),
      Object.keys(childErrors).length ? { errors: { Attribute: childErrors } } : {},
    );
  })();
}

function editEvent(ctx: RequestContext) {
  const event = requireEditableEvent(ctx, ctx.args[0], 'You are not authorised to do that.');
  const input = bodyObject(ctx, 'Event');
  const timestamp = clientTimestamp(input);
  if (timestamp !== undefined && timestamp <= Number(event.timestamp)) {
    const why = 'Event could not be saved: Event in the request not newer than the local copy.';
    throw saveFail('Events', 'edit', String(event.id), why);
  }
  const errors: FieldErrors = {};
  const fields = eventFields(input, event, errors);
  const extendsRef = extendsUuid(ctx, input, event, errors);
  if (Object.keys(errors).length) throw saveFail('Events', 'edit', String(event.id), errors);
  assignAnalystTargets(input);
  return ctx.db.transaction(() => {
    prepare(
      ctx.db,
      `UPDATE events SET info=@info, date=@date, threat_level_id=@threat_level_id, analysis=@analysis,
         distribution=@distribution, sharing_group_id=@sharing_group_id, disable_correlation=@disable_correlation WHERE id=@id`,
    ).run({ ...fields, id: event.id });
    const childErrors = addChildren(ctx, Number(event.id), input);
    captureEventReports(ctx.db, ctx.user, Number(event.id), input, 'edit');
    captureEventAnalystData(ctx.db, ctx.user, event, input);
    touchEvent(ctx.db, Number(event.id));
    prepare(ctx.db, 'UPDATE events SET extends_uuid = ?, timestamp = COALESCE(?, timestamp) WHERE id = ?').run(
      extendsRef,
      timestamp ?? null,
      event.id,
    );
    if (flag(input.published) && ctx.user.role.perm_publish) publish(ctx, Number(event.id));
    return savedEvent(
      ctx,
      reload(ctx.db, Number(event.id)),
      Object.keys(childErrors).length ? { errors: { Attribute: childErrors } } : {},
    );
  })();
}

function publish(ctx: RequestContext, id: number): void {
  prepare(ctx.db, 'UPDATE events SET published = 1, publish_timestamp = ? WHERE id = ?').run(now(), id);
  ctx.events.published(id);
}

/** events/delete: an unknown event and one the user may not modify get the same 403 (MISP does not tell). */
function deleteEvent(ctx: RequestContext) {
  const event = findAnyEvent(ctx, ctx.args[0]);
  if (!event || !canModifyEvent(ctx, event)) throw saveFail('Events', 'delete', undefined, 'Event was not deleted.');
  const id = Number(event.id);
  ctx.db.transaction(() => {
    // The event's reports go with it; analyst data stays (MISP 2.5 leaves notes, opinions and relationships).
    const tables = ['attribute_tags', 'sightings', 'attributes', 'object_references', 'objects', 'event_tags'];
    for (const table of [...tables, 'event_reports']) {
      prepare(ctx.db, `DELETE FROM ${table} WHERE event_id = ?`).run(id);
    }
    prepare(ctx.db, 'DELETE FROM events WHERE id = ?').run(id);
    const orgc = prepare(ctx.db, 'SELECT name FROM organisations WHERE id = ?').get(event.orgc_id) as Row | undefined;
    blockEvent(ctx.db, {
      event_uuid: String(event.uuid),
      event_info: String(event.info),
      event_orgc: String(orgc?.name ?? ''),
      comment: 'Automatically blocked by deleting event',
    });
  })();
  return saveSuccess('Events', 'delete', ctx.args[0], 'Event deleted.');
}

/** restSearch without any filter: MISP 2.5.1 refuses it on GET only; a bare POST searches everything. */
export function requireFilters(ctx: RequestContext, f: Row): void {
  if (Object.keys(f).length === 0 && ctx.method === 'GET') throw new HttpError(400, RESTSEARCH_GET_EMPTY);
}

function restSearch(ctx: RequestContext) {
  const f = filters(ctx);
  requireFilters(ctx, f);
  const format = requestedFormat('Event', f, ctx.args[0]);
  if (format) {
    const result = searchEvents(ctx.db, ctx.user, exportFilters(format, f), now());
    return renderExport(ctx.db, 'Event', format, f, result.items, result.total);
  }
  const result = searchEvents(ctx.db, ctx.user, f, now());
  const items = flag(f.extended) ? result.items.map((e) => mergeExtensions(ctx.db, ctx.user, e, e)) : result.items;
  if (flag(f.withAttachments ?? f.includeAttachments))
    for (const event of items) withAttachmentData(ctx.db, eventAttributes(event));
  return new Reply(200, { response: items.map((Event) => ({ Event })) }, { 'X-Result-Count': result.total });
}

/** The events/index filters MISP accepts bare in a POST body (or prefixed with `search`). */
const INDEX_FILTERS = new Set([
  'all',
  'attribute',
  'published',
  'eventid',
  'datefrom',
  'dateuntil',
  'org',
  'eventinfo',
  'tag',
  'tags',
  'distribution',
  'sharinggroup',
  'analysis',
  'threatlevel',
  'email',
  'hasproposal',
  'timestamp',
  'publishtimestamp',
  'publish_timestamp',
  'minimal',
  'value',
]);
/** Read as themselves, unprefixed, from named parameters and the body alike (`/events/index/minimal:1`). */
const INDEX_PAGING = ['limit', 'page', 'sort', 'direction', 'order', 'minimal'];

/**
 * events/index reads CakePHP's passedArgs: named parameters (`/events/index/searchall:x/limit:10`, filters
 * prefixed with `search`) and a POST body (bare or prefixed filters, paging) — never the query string.
 * Returns the filters without their prefix (`searchall` becomes `all`) and the paging.
 */
function indexParameters(ctx: RequestContext): Row {
  const out: Row = {};
  const take = (key: string, value: unknown, bare: boolean) => {
    const lower = key.toLowerCase();
    if (lower.startsWith('search')) out[lower.slice(6)] = value;
    else if (INDEX_PAGING.includes(key)) out[key] = value;
    else if (bare && INDEX_FILTERS.has(lower)) out[lower] = value;
  };
  for (const [key, value] of Object.entries(ctx.namedParams)) take(key, value, false);
  const body = ctx.body && typeof ctx.body === 'object' && !Array.isArray(ctx.body) ? (ctx.body as Row) : {};
  for (const [key, value] of Object.entries(body)) take(key, value, true);
  return out;
}

/** events/index: bare array of event headers with Org, Orgc, EventTag (GalaxyCluster when clusters are tagged). */
function indexEvents(ctx: RequestContext) {
  const f = indexParameters(ctx);
  const w = new Where();
  const ev = eventVisible(ctx.user);
  w.add(ev.sql, ...ev.params);
  const ts = now();
  const published = parseBoolFilter(f.published);
  if (published !== undefined && String(f.published) !== '2') w.add('e.published = ?', published ? 1 : 0);
  columnFilter(w, 'e.id', parseFilter(f.eventid));
  if (typeof f.eventinfo === 'string' && f.eventinfo !== '') {
    // MISP: `|`-separated substrings, `!` negates one.
    const pieces = f.eventinfo.split('|').filter((p) => p !== '');
    const wanted = pieces.filter((p) => !p.startsWith('!'));
    for (const p of pieces.filter((p) => p.startsWith('!'))) w.add('e.info NOT LIKE ?', likePattern(`%${p.slice(1)}%`));
    if (wanted.length) {
      w.add(`(${wanted.map(() => 'e.info LIKE ?').join(' OR ')})`, ...wanted.map((p) => likePattern(`%${p}%`)));
    }
  }
  columnFilter(w, 'e.threat_level_id', parseFilter(f.threatlevel ?? f.threat_level_id));
  columnFilter(w, 'e.analysis', parseFilter(f.analysis));
  columnFilter(w, 'e.distribution', parseFilter(f.distribution));
  const org = parseFilter(f.org);
  if (org) columnFilter(w, '(SELECT name FROM organisations WHERE id = e.orgc_id)', org);
  timeFilter(w, 'e.timestamp', f.timestamp, ts);
  timeFilter(w, 'e.publish_timestamp', f.publishtimestamp ?? f.publish_timestamp, ts);
  if (f.datefrom) w.add('e.date >= ?', String(f.datefrom));
  if (f.dateuntil) w.add('e.date <= ?', String(f.dateuntil));
  if (f.value !== undefined && f.value !== '') {
    w.add(
      'EXISTS (SELECT 1 FROM attributes a WHERE a.event_id = e.id AND a.deleted = 0 AND (a.value1 = ? OR a.value2 = ?))',
      String(f.value),
      String(f.value),
    );
  }
  if (typeof f.all === 'string' && f.all !== '') quickFilter(w, f.all);
  tagFilter(ctx.db, w, f.tags ?? f.tag, eventHasTag);
  if (w.impossible) return new Reply(200, [], { 'X-Result-Count': 0 });
  const sortable = new Set([
    'id',
    'date',
    'info',
    'timestamp',
    'publish_timestamp',
    'threat_level_id',
    'analysis',
    'distribution',
  ]);
  const sort = typeof f.sort === 'string' && sortable.has(f.sort) ? f.sort : 'timestamp';
  const direction =
    typeof f.sort === 'string' && sortable.has(f.sort) && String(f.direction ?? 'asc').toLowerCase() !== 'desc'
      ? 'ASC'
      : 'DESC';
  const page = paging(f);
  const from = `FROM events e WHERE ${w.sql}`;
  const total = (prepare(ctx.db, `SELECT COUNT(*) AS n ${from}`).get(...w.params) as { n: number }).n;
  const rows = prepare(
    ctx.db,
    `SELECT e.* ${from} ORDER BY e.${sort} ${direction}, e.id ${direction}${page ? ' LIMIT ? OFFSET ?' : ''}`,
  ).all(...w.params, ...(page ? [page.limit, page.offset] : [])) as Row[];
  const orgs = prepare(ctx.db, 'SELECT id, name, uuid FROM organisations WHERE id = ?');
  if (flag(f.minimal)) {
    return new Reply(
      200,
      rows.map((e) => ({
        id: str(e.id),
        timestamp: str(e.timestamp),
        sighting_timestamp: str(e.sighting_timestamp),
        published: Boolean(e.published),
        uuid: e.uuid,
        orgc_uuid: (orgs.get(e.orgc_id) as Row).uuid,
      })),
      { 'X-Result-Count': total },
    );
  }
  const tags = tagsByParent(
    ctx.db,
    'event',
    rows.map((e) => Number(e.id)),
  );
  const items = rows.map((e) => {
    const org = (id: unknown) => {
      const o = orgs.get(id) as Row;
      return { id: str(o.id), name: o.name, uuid: o.uuid };
    };
    const eventTags = (tags.get(Number(e.id)) ?? []).filter((t) => t.exportable);
    const clusters = indexClusters(ctx, eventTags);
    return {
      ...formatEventHeader(e, true),
      Org: org(e.org_id),
      Orgc: org(e.orgc_id),
      EventTag: eventTags.map((t) => ({
        id: str(t.link_id),
        event_id: str(e.id),
        tag_id: str(t.id),
        local: Boolean(t.link_local),
        relationship_type: '',
        Tag: { id: str(t.id), name: t.name, colour: t.colour, is_galaxy: Boolean(t.is_galaxy) },
      })),
      ...(clusters.length ? { GalaxyCluster: clusters } : {}),
    };
  });
  return new Reply(200, items, { 'X-Result-Count': total });
}

/** The galaxy clusters of an index row's galaxy tags (MISP adds the key only when there are some). */
function indexClusters(ctx: RequestContext, tags: Row[]): Record<string, unknown>[] {
  return galaxiesFor(ctx.db, tags).flatMap((galaxy) =>
    (galaxy.GalaxyCluster as Record<string, unknown>[]).map((cluster) => {
      const { GalaxyCluster: _clusters, ...header } = galaxy;
      return { ...cluster, Galaxy: header };
    }),
  );
}

/**
 * MISP's quick filter (`searchall`): events whose info, uuid or tags match, or with an attribute whose
 * value or comment matches — substrings, case-insensitive.
 */
function quickFilter(w: Where, term: string): void {
  const like = likePattern(`%${term}%`);
  w.add(
    `(e.info LIKE ? OR e.uuid = ?
      OR EXISTS (SELECT 1 FROM event_tags et JOIN tags t ON t.id = et.tag_id WHERE et.event_id = e.id AND t.name LIKE ?)
      OR EXISTS (SELECT 1 FROM attributes a WHERE a.event_id = e.id AND a.deleted = 0
        AND (a.value1 LIKE ? OR a.value2 LIKE ? OR a.comment LIKE ? OR a.uuid = ?)))`,
    like,
    term,
    like,
    like,
    like,
    like,
    term,
  );
}

export const eventRoutes: Route[] = [
  { controller: 'events', action: 'index', methods: ['GET', 'POST'], handler: indexEvents },
  {
    controller: 'events',
    action: 'view',
    methods: ['GET', 'HEAD', 'POST'],
    handler: (ctx) => {
      const event = requireEvent(ctx);
      const view = eventView(ctx, event);
      const extended = ctx.namedParams.extended ?? (ctx.body as Row | undefined)?.extended;
      const shown = flag(extended) ? { ...view, Event: mergeExtensions(ctx.db, ctx.user, event, view.Event) } : view;
      // events/view always carries the files of attachments (restSearch only with withAttachments).
      withAttachmentData(ctx.db, eventAttributes(shown.Event));
      return shown;
    },
    exists: (ctx) => found(() => requireEvent(ctx)),
  },
  { controller: 'events', action: 'add', methods: ['POST'], handler: addEvent, permission: 'add' },
  { controller: 'events', action: 'edit', methods: ['POST', 'PUT'], handler: editEvent, permission: 'modify' },
  { controller: 'events', action: 'delete', methods: ['POST', 'DELETE'], handler: deleteEvent, permission: 'modify' },
  {
    controller: 'events',
    action: 'publish',
    methods: ['POST'],
    permission: 'publish',
    handler: (ctx) => {
      const event = findAnyEvent(ctx, ctx.args[0]);
      if (!event) throw new HttpError(404, 'Invalid event.');
      if (!canModifyEvent(ctx, event)) throw new HttpError(405, 'You do not have the permission to do that.');
      publish(ctx, Number(event.id));
      return saveSuccess('Events', 'publish', String(event.id), 'Job queued');
    },
  },
  {
    controller: 'events',
    action: 'unpublish',
    methods: ['POST'],
    permission: 'publish',
    handler: (ctx) => {
      const event = findAnyEvent(ctx, ctx.args[0]);
      if (!event) throw new HttpError(404, 'Invalid Event.');
      if (!canModifyEvent(ctx, event)) throw new HttpError(403, 'You do not have the permission to do that.');
      prepare(ctx.db, 'UPDATE events SET published = 0 WHERE id = ?').run(event.id);
      return saveSuccess('Events', 'unpublish', String(event.id), 'Event unpublished.');
    },
  },
  { controller: 'events', action: 'restSearch', methods: ['GET', 'POST'], handler: restSearch, automation: true },
];
