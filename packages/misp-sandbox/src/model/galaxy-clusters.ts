// Galaxies and galaxy clusters as MISP shows them, shared by the galaxy, cluster and cluster relation routes:
// lookups with MISP's access rules, the cluster's own fields, and galaxy_clusters/view's answer.

import type { Database } from 'better-sqlite3';
import { SG_MEMBER_SQL } from '../accounts/permissions.js';
import { ensureDefaultRelations } from '../catalogues/galaxies.js';
import { prepare } from '../db/statements.js';
import { HttpError } from '../http.js';
import type { RequestContext, Row } from '../types.js';
import { formatCluster, formatGalaxy, formatOrganisation, str } from './format.js';
import { relationsFrom, relationsTo, tagIdsOf } from './galaxy-relations.js';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isSiteAdmin = (ctx: RequestContext) => Boolean(ctx.user.role.perm_site_admin);
export const now = () => Math.floor(Date.now() / 1000);

/** A galaxy by id or uuid (MISP's findIdByUuid), 404 `message` when there is none. */
export function findGalaxy(db: Database, ref: string | undefined, message = 'Invalid Galaxy.'): Row {
  const text = ref ?? '';
  const column = /^\d+$/.test(text) ? 'id' : 'uuid';
  const row = prepare(db, `SELECT * FROM galaxies WHERE ${column} = ?`).get(text) as Row | undefined;
  if (!row) throw new HttpError(404, message);
  return row;
}

export function sharingGroupAllowed(ctx: RequestContext, id: unknown): boolean {
  if (id === null || id === undefined || !/^\d+$/.test(String(id))) return false;
  if (!prepare(ctx.db, 'SELECT 1 FROM sharing_groups WHERE id = ?').get(Number(id))) return false;
  if (isSiteAdmin(ctx)) return true;
  return Boolean(
    prepare(ctx.db, `SELECT 1 WHERE ? IN ${SG_MEMBER_SQL}`).get(Number(id), ctx.user.org_id) as Row | undefined,
  );
}

/** MISP's GalaxyCluster::buildConditions: the organisation's own, distribution 1–3, or a sharing group of theirs. */
export function clusterVisible(ctx: RequestContext, row: Row): boolean {
  if (isSiteAdmin(ctx) || row.is_default || Number(row.org_id) === ctx.user.org_id) return true;
  if ([1, 2, 3].includes(Number(row.distribution))) return true;
  return Number(row.distribution) === 4 && sharingGroupAllowed(ctx, row.sharing_group_id);
}

/** A cluster the user may see, by id or uuid. */
export function findVisibleCluster(ctx: RequestContext, ref: unknown): Row | undefined {
  const text = String(ref ?? '');
  if (!/^\d+$/.test(text) && !UUID.test(text)) return undefined;
  const column = /^\d+$/.test(text) ? 'id' : 'uuid';
  const row = prepare(ctx.db, `SELECT * FROM galaxy_clusters WHERE ${column} = ?`).get(text) as Row | undefined;
  return row && clusterVisible(ctx, row) ? row : undefined;
}

export type ClusterAction = 'view' | 'edit' | 'delete' | 'publish';

/**
 * MISP's GalaxyCluster::fetchIfAuthorized: the error text when the user may not act on the cluster (not found
 * or not visible, not a galaxy editor, not the creator organisation), else the cluster row.
 */
export function authorise(
  ctx: RequestContext,
  ref: unknown,
  actions: ClusterAction[],
): Row | { error: string; status: number } {
  const row = findVisibleCluster(ctx, ref);
  if (!row) return { error: 'Invalid galaxy cluster', status: 404 };
  if (isSiteAdmin(ctx) || (actions.length === 1 && actions[0] === 'view')) return row;
  if (!ctx.user.role.perm_galaxy_editor) return { error: "You don't have the permission to do that.", status: 405 };
  if ((actions.includes('edit') || actions.includes('delete')) && Number(row.orgc_id) !== ctx.user.org_id)
    return { error: 'Only the creator organisation can modify the galaxy cluster', status: 405 };
  if (actions.includes('publish') && Number(row.orgc_id) !== ctx.user.org_id && ctx.user.role.perm_publish)
    return {
      error: 'Only the creator organisation with publishing capabilities can publish the galaxy cluster',
      status: 405,
    };
  return row;
}

