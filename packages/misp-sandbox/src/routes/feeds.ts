import { existsSync, statSync } from 'node:fs';
import { prepare } from '../db/statements.js';
import { HttpError, saveFail } from '../http.js';
import { bool, formatTag, str } from '../model/format.js';
import type { Route } from '../router.js';
import { cacheFeeds, feedsInScope, fetchFeed } from '../sync/feeds.js';
import { SourceError, syncOptions } from '../sync/source.js';
import type { RequestContext, Row } from '../types.js';
import { bodyObject } from './util.js';

/**
 * Feeds (MISP's FeedsController). Fetching and caching run before the answer, as MISP does when it has no
 * background workers (`MISP.background_jobs` off), and the answer says what happened; MISP with workers only
 * says the job was queued. Every fetch honours the sandbox's sync options (loopback only, time box).
 */

const FLAGS = [
  'enabled',
  'default',
  'fixed_event',
  'delta_merge',
  'publish',
  'override_ids',
  'delete_local_file',
  'lookup_visible',
  'caching_enabled',
  'force_to_ids',
] as const;
const NUMBERS = ['distribution', 'sharing_group_id', 'tag_id', 'event_id', 'orgc_id', 'tag_collection_id'] as const;
const TEXTS = ['name', 'provider', 'url', 'source_format', 'input_source'] as const;

/** The Feed object in MISP's key order. */
export function formatFeed(row: Row): Record<string, unknown> {
  return {
    id: str(row.id),
    name: row.name,
    provider: row.provider,
    url: row.url,
    rules: row.rules ?? null,
    enabled: bool(row.enabled),
    distribution: str(row.distribution),
    sharing_group_id: str(row.sharing_group_id),
    tag_id: str(row.tag_id),
    default: bool(row.default),
    source_format: row.source_format,
    fixed_event: bool(row.fixed_event),
    delta_merge: bool(row.delta_merge),
    event_id: str(row.event_id),
    publish: bool(row.publish),
    override_ids: bool(row.override_ids),
    settings: row.settings ?? null,
    input_source: row.input_source,
    delete_local_file: bool(row.delete_local_file),
    lookup_visible: bool(row.lookup_visible),
    headers: row.headers ?? null,
    caching_enabled: bool(row.caching_enabled),
    force_to_ids: bool(row.force_to_ids),
    orgc_id: str(row.orgc_id),
    tag_collection_id: str(row.tag_collection_id),
  };
}

const isSiteAdmin = (ctx: RequestContext) => Boolean(ctx.user.role.perm_site_admin);

function withRelations(ctx: RequestContext, row: Row, feed: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { Feed: feed };
  const tag = Number(row.tag_id) ? (prepare(ctx.db, 'SELECT * FROM tags WHERE id = ?').get(row.tag_id) as Row) : null;
  if (tag) out.Tag = formatTag(tag);
  return out;
}

function index(ctx: RequestContext) {
  const rows = prepare(
    ctx.db,
    `SELECT * FROM feeds ${isSiteAdmin(ctx) ? '' : 'WHERE lookup_visible = 1'} ORDER BY "default" DESC, id ASC`,
  ).all() as Row[];
  return rows.map((row) => {
    const feed = formatFeed(row);
    if (isSiteAdmin(ctx)) feed.cache_timestamp = row.cache_timestamp ? str(row.cache_timestamp) : false;
    const out = withRelations(ctx, row, feed);
    if (Number(row.orgc_id)) {
      const org = prepare(ctx.db, 'SELECT id, uuid, name, local FROM organisations WHERE id = ?').get(row.orgc_id) as
        | Row
        | undefined;
      if (org) out.Orgc = { id: str(org.id), uuid: org.uuid, name: org.name, local: bool(org.local) };
    }
    return out;
  });
}

function requireFeed(ctx: RequestContext, message = 'Invalid Feed.', status = 404): Row {
  const id = ctx.args[0];
  const row =
    id && /^\d+$/.test(id) ? (prepare(ctx.db, 'SELECT * FROM feeds WHERE id = ?').get(Number(id)) as Row) : undefined;
  if (!row) throw new HttpError(status, message);
  return row;
}

