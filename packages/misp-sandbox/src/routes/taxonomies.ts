import {
  formatTaxonomyRow,
  paletteFor,
  type TaxonomyRow,
  taxonomyDefinition,
  taxonomyEntries,
} from '../catalogues/taxonomies.js';
import { prepare } from '../db/statements.js';
import { HttpError, saveSuccess } from '../http.js';
import { formatTag } from '../model/format.js';
import { attributeVisible, eventVisible } from '../model/visibility.js';
import type { Route } from '../router.js';
import { RawReply } from '../search/export.js';
import type { RequestContext, Row } from '../types.js';
import { baseUrl } from './util.js';

const asObject = (value: unknown): Row =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Row) : {};

/** By id, or (as MISP's view does) by namespace. */
function findTaxonomy(ctx: RequestContext, ref: string | undefined): TaxonomyRow | undefined {
  if (!ref) return undefined;
  return (
    /^\d+$/.test(ref)
      ? prepare(ctx.db, 'SELECT * FROM taxonomies WHERE id = ?').get(Number(ref))
      : prepare(ctx.db, 'SELECT * FROM taxonomies WHERE LOWER(namespace) = ?').get(ref.trim().toLowerCase())
  ) as TaxonomyRow | undefined;
}

/** Existing tags by lower-cased name, for the given names. */
function tagsByName(ctx: RequestContext, names: string[]): Map<string, Row> {
  const out = new Map<string, Row>();
  for (let i = 0; i < names.length; i += 500) {
    const chunk = names.slice(i, i + 500);
    const rows = prepare(ctx.db, `SELECT * FROM tags WHERE LOWER(name) IN (${chunk.map(() => '?').join(',')})`).all(
      ...chunk.map((n) => n.toLowerCase()),
    ) as Row[];
    for (const row of rows) out.set(String(row.name).toLowerCase(), row);
  }
  return out;
}

function matchesSearch(row: TaxonomyRow, value: string): boolean {
  const needle = value.trim().toLowerCase();
  if (row.namespace.toLowerCase().includes(needle) || row.description.toLowerCase().includes(needle)) return true;
  const t = taxonomyDefinition(row.namespace);
  if (!t) return false;
  const hit = (s?: string) => (s ?? '').toLowerCase().includes(needle);
  return (
    t.predicates.some((p) => hit(p.value) || hit(p.expanded)) ||
    (t.values ?? []).some((v) => v.entry.some((e) => hit(e.value) || hit(e.expanded)))
  );
}

function index(ctx: RequestContext) {
  const filters = { ...ctx.namedParams, ...asObject(ctx.body) };
  let rows = prepare(ctx.db, 'SELECT * FROM taxonomies ORDER BY id').all() as TaxonomyRow[];
  if (typeof filters.value === 'string' && filters.value !== '') {
    const value = filters.value;
    rows = rows.filter((r) => matchesSearch(r, value));
  }
  if (filters.enabled !== undefined) {
    const enabled =
      filters.enabled === true ||
      (filters.enabled !== '0' && filters.enabled !== 0 && filters.enabled !== false && filters.enabled !== '');
    rows = rows.filter((r) => Boolean(r.enabled) === enabled);
  }
  const visible = new Set(
    (prepare(ctx.db, 'SELECT LOWER(name) AS name FROM tags WHERE hide_tag = 0').all() as { name: string }[]).map(
      (r) => r.name,
    ),
  );
  return rows.map((row) => {
    const entries = taxonomyEntries(row.namespace);
    return {
      Taxonomy: formatTaxonomyRow(row),
      total_count: entries.length,
      current_count: entries.filter((e) => visible.has(e.tag.toLowerCase())).length,
    };
  });
}

function view(ctx: RequestContext) {
  const row = findTaxonomy(ctx, ctx.args[0]);
  if (!row) throw new HttpError(404, 'Taxonomy not found.');
  const entries = taxonomyEntries(row.namespace);
  const tags = tagsByName(
    ctx,
    entries.map((e) => e.tag),
  );
  return {
    Taxonomy: formatTaxonomyRow(row),
    entries: entries.map((entry) => {
      const tag = tags.get(entry.tag.toLowerCase());
      // MISP reads numerical values back from its database, as strings.
      const numerical = entry.numerical_value === undefined ? {} : { numerical_value: String(entry.numerical_value) };
      return { ...entry, ...numerical, existing_tag: tag ? { Tag: formatTag(tag) } : false };
    }),
  };
}

