import { createHash, randomUUID } from 'node:crypto';
import { isIP } from 'node:net';
import type { Database } from 'better-sqlite3';
import { prepare } from '../db/statements.js';
import { COMPOSITE_TYPES, SANE_DEFAULTS } from '../describe-types.js';
import { draftAttribute, now } from '../model/attributes.js';
import { NON_CORRELATING_TYPES, PRIMARY_ONLY_CORRELATING_TYPES } from '../model/correlations.js';
import { ORG_BLOCKED } from '../routes/org-blocklists.js';
import type { AuthUser, Row } from '../types.js';
import { importEvent } from './import.js';
import { feedEntryAllowed, parseRules } from './rules.js';
import { fetchText, parseJson, readLocal, SourceError, type SyncOptions } from './source.js';

/**
 * Fetching and caching feeds as MISP 2.5's Feed model does, with one difference made on purpose: everything a
 * fetch or a cache needs is downloaded and parsed first, and saved in one transaction afterwards, so a feed that
 * answers garbage, breaks off or times out leaves nothing half-imported or half-cached (MISP saves event by
 * event and can stop half-way).
 */

const md5 = (value: string) => createHash('md5').update(value).digest('hex');
const NON_CORRELATING = new Set<string>(NON_CORRELATING_TYPES);
const PRIMARY_ONLY = new Set<string>(PRIMARY_ONLY_CORRELATING_TYPES);

/** Where a file of the feed lives: `<url>/<name>` for a MISP feed, the URL itself for CSV and free text. */
async function read(feed: Row, name: string | undefined, options: SyncOptions): Promise<string> {
  const base = String(feed.url).replace(/\/+$/, '');
  const location = name === undefined ? String(feed.url) : `${base}/${name}`;
  if (feed.input_source === 'local') return readLocal(location, options);
  const { status, text } = await fetchText(location, options, { headers: feedHeaders(feed) });
  if (status !== 200) throw new SourceError(`${location} answered HTTP ${status}.`);
  return text;
}

/** A feed's `headers` column: one `Name: value` per line, as MISP sends them. */
function feedHeaders(feed: Row): Record<string, string> {
  const headers: Record<string, string> = { Accept: 'application/json, text/plain, */*' };
  for (const line of String(feed.headers ?? '').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return headers;
}

type Manifest = Record<string, Row>;

async function manifest(feed: Row, options: SyncOptions): Promise<Manifest> {
  const parsed = parseJson(await read(feed, 'manifest.json', options), `The manifest of feed ${feed.id}`);
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new SourceError(`The manifest of feed ${feed.id} is not an object of event uuids.`);
  }
  return parsed as Manifest;
}

async function feedEvent(feed: Row, uuid: string, options: SyncOptions): Promise<Row> {
  let parsed = parseJson(await read(feed, `${uuid}.json`, options), `Event ${uuid} of feed ${feed.id}`) as Row;
  if (parsed && typeof parsed === 'object' && 'response' in parsed) parsed = parsed.response as Row;
  if (Array.isArray(parsed)) parsed = parsed[0] as Row;
  const event = parsed?.Event as Row | undefined;
  if (!event || typeof event !== 'object' || typeof event.uuid !== 'string') {
    throw new SourceError(`Event ${uuid} of feed ${feed.id} has no Event.uuid.`);
  }
  return parsed;
}

/** MISP's __prepareEvent: the feed's distribution replaces the event's (5 = keep it), children inherit. */
function prepareFeedEvent(db: Database, feed: Row, body: Row): Row {
  const event = { ...(body.Event as Row) };
  if (event.orgc && !event.Orgc) event.Orgc = event.orgc;
  const distribution = Number(feed.distribution);
  if (!(distribution === 5 && event.distribution !== undefined)) {
    event.distribution = distribution === 5 ? 0 : distribution;
    event.sharing_group_id = distribution === 5 ? 0 : Number(feed.sharing_group_id);
    const inherit = (list: unknown) =>
      Array.isArray(list) ? list.map((item: Row) => ({ ...item, distribution: 5 })) : list;
    event.Attribute = inherit(event.Attribute);
    event.Object = Array.isArray(event.Object)
      ? event.Object.map((o: Row) => ({ ...o, distribution: 5, Attribute: inherit(o.Attribute) }))
      : event.Object;
  }
  if (Number(feed.publish)) event.published = true;
  const settings = feedSettings(feed);
  if (settings.unpublish_event) event.published = false;
  void db;
  return event;
}

export function feedSettings(feed: Row): Row {
  try {
    const parsed = JSON.parse(String(feed.settings ?? 'null'));
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : {};
  } catch {
    return {};
  }
}