/** fetchIfAuthorized with errors thrown, as the cluster and relation routes use it. */
export function authorisedCluster(ctx: RequestContext, ref: unknown, actions: ClusterAction[]): Row {
  const result = authorise(ctx, ref, actions);
  if ('error' in result) throw new HttpError(Number(result.status), String(result.error));
  return result;
}

/** The cluster fields with meta; a custom cluster's own columns replace the catalogue defaults of `formatCluster`. */
export function formatAnyCluster(row: Row): Record<string, unknown> {
  const cluster = formatCluster(row);
  cluster.collection_uuid = row.collection_uuid ?? '';
  if (row.locked !== undefined) cluster.locked = Boolean(row.locked);
  if (row.is_default === 0) {
    Object.assign(cluster, {
      distribution: str(row.distribution),
      sharing_group_id: row.sharing_group_id === null ? null : str(row.sharing_group_id),
      org_id: str(row.org_id),
      orgc_id: str(row.orgc_id),
      default: false,
      extends_uuid: null,
      extends_version: null,
      published: Boolean(row.published),
    });
  }
  // An imported cluster keeps MISP's column defaults where galaxy_clusters/add writes null.
  if (row.is_default === 0 && row.locked) Object.assign(cluster, { extends_uuid: '', extends_version: '0' });
  if (row.deleted !== undefined) cluster.deleted = Boolean(row.deleted);
  return cluster;
}

/**
 * The cluster's own columns as MISP gives them where it shows a cluster without its elements (cluster index,
 * a relation's SourceCluster and TargetCluster, exports): no meta, and `published` false for the default
 * clusters (galaxies/update saves them unpublished).
 */
export function plainCluster(row: Row): Record<string, unknown> {
  const { meta: _meta, ...cluster } = formatAnyCluster(row);
  if (row.is_default !== 0) cluster.published = false;
  return cluster;
}

/** MISP keeps meta as key/value rows (GalaxyElement), one per value. */
export function galaxyElements(row: Row): Record<string, unknown>[] {
  const meta = JSON.parse(String(row.meta ?? '{}')) as Record<string, unknown>;
  let elementId = 0;
  return Object.entries(meta ?? {}).flatMap(([key, value]) =>
    (Array.isArray(value) ? value : [value]).map((v) => ({
      id: String(Number(row.id) * 100 + ++elementId),
      galaxy_cluster_id: str(row.id),
      key,
      value: typeof v === 'string' ? v : JSON.stringify(v),
    })),
  );
}

/** MISP's stand-in for the organisation of its default clusters (Organisation::GENERIC_MISP_ORGANISATION). */
export const GENERIC_MISP_ORGANISATION = {
  id: '0',
  name: 'MISP',
  date_created: '',
  date_modified: '',
  description: 'Automatically generated MISP organisation',
  type: '',
  nationality: 'Not specified',
  sector: '',
  created_by: '0',
  uuid: '0',
  contacts: '',
  local: true,
  restricted_to_domain: [],
  landingpage: null,
};

function organisation(db: Database, id: unknown): Record<string, unknown> | undefined {
  const row = prepare(db, 'SELECT * FROM organisations WHERE id = ?').get(Number(id)) as Row | undefined;
  return row ? formatOrganisation(row) : undefined;
}

/**
 * galaxy_clusters/view (and the answer of add and edit): the cluster with Galaxy, GalaxyElement, its relations
 * (GalaxyClusterRelation, with their tags), Org and Orgc. `ctx` decides which relations the user sees.
 */