function view(ctx: RequestContext) {
  const row = requireFeed(ctx);
  const feed = formatFeed(row);
  if (!isSiteAdmin(ctx)) delete feed.headers;
  const cached = prepare(ctx.db, 'SELECT COUNT(DISTINCT value_md5) AS n FROM feed_cache WHERE feed_id = ?').get(
    row.id,
  ) as Row;
  feed.cached_elements = Number(cached.n);
  feed.coverage_by_other_feeds = `${coverage(ctx, Number(row.id))}%`;
  return withRelations(ctx, row, feed);
}

/** Share of this feed's cached values also cached by another feed, rounded to two decimals as MISP does. */
function coverage(ctx: RequestContext, id: number): number {
  const row = prepare(
    ctx.db,
    `SELECT COUNT(DISTINCT c.value_md5) AS total, COUNT(DISTINCT CASE WHEN EXISTS (SELECT 1 FROM feed_cache o
       WHERE o.value_md5 = c.value_md5 AND o.feed_id <> c.feed_id) THEN c.value_md5 END) AS shared
     FROM feed_cache c WHERE c.feed_id = ?`,
  ).get(id) as Row;
  const total = Number(row.total);
  return total ? Math.round((10000 * Number(row.shared)) / total) / 100 : 0;
}

/**
 * MISP's Feed validation, in its order (url, provider, name, event_id). CakePHP checks a field only when it is
 * present, except `name` (required): a missing name is "This field cannot be left blank", an empty one
 * "Name cannot be empty.".
 */
function validate(values: Row): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  const empty = (v: unknown) => v === undefined || v === null || String(v).trim() === '';
  const url = urlError(values);
  if (url) errors.url = [url];
  if (values.provider !== undefined && empty(values.provider)) errors.provider = ['Provider cannot be empty.'];
  if (values.name === undefined) errors.name = ['This field cannot be left blank'];
  else if (empty(values.name)) errors.name = ['Name cannot be empty.'];
  if (values.event_id !== undefined && !/^\d+$/.test(String(values.event_id))) {
    errors.event_id = ['Please enter a numeric event ID or leave this field blank.'];
  }
  return errors;
}

function urlError(values: Row): string | undefined {
  if (values.url === undefined) return undefined;
  const path = String(values.url);
  if (values.input_source === 'local') {
    if (values.source_format === 'misp') {
      return existsSync(path) && statSync(path).isDirectory()
        ? undefined
        : 'For MISP type local feeds, please specify the containing directory.';
    }
    return existsSync(path)
      ? undefined
      : 'Invalid path or file not found. Make sure that the path points to an existing file that is readable and watch out for typos.';
  }
  try {
    if (/^https?:$/.test(new URL(path).protocol)) return undefined;
  } catch {
    // not a URL
  }
  return 'This field cannot be left blank';
}

const DEFAULT_PULL_RULES = JSON.stringify({ tags: { OR: [], NOT: [] }, orgs: { OR: [], NOT: [] }, url_params: '' });

function encodeSettings(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value ?? []);
}

function columnsOf(input: Row): Row {
  const out: Row = {};
  for (const key of TEXTS) if (input[key] !== undefined) out[key] = String(input[key]).trim();
  for (const key of FLAGS) if (input[key] !== undefined) out[key] = bool(input[key]) || input[key] === 'true' ? 1 : 0;
  for (const key of NUMBERS) if (input[key] !== undefined) out[key] = input[key];
  if (input.pull_rules !== undefined) out.rules = input.pull_rules;
  else if (input.rules !== undefined) out.rules = input.rules;
  if (out.rules !== undefined && typeof out.rules !== 'string') out.rules = JSON.stringify(out.rules);
  if (input.headers !== undefined) out.headers = input.headers === null ? null : String(input.headers);
  if (input.settings !== undefined) out.settings = encodeSettings(input.settings);
  return out;
}

