import type { Database } from 'better-sqlite3';
import { prepare } from '../db/statements.js';
import type { Row } from '../types.js';
import { valueHashes } from './feeds.js';

/**
 * The sandbox as a MISP-format feed (option `serveFeed`): `/feed/manifest.json`, `/feed/<uuid>.json` and
 * `/feed/hashes.csv`, without a key, like a static feed directory (PyMISP's feed generator layout). A feed is
 * public: it carries only published events with distribution "All communities" (3), with their global tags
 * and the attributes that are not deleted, not org-only and not in a sharing group.
 */
export const FEED_PREFIX = '/feed/';

const feedEventRows = (db: Database) =>
  prepare(
    db,
    `SELECT e.*, o.name AS orgc_name, o.uuid AS orgc_uuid FROM events e JOIN organisations o ON o.id = e.orgc_id
     WHERE e.published = 1 AND e.distribution = 3 ORDER BY e.id`,
  ).all() as Row[];

const eventTags = (db: Database, id: unknown) =>
  (
    prepare(
      db,
      `SELECT t.name, t.colour FROM event_tags et JOIN tags t ON t.id = et.tag_id
       WHERE et.event_id = ? AND et.local = 0 AND t.local_only = 0 ORDER BY et.id`,
    ).all(id) as Row[]
  ).map((t) => ({ name: t.name, colour: t.colour }));

const attributeRows = (db: Database, id: unknown) =>
  prepare(
    db,
    `SELECT * FROM attributes WHERE event_id = ? AND deleted = 0 AND distribution IN (1, 2, 3, 5) AND object_id = 0
     ORDER BY id`,
  ).all(id) as Row[];

const value = (a: Row) => (a.value2 ? `${a.value1}|${a.value2}` : String(a.value1));

function header(event: Row, db: Database) {
  return {
    Orgc: { name: event.orgc_name, uuid: event.orgc_uuid },
    Tag: eventTags(db, event.id),
    info: event.info,
    date: event.date,
    analysis: String(event.analysis),
    threat_level_id: String(event.threat_level_id),
    timestamp: String(event.timestamp),
  };
}

function feedEvent(db: Database, event: Row) {
  return {
    Event: {
      uuid: event.uuid,
      ...header(event, db),
      published: true,
      publish_timestamp: String(event.publish_timestamp),
      Attribute: attributeRows(db, event.id).map((a) => ({
        uuid: a.uuid,
        type: a.type,
        category: a.category,
        value: value(a),
        to_ids: Boolean(a.to_ids),
        comment: a.comment,
        timestamp: String(a.timestamp),
        disable_correlation: Boolean(a.disable_correlation),
        Tag: (
          prepare(
            db,
            `SELECT t.name, t.colour FROM attribute_tags at JOIN tags t ON t.id = at.tag_id
             WHERE at.attribute_id = ? AND at.local = 0 ORDER BY at.id`,
          ).all(a.id) as Row[]
        ).map((t) => ({ name: t.name, colour: t.colour })),
      })),
    },
  };
}

export interface FeedFile {
  status: number;
  contentType: string;
  body: string;
}

const json = (body: unknown): FeedFile => ({
  status: 200,
  contentType: 'application/json; charset=UTF-8',
  body: JSON.stringify(body),
});

export function serveFeedFile(db: Database, pathname: string): FeedFile {
  const name = pathname.slice(FEED_PREFIX.length);
  const events = feedEventRows(db);
  if (name === 'manifest.json') {
    return json(Object.fromEntries(events.map((e) => [e.uuid, header(e, db)])));
  }
  if (name === 'hashes.csv') {
    const lines = events.flatMap((e) =>
      attributeRows(db, e.id).flatMap((a) => valueHashes(String(a.type), value(a)).map((h) => `${h},${e.uuid}`)),
    );
    return { status: 200, contentType: 'text/csv; charset=UTF-8', body: lines.length ? `${lines.join('\n')}\n` : '' };
  }
  const match = /^([0-9a-f-]{36})\.json$/i.exec(name);
  const event = match ? events.find((e) => String(e.uuid).toLowerCase() === match[1]?.toLowerCase()) : undefined;
  if (event) return json(feedEvent(db, event));
  return { status: 404, contentType: 'text/plain; charset=UTF-8', body: 'Not Found' };
}