/** How many events (and attributes) visible to the caller carry each tag: MISP's counts of taxonomy_tags. */
function tagCounts(
  ctx: RequestContext,
  tagIds: number[],
): { events: Map<number, number>; attributes: Map<number, number> } {
  const count = (sql: string, params: unknown[]) =>
    new Map(
      (prepare(ctx.db, sql).all(...params) as { tag_id: number; n: number }[]).map((r) => [Number(r.tag_id), r.n]),
    );
  if (tagIds.length === 0) return { events: new Map(), attributes: new Map() };
  const ids = tagIds.join(',');
  const ev = eventVisible(ctx.user, 'e');
  const at = attributeVisible(ctx.user, 'a', 'e');
  return {
    events: count(
      `SELECT et.tag_id, COUNT(DISTINCT e.id) AS n FROM event_tags et JOIN events e ON e.id = et.event_id
       WHERE et.tag_id IN (${ids}) AND ${ev.sql} GROUP BY et.tag_id`,
      ev.params,
    ),
    attributes: count(
      `SELECT at.tag_id, COUNT(DISTINCT a.id) AS n FROM attribute_tags at JOIN attributes a ON a.id = at.attribute_id
       JOIN events e ON e.id = a.event_id WHERE at.tag_id IN (${ids}) AND a.deleted = 0 AND ${ev.sql} AND ${at.sql} GROUP BY at.tag_id`,
      [...ev.params, ...at.params],
    ),
  };
}

/** PHP's `strcmp`-like order of `asort` on strings, and `''` for a missing sort key. */
const byKey = (key: string) => (a: Row, b: Row) => {
  const x = typeof a[key] === 'string' ? (a[key] as string) : '';
  const y = typeof b[key] === 'string' ? (b[key] as string) : '';
  return x < y ? -1 : x > y ? 1 : 0;
};

/**
 * taxonomies/taxonomy_tags/{id}: the view's entries with `events`/`attributes` counts (integer 0 when the tag is
 * unused or absent, MISP's string count otherwise), filtered by the named `filter` (substring of the tag), sorted by
 * the named `sort` (default `tag`) and `direction`, and cut to pages of the named `limit` (default 60) and `page`
 * (`page:0` is everything), as MISP's CustomPaginationTool does.
 */
function taxonomyTags(ctx: RequestContext) {
  const shown = view(ctx);
  const named = ctx.namedParams;
  const filter = typeof named.filter === 'string' && named.filter !== '' ? named.filter.toLowerCase() : undefined;
  const entries = (shown.entries as Row[]).filter((e) => !filter || String(e.tag).toLowerCase().includes(filter));
  const tagIds = entries.flatMap((e) => (e.existing_tag ? [Number((e.existing_tag as { Tag: Row }).Tag.id)] : []));
  const counts = tagCounts(ctx, tagIds);
  const counted = entries.map((e) => {
    const id = e.existing_tag ? Number((e.existing_tag as { Tag: Row }).Tag.id) : undefined;
    const events = id === undefined ? undefined : counts.events.get(id);
    const attributes = id === undefined ? undefined : counts.attributes.get(id);
    return { ...e, events: events ? String(events) : 0, attributes: attributes ? String(attributes) : 0 };
  });
  const sort = typeof named.sort === 'string' && named.sort !== '' && named.sort !== 'id' ? named.sort : 'tag';
  const sorted = [...counted].sort(byKey(sort));
  if (named.direction !== undefined && named.direction !== 'asc') sorted.reverse();
  const limit = /^\d+$/.test(named.limit ?? '') && Number(named.limit) > 0 ? Number(named.limit) : 60;
  const page = /^\d+$/.test(named.page ?? '') ? Number(named.page) : 1;
  const items = page === 0 ? sorted : sorted.slice((page - 1) * limit, page * limit);
  return { Taxonomy: shown.Taxonomy, entries: items };
}

