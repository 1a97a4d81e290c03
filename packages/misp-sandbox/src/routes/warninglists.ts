import { isValidCidr, pcreToRegExp } from '../catalogues/matching.js';
import {
  checkValue,
  defaultLists,
  formatWarninglistRow,
  listEntries,
  listTypes,
  setEnabled,
  type WarninglistRow,
  warninglistsChanged,
} from '../catalogues/warninglists.js';
import { prepare } from '../db/statements.js';
import { HttpError, saveFailure } from '../http.js';
import { Reply, type Route } from '../router.js';
import { RawReply } from '../search/export.js';
import type { RequestContext, Row } from '../types.js';
import { baseUrl } from './util.js';

/** A JSON object, or {} for anything else. */
const asObject = (value: unknown): Row =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Row) : {};

const TYPES = ['cidr', 'hostname', 'string', 'substring', 'regex'];
const CATEGORIES = ['false_positive', 'known'];

function findList(ctx: RequestContext, id: string | undefined): WarninglistRow | undefined {
  if (!id || !/^\d+$/.test(id)) return undefined;
  return prepare(ctx.db, 'SELECT * FROM warninglists WHERE id = ?').get(Number(id)) as WarninglistRow | undefined;
}

function index(ctx: RequestContext) {
  const filters = { ...ctx.namedParams, ...asObject(ctx.body) };
  const where: string[] = [];
  const params: unknown[] = [];
  const value = filters.value;
  if (typeof value === 'string' && value !== '') {
    const like = `%${value.toLowerCase()}%`;
    where.push('(LOWER(name) LIKE ? OR LOWER(description) LIKE ? OR LOWER(type) = ?)');
    params.push(like, like, value.toLowerCase());
  }
  if (filters.enabled !== undefined && filters.enabled !== '') {
    where.push('enabled = ?');
    params.push(filters.enabled === true || String(filters.enabled) === '1' || filters.enabled === 'true' ? 1 : 0);
  }
  const rows = prepare(
    ctx.db,
    `SELECT w.*, (SELECT GROUP_CONCAT(type, ', ') FROM (SELECT type FROM warninglist_types t WHERE t.warninglist_id = w.id ORDER BY t.id)) AS valid_attributes
     FROM warninglists w ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC`,
  ).all(...params) as (WarninglistRow & { valid_attributes: string | null })[];
  return {
    Warninglists: rows.map((row) => ({
      Warninglist: {
        ...formatWarninglistRow(row),
        warninglist_entry_count: String(entryCount(ctx, row)),
        valid_attributes: row.valid_attributes ?? '',
      },
    })),
  };
}

function entryCount(ctx: RequestContext, row: WarninglistRow): number {
  const fromCatalogue = row.default ? defaultLists()[row.id - 1] : undefined;
  if (fromCatalogue?.file.name === row.name) return fromCatalogue.entries.length;
  return (
    prepare(ctx.db, 'SELECT COUNT(*) AS n FROM warninglist_entries WHERE warninglist_id = ?').get(row.id) as {
      n: number;
    }
  ).n;
}

function viewBody(ctx: RequestContext, row: WarninglistRow): Row {
  const id = String(row.id);
  return {
    Warninglist: {
      ...formatWarninglistRow(row),
      WarninglistEntry: listEntries(ctx.db, row).map((e) => ({
        id: String(e.id),
        value: e.value,
        warninglist_id: id,
        comment: e.comment,
      })),
      WarninglistType: listTypes(ctx.db, row.id).map((t) => ({ id: String(t.id), type: t.type, warninglist_id: id })),
    },
  };
}

function view(ctx: RequestContext) {
  const ref = ctx.args[0];
  if (!ref || !/^\d+$/.test(ref)) throw new HttpError(404, 'Invalid ID.');
  const row = findList(ctx, ref);
  if (!row) throw new HttpError(404, 'Warninglist not found.');
  return viewBody(ctx, row);
}

function check(ctx: RequestContext) {
  let data = ctx.body;
  if (data === undefined || data === null || data === '' || (Array.isArray(data) && data.length === 0))
    throw new HttpError(404, 'No valid data received.');
  if (typeof data === 'object' && !Array.isArray(data) && 'Warninglist' in (data as Row))
    data = (data as Row).Warninglist;
  if (data && typeof data === 'object' && !Array.isArray(data) && '[]' in (data as Row)) data = (data as Row)['[]'];
  const values = Array.isArray(data) ? data : data && typeof data === 'object' ? Object.values(data) : [data];
  const hits: Record<string, unknown> = {};
  for (const raw of values) {
    if (raw === null || typeof raw === 'object') continue;
    const value = String(raw).trim();
    const found = checkValue(ctx.db, value);
    if (found.length) hits[value] = [...((hits[value] as unknown[]) ?? []), ...found];
  }
  return Object.keys(hits).length ? hits : [];
}