function feedTagName(db: Database, feed: Row): string[] {
  if (!Number(feed.tag_id)) return [];
  const tag = prepare(db, 'SELECT name FROM tags WHERE id = ?').get(feed.tag_id) as Row | undefined;
  return tag ? [String(tag.name)] : [];
}

export interface FetchResult {
  add: number;
  edit: number;
}

/** feeds/fetchFromFeed of one (enabled) feed. Throws SourceError when the feed cannot be read or saved. */
export async function fetchFeed(db: Database, user: AuthUser, feed: Row, options: SyncOptions): Promise<FetchResult> {
  if (feed.source_format === 'misp') return fetchMispFeed(db, user, feed, options);
  if (feed.source_format === 'csv' || feed.source_format === 'freetext') {
    const values = parseValues(db, feed, await read(feed, undefined, options));
    return saveFreetext(db, user, feed, values);
  }
  throw new SourceError(`Feed ${feed.id} has an unknown source format "${String(feed.source_format)}".`);
}

async function fetchMispFeed(db: Database, user: AuthUser, feed: Row, options: SyncOptions): Promise<FetchResult> {
  const list = await manifest(feed, options);
  const wanted: string[] = [];
  // The feed's filter rules (tags, creator organisations, url_params.timestamp) pick from the manifest first.
  const rules = parseRules(feed.rules);
  const at = now();
  for (const [uuid, entry] of Object.entries(list)) {
    if (!feedEntryAllowed(rules, entry ?? {}, at)) continue;
    const local = prepare(db, 'SELECT timestamp FROM events WHERE uuid = ?').get(uuid) as Row | undefined;
    if (!local || Number(local.timestamp) < Number(entry?.timestamp ?? 0)) wanted.push(uuid);
  }
  const events: Row[] = [];
  for (const uuid of wanted) events.push(prepareFeedEvent(db, feed, await feedEvent(feed, uuid, options)));
  const tags = feedTagName(db, feed);
  return db.transaction(() => {
    const result = { add: 0, edit: 0 };
    for (const event of events) {
      const outcome = importEvent(db, user, event, { locked: false, extraTags: tags });
      if (outcome === ORG_BLOCKED) continue; // MISP leaves these out without counting a failure
      if (typeof outcome === 'string') throw new SourceError(`Feed ${feed.id}: ${outcome}`);
      if (outcome.action === 'add') result.add += 1;
      if (outcome.action === 'edit') result.edit += 1;
    }
    return result;
  })();
}

export interface FeedValue {
  value: string;
  type: string;
  category: string;
  to_ids: boolean;
}

const HASHES: [RegExp, string][] = [
  [/^[a-f0-9]{32}$/i, 'md5'],
  [/^[a-f0-9]{40}$/i, 'sha1'],
  [/^[a-f0-9]{64}$/i, 'sha256'],
  [/^[a-f0-9]{128}$/i, 'sha512'],
];

/** MISP's fallback TLD list when the IANA warninglist is missing: a few generic TLDs and every two-letter one. */
function fallbackTlds(): Set<string> {
  const tlds = new Set(['biz', 'cat', 'com', 'edu', 'gov', 'int', 'mil', 'net', 'org', 'pro', 'tel', 'aero', 'arpa']);
  for (const t of ['asia', 'coop', 'info', 'jobs', 'mobi', 'name', 'museum', 'travel', 'onion']) tlds.add(t);
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  for (const a of letters) for (const b of letters) tlds.add(a + b);
  return tlds;
}

/** The TLDs MISP's free-text import accepts: the entries of the "TLDs as known by IANA" warninglist, and onion. */
export function knownTlds(db: Database): Set<string> {
  const rows = prepare(
    db,
    `SELECT lower(e.value) AS value FROM warninglist_entries e JOIN warninglists w ON w.id = e.warninglist_id
     WHERE w.name = 'TLDs as known by IANA'`,
  ).all() as Row[];
  if (rows.length === 0) return fallbackTlds();
  return new Set([...rows.map((r) => String(r.value).replace(/^\./, '')), 'onion']);
}

/** MISP's filename rule: a dot not at the start, and an alphanumeric, non-numeric last part. */
const looksLikeFilename = (value: string) => {
  if (!(value.indexOf('.') > 0 || /^.:/.test(value))) return false;
  const last = value.split('.').pop() ?? '';
  return /^[a-z0-9]+$/i.test(last) && !/^\d+(\.\d+)?$/.test(last);
};

