import type { Database } from 'better-sqlite3';
import { prepare } from '../db/statements.js';
import { findTag } from '../model/tags.js';
import { type ClusterFile, type GalaxyFile, readCatalogue } from './files.js';
import { paletteFor, taxonomyEntries } from './taxonomies.js';

/**
 * A relation's tag, created if missing. The catalogue's relation tags are estimative-language ones: they get the
 * colour and numerical value that taxonomy gives them, as MISP's taxonomies/update sets on existing tags.
 */
function relationTag(db: Database, name: string): number {
  const existing = findTag(db, name);
  if (existing) return Number(existing.id);
  const entries = taxonomyEntries(name.split(':')[0] ?? '');
  const index = entries.findIndex((e) => e.tag === name);
  const entry = entries[index];
  const colour = entry ? entry.colour || paletteFor(name.split(':')[0] ?? '', entries.length)[index] : undefined;
  const result = prepare(
    db,
    'INSERT INTO tags (name, colour, exportable, org_id, user_id, hide_tag, numerical_value) VALUES (?, ?, 1, 0, 0, 0, ?)',
  ).run(name, colour ?? '#0088cc', entry?.numerical_value ?? null);
  return Number(result.lastInsertRowid);
}

/** MISP keeps meta as key/value rows and gives every key back as a list of strings. */
function normaliseMeta(meta: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(meta ?? {})) {
    out[key] = (Array.isArray(value) ? value : [value]).map((v) =>
      typeof v === 'object' && v !== null ? v : String(v),
    );
  }
  return out;
}

const GALAXY_COLUMNS = 'uuid, name, type, description, version, icon, namespace, kill_chain_order';
const CLUSTER_COLUMNS =
  'uuid, galaxy_id, type, value, tag_name, description, source, authors, version, meta, collection_uuid';

const galaxyValues = (g: GalaxyFile) => [
  g.uuid,
  g.name,
  g.type,
  g.description,
  String(g.version ?? 1),
  g.icon ?? '',
  g.namespace ?? 'misp',
  g.kill_chain_order ? JSON.stringify(g.kill_chain_order) : null,
];

type ClusterValue = ClusterFile['values'][number];

const clusterValues = (file: ClusterFile, value: ClusterValue, galaxyId: number) => [
  value.uuid,
  galaxyId,
  file.type,
  value.value,
  `misp-galaxy:${file.type}="${value.value}"`,
  value.description ?? '',
  file.source ?? '',
  JSON.stringify(file.authors ?? []),
  String(file.version ?? 1),
  JSON.stringify(normaliseMeta(value.meta)),
  file.uuid ?? '',
];

/**
 * MISP's galaxies and their default clusters (misp-galaxy, vendored), loaded the way `galaxies/update`
 * loads them: galaxies in file order, then the clusters of each cluster file in file order, each cluster
 * with the tag name `misp-galaxy:<type>="<value>"` and its file's uuid as `collection_uuid`. Cluster ids are
 * MISP's: a value repeated in a file (MISP saves it twice) still takes its id. The clusters' relations are
 * loaded on first use (`ensureDefaultRelations`), which keeps start-up fast.
 */