function saveRow(ctx: RequestContext, values: Row, id?: number): number {
  const numeric = (v: unknown) => (v === undefined || v === null || v === '' ? 0 : Number(v) || 0);
  const row = { ...values };
  for (const key of NUMBERS) if (key in row) row[key] = numeric(row[key]);
  const keys = Object.keys(row);
  if (id === undefined) {
    const info = prepare(
      ctx.db,
      `INSERT INTO feeds (${keys.map((k) => `"${k}"`).join(', ')}) VALUES (${keys.map(() => '?').join(', ')})`,
    ).run(...keys.map((k) => row[k]));
    return Number(info.lastInsertRowid);
  }
  if (keys.length) {
    prepare(ctx.db, `UPDATE feeds SET ${keys.map((k) => `"${k}" = ?`).join(', ')} WHERE id = ?`).run(
      ...keys.map((k) => row[k]),
      id,
    );
  }
  return id;
}

function add(ctx: RequestContext) {
  const input = bodyObject(ctx, 'Feed');
  const values = columnsOf(input);
  values.source_format ??= 'freetext';
  if (values.source_format === '') values.source_format = 'freetext';
  values.fixed_event ??= 1;
  values.distribution ??= '0';
  if (Number(values.distribution) !== 4) values.sharing_group_id = 0;
  values.default = 0;
  if (values.source_format === 'misp' && Number(values.orgc_id)) values.orgc_id = 0;
  const source = String(values.input_source ?? '').toLowerCase();
  values.input_source = source === 'local' ? 'local' : 'network';
  values.settings ??= '[]';
  values.lookup_visible ??= 0;
  values.delete_local_file ??= 0;
  const target = input.target_event;
  values.event_id =
    Number(values.fixed_event) && values.source_format === 'freetext' && /^\d+$/.test(String(target ?? ''))
      ? Number(target)
      : Number(values.fixed_event) && target
        ? Number(target) || 0
        : 0;
  const errors = validate(values);
  if (Object.keys(errors).length) throw new HttpError(403, 'Could not add feed', { saved: false, errors });
  // A named feed without a provider or url passes MISP's validation and then fails to save: a 500.
  if (values.provider === undefined || values.url === undefined) {
    throw new HttpError(500, 'An Internal Error Has Occurred.');
  }
  const id = saveRow(ctx, values);
  const { cache_timestamp: _c, ...row } = prepare(ctx.db, 'SELECT * FROM feeds WHERE id = ?').get(id) as Row;
  return { Feed: formatFeed(row) };
}

function edit(ctx: RequestContext) {
  const existing = requireFeed(ctx);
  const input = bodyObject(ctx, 'Feed');
  const values = columnsOf(input);
  delete values.default;
  if (values.distribution !== undefined && Number(values.distribution) !== 4) values.sharing_group_id = 0;
  const format = values.source_format ?? existing.source_format;
  if (format === 'misp' && Number(values.orgc_id)) values.orgc_id = 0;
  if ((format === 'freetext' || format === 'csv') && Number(values.fixed_event ?? existing.fixed_event) === 1) {
    if (/^\d+$/.test(String(input.target_event ?? ''))) values.event_id = Number(input.target_event);
  }
  if (existing.source_format === 'misp' && !existing.rules && values.rules === undefined) {
    values.rules = DEFAULT_PULL_RULES;
  }
  const merged = { ...existing, ...values };
  const errors = validate(merged);
  if (Object.keys(errors).length) throw new HttpError(403, 'Could not edit feed', { saved: false, errors });
  ctx.db.transaction(() => {
    saveRow(ctx, values, Number(existing.id));
    // MISP drops its file cache of a feed when the feed is saved; the value cache stays.
  })();
  const row = prepare(ctx.db, 'SELECT * FROM feeds WHERE id = ?').get(existing.id) as Row;
  return { Feed: formatFeed(row) };
}

function remove(ctx: RequestContext) {
  if (ctx.method !== 'POST' && ctx.method !== 'DELETE') {
    throw new HttpError(405, 'This action expects a POST or DELETE request.');
  }
  const row = requireFeed(ctx);
  ctx.db.transaction(() => {
    prepare(ctx.db, 'DELETE FROM feed_cache WHERE feed_id = ?').run(row.id);
    prepare(ctx.db, 'DELETE FROM feeds WHERE id = ?').run(row.id);
  })();
  return {
    saved: true,
    success: true,
    name: 'Feed deleted.',
    message: 'Feed deleted.',
    url: `/feeds/delete/${row.id}`,
    id: Number(row.id),
  };
}