/** `toggleEnable`: by id(s) or by name(s) (SQL LIKE, case-insensitive); `enabled` sets, its absence flips. */
function toggle(ctx: RequestContext) {
  const body = asObject(ctx.body);
  const nested = asObject(body.Warninglist);
  let ids: unknown = nested.data;
  if (ids === undefined) {
    if (body.id !== undefined && body.id !== '' && !(Array.isArray(body.id) && body.id.length === 0)) ids = body.id;
    else if (body.name !== undefined && body.name !== '') {
      const names = (Array.isArray(body.name) ? body.name : [body.name]).map((n) => String(n).toLowerCase());
      ids = (
        prepare(
          ctx.db,
          `SELECT id FROM warninglists WHERE ${names.map(() => 'LOWER(name) LIKE ?').join(' OR ')} ORDER BY id`,
        ).all(...names) as { id: number }[]
      ).map((r) => r.id);
    }
  }
  const list = (Array.isArray(ids) ? ids : ids === undefined || ids === '' ? [] : [ids]).map((v) => String(v));
  if (list.length === 0) return { saved: false, errors: 'Warninglist not found.' };
  const rows = list.map((id) => findList(ctx, id)).filter((r): r is WarninglistRow => r !== undefined);
  if (rows.length === 0) return { saved: false, errors: 'Warninglist(s) not found.' };
  const explicit = body.enabled;
  let message = '';
  for (const row of rows) {
    let enabled: boolean;
    if (explicit !== undefined) {
      enabled = explicit === true || (explicit !== false && explicit !== '0' && explicit !== 0 && explicit !== '');
      message = enabled ? 'enabled' : 'disabled';
    } else {
      enabled = !row.enabled;
      message = rows.length > 1 ? 'toggled' : enabled ? 'enabled' : 'disabled';
    }
    setEnabled(ctx.db, [row.id], enabled);
  }
  return { saved: true, success: `${rows.length} warninglist(s) ${message}` };
}

function enableWarninglist(ctx: RequestContext) {
  const row = findList(ctx, ctx.args[0]);
  if (!row) throw new HttpError(404, 'Invalid Warninglist.');
  const flag = ctx.args[1];
  setEnabled(ctx.db, [row.id], flag !== undefined && flag !== '0' && flag !== 'false' && flag !== '');
  return new Reply(302, '', { Location: `/warninglists/view/${row.id}` });
}

/** Free-text entries, one a line, `value # comment`. */
function parseEntries(text: unknown): { value: string; comment: string | null }[] {
  if (Array.isArray(text))
    return text.map((entry) =>
      entry && typeof entry === 'object'
        ? { value: String((entry as Row).value ?? ''), comment: ((entry as Row).comment as string) ?? null }
        : splitComment(String(entry)),
    );
  const trimmed = String(text ?? '').trim();
  return trimmed === '' ? [] : trimmed.split('\n').map(splitComment);
}

function splitComment(line: string): { value: string; comment: string | null } {
  const hash = line.indexOf('#');
  return hash < 0
    ? { value: line.trim(), comment: null }
    : { value: line.slice(0, hash).trim(), comment: line.slice(hash + 1).trim() };
}

function validate(
  ctx: RequestContext,
  data: Row,
  entries: { value: string }[] | undefined,
  id: number | undefined,
): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  const add = (field: string, message: string) => {
    errors[field] = [...(errors[field] ?? []), message];
  };
  if (typeof data.name !== 'string' || data.name.trim() === '') add('name', 'This field cannot be left empty');
  else if (
    prepare(ctx.db, 'SELECT id FROM warninglists WHERE name = ? AND id != ?').get(data.name, id ?? -1) !== undefined
  )
    add('name', 'Warninglist with same name already exists.');
  if (typeof data.description !== 'string' || data.description.trim() === '')
    add('description', 'This field cannot be left empty');
  if (!TYPES.includes(String(data.type))) add('type', 'The type is invalid.');
  if (!CATEGORIES.includes(String(data.category))) add('category', 'The category is invalid.');
  for (const entry of entries ?? []) {
    if (data.type === 'cidr' && !isValidCidr(entry.value)) add('entries', `\`${entry.value}\` is not valid CIDR`);
    if (data.type === 'regex' && !pcreToRegExp(entry.value))
      add('entries', `\`${entry.value}\` is not valid regular expression`);
  }
  return errors;
}

