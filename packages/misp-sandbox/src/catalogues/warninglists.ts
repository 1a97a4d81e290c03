import type { Database } from 'better-sqlite3';
import { prepare } from '../db/statements.js';
import type { Row } from '../types.js';
import { readCatalogue, type WarninglistFile } from './files.js';
import { compileMatcher, type Matcher, matchTyped } from './matching.js';

/**
 * MISP's warninglists in a sandbox. The list definitions (name, type, enabled, …) live in the database like
 * MISP's `warninglists` table; the entries of the default lists come from the vendored catalogue (they never
 * change), those of custom lists from `warninglist_entries`. Ids follow MISP's install order.
 */
export interface WarninglistRow {
  id: number;
  name: string;
  type: string;
  description: string;
  version: number;
  enabled: number;
  default: number;
  category: string;
}

export const WARNINGLIST_SCHEMA = `
  CREATE TABLE IF NOT EXISTS warninglists (
    id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE, type TEXT NOT NULL, description TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1, enabled INTEGER NOT NULL DEFAULT 0, "default" INTEGER NOT NULL DEFAULT 1,
    category TEXT NOT NULL DEFAULT 'false_positive'
  );
  CREATE TABLE IF NOT EXISTS warninglist_types (
    id INTEGER PRIMARY KEY AUTOINCREMENT, warninglist_id INTEGER NOT NULL, type TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS warninglist_entries (
    id INTEGER PRIMARY KEY AUTOINCREMENT, warninglist_id INTEGER NOT NULL, value TEXT NOT NULL, comment TEXT
  );
  CREATE INDEX IF NOT EXISTS idx_warninglist_types_list ON warninglist_types(warninglist_id);
  CREATE INDEX IF NOT EXISTS idx_warninglist_entries_list ON warninglist_entries(warninglist_id);
`;

interface DefaultList {
  file: WarninglistFile;
  entries: { value: string; comment: string | null }[];
  types: string[];
  /** Ids MISP's first install gives the list's first entry and first type (rows are numbered in list order). */
  firstEntryId: number;
  firstTypeId: number;
}

let defaults: DefaultList[] | undefined;

/** The vendored default lists, in MISP's install order (id = position + 1). */
export function defaultLists(): DefaultList[] {
  if (defaults) return defaults;
  let entryId = 1;
  let typeId = 1;
  defaults = readCatalogue<WarninglistFile[]>('warninglists').map((file) => {
    const raw = Array.isArray(file.list)
      ? file.list.map((value) => ({ value: String(value), comment: null }))
      : Object.entries(file.list).map(([value, comment]) => ({ value, comment: comment === '' ? null : comment }));
    const entries = raw.filter((e) => e.value !== '' && e.value !== '0');
    const types = file.matching_attributes.length ? file.matching_attributes : ['ALL'];
    const list = { file, entries, types, firstEntryId: entryId, firstTypeId: typeId };
    entryId += entries.length;
    typeId += types.length;
    return list;
  });
  return defaults;
}

/**
 * Installs the default lists when the table is empty. `warninglists/update` leaves new lists disabled; the
 * sandbox then enables them the way an administrator does after installing (enableDefaultWarninglists).
 */
export function installWarninglists(db: Database): void {
  const count = prepare(db, 'SELECT COUNT(*) AS n FROM warninglists').get() as { n: number };
  if (count.n > 0) return;
  const insert = prepare(
    db,
    'INSERT INTO warninglists (id, name, type, description, version, enabled, "default", category) VALUES (?, ?, ?, ?, ?, 0, 1, ?)',
  );
  const insertType = prepare(db, 'INSERT INTO warninglist_types (id, warninglist_id, type) VALUES (?, ?, ?)');
  db.transaction(() => {
    defaultLists().forEach((list, i) => {
      const f = list.file;
      insert.run(i + 1, f.name, f.type, f.description, f.version, f.category);
      for (const [j, type] of list.types.entries()) insertType.run(list.firstTypeId + j, i + 1, type);
    });
  })();
  enableDefaultWarninglists(db);
}

/** Entries of a list: the catalogue's for a default list, the database's for a custom one. */
export function listEntries(
  db: Database,
  row: WarninglistRow,
): { id: number; value: string; comment: string | null }[] {
  const fromCatalogue = row.default ? defaultLists()[row.id - 1] : undefined;
  if (fromCatalogue && fromCatalogue.file.name === row.name) {
    return fromCatalogue.entries.map((e, i) => ({ id: fromCatalogue.firstEntryId + i, ...e }));
  }
  return prepare(db, 'SELECT id, value, comment FROM warninglist_entries WHERE warninglist_id = ? ORDER BY id').all(
    row.id,
  ) as { id: number; value: string; comment: string | null }[];
}

