import type { Database } from 'better-sqlite3';
import { violatesExclusivity } from '../catalogues/taxonomies.js';
import { prepare } from '../db/statements.js';
import type { Row } from '../types.js';
import { formatCluster, formatGalaxy, formatTag } from './format.js';

const COLOURS: Record<string, string> = {
  'tlp:red': '#FF2B2B',
  'tlp:amber': '#FFC000',
  'tlp:amber+strict': '#FFC000',
  'tlp:green': '#33FF00',
  'tlp:white': '#ffffff',
  'tlp:clear': '#ffffff',
  'pap:red': '#ff0000',
  'pap:amber': '#ffc000',
  'pap:green': '#339900',
  'pap:clear': '#ffffff',
  'pap:white': '#ffffff',
};

export const EXCLUSIVITY_ERROR = 'Tag is not allowed due to taxonomy exclusivity settings';

function colourFor(name: string): string {
  const known = COLOURS[name.toLowerCase()];
  if (known) return known;
  let hash = 0;
  for (const char of name) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return `#${(hash & 0xffffff).toString(16).padStart(6, '0')}`;
}

export function findTag(db: Database, nameOrId: string | number): Row | undefined {
  if (typeof nameOrId === 'number' || /^\d+$/.test(nameOrId)) {
    return prepare(db, 'SELECT * FROM tags WHERE id = ?').get(Number(nameOrId)) as Row | undefined;
  }
  return prepare(db, 'SELECT * FROM tags WHERE name = ?').get(nameOrId) as Row | undefined;
}

/** A tag MISP creates on the fly (events/add, attachTagToObject) is global: org_id and user_id 0. */
export function findOrCreateTag(db: Database, name: string): Row {
  const existing = findTag(db, name);
  if (existing) return existing;
  const isGalaxy = name.startsWith('misp-galaxy:') ? 1 : 0;
  const info = prepare(db, 'INSERT INTO tags (name, colour, org_id, is_galaxy) VALUES (?, ?, ?, ?)').run(
    name,
    isGalaxy ? '#0088cc' : colourFor(name),
    0,
    isGalaxy,
  );
  return prepare(db, 'SELECT * FROM tags WHERE id = ?').get(info.lastInsertRowid) as Row;
}

/** Returns an error message when the tag conflicts with an exclusive taxonomy tag already present. */
export function exclusivityConflict(existing: Row[], tag: Row): string | null {
  const others = existing.filter((t) => t.id !== tag.id).map((t) => String(t.name));
  return violatesExclusivity(String(tag.name), others) ? EXCLUSIVITY_ERROR : null;
}

export function eventTagRows(db: Database, eventId: number): Row[] {
  return prepare(
    db,
    'SELECT t.*, et.local AS link_local, et.id AS link_id FROM event_tags et JOIN tags t ON t.id = et.tag_id WHERE et.event_id = ? ORDER BY et.id',
  ).all(eventId) as Row[];
}

export function attributeTagRows(db: Database, attributeId: number): Row[] {
  return prepare(
    db,
    'SELECT t.*, at.local AS link_local, at.id AS link_id FROM attribute_tags at JOIN tags t ON t.id = at.tag_id WHERE at.attribute_id = ? ORDER BY at.id',
  ).all(attributeId) as Row[];
}

/** Tags of many parents at once (one query), keyed by parent id. */
export function tagsByParent(db: Database, kind: 'event' | 'attribute', ids: number[]): Map<number, Row[]> {
  const map = new Map<number, Row[]>();
  if (ids.length === 0) return map;
  const table = kind === 'event' ? 'event_tags' : 'attribute_tags';
  const column = kind === 'event' ? 'event_id' : 'attribute_id';
  for (let offset = 0; offset < ids.length; offset += 500) {
    const chunk = ids.slice(offset, offset + 500);
    const rows = prepare(
      db,
      `SELECT x.${column} AS parent_id, x.local AS link_local, x.id AS link_id, t.* FROM ${table} x JOIN tags t ON t.id = x.tag_id
         WHERE x.${column} IN (${chunk.map(() => '?').join(',')}) ORDER BY x.id`,
    ).all(...chunk) as Row[];
    for (const row of rows) {
      const list = map.get(Number(row.parent_id)) ?? [];
      list.push(row);
      map.set(Number(row.parent_id), list);
    }
  }
  return map;
}

export const tagJson = (row: Row) => formatTag(row, row.link_local ?? 0);

/** Galaxy[] with their GalaxyCluster[] for the galaxy-cluster tags among `tags`. */
export function galaxiesFor(db: Database, tags: Row[]): Record<string, unknown>[] {
  const galaxyTags = tags.filter((t) => String(t.name).startsWith('misp-galaxy:'));
  if (galaxyTags.length === 0) return [];
  const byGalaxy = new Map<number, Record<string, unknown>>();
  const clusterStmt = prepare(
    db,
    'SELECT c.*, g.id AS g_id FROM galaxy_clusters c JOIN galaxies g ON g.id = c.galaxy_id WHERE c.tag_name = ?',
  );
  const galaxyStmt = prepare(db, 'SELECT * FROM galaxies WHERE id = ?');
  for (const tag of galaxyTags) {
    const cluster = clusterStmt.get(tag.name) as Row | undefined;
    if (!cluster) continue;
    let galaxy = byGalaxy.get(Number(cluster.g_id));
    if (!galaxy) {
      galaxy = { ...formatGalaxy(galaxyStmt.get(cluster.g_id) as Row), GalaxyCluster: [] };
      byGalaxy.set(Number(cluster.g_id), galaxy);
    }
    (galaxy.GalaxyCluster as unknown[]).push({
      ...formatCluster(cluster),
      tag_id: String(tag.id),
      local: Boolean(tag.link_local),
      relationship_type: null,
    });
  }
  return [...byGalaxy.values()];
}
