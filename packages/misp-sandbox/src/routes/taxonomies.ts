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
import { Reply, type Route } from '../router.js';
import type { RequestContext, Row } from '../types.js';

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
    return new Reply(302, '', { Location: '/' });
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
