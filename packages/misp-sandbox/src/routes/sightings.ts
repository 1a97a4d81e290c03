import { randomUUID } from 'node:crypto';
import { NO_PERMISSION } from '../auth.js';
import { IN_LIST, jsonList, prepare } from '../db/statements.js';
import { HttpError, saveSuccess } from '../http.js';
import { flag, isUuid, now } from '../model/attributes.js';
import { bool, formatSighting, str } from '../model/format.js';
import { attributeVisible, eventVisible } from '../model/visibility.js';
import { Reply, type Route } from '../router.js';
import { timeFilter, Where } from '../search/conditions.js';
import { normaliseSearchValue, parseFilter } from '../search/filters.js';
import type { RequestContext, Row } from '../types.js';
import { findVisibleAttribute } from './attributes.js';

const failure = (reason: string) => ({ message: `Could not add the Sighting. Reason: ${reason}` });

function addSighting(ctx: RequestContext) {
  let body = ctx.body as Row | undefined;
  if (body && typeof body === 'object' && !Array.isArray(body) && 'Sighting' in body) body = body.Sighting as Row;
  const input: Row = body && typeof body === 'object' && !Array.isArray(body) ? body : {};
  const type = input.type === undefined || input.type === '' ? 0 : Number(input.type);
  if (![0, 1, 2].includes(type) || !/^\d$/.test(String(input.type ?? '0'))) {
    return failure('Invalid type, please change it before posting a sighting.');
  }
  let attributes: Row[] = [];
  const ref = ctx.args[0] ?? (input.id as string | undefined) ?? (input.uuid as string | undefined);
  const hasValues = [input.value, input.values].some(
    (v) => (typeof v === 'string' && v.trim() !== '') || typeof v === 'number' || (Array.isArray(v) && v.length > 0),
  );
  // Neither a reference nor a value: MISP gives up before searching, with a shorter reason.
  if (ref === undefined && !hasValues) return failure('No valid attributes found.');
  if (ref !== undefined) {
    const attribute = findVisibleAttribute(ctx, String(ref));
    if (attribute && !attribute.deleted) attributes = [attribute];
  } else {
    const values = [input.value, ...(Array.isArray(input.values) ? input.values : [input.values])]
      .filter((v): v is string | number => (typeof v === 'string' && v.trim() !== '') || typeof v === 'number')
      .map((v) => normaliseSearchValue(String(v).trim()));
    if (values.length) {
      const ev = eventVisible(ctx.user);
      const av = attributeVisible(ctx.user);
      // The list drives (CROSS JOIN): one index search per value, however many values there are.
      attributes = prepare(
        ctx.db,
        `SELECT a.* FROM attributes a JOIN events e ON e.id = a.event_id
           WHERE a.id IN (SELECT x.id FROM json_each(?) p CROSS JOIN attributes x ON x.value1 = p.value
             UNION SELECT x.id FROM json_each(?) p CROSS JOIN attributes x ON x.value2 = p.value)
           AND a.deleted = 0 AND ${ev.sql} AND ${av.sql}`,
      ).all(jsonList(values), jsonList(values), ...ev.params, ...av.params) as Row[];
    }
  }
  if (attributes.length === 0) return failure('No valid attributes found that match the criteria.');
  const timestamp =
    input.timestamp !== undefined && /^\d+$/.test(String(input.timestamp)) ? Number(input.timestamp) : now();
  const source = typeof input.source === 'string' ? input.source : '';
  // Event.sighting_timestamp is left alone: MISP sets it only when sightings are published (a job).
  const last = ctx.db.transaction(() => {
    let id = 0;
    for (const attribute of attributes) {
      if (type === 2) {
        prepare(ctx.db, 'DELETE FROM sightings WHERE attribute_id = ? AND org_id = ? AND type = 2').run(
          attribute.id,
          ctx.user.org_id,
        );
      }
      id = Number(
        prepare(
          ctx.db,
          'INSERT INTO sightings (attribute_id, event_id, org_id, date_sighting, uuid, source, type) VALUES (?, ?, ?, ?, ?, ?, ?)',
        ).run(attribute.id, attribute.event_id, ctx.user.org_id, timestamp, randomUUID(), source, type).lastInsertRowid,
      );
    }
    return id;
  })();
  return { Sighting: formatSighting(prepare(ctx.db, 'SELECT * FROM sightings WHERE id = ?').get(last) as Row) };
}

