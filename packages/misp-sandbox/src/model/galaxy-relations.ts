// Galaxy cluster relations (MISP's GalaxyClusterRelation): which ones a user sees, and how MISP shows them.

import { prepare } from '../db/statements.js';
import type { RequestContext, Row } from '../types.js';
import { formatTag, str } from './format.js';
import { clusterVisible, isSiteAdmin, plainCluster, sharingGroupAllowed } from './galaxy-clusters.js';

export function formatRelation(row: Row): Record<string, unknown> {
  return {
    id: str(row.id),
    galaxy_cluster_id: str(row.galaxy_cluster_id),
    referenced_galaxy_cluster_id: str(row.referenced_galaxy_cluster_id),
    referenced_galaxy_cluster_uuid: row.referenced_galaxy_cluster_uuid,
    referenced_galaxy_cluster_type: row.referenced_galaxy_cluster_type,
    galaxy_cluster_uuid: row.galaxy_cluster_uuid,
    distribution: str(row.distribution),
    sharing_group_id: row.sharing_group_id === null ? null : str(row.sharing_group_id),
    default: Boolean(row.is_default),
  };
}

/** The relation tags of many relations at once: relation id → rows of galaxy_cluster_relation_tags joined to tags. */
export function relationTagRows(ctx: RequestContext, relationIds: number[]): Map<number, Row[]> {
  const map = new Map<number, Row[]>();
  const ids = [...new Set(relationIds)];
  for (let offset = 0; offset < ids.length; offset += 500) {
    const chunk = ids.slice(offset, offset + 500);
    const rows = prepare(
      ctx.db,
      `SELECT rt.id AS link_id, rt.galaxy_cluster_relation_id AS relation_id, t.* FROM galaxy_cluster_relation_tags rt
       JOIN tags t ON t.id = rt.tag_id WHERE rt.galaxy_cluster_relation_id IN (${chunk.map(() => '?').join(',')})
       ORDER BY rt.id`,
    ).all(...chunk) as Row[];
    for (const row of rows) {
      const id = Number(row.relation_id);
      map.set(id, [...(map.get(id) ?? []), row]);
    }
  }
  return map;
}

/**
 * MISP's GalaxyClusterRelation::buildConditions for a user who is not site admin: relations of the user's
 * organisation's clusters, of distribution 1–3, or of a sharing group of theirs — and (unless `sourceChecked`)
 * whose source cluster the user sees.
 */
export function relationVisible(ctx: RequestContext, relation: Row, source?: Row, sourceChecked = false): boolean {
  if (isSiteAdmin(ctx)) return true;
  const own = source !== undefined && Number(source.org_id) === ctx.user.org_id;
  const distribution = Number(relation.distribution);
  const allowed =
    own ||
    (distribution > 0 && distribution < 4) ||
    (distribution === 4 && sharingGroupAllowed(ctx, relation.sharing_group_id));
  if (!allowed) return false;
  return sourceChecked || (source !== undefined && clusterVisible(ctx, source));
}

/** A relation inside a cluster (GalaxyClusterRelation, TargetingClusterRelation): its fields plus `Tag` if any. */
function withTags(row: Row, tags: Row[] | undefined): Record<string, unknown> {
  const relation = formatRelation(row);
  if (tags?.length) relation.Tag = tags.map((t) => formatTag(t));
  return relation;
}

/** The relations of a cluster the user sees (galaxy_clusters/view's GalaxyClusterRelation). */
export function relationsFrom(ctx: RequestContext, clusterId: number): Record<string, unknown>[] {
  const source = prepare(ctx.db, 'SELECT * FROM galaxy_clusters WHERE id = ?').get(clusterId) as Row | undefined;
  const rows = (
    prepare(ctx.db, 'SELECT * FROM galaxy_cluster_relations WHERE galaxy_cluster_id = ? ORDER BY id').all(
      clusterId,
    ) as Row[]
  ).filter((r) => relationVisible(ctx, r, source, true));
  const tags = relationTagRows(
    ctx,
    rows.map((r) => Number(r.id)),
  );
  return rows.map((r) => withTags(r, tags.get(Number(r.id))));
}

