import { randomUUID } from 'node:crypto';
import { prepare } from '../db/statements.js';
import { HttpError } from '../http.js';
import { now } from '../model/attributes.js';
import { formatSighting } from '../model/format.js';
import { attributeVisible, eventVisible } from '../model/visibility.js';
import type { Route } from '../router.js';
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
      const marks = values.map(() => '?').join(', ');
      attributes = prepare(
        ctx.db,
        `SELECT a.* FROM attributes a JOIN events e ON e.id = a.event_id
           WHERE (a.value1 IN (${marks}) OR a.value2 IN (${marks})) AND a.deleted = 0 AND ${ev.sql} AND ${av.sql}`,
      ).all(...values, ...values, ...ev.params, ...av.params) as Row[];
    }
  }
  if (attributes.length === 0) return failure('No valid attributes found that match the criteria.');
  const timestamp =
    input.timestamp !== undefined && /^\d+$/.test(String(input.timestamp)) ? Number(input.timestamp) : now();
  const source = typeof input.source === 'string' ? input.source : '';
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
      prepare(ctx.db, 'UPDATE events SET sighting_timestamp = MAX(sighting_timestamp, ?) WHERE id = ?').run(
        timestamp,
        attribute.event_id,
      );
    }
    return id;
  })();
  return { Sighting: formatSighting(prepare(ctx.db, 'SELECT * FROM sightings WHERE id = ?').get(last) as Row) };
}

function searchSightings(ctx: RequestContext) {
  const body = ctx.body && typeof ctx.body === 'object' && !Array.isArray(ctx.body) ? (ctx.body as Row) : {};
  const f: Row = { ...ctx.named, ...body };
  const context = String(ctx.args[0] ?? f.context ?? '');
  const w = new Where();
  const ev = eventVisible(ctx.user);
  const av = attributeVisible(ctx.user);
  w.add(ev.sql, ...ev.params);
  w.add(av.sql, ...av.params);
  const ref = f.id ?? f.uuid;
  if (context === 'attribute' || context === 'event') {
    if (ref === undefined) throw new HttpError(400, 'An id or uuid must be given for this context.');
    const column =
      context === 'attribute'
        ? /^\d+$/.test(String(ref))
          ? 'a.id'
          : 'a.uuid'
        : /^\d+$/.test(String(ref))
          ? 'e.id'
          : 'e.uuid';
    w.add(`${column} = ?`, String(ref));
  } else if (context !== '') throw new HttpError(400, 'Invalid context.');
  const type = parseFilter(f.type);
  if (type?.OR.length) w.add(`s.type IN (${type.OR.map(() => '?').join(', ')})`, ...type.OR.map(Number));
  const source = parseFilter(f.source);
  if (source?.OR.length) w.add(`s.source IN (${source.OR.map(() => '?').join(', ')})`, ...source.OR);
  if (f.org_id !== undefined) w.add('s.org_id = ?', Number(f.org_id));
  timeFilter(w, 's.date_sighting', f.last, now());
  if (f.from !== undefined) timeFilter(w, 's.date_sighting', f.from, now());
  if (f.to !== undefined) w.add('s.date_sighting <= ?', Number(f.to));
  const rows = prepare(
    ctx.db,
    `SELECT s.*, a.uuid AS attribute_uuid, e.uuid AS event_uuid FROM sightings s JOIN attributes a ON a.id = s.attribute_id
       JOIN events e ON e.id = s.event_id WHERE ${w.sql} ORDER BY s.id`,
  ).all(...w.params) as Row[];
  const includeUuid = f.includeUuid === true || f.includeUuid === 1 || f.includeUuid === '1';
  return {
    response: rows.map((r) => ({
      Sighting: {
        ...formatSighting(r),
        ...(includeUuid ? { attribute_uuid: r.attribute_uuid, event_uuid: r.event_uuid } : {}),
      },
    })),
  };
}

export const sightingRoutes: Route[] = [
  { controller: 'sightings', action: 'add', methods: ['POST'], handler: addSighting, permission: 'sighting' },
  { controller: 'sightings', action: 'restSearch', methods: ['POST', 'GET'], handler: searchSightings },
];