function toggle(ctx: RequestContext, enable: boolean) {
  const row = requireFeed(ctx, 'Invalid Feed.', 405);
  prepare(ctx.db, 'UPDATE feeds SET enabled = ? WHERE id = ?').run(enable ? 1 : 0, row.id);
  const message = `Feed ${enable ? 'enable' : 'disable'}d.`;
  return { name: message, message, url: ctx.url };
}

const FETCH_OK = 'Fetching the feed has successfully completed.';

function describe(row: Row, result: { add: number; edit: number }): string {
  let message = FETCH_OK;
  if (row.source_format === 'misp') {
    if (result.add) message += ` Downloaded ${result.add} new event(s).`;
    if (result.edit) message += ` Updated ${result.edit} event(s).`;
  }
  return message;
}

async function fetchFromFeed(ctx: RequestContext) {
  const row = requireFeed(ctx, 'Invalid feed.');
  if (!Number(row.enabled)) return { result: 'Feed is currently not enabled. Make sure you enable it.' };
  try {
    return { result: describe(row, await fetchFeed(ctx.db, ctx.user, row, syncOptions(ctx.db))) };
  } catch (error) {
    if (!(error instanceof SourceError)) throw error;
    return { result: `Fetching the feed has failed. ${error.message}` };
  }
}

async function fetchFromAllFeeds(ctx: RequestContext) {
  const rows = prepare(ctx.db, 'SELECT * FROM feeds WHERE enabled = 1 ORDER BY id').all() as Row[];
  if (rows.length === 0) return { result: 'No feed enabled.' };
  const failures: string[] = [];
  for (const row of rows) {
    try {
      await fetchFeed(ctx.db, ctx.user, row, syncOptions(ctx.db));
    } catch (error) {
      if (!(error instanceof SourceError)) throw error;
      failures.push(error.message);
    }
  }
  return { result: failures.length ? `Fetching the feed has failed. ${failures.join(' ')}` : FETCH_OK };
}

async function cache(ctx: RequestContext) {
  const scope = ctx.args[0] ?? 'freetext';
  const feeds = feedsInScope(ctx.db, scope);
  if (!feeds) {
    throw saveFail(
      'Feeds',
      'cacheFeeds',
      undefined,
      "Invalid value for scope, it must be integer or 'freetext', 'csv', 'misp' or 'all' string.",
    );
  }
  try {
    await cacheFeeds(ctx.db, feeds, syncOptions(ctx.db));
  } catch (error) {
    if (!(error instanceof SourceError)) throw error;
    throw new HttpError(403, 'Caching the feeds has failed.', {
      saved: false,
      errors: error.message,
      url: '/feeds/cacheFeed',
    });
  }
  const message = 'Caching the feeds has successfully completed.';
  return { saved: true, success: true, name: message, message, url: '/feeds/cacheFeed' };
}

const admin = { permission: 'site_admin' as const };

export const feedRoutes: Route[] = [
  { controller: 'feeds', action: 'index', methods: ['GET'], handler: index },
  { controller: 'feeds', action: 'view', methods: ['GET'], handler: view, ...admin },
  { controller: 'feeds', action: 'add', methods: ['POST'], handler: add, ...admin },
  { controller: 'feeds', action: 'edit', methods: ['POST', 'PUT'], handler: edit, ...admin },
  { controller: 'feeds', action: 'delete', methods: ['POST', 'DELETE'], handler: remove, ...admin },
  { controller: 'feeds', action: 'enable', methods: ['GET', 'POST'], handler: (c) => toggle(c, true), ...admin },
  { controller: 'feeds', action: 'disable', methods: ['GET', 'POST'], handler: (c) => toggle(c, false), ...admin },
  { controller: 'feeds', action: 'fetchFromFeed', methods: ['GET', 'POST'], handler: fetchFromFeed, ...admin },
  { controller: 'feeds', action: 'fetchFromAllFeeds', methods: ['GET', 'POST'], handler: fetchFromAllFeeds, ...admin },
  { controller: 'feeds', action: 'cacheFeeds', methods: ['GET', 'POST'], handler: cache, ...admin },
];