export function clusterView(ctx: RequestContext, row: Row): Record<string, unknown> {
  ensureDefaultRelations(ctx.db);
  const galaxy = prepare(ctx.db, 'SELECT * FROM galaxies WHERE id = ?').get(row.galaxy_id) as Row;
  const { meta: _meta, ...cluster } = formatAnyCluster(row);
  const view: Record<string, unknown> = {
    ...cluster,
    ...(row.is_default !== 0 ? { published: false } : {}),
    Galaxy: formatGalaxy(galaxy),
    GalaxyElement: galaxyElements(row),
    GalaxyClusterRelation: relationsFrom(ctx, Number(row.id)),
  };
  // MISP's default clusters belong to its pseudo-organisation (id 0, uuid "0").
  const org = row.is_default === 0 ? organisation(ctx.db, row.org_id) : GENERIC_MISP_ORGANISATION;
  const orgc = row.is_default === 0 ? organisation(ctx.db, row.orgc_id) : GENERIC_MISP_ORGANISATION;
  if (org) view.Org = org;
  if (orgc) view.Orgc = orgc;
  return { GalaxyCluster: view };
}

/** What galaxy_clusters/view adds to the answer of add and edit: the relations targeting the cluster, tag use. */
export function clusterViewExtras(ctx: RequestContext, row: Row, view: Record<string, unknown>): void {
  const cluster = view.GalaxyCluster as Row;
  const tag = prepare(ctx.db, 'SELECT id FROM tags WHERE name = ? COLLATE NOCASE').get(String(row.tag_name)) as
    | Row
    | undefined;
  if (tag) {
    const count = prepare(ctx.db, 'SELECT COUNT(DISTINCT event_id) AS n FROM event_tags WHERE tag_id = ?').get(
      tag.id,
    ) as { n: number };
    cluster.tag_count = count.n;
    cluster.tag_id = str(tag.id);
  }
  const targeting = relationsTo(ctx, Number(row.id), tagIdsOf(cluster.GalaxyClusterRelation as Row[]));
  if (targeting.length > 0) cluster.TargetingClusterRelation = targeting;
  cluster.RelationshipInbound = [];
}

/** Touching a cluster (a relation of it changed): MISP moves its version to now and unpublishes it. */
export function touchCluster(db: Database, id: unknown): void {
  prepare(db, 'UPDATE galaxy_clusters SET version = ?, published = 0 WHERE id = ?').run(String(now()), Number(id));
}

/**
 * Removes clusters and what depends on them: their elements (meta), their own relations and those relations'
 * tags. `callbacks` (a single cluster's hard delete, MISP's delete()) also sets the relations that targeted
 * them to target id 0; MISP's deleteAll of a galaxy's clusters runs no callbacks and leaves those ids stale.
 */
export function deleteClusters(db: Database, where: string, params: unknown[], callbacks: boolean): void {
  ensureDefaultRelations(db);
  const rows = prepare(db, `SELECT id, uuid FROM galaxy_clusters WHERE ${where}`).all(...params) as Row[];
  const removeTags = prepare(
    db,
    'DELETE FROM galaxy_cluster_relation_tags WHERE galaxy_cluster_relation_id IN (SELECT id FROM galaxy_cluster_relations WHERE galaxy_cluster_id = ?)',
  );
  const removeRelations = prepare(db, 'DELETE FROM galaxy_cluster_relations WHERE galaxy_cluster_id = ?');
  const untarget = prepare(
    db,
    'UPDATE galaxy_cluster_relations SET referenced_galaxy_cluster_id = 0 WHERE referenced_galaxy_cluster_uuid = ?',
  );
  const remove = prepare(db, 'DELETE FROM galaxy_clusters WHERE id = ?');
  for (const row of rows) {
    removeTags.run(row.id);
    removeRelations.run(row.id);
    if (callbacks) untarget.run(row.uuid);
    remove.run(row.id);
  }
}

/**
 * After a cluster is saved, MISP points the relations naming its uuid at it (GalaxyCluster::afterSave). Before
 * the default relations are loaded there is nothing to update: their load looks the targets up then.
 */
export function retargetRelations(db: Database, id: number, uuid: string): void {
  prepare(
    db,
    'UPDATE galaxy_cluster_relations SET referenced_galaxy_cluster_id = ? WHERE referenced_galaxy_cluster_uuid = ?',
  ).run(id, uuid);
}