/**
 * The type MISP's free-text import (ComplexTypeTool) picks for the common values, or undefined: hashes by length,
 * IP addresses (and CIDR blocks), URLs, e-mail addresses, then a dotted value is a domain (two labels) or hostname
 * when its last label is a known TLD, a URL when it has a path, else a filename ("oracle-feed.example").
 */
export function detectType(raw: string, tlds: Set<string>): string | undefined {
  const value = raw.trim();
  if (!value) return undefined;
  for (const [re, type] of HASHES) if (re.test(value)) return type;
  if (isIP(value.replace(/\/\d{1,3}$/, ''))) return 'ip-dst';
  if (/^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(value)) return 'url';
  if (/^[^\s@]+@[a-z0-9.-]+\.[a-z0-9-]+$/i.test(value)) return 'email-src';
  if (!value.includes('.')) return undefined;
  const labels = value.split('.');
  if (/^([-\p{L}\p{N}]+\.)+[a-z0-9-]+$/iu.test(value) && tlds.has(String(labels.at(-1)).toLowerCase())) {
    return labels.length > 2 ? 'hostname' : 'domain';
  }
  if (value.includes('/') && /^[^\s/]+\.[^\s/]+\/\S*$/.test(value)) return 'url';
  return looksLikeFilename(value) ? 'filename' : undefined;
}

/** Values of a CSV or free-text feed: one per line (CSV: the configured 1-based columns); `#` lines are comments. */
export function parseValues(db: Database, feed: Row, text: string): FeedValue[] {
  if (text.includes('\u0000')) throw new SourceError(`Feed ${feed.id} is not text.`);
  const settings = feedSettings(feed);
  const csv = (settings.csv ?? {}) as Row;
  const delimiter = typeof csv.delimiter === 'string' && csv.delimiter ? csv.delimiter : ',';
  const columns = String(csv.value ?? '1')
    .split(',')
    .map((c) => Number(c.trim()) - 1)
    .filter((c) => Number.isInteger(c) && c >= 0);
  const seen = new Set<string>();
  const values: FeedValue[] = [];
  const tlds = knownTlds(db);
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#')) continue;
    const cells =
      feed.source_format === 'csv' ? columns.map((c) => trimmed.split(delimiter)[c] ?? '') : trimmed.split(/[\s,;]+/);
    for (const cell of cells) {
      const value = cell.trim().replace(/^"|"$/g, '');
      const type = detectType(value, tlds);
      const sane = type ? SANE_DEFAULTS[type] : undefined;
      if (!type || !sane || seen.has(value)) continue;
      seen.add(value);
      // Category and to_ids are the type's defaults (MISP's typeDefinitions); override_ids clears to_ids.
      values.push({
        value,
        type,
        category: sane.default_category,
        to_ids: !Number(feed.override_ids) && Boolean(sane.to_ids),
      });
    }
  }
  return values;
}