export function listTypes(db: Database, id: number): { id: number; type: string }[] {
  return prepare(db, 'SELECT id, type FROM warninglist_types WHERE warninglist_id = ? ORDER BY id').all(id) as {
    id: number;
    type: string;
  }[];
}

interface CompiledList {
  row: WarninglistRow;
  types: Set<string>;
  matcher: Matcher;
}

// Default lists compile once per process; custom lists per database, until the next change.
const compiledDefaults = new Map<string, Matcher>();
const enabledCache = new WeakMap<Database, CompiledList[]>();

/** Drops a database's compiled view of its lists (after enabling, disabling, adding or editing one). */
export function warninglistsChanged(db: Database): void {
  enabledCache.delete(db);
}

export function enabledLists(db: Database): CompiledList[] {
  const cached = enabledCache.get(db);
  if (cached) return cached;
  const rows = prepare(db, 'SELECT * FROM warninglists WHERE enabled = 1 ORDER BY id').all() as WarninglistRow[];
  const lists = rows.map((row) => {
    const key = `${row.id}:${row.name}:${row.version}`;
    let matcher = row.default ? compiledDefaults.get(key) : undefined;
    if (!matcher) {
      matcher = compileMatcher(
        row.type,
        listEntries(db, row).map((e) => e.value),
      );
      if (row.default) compiledDefaults.set(key, matcher);
    }
    return { row, types: new Set(listTypes(db, row.id).map((t) => t.type)), matcher };
  });
  enabledCache.set(db, lists);
  return lists;
}

export interface CheckValueHit {
  id: string;
  name: string;
  matched: string;
}

/** `warninglists/checkValue` for one (trimmed) value: every enabled list, whatever its attribute types. */
export function checkValue(db: Database, value: string): CheckValueHit[] {
  const hits: CheckValueHit[] = [];
  for (const list of enabledLists(db)) {
    const matched = list.matcher.match(value);
    if (matched !== undefined) hits.push({ id: String(list.row.id), name: list.row.name, matched });
  }
  return hits;
}

/**
 * The `warnings` MISP attaches to an attribute of `type` (restSearch `includeWarninglistHits`, and what
 * `enforceWarninglist` drops): enabled lists whose attribute types include the type (or `ALL`); each half of
 * a composite value is tried.
 */
export function attributeWarnings(db: Database, value: string, type: string): Row[] {
  const warnings: Row[] = [];
  for (const list of enabledLists(db)) {
    if (!list.types.has(type) && !list.types.has('ALL')) continue;
    const hit = matchTyped(list.matcher, value, type);
    if (hit)
      warnings.push({
        match: hit.match,
        value: hit.value,
        warninglist_id: String(list.row.id),
        warninglist_name: list.row.name,
        warninglist_category: list.row.category,
      });
  }
  return warnings;
}

export function setEnabled(db: Database, ids: number[], enabled: boolean): void {
  const update = prepare(db, 'UPDATE warninglists SET enabled = ? WHERE id = ?');
  db.transaction(() => {
    for (const id of ids) update.run(enabled ? 1 : 0, id);
  })();
  warninglistsChanged(db);
}

export function formatWarninglistRow(row: WarninglistRow): Row {
  return {
    id: String(row.id),
    name: row.name,
    type: row.type,
    description: row.description,
    version: String(row.version),
    enabled: Boolean(row.enabled),
    default: Boolean(row.default),
    category: row.category,
  };
}

/**
 * Lists left disabled: the VPN and datacenter ranges cover the hosting space attackers rent (the demo's
 * C2 address among it), so a SOC that enables everything else usually leaves these off.
 */
const LEFT_DISABLED = /belonging to common VPN providers and datacenters/;

/** Enables the default lists the way an administrator does after installing: all but LEFT_DISABLED. */
export function enableDefaultWarninglists(db: Database): void {
  const rows = prepare(db, 'SELECT id, name FROM warninglists WHERE "default" = 1').all() as WarninglistRow[];
  setEnabled(
    db,
    rows.filter((r) => !LEFT_DISABLED.test(r.name)).map((r) => r.id),
    true,
  );
}