function setEnabled(ctx: RequestContext, enabled: boolean) {
  const action = enabled ? 'enable' : 'disable';
  if (ctx.method !== 'POST') throw new HttpError(405, 'Method Not Allowed');
  const ref = ctx.args[0] ?? '';
  const row = /^\d+$/.test(ref) ? findTaxonomy(ctx, ref) : undefined;
  if (!row) {
    throw new HttpError(403, `Could not ${action} Taxonomy`, {
      saved: false,
      url: `/taxonomies/${action}/${ref}`,
      errors: 'Invalid taxonomy.',
      ...(ref ? { id: ref } : {}),
    });
  }
  if (!enabled) hideTags(ctx, row);
  prepare(ctx.db, 'UPDATE taxonomies SET enabled = ? WHERE id = ?').run(enabled ? 1 : 0, row.id);
  return saveSuccess('Taxonomies', action, row.id, `Taxonomy ${action}d`);
}

/** Creates the taxonomy's tags (all, or those named), or brings existing ones back with MISP's colours. */
function addTags(ctx: RequestContext, row: TaxonomyRow, only?: string[]): void {
  const entries = taxonomyEntries(row.namespace);
  const palette = paletteFor(row.namespace, entries.length);
  const existing = tagsByName(
    ctx,
    entries.map((e) => e.tag),
  );
  const insert = prepare(
    ctx.db,
    'INSERT INTO tags (name, colour, exportable, org_id, user_id, hide_tag, numerical_value) VALUES (?, ?, 1, 0, 0, 0, ?)',
  );
  const update = prepare(
    ctx.db,
    'UPDATE tags SET name = ?, colour = ?, hide_tag = 0, numerical_value = COALESCE(?, numerical_value) WHERE id = ?',
  );
  ctx.db.transaction(() => {
    entries.forEach((entry, i) => {
      if (only && !only.includes(entry.tag)) return;
      const colour = entry.colour || (palette[i] as string);
      const numerical = entry.numerical_value ?? null;
      const tag = existing.get(entry.tag.toLowerCase());
      if (tag) update.run(entry.tag, colour, numerical, tag.id);
      else insert.run(entry.tag, colour, numerical);
    });
  })();
}

function hideTags(ctx: RequestContext, row: TaxonomyRow, only?: string[], hidden = true): void {
  const names = only ?? taxonomyEntries(row.namespace).map((e) => e.tag);
  const update = prepare(ctx.db, 'UPDATE tags SET hide_tag = ? WHERE name = ?');
  ctx.db.transaction(() => {
    for (const name of names) update.run(hidden ? 1 : 0, name);
  })();
}

/** The tag list of `addTag`/`disableTag` without an id in the path: `{Taxonomy|Tag: {taxonomy_id, name | nameList}}`. */
function target(ctx: RequestContext): { row: TaxonomyRow | undefined; names?: string[]; id: string } {
  if (ctx.args[0]) return { row: findTaxonomy(ctx, ctx.args[0]), id: ctx.args[0] };
  const body = asObject(ctx.body);
  let data = asObject(body.Taxonomy ?? body.Tag);
  if (data.request) data = asObject(data.request);
  let names: string[] = [];
  if (typeof data.nameList === 'string') {
    try {
      names = (JSON.parse(data.nameList) as unknown[]).map(String);
    } catch {
      names = [];
    }
  } else if (Array.isArray(data.nameList)) names = data.nameList.map(String);
  else if (data.name !== undefined) names = [String(data.name)];
  const id = String(data.taxonomy_id ?? '');
  return { row: findTaxonomy(ctx, id), names, id };
}

function addTag(ctx: RequestContext) {
  const { row, names, id } = target(ctx);
  if (!row) {
    throw new HttpError(403, 'Could not addTag Taxonomy', {
      saved: false,
      url: `/taxonomies/addTag${ctx.args[0] ? `/${ctx.args[0]}` : ''}`,
      errors: 'The tag(s) could not be saved. Please, try again.',
      ...(ctx.args[0] ? { id } : {}),
    });
  }
  addTags(ctx, row, names);
  return saveSuccess('Taxonomies', 'addTag', ctx.args[0], 'The tag(s) has been saved.');
}

/** `disableTag` (and `hideTag`/`unhideTag`): MISP answers with a redirect back to the page it came from. */
function hideTag(hidden: boolean) {
  return (ctx: RequestContext) => {
    const { row, names } = target(ctx);
    if (row) hideTags(ctx, row, names?.length ? names : undefined, hidden);
    // An empty body, as MISP's redirect (a Reply would send the JSON string "").
    return new RawReply(302, '', { Location: `${baseUrl(ctx)}/`, 'Content-Type': 'application/json; charset=UTF-8' });
  };
}