const attributeValue = (r: Row) => (r.value2 ? `${r.value1}|${r.value2}` : String(r.value1));

/** `includeAttribute`: the six attribute fields MISP embeds in each sighting. */
const embeddedAttribute = (r: Row) => ({
  id: str(r.attribute_id),
  uuid: r.attribute_uuid,
  type: r.attribute_type,
  category: r.attribute_category,
  to_ids: bool(r.attribute_to_ids),
  value: attributeValue(r),
});

/** `includeEvent`: the event's ids, title and the creator organisation's name. */
const embeddedEvent = (r: Row) => ({
  id: str(r.event_id),
  uuid: r.event_uuid,
  orgc_id: str(r.event_orgc_id),
  org_id: str(r.event_org_id),
  info: r.event_info,
  Orgc: { name: r.event_orgc_name },
});

const invalidId = (id: unknown) => new HttpError(400, `Invalid ID \`${String(id)}\` provided.`);

/**
 * sightings/restSearch/{context}: `id` must be a JSON integer (MISP refuses "1"), `uuid` may be a string or
 * a list; without a time filter only the last 30 days count. Each sighting carries the attribute's value
 * and the organisation, and MISP's generic restSearch reports X-Result-Count 0.
 */
function searchSightings(ctx: RequestContext) {
  const body = ctx.body && typeof ctx.body === 'object' && !Array.isArray(ctx.body) ? (ctx.body as Row) : {};
  const f: Row = { ...ctx.named, ...body };
  const context = ctx.args[0] ?? f.context;
  if (context !== undefined && context !== 'attribute' && context !== 'event')
    throw new HttpError(400, `Invalid context ${String(context)}.`);
  if (context && f.id === undefined && f.uuid === undefined)
    throw new HttpError(400, 'An ID or UUID must be provided if the context is set.');
  const w = new Where();
  const ev = eventVisible(ctx.user);
  const av = attributeVisible(ctx.user);
  w.add(ev.sql, ...ev.params);
  w.add(av.sql, ...av.params);
  if (f.id !== undefined && f.id !== null && f.id !== 0 && f.id !== '') {
    const ids = Array.isArray(f.id) ? f.id : [f.id];
    for (const id of ids) if (!Number.isInteger(id)) throw invalidId(id);
    if (context) w.addList(`${context === 'attribute' ? 's.attribute_id' : 's.event_id'} IN (${IN_LIST})`, ids);
  }
  if (f.uuid !== undefined && f.uuid !== null && f.uuid !== '' && context) {
    // MISP 2.5 fails on its own query here (it joins the event twice): a 500, not a search.
    if (context === 'event') throw new HttpError(500, 'An Internal Error Has Occurred.');
    const uuids = (Array.isArray(f.uuid) ? f.uuid : [f.uuid]).map(String);
    w.addList(`a.uuid IN (${IN_LIST})`, uuids);
  }
  const type = parseFilter(f.type);
  if (type?.OR.length) w.addList(`s.type IN (${IN_LIST})`, type.OR.map(Number));
  const source = parseFilter(f.source);
  if (source?.OR.length) w.addList(`s.source IN (${IN_LIST})`, source.OR);
  if (f.org_id !== undefined && f.org_id !== null) {
    // An organisation uuid is turned into its id; MISP 2.5 matches a numeric org_id against nothing.
    const orgs = (Array.isArray(f.org_id) ? f.org_id : [f.org_id]).map((ref) =>
      isUuid(ref)
        ? Number((prepare(ctx.db, 'SELECT id FROM organisations WHERE uuid = ?').get(ref) as Row)?.id ?? -1)
        : -1,
    );
    w.addList(`s.org_id IN (${IN_LIST})`, orgs);
  }
  if (f.from !== undefined && f.to !== undefined) timeFilter(w, 's.date_sighting', [f.from, f.to], now());
  else timeFilter(w, 's.date_sighting', f.last ?? '30d', now());
  const rows = prepare(
    ctx.db,
    `SELECT s.*, a.uuid AS attribute_uuid, a.value1, a.value2, a.type AS attribute_type, a.category AS attribute_category,
       a.to_ids AS attribute_to_ids, e.uuid AS event_uuid, e.orgc_id AS event_orgc_id, e.org_id AS event_org_id,
       e.info AS event_info, (SELECT name FROM organisations WHERE id = e.orgc_id) AS event_orgc_name,
       o.uuid AS org_uuid, o.name AS org_name FROM sightings s JOIN attributes a ON a.id = s.attribute_id
       JOIN events e ON e.id = s.event_id LEFT JOIN organisations o ON o.id = s.org_id WHERE ${w.sql} ORDER BY s.id`,
  ).all(...w.params) as Row[];
  const includeUuid = f.includeUuid === true || f.includeUuid === 1 || f.includeUuid === '1';
  const includeAttribute = flag(f.includeAttribute);
  const includeEvent = flag(f.includeEvent);
  const sightings = rows.map((r) => ({
    Sighting: {
      ...formatSighting(r),
      value: attributeValue(r),
      ...(includeUuid ? { attribute_uuid: r.attribute_uuid, event_uuid: r.event_uuid } : {}),
      ...(includeAttribute ? { Attribute: embeddedAttribute(r) } : {}),
      ...(includeEvent ? { Event: embeddedEvent(r) } : {}),
      ...(Number(r.org_id) !== 0 ? { Organisation: { id: str(r.org_id), uuid: r.org_uuid, name: r.org_name } } : {}),
    },
  }));
  return new Reply(200, { response: sightings }, { 'X-Result-Count': 0 });
}

