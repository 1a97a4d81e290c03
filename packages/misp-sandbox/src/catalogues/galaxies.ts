import type { Database } from 'better-sqlite3';
import { prepare } from '../db/statements.js';
import { type ClusterFile, type GalaxyFile, readCatalogue } from './files.js';

/**
 * MISP's galaxies and their default clusters (misp-galaxy, vendored), loaded the way `galaxies/update`
 * loads them: galaxies in file order, then the clusters of each cluster file in file order, each cluster
 * with the tag name `misp-galaxy:<type>="<value>"`. No tags are created until a cluster is attached.
 */
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

export function installGalaxies(db: Database): void {
  const count = prepare(db, 'SELECT COUNT(*) AS n FROM galaxies').get() as { n: number };
  if (count.n > 0) return;
  const galaxies = readCatalogue<GalaxyFile[]>('galaxies');
  const clusterFiles = readCatalogue<ClusterFile[]>('galaxy-clusters');
  const insertGalaxy = prepare(
    db,
    `INSERT OR IGNORE INTO galaxies (id, uuid, name, type, description, version, icon, namespace, kill_chain_order)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertCluster = prepare(
    db,
    `INSERT OR IGNORE INTO galaxy_clusters (uuid, galaxy_id, type, value, tag_name, description, source, authors, version, meta)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  db.transaction(() => {
    const ids = new Map<string, number>();
    galaxies.forEach((g, i) => {
      insertGalaxy.run(
        i + 1,
        g.uuid,
        g.name,
        g.type,
        g.description,
        String(g.version ?? 1),
        g.icon ?? '',
        g.namespace ?? 'misp',
        g.kill_chain_order ? JSON.stringify(g.kill_chain_order) : null,
      );
      ids.set(g.type, i + 1);
    });
    for (const file of clusterFiles) {
      const galaxyId = ids.get(file.type);
      if (galaxyId === undefined) continue;
      const authors = JSON.stringify(file.authors ?? []);
      for (const value of file.values) {
        insertCluster.run(
          value.uuid,
          galaxyId,
          file.type,
          value.value,
          `misp-galaxy:${file.type}="${value.value}"`,
          value.description ?? '',
          file.source ?? '',
          authors,
          String(file.version ?? 1),
          JSON.stringify(normaliseMeta(value.meta)),
        );
      }
    }
  })();
}