export function installGalaxies(db: Database): void {
  const count = prepare(db, 'SELECT COUNT(*) AS n FROM galaxies').get() as { n: number };
  if (count.n > 0) return;
  const galaxies = readCatalogue<GalaxyFile[]>('galaxies');
  const clusterFiles = readCatalogue<ClusterFile[]>('galaxy-clusters');
  const insertGalaxy = prepare(
    db,
    `INSERT OR IGNORE INTO galaxies (id, ${GALAXY_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertCluster = prepare(
    db,
    `INSERT OR IGNORE INTO galaxy_clusters (id, ${CLUSTER_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  db.transaction(() => {
    const ids = new Map<string, number>();
    galaxies.forEach((g, i) => {
      insertGalaxy.run(i + 1, ...galaxyValues(g));
      ids.set(g.type, i + 1);
    });
    let clusterId = 0;
    for (const file of clusterFiles) {
      const galaxyId = ids.get(file.type);
      if (galaxyId === undefined) continue;
      for (const value of file.values) insertCluster.run(++clusterId, ...clusterValues(file, value, galaxyId));
    }
  })();
}

interface PendingRelation {
  /** The relation's id as MISP's first galaxies/update gives it, or undefined for the next free id. */
  id?: number;
  sourceId: number;
  sourceUuid: string;
  related: NonNullable<ClusterValue['related']>[number];
}

/**
 * Saves default relations as MISP's bulkSaveRelations does: distribution 3, `default`, the target's id or 0
 * when no cluster has that uuid; tags are created in the order the relations first name them, and a relation
 * carries the tags of every relation of the batch from the same source to the same target.
 */
function saveDefaultRelations(db: Database, relations: PendingRelation[]): void {
  const idOf = new Map<string, number>();
  for (const row of prepare(db, 'SELECT id, uuid FROM galaxy_clusters').all() as { id: number; uuid: string }[])
    if (!idOf.has(row.uuid)) idOf.set(row.uuid, row.id);
  const pairKey = (r: PendingRelation) => `${r.sourceUuid} ${r.related['dest-uuid']}`;
  const pairTags = new Map<string, string[]>();
  const tagIds = new Map<string, number>();
  for (const r of relations) {
    if (!r.related.tags?.length) continue;
    pairTags.set(pairKey(r), [...(pairTags.get(pairKey(r)) ?? []), ...r.related.tags]);
    for (const name of r.related.tags) if (!tagIds.has(name)) tagIds.set(name, relationTag(db, name));
  }
  const insert = prepare(
    db,
    `INSERT INTO galaxy_cluster_relations (id, galaxy_cluster_id, referenced_galaxy_cluster_id, referenced_galaxy_cluster_uuid,
       referenced_galaxy_cluster_type, galaxy_cluster_uuid, distribution, sharing_group_id, is_default)
     VALUES (?, ?, ?, ?, ?, ?, 3, NULL, 1)`,
  );
  const insertTag = prepare(
    db,
    'INSERT INTO galaxy_cluster_relation_tags (galaxy_cluster_relation_id, tag_id) VALUES (?, ?)',
  );
  const tagged: [number, string[]][] = [];
  for (const r of relations) {
    const result = insert.run(
      r.id ?? null,
      r.sourceId,
      idOf.get(r.related['dest-uuid']) ?? 0,
      r.related['dest-uuid'],
      r.related.type,
      r.sourceUuid,
    );
    const tags = pairTags.get(pairKey(r));
    if (tags) tagged.push([Number(result.lastInsertRowid), tags]);
  }
  for (const [id, tags] of tagged) for (const name of tags) insertTag.run(id, tagIds.get(name));
}

/**
 * The default clusters' relations (`related: [{dest-uuid, type, tags}]` of each cluster value), saved once, the
 * first time anything reads or writes relations, as MISP's galaxies/update saves them: one relation per entry in
 * cluster order, with MISP's ids (1, 2, …). A cluster deleted before that (itself, or with its galaxy) takes its
 * relations with it. Relation tags are created as tags then (MISP creates them in galaxies/update).
 */
export function ensureDefaultRelations(db: Database): void {
  if (prepare(db, "SELECT 1 FROM galaxy_catalogue_state WHERE name = 'relations'").get()) return;
  const clusterFiles = readCatalogue<ClusterFile[]>('galaxy-clusters');
  db.transaction(() => {
    prepare(db, "INSERT INTO galaxy_catalogue_state (name) VALUES ('relations')").run();
    const idOf = new Map<string, number>();
    for (const row of prepare(db, 'SELECT id, uuid FROM galaxy_clusters').all() as { id: number; uuid: string }[])
      if (!idOf.has(row.uuid)) idOf.set(row.uuid, row.id);
    const pending: PendingRelation[] = [];
    let id = 0;
    for (const file of clusterFiles)
      for (const value of file.values)
        for (const related of value.related ?? []) {
          const sourceId = idOf.get(value.uuid);
          id++;
          if (sourceId !== undefined) pending.push({ id, sourceId, sourceUuid: value.uuid, related });
        }
    saveDefaultRelations(db, pending);
  })();
}

/**
 * galaxies/update: what MISP's update does for a catalogue it already loaded — galaxies missing from the
 * instance (deleted ones) come back with new ids, so do the default clusters missing from their galaxy (by
 * value), with their relations; relations whose target was unknown (id 0) point at it once it exists.
 */
export function updateGalaxies(db: Database): void {
  ensureDefaultRelations(db);
  const galaxies = readCatalogue<GalaxyFile[]>('galaxies');
  const clusterFiles = readCatalogue<ClusterFile[]>('galaxy-clusters');
  db.transaction(() => {
    const insertGalaxy = prepare(
      db,
      `INSERT OR IGNORE INTO galaxies (${GALAXY_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const g of galaxies)
      if (!prepare(db, 'SELECT 1 FROM galaxies WHERE uuid = ?').get(g.uuid)) insertGalaxy.run(...galaxyValues(g));
    const ids = new Map(
      (prepare(db, 'SELECT id, type FROM galaxies').all() as { id: number; type: string }[]).map((g) => [g.type, g.id]),
    );
    const insertCluster = prepare(
      db,
      `INSERT OR IGNORE INTO galaxy_clusters (${CLUSTER_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const created: PendingRelation[] = [];
    for (const file of clusterFiles) {
      const galaxyId = ids.get(file.type);
      if (galaxyId === undefined) continue;
      const values = new Set(
        (prepare(db, 'SELECT value FROM galaxy_clusters WHERE galaxy_id = ?').all(galaxyId) as { value: string }[]).map(
          (c) => c.value,
        ),
      );
      for (const value of file.values) {
        if (values.has(value.value)) continue;
        const result = insertCluster.run(...clusterValues(file, value, galaxyId));
        if (result.changes === 0) continue;
        for (const related of value.related ?? [])
          created.push({ sourceId: Number(result.lastInsertRowid), sourceUuid: value.uuid, related });
      }
    }
    saveDefaultRelations(db, created);
    prepare(
      db,
      `UPDATE galaxy_cluster_relations SET referenced_galaxy_cluster_id =
         (SELECT MIN(c.id) FROM galaxy_clusters c WHERE c.uuid = galaxy_cluster_relations.referenced_galaxy_cluster_uuid)
       WHERE referenced_galaxy_cluster_id = 0
         AND EXISTS (SELECT 1 FROM galaxy_clusters c WHERE c.uuid = galaxy_cluster_relations.referenced_galaxy_cluster_uuid)`,
    ).run();
  })();
}