function toggleRequired(ctx: RequestContext) {
  const ref = ctx.args[0] ?? '';
  const row = /^\d+$/.test(ref) ? findTaxonomy(ctx, ref) : undefined;
  if (!row) {
    throw new HttpError(403, 'Could not toggleRequired Taxonomy', {
      saved: false,
      url: `/taxonomies/toggleRequired/${ref}`,
      errors: 'Invalid Taxonomy',
      ...(ref ? { id: ref } : {}),
    });
  }
  // MISP sets the flag it is sent (`{"Taxonomy": {"required": 1}}`), despite the action's name.
  const value = asObject(asObject(ctx.body).Taxonomy).required;
  const required = value === true || (value !== undefined && value !== false && Number(value) !== 0);
  prepare(ctx.db, 'UPDATE taxonomies SET required = ? WHERE id = ?').run(required ? 1 : 0, row.id);
  return saveSuccess('Taxonomies', 'toggleRequired', row.id, 'Taxonomy toggleRequireded');
}

/** The fields MISP's export keeps: those set and not empty, numerical values as the strings it stores. */
function exported(item: Row): Row {
  const out: Row = {};
  for (const field of ['value', 'expanded', 'colour', 'description', 'exclusive', 'numerical_value']) {
    const value = item[field];
    if (value === undefined || value === null || value === '' || value === false || value === 0) continue;
    out[field] = field === 'numerical_value' ? String(value) : value;
  }
  return out;
}

function exportTaxonomy(ctx: RequestContext) {
  const row = findTaxonomy(ctx, ctx.args[0]);
  const t = row && taxonomyDefinition(row.namespace);
  if (!row || !t) throw new HttpError(404, 'Taxonomy not found.');
  const values = new Map<string, Row[]>();
  for (const v of t.values ?? []) values.set(v.predicate, [...(values.get(v.predicate) ?? []), ...(v.entry as Row[])]);
  return {
    namespace: row.namespace,
    description: row.description,
    version: row.version,
    exclusive: Boolean(row.exclusive),
    predicates: t.predicates.map((p) => exported(p as Row)),
    ...(values.size
      ? {
          values: t.predicates
            .filter((p) => values.get(p.value)?.length)
            .map((p) => ({ predicate: p.value, entry: (values.get(p.value) ?? []).map(exported) })),
        }
      : {}),
  };
}

function update() {
  return saveSuccess('Taxonomies', 'update', undefined, 'All taxonomy libraries are up to date already.');
}

export const taxonomyRoutes: Route[] = [
  { controller: 'taxonomies', action: 'index', methods: ['GET', 'POST'], handler: index },
  { controller: 'taxonomies', action: 'view', methods: ['GET'], handler: view },
  { controller: 'taxonomies', action: 'taxonomy_tags', methods: ['GET'], handler: taxonomyTags },
  { controller: 'taxonomies', action: 'export', methods: ['GET'], handler: exportTaxonomy },
  {
    controller: 'taxonomies',
    action: 'enable',
    methods: ['POST'],
    handler: (ctx) => setEnabled(ctx, true),
    permission: 'site_admin',
  },
  {
    controller: 'taxonomies',
    action: 'disable',
    methods: ['POST'],
    handler: (ctx) => setEnabled(ctx, false),
    permission: 'site_admin',
  },
  { controller: 'taxonomies', action: 'update', methods: ['POST'], handler: update, permission: 'site_admin' },
  { controller: 'taxonomies', action: 'addTag', methods: ['POST'], handler: addTag, permission: 'site_admin' },
  {
    controller: 'taxonomies',
    action: 'disableTag',
    methods: ['POST'],
    handler: hideTag(true),
    permission: 'site_admin',
  },
  { controller: 'taxonomies', action: 'hideTag', methods: ['POST'], handler: hideTag(true), permission: 'tagger' },
  {
    controller: 'taxonomies',
    action: 'unhideTag',
    methods: ['POST'],
    handler: hideTag(false),
    permission: 'tagger',
  },
  {
    controller: 'taxonomies',
    action: 'toggleRequired',
    methods: ['POST'],
    handler: toggleRequired,
    permission: 'site_admin',
  },
];