/** MISP's saveFreetextFeedData: into the feed's fixed event (made on first fetch) or a new event each time. */
function saveFreetext(db: Database, user: AuthUser, feed: Row, values: FeedValue[]): FetchResult {
  return db.transaction(() => {
    let eventId = Number(feed.fixed_event) ? Number(feed.event_id) : 0;
    let added = false;
    if (eventId) {
      if (!prepare(db, 'SELECT 1 FROM events WHERE id = ?').get(eventId)) {
        throw new SourceError(
          `The target event is no longer valid. Make sure that the target event ${eventId} exists.`,
        );
      }
    } else {
      const ts = now();
      const info = prepare(
        db,
        `INSERT INTO events (uuid, org_id, orgc_id, user_id, date, info, published, analysis, threat_level_id, distribution,
           sharing_group_id, timestamp, disable_correlation) VALUES (?, ?, ?, ?, ?, ?, 0, 2, 4, ?, ?, ?, ?)`,
      ).run(
        randomUUID(),
        user.org_id,
        Number(feed.orgc_id) || user.org_id,
        user.id,
        new Date(ts * 1000).toISOString().slice(0, 10),
        `${String(feed.name)} feed`,
        Math.min(4, Number(feed.distribution) || 0),
        Number(feed.sharing_group_id) || 0,
        ts,
        feedSettings(feed).disable_correlation ? 1 : 0,
      );
      eventId = Number(info.lastInsertRowid);
      added = true;
      // MISP saves the feed again with its decoded settings: empty ones ("[]") come back as null.
      if (Number(feed.fixed_event)) {
        prepare(
          db,
          `UPDATE feeds SET event_id = ?, settings = CASE WHEN settings IN ('[]', '{}', '') THEN NULL ELSE settings END
           WHERE id = ?`,
        ).run(eventId, feed.id);
      }
    }
    const existing = new Map<string, number>();
    for (const row of prepare(
      db,
      `SELECT id, CASE WHEN value2 = '' THEN value1 ELSE value1 || '|' || value2 END AS value FROM attributes
       WHERE event_id = ? AND deleted = 0`,
    ).all(eventId) as Row[]) {
      existing.set(String(row.value), Number(row.id));
    }
    let changed = 0;
    const ts = now();
    for (const item of values) {
      if (existing.delete(item.value)) continue;
      const result = draftAttribute({ ...item, distribution: 5 });
      if ('errors' in result) continue; // MISP skips values its validation refuses
      prepare(
        db,
        `INSERT INTO attributes (event_id, category, type, value1, value2, to_ids, uuid, timestamp, distribution, comment)
         VALUES (@event_id, @category, @type, @value1, @value2, @to_ids, @uuid, @timestamp, 5, '')`,
      ).run({ ...result.draft, event_id: eventId, timestamp: ts });
      changed += 1;
    }
    if (Number(feed.delta_merge) && existing.size) {
      const remove = prepare(db, 'UPDATE attributes SET deleted = 1, timestamp = ? WHERE id = ?');
      for (const id of existing.values()) remove.run(ts, id);
      changed += existing.size;
    }
    if (changed) {
      prepare(
        db,
        `UPDATE events SET timestamp = ?, attribute_count = (SELECT COUNT(*) FROM attributes WHERE event_id = ? AND deleted = 0)
         WHERE id = ?`,
      ).run(ts, eventId, eventId);
      if (Number(feed.publish))
        prepare(db, 'UPDATE events SET published = 1, publish_timestamp = ? WHERE id = ?').run(ts, eventId);
    }
    return added ? { add: 1, edit: 0 } : { add: 0, edit: changed ? 1 : 0 };
  })();
}

/** The md5 of every correlating part of a value, as MISP caches and looks them up. */
export function valueHashes(type: string, value: string): string[] {
  if (NON_CORRELATING.has(type)) return [];
  if (COMPOSITE_TYPES.has(type)) {
    const [first = '', second = ''] = value.split('|');
    return PRIMARY_ONLY.has(type) ? [md5(first)] : [md5(first), md5(second)];
  }
  const parts = [value];
  if ((type === 'url' || type === 'uri') && value.includes('://')) parts.push(value.slice(value.indexOf('://') + 3));
  return parts.map(md5);
}

/** The scope of feeds/cacheFeeds: all, freetext/csv (both), misp, or one feed id; undefined for anything else. */
export function feedsInScope(db: Database, scope: string): Row[] | undefined {
  const base = 'SELECT * FROM feeds WHERE caching_enabled = 1';
  if (scope === 'all') return prepare(db, `${base} ORDER BY id`).all() as Row[];
  if (/^\d+$/.test(scope)) return prepare(db, `${base} AND id = ?`).all(Number(scope)) as Row[];
  if (scope === 'freetext' || scope === 'csv') {
    return prepare(db, `${base} AND source_format IN ('csv', 'freetext') ORDER BY id`).all() as Row[];
  }
  if (scope === 'misp') return prepare(db, `${base} AND source_format = 'misp' ORDER BY id`).all() as Row[];
  return undefined;
}

/** feeds/cacheFeeds: downloads every feed in scope, then replaces their caches in one transaction. */
export async function cacheFeeds(db: Database, feeds: Row[], options: SyncOptions): Promise<number> {
  const caches: { feed: Row; rows: [string, string][] }[] = [];
  for (const feed of feeds) {
    const rows: [string, string][] = [];
    if (feed.source_format === 'misp') {
      for (const uuid of Object.keys(await manifest(feed, options))) {
        const event = (await feedEvent(feed, uuid, options)).Event as Row;
        const attributes = [
          ...(Array.isArray(event.Attribute) ? event.Attribute : []),
          ...(Array.isArray(event.Object)
            ? event.Object.flatMap((o: Row) => (Array.isArray(o.Attribute) ? o.Attribute : []))
            : []),
        ] as Row[];
        for (const a of attributes) {
          for (const hash of valueHashes(String(a.type), String(a.value ?? ''))) rows.push([hash, String(event.uuid)]);
        }
      }
    } else {
      for (const item of parseValues(db, feed, await read(feed, undefined, options))) rows.push([md5(item.value), '']);
    }
    caches.push({ feed, rows });
  }
  db.transaction(() => {
    const clear = prepare(db, 'DELETE FROM feed_cache WHERE feed_id = ?');
    const insert = prepare(db, 'INSERT OR IGNORE INTO feed_cache (feed_id, value_md5, event_uuid) VALUES (?, ?, ?)');
    const stamp = prepare(db, 'UPDATE feeds SET cache_timestamp = ? WHERE id = ?');
    for (const { feed, rows } of caches) {
      clear.run(feed.id);
      for (const [hash, uuid] of rows) insert.run(feed.id, hash, uuid);
      stamp.run(now(), feed.id);
    }
  })();
  return caches.length;
}

