import type { Database } from 'better-sqlite3';
import { prepare } from '../db/statements.js';
import type { Row } from '../types.js';
import { readCatalogue, type TaxonomyFile } from './files.js';

/**
 * MISP's taxonomies in a sandbox: one row per taxonomy (enabled, required, highlighted are the instance's
 * state); predicates and values come from the vendored misp-taxonomies definitions. Ids follow MISP's
 * install order (folder order, taxonomies that are not for events skipped).
 */
export interface TaxonomyRow {
  id: number;
  namespace: string;
  description: string;
  version: number;
  enabled: number;
  exclusive: number;
  required: number;
  highlighted: number;
}

export interface TaxonomyEntry {
  tag: string;
  expanded: string;
  exclusive_predicate?: boolean;
  description?: string;
  colour?: string;
  numerical_value?: number;
}

export const TAXONOMY_SCHEMA = `
  CREATE TABLE IF NOT EXISTS taxonomies (
    id INTEGER PRIMARY KEY AUTOINCREMENT, namespace TEXT NOT NULL UNIQUE, description TEXT NOT NULL, version INTEGER NOT NULL,
    enabled INTEGER NOT NULL DEFAULT 0, exclusive INTEGER NOT NULL DEFAULT 0, required INTEGER NOT NULL DEFAULT 0,
    highlighted INTEGER NOT NULL DEFAULT 0
  );
`;

let definitions: TaxonomyFile[] | undefined;
const byNamespace = new Map<string, TaxonomyFile>();

/** The vendored definitions MISP installs: those for events (a `type` without `event` is skipped). */
export function taxonomyDefinitions(): TaxonomyFile[] {
  if (definitions) return definitions;
  definitions = readCatalogue<(TaxonomyFile & { type?: string | string[] })[]>('taxonomies').filter((t) => {
    if (t.type === undefined) return true;
    return Array.isArray(t.type) ? t.type.includes('event') : t.type === 'event';
  });
  for (const t of definitions) byNamespace.set(t.namespace.toLowerCase(), t);
  return definitions;
}

export function taxonomyDefinition(namespace: string): TaxonomyFile | undefined {
  taxonomyDefinitions();
  return byNamespace.get(namespace.toLowerCase());
}

export function installTaxonomies(db: Database): void {
  const count = prepare(db, 'SELECT COUNT(*) AS n FROM taxonomies').get() as { n: number };
  if (count.n > 0) return;
  const insert = prepare(
    db,
    'INSERT INTO taxonomies (id, namespace, description, version, enabled, exclusive, required, highlighted) VALUES (?, ?, ?, ?, 0, ?, 0, ?)',
  );
  db.transaction(() => {
    taxonomyDefinitions().forEach((t, i) => {
      const highlighted = (t as { highlighted?: boolean }).highlighted ? 1 : 0;
      insert.run(i + 1, t.namespace, t.description, t.version ?? 1, t.exclusive ? 1 : 0, highlighted);
    });
  })();
}

const entryCache = new Map<string, TaxonomyEntry[]>();

/** Every tag of a taxonomy with its expanded text, as MISP lists them (predicates without values are tags). */
export function taxonomyEntries(namespace: string): TaxonomyEntry[] {
  const cached = entryCache.get(namespace);
  if (cached) return cached;
  const t = taxonomyDefinition(namespace);
  const entries: TaxonomyEntry[] = [];
  if (t) {
    const values = new Map<string, NonNullable<TaxonomyFile['values']>[number]['entry']>();
    for (const v of t.values ?? []) values.set(v.predicate, [...(values.get(v.predicate) ?? []), ...v.entry]);
    for (const p of t.predicates) {
      const own = values.get(p.value);
      if (own?.length) {
        for (const e of own) {
          entries.push({
            tag: `${t.namespace}:${p.value}="${e.value}"`,
            expanded: `${p.expanded || p.value}: ${e.expanded || e.value}`,
            exclusive_predicate: Boolean(p.exclusive),
            ...(e.description ? { description: e.description } : {}),
            ...(e.colour ? { colour: e.colour } : {}),
            ...(e.numerical_value !== undefined ? { numerical_value: e.numerical_value } : {}),
          });
        }
      } else {
        entries.push({
          tag: `${t.namespace}:${p.value}`,
          expanded: p.expanded || p.value,
          ...(p.description ? { description: p.description } : {}),
          ...(p.colour ? { colour: p.colour } : {}),
          ...(p.numerical_value !== undefined ? { numerical_value: p.numerical_value } : {}),
        });
      }
    }
  }
  entryCache.set(namespace, entries);
  return entries;
}