/**
 * sightings/delete/{id}: MISP's ACL wants perm_modify_org (403 otherwise, whatever the method), then POST only;
 * only a site admin may delete another organisation's sighting (MISP answers that one as not found).
 */
function deleteSighting(ctx: RequestContext) {
  const role = ctx.user.role as unknown as Row;
  if (!role.perm_modify_org) throw new HttpError(403, NO_PERMISSION);
  if (ctx.method !== 'POST') throw new HttpError(405, 'This action can only be accessed via a post request.');
  const ref = ctx.args[0] ?? '';
  const row = /^\d+$/.test(ref)
    ? (prepare(ctx.db, 'SELECT * FROM sightings WHERE id = ?').get(Number(ref)) as Row | undefined)
    : undefined;
  if (!row || (!role.perm_site_admin && Number(row.org_id) !== ctx.user.org_id))
    throw new HttpError(404, 'Invalid sighting.');
  prepare(ctx.db, 'DELETE FROM sightings WHERE id = ?').run(row.id);
  return { ...saveSuccess('sightings', 'delete', ref, 'Sighting successfully deleted.'), url: ctx.url };
}

/**
 * sightings/index/{eventId}: a bare list of the sightings of the events the key may see (all of them without
 * an id), each with its attribute's uuid and the organisation that reported it.
 */
function listSightings(ctx: RequestContext) {
  const ref = ctx.args[0];
  const ev = eventVisible(ctx.user);
  const w = new Where();
  w.add(ev.sql, ...ev.params);
  if (ref !== undefined) w.add('s.event_id = ?', /^\d+$/.test(ref) ? Number(ref) : -1);
  const rows = prepare(
    ctx.db,
    `SELECT s.*, a.uuid AS attribute_uuid, o.name AS org_name, o.uuid AS org_uuid
       FROM sightings s JOIN events e ON e.id = s.event_id JOIN attributes a ON a.id = s.attribute_id
       JOIN organisations o ON o.id = s.org_id WHERE ${w.sql} ORDER BY s.event_id, s.id`,
  ).all(...w.params) as Row[];
  return rows.map((row) => ({
    ...formatSighting(row),
    attribute_uuid: row.attribute_uuid,
    Organisation: { id: str(row.org_id), uuid: row.org_uuid, name: row.org_name },
  }));
}

export const sightingRoutes: Route[] = [
  { controller: 'sightings', action: 'delete', methods: ['GET', 'POST', 'PUT', 'DELETE'], handler: deleteSighting },
  { controller: 'sightings', action: 'index', methods: ['GET'], handler: listSightings },
  { controller: 'sightings', action: 'add', methods: ['POST'], handler: addSighting, permission: 'sighting' },
  { controller: 'sightings', action: 'restSearch', methods: ['POST', 'GET'], handler: searchSightings },
];