export interface FeedHit {
  id: string;
  name: string;
  url: string;
  provider: string;
  source_format: string;
  lookup_visible: boolean;
  event_uuids?: string[];
}

/**
 * MISP's attachFeedCorrelations: for a role with perm_view_feed_correlations, each attribute whose value is in
 * a cached feed gets `Feed: [{id, name, url, provider, source_format, lookup_visible, event_uuids?}]`
 * (event_uuids for MISP-format feeds); non-site-admins see only feeds with lookup_visible. Returns the feeds
 * hit, for the event-level `Feed` list.
 */
export function attachFeedHits(db: Database, user: AuthUser, attributes: Record<string, unknown>[]): FeedHit[] {
  const role = user.role as unknown as Row;
  if (!Number(role.perm_view_feed_correlations) || attributes.length === 0) return [];
  if (!prepare(db, 'SELECT 1 FROM feed_cache LIMIT 1').get()) return [];
  const feeds = prepare(
    db,
    `SELECT id, name, url, provider, source_format, lookup_visible FROM feeds
     WHERE EXISTS (SELECT 1 FROM feed_cache c WHERE c.feed_id = feeds.id) ${Number(role.perm_site_admin) ? '' : 'AND lookup_visible = 1'}
     ORDER BY id`,
  ).all() as Row[];
  if (feeds.length === 0) return [];
  const lookup = prepare(db, 'SELECT feed_id, event_uuid FROM feed_cache WHERE value_md5 = ?');
  const byEvent = new Map<number, FeedHit>();
  for (const attribute of attributes) {
    if (attribute.disable_correlation === true) continue;
    const hits = new Map<number, FeedHit>();
    for (const hash of valueHashes(String(attribute.type), String(attribute.value ?? ''))) {
      for (const row of lookup.all(hash) as Row[]) {
        const feed = feeds.find((f) => Number(f.id) === Number(row.feed_id));
        if (!feed) continue;
        let hit = hits.get(Number(feed.id));
        if (!hit) {
          hit = {
            id: String(feed.id),
            name: String(feed.name),
            url: String(feed.url),
            provider: String(feed.provider),
            source_format: String(feed.source_format),
            lookup_visible: Boolean(Number(feed.lookup_visible)),
          };
          hits.set(Number(feed.id), hit);
        }
        if (row.event_uuid && feed.source_format === 'misp') {
          hit.event_uuids ??= [];
          if (!hit.event_uuids.includes(String(row.event_uuid))) hit.event_uuids.push(String(row.event_uuid));
        }
      }
    }
    if (hits.size === 0) continue;
    attribute.Feed = [...hits.values()];
    if ('ShadowAttribute' in attribute) {
      // MISP's order: … Galaxy, Feed, ShadowAttribute.
      const shadow = attribute.ShadowAttribute;
      delete attribute.ShadowAttribute;
      attribute.ShadowAttribute = shadow;
    }
    for (const hit of hits.values()) {
      const { event_uuids: _uuids, ...brief } = hit;
      const total: FeedHit = byEvent.get(Number(hit.id)) ?? brief;
      if (hit.event_uuids) total.event_uuids = [...new Set([...(total.event_uuids ?? []), ...hit.event_uuids])];
      byEvent.set(Number(hit.id), total);
    }
  }
  return [...byEvent.values()].map(({ event_uuids, ...rest }) => (event_uuids ? { ...rest, event_uuids } : rest));
}

/**
 * Puts the feed hits where MISP has them: `Feed` after `Galaxy` in each attribute (attachFeedHits appends it) and,
 * in the event, after the header and before `Org`. Empties `event` and returns its keys reordered.
 */
export function withFeedKeys(event: Record<string, unknown>, feeds: FeedHit[]): Record<string, unknown> {
  const ordered: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(event)) {
    if (key === 'Org') ordered.Feed = feeds;
    ordered[key] = value;
  }
  if (!('Feed' in ordered)) ordered.Feed = feeds;
  for (const key of Object.keys(event)) delete event[key];
  return ordered;
}