/** MISP's palette for the tags of a namespace: one hue from the name, brightness stepping up per entry. */
export function paletteFor(namespace: string, count: number): string[] {
  let sum = 0;
  for (const ch of namespace) sum += ch.charCodeAt(0) > 127 ? 63 : ch.charCodeAt(0);
  const hue = (sum % 100) / 100;
  const step = 80 / count;
  return Array.from({ length: count }, (_, i) => hsvToHex(hue, 1, (20 + step * (i + 1)) / 100));
}

function hsvToHex(h: number, s: number, v: number): string {
  const sector = Math.floor(h * 6);
  const f = h * 6 - sector;
  const p = v * (1 - s);
  const q = v * (1 - s * f);
  const t = v * (1 - s * (1 - f));
  const rgb = [
    [v, t, p],
    [q, v, p],
    [p, v, t],
    [p, q, v],
    [t, p, v],
    [v, p, q],
  ][Math.min(sector, 5)] as number[];
  return `#${rgb
    .map((c) =>
      Math.round(c * 255)
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
}

const TAXONOMY_TAG = /^([^:="]+):([^:="]+)(="([^"]+)")?$/i;

/** `namespace:predicate` for a triple tag, `namespace` for a double one, '' for a tag outside the format. */
function stripLastComponent(name: string): string {
  const m = name.match(TAXONOMY_TAG);
  if (!m) return '';
  return m[3] ? `${m[1]}:${m[2]}` : (m[1] as string);
}

/**
 * Whether MISP refuses `newTag` next to `existing` on one event or attribute: another tag with the same
 * namespace (or namespace and predicate) when the taxonomy, or that predicate, is exclusive. tlp:white and
 * tlp:clear may sit together.
 */
export function violatesExclusivity(newTag: string, existing: string[]): boolean {
  const prefix = stripLastComponent(newTag);
  if (!existing.some((name) => name !== newTag && stripLastComponent(name) === prefix)) return false;
  const m = newTag.match(TAXONOMY_TAG);
  if (!m) return false;
  const t = taxonomyDefinition(m[1] as string);
  if (!t) return false;
  if (t.exclusive) {
    if (
      (newTag === 'tlp:white' && existing.includes('tlp:clear')) ||
      (newTag === 'tlp:clear' && existing.includes('tlp:white'))
    )
      return false;
    return true;
  }
  const predicate = t.predicates.find((p) => p.value.toLowerCase() === (m[2] as string).toLowerCase());
  return Boolean(predicate?.exclusive);
}

export function formatTaxonomyRow(row: TaxonomyRow): Row {
  return {
    id: String(row.id),
    namespace: row.namespace,
    description: row.description,
    version: String(row.version),
    enabled: Boolean(row.enabled),
    exclusive: Boolean(row.exclusive),
    required: Boolean(row.required),
    highlighted: Boolean(row.highlighted),
  };
}

/** The demo seed enables the taxonomies its events are tagged with, as an administrator would. */
export function enableDemoTaxonomies(db: Database): void {
  prepare(db, "UPDATE taxonomies SET enabled = 1 WHERE namespace IN ('tlp', 'PAP', 'estimative-language')").run();
}