function save(ctx: RequestContext, existing: WarninglistRow | undefined) {
  const action = existing ? 'edit' : 'add';
  const body = asObject(ctx.body);
  const input = asObject(body.Warninglist ?? body);
  const data: Row = existing
    ? { ...formatWarninglistRow(existing), version: existing.version + 1, ...input }
    : { category: 'false_positive', version: 1, ...input };
  const entries = input.entries !== undefined ? parseEntries(input.entries) : undefined;
  const types = Array.isArray(input.matching_attributes) ? input.matching_attributes.map(String) : undefined;
  const errors = validate(ctx, data, entries, existing?.id);
  if (!existing && (entries === undefined || entries.length === 0))
    errors.entries = [...(errors.entries ?? []), 'This field cannot be left empty'];
  if (Object.keys(errors).length) throw saveFailure(`Could not ${action} warninglist`, ctx.url, errors);
  const id = ctx.db.transaction(() => {
    const row = existing
      ? (prepare(
          ctx.db,
          'UPDATE warninglists SET name = ?, description = ?, type = ?, category = ?, version = ? WHERE id = ? RETURNING id',
        ).get(data.name, data.description, data.type, data.category, data.version, existing.id) as { id: number })
      : (prepare(
          ctx.db,
          `INSERT INTO warninglists (name, type, description, version, enabled, "default", category)
           VALUES (?, ?, ?, 1, 0, 0, ?) RETURNING id`,
        ).get(data.name, data.type, data.description, data.category) as { id: number });
    if (entries) {
      prepare(ctx.db, 'DELETE FROM warninglist_entries WHERE warninglist_id = ?').run(row.id);
      const insert = prepare(
        ctx.db,
        'INSERT INTO warninglist_entries (warninglist_id, value, comment) VALUES (?, ?, ?)',
      );
      for (const entry of entries) insert.run(row.id, entry.value, entry.comment);
    }
    if (types || !existing) {
      prepare(ctx.db, 'DELETE FROM warninglist_types WHERE warninglist_id = ?').run(row.id);
      const insert = prepare(ctx.db, 'INSERT INTO warninglist_types (warninglist_id, type) VALUES (?, ?)');
      for (const type of types?.length ? types : ['ALL']) insert.run(row.id, type);
    }
    return row.id;
  })();
  warninglistsChanged(ctx.db);
  const row = findList(ctx, String(id)) as WarninglistRow;
  if (!existing) return { Warninglist: formatWarninglistRow(row) };
  const view = viewBody(ctx, row);
  const { WarninglistEntry, WarninglistType, ...list } = view.Warninglist as Row;
  return {
    Warninglist: { ...list, version: row.version },
    WarninglistEntry: (WarninglistEntry as Row[]).map((e) => ({ value: e.value, comment: e.comment })),
    WarninglistType,
  };
}

function edit(ctx: RequestContext) {
  const row = findList(ctx, ctx.args[0]);
  // Default lists cannot be edited: MISP finds no custom list with that id.
  if (!row || row.default) throw new HttpError(404, 'Invalid Warninglist.');
  return save(ctx, row);
}

function remove(ctx: RequestContext) {
  const id = Number.parseInt(ctx.args[0] ?? '', 10);
  if (Number.isFinite(id)) {
    ctx.db.transaction(() => {
      prepare(ctx.db, 'DELETE FROM warninglist_entries WHERE warninglist_id = ?').run(id);
      prepare(ctx.db, 'DELETE FROM warninglist_types WHERE warninglist_id = ?').run(id);
      prepare(ctx.db, 'DELETE FROM warninglists WHERE id = ?').run(id);
    })();
    warninglistsChanged(ctx.db);
  }
  // MISP redirects to its warninglists page, with an empty body.
  return new RawReply(302, '', { Location: `${baseUrl(ctx)}/warninglists` });
}

function exportList(ctx: RequestContext) {
  const row = findList(ctx, ctx.args[0]);
  if (!row) throw new HttpError(404, 'Warninglist not found.');
  return {
    name: row.name,
    type: row.type,
    version: String(row.version),
    description: row.description,
    matching_attributes: listTypes(ctx.db, row.id).map((t) => t.type),
    list: listEntries(ctx.db, row).map((e) => e.value),
  };
}

function update(ctx: RequestContext) {
  return {
    saved: true,
    success: true,
    name: 'All warninglists are up to date already.',
    message: 'All warninglists are up to date already.',
    url: ctx.url,
  };
}

export const warninglistRoutes: Route[] = [
  { controller: 'warninglists', action: 'index', methods: ['GET', 'POST'], handler: index },
  { controller: 'warninglists', action: 'view', methods: ['GET'], handler: view },
  { controller: 'warninglists', action: 'checkValue', methods: ['POST'], handler: check },
  { controller: 'warninglists', action: 'toggleEnable', methods: ['POST'], handler: toggle, permission: 'site_admin' },
  {
    controller: 'warninglists',
    action: 'enableWarninglist',
    methods: ['GET', 'POST'],
    handler: enableWarninglist,
    permission: 'site_admin',
  },
  { controller: 'warninglists', action: 'update', methods: ['POST'], handler: update, permission: 'site_admin' },
  {
    controller: 'warninglists',
    action: 'add',
    methods: ['POST'],
    handler: (ctx) => save(ctx, undefined),
    permission: 'site_admin',
  },
  { controller: 'warninglists', action: 'edit', methods: ['POST', 'PUT'], handler: edit, permission: 'site_admin' },
  {
    controller: 'warninglists',
    action: 'delete',
    methods: ['POST', 'DELETE'],
    handler: remove,
    permission: 'site_admin',
  },
  { controller: 'warninglists', action: 'export', methods: ['GET'], handler: exportList },
];