/**
 * The relations of other clusters that target this one (galaxy_clusters/view's TargetingClusterRelation). MISP
 * gives them only the tags it fetched for the outgoing relations of the same fetch (`knownTags`, tag ids): it
 * looks the targeting relations' own tag ids up under a wrong key.
 */
export function relationsTo(ctx: RequestContext, clusterId: number, knownTags: Set<string>): Record<string, unknown>[] {
  const rows = prepare(
    ctx.db,
    `SELECT r.*, c.id AS s_id, c.org_id AS s_org_id, c.distribution AS s_distribution,
       c.sharing_group_id AS s_sharing_group_id, c.is_default AS s_is_default
     FROM galaxy_cluster_relations r LEFT JOIN galaxy_clusters c ON c.id = r.galaxy_cluster_id
     WHERE r.referenced_galaxy_cluster_id = ? ORDER BY r.id`,
  ).all(clusterId) as Row[];
  const visible = rows.filter((r) => relationVisible(ctx, r, r.s_id === null ? undefined : sourceOf(r)));
  const tags = relationTagRows(
    ctx,
    visible.map((r) => Number(r.id)),
  );
  return visible.map((r) =>
    withTags(
      r,
      tags.get(Number(r.id))?.filter((t) => knownTags.has(String(t.id))),
    ),
  );
}

/** The tag ids of relations as `withTags` shows them (for `relationsTo`'s `knownTags`). */
export const tagIdsOf = (relations: Record<string, unknown>[]): Set<string> =>
  new Set(relations.flatMap((r) => ((r.Tag as Row[] | undefined) ?? []).map((t) => String(t.id))));

const sourceOf = (r: Row): Row => ({
  id: r.s_id,
  org_id: r.s_org_id,
  distribution: r.s_distribution,
  sharing_group_id: r.s_sharing_group_id,
  is_default: r.s_is_default,
});

/** The relations the user sees, by MISP's fetchRelations rules, optionally limited by `where` (SQL on `r`). */
export function visibleRelations(ctx: RequestContext, where = '1 = 1', params: unknown[] = []): Row[] {
  const rows = prepare(ctx.db, `SELECT r.* FROM galaxy_cluster_relations r WHERE ${where} ORDER BY r.id`).all(
    ...params,
  ) as Row[];
  if (isSiteAdmin(ctx)) return rows;
  const clusters = clusterRows(
    ctx,
    rows.map((r) => Number(r.galaxy_cluster_id)),
  );
  return rows.filter((r) => relationVisible(ctx, r, clusters.get(Number(r.galaxy_cluster_id))));
}

/** Cluster rows by id, for many ids at once. */
export function clusterRows(ctx: RequestContext, ids: number[]): Map<number, Row> {
  const map = new Map<number, Row>();
  const unique = [...new Set(ids)];
  for (let offset = 0; offset < unique.length; offset += 500) {
    const chunk = unique.slice(offset, offset + 500);
    for (const row of prepare(
      ctx.db,
      `SELECT * FROM galaxy_clusters WHERE id IN (${chunk.map(() => '?').join(',')})`,
    ).all(...chunk) as Row[])
      map.set(Number(row.id), row);
  }
  return map;
}

/**
 * A relation as galaxy_cluster_relations/index and view show it: the relation, its SourceCluster, its
 * TargetCluster (`[]` when the target is unknown, `null` when the user may not see it).
 */
export function relationEntry(ctx: RequestContext, row: Row, clusters: Map<number, Row>): Record<string, unknown> {
  const source = clusters.get(Number(row.galaxy_cluster_id));
  const target = clusters.get(Number(row.referenced_galaxy_cluster_id));
  return {
    GalaxyClusterRelation: formatRelation(row),
    SourceCluster: source ? plainCluster(source) : [],
    TargetCluster: target ? (clusterVisible(ctx, target) ? plainCluster(target) : null) : [],
  };
}
