// galaxies/export/{id} and galaxies/import: galaxy clusters out of and into the instance, in MISP's formats.

import { randomUUID } from 'node:crypto';
import { NO_PERMISSION } from '../auth.js';
import { ensureDefaultRelations } from '../catalogues/galaxies.js';
import { prepare } from '../db/statements.js';
import { HttpError, saveSuccess } from '../http.js';
import { formatGalaxy, formatOrganisation, formatTag } from '../model/format.js';
import {
  clusterVisible,
  GENERIC_MISP_ORGANISATION,
  galaxyElements,
  isSiteAdmin,
  now,
  plainCluster,
  retargetRelations,
  sharingGroupAllowed,
  UUID,
} from '../model/galaxy-clusters.js';
import { formatRelation, relationTagRows, relationVisible } from '../model/galaxy-relations.js';
import { findOrCreateTag } from '../model/tags.js';
import { readSetting } from '../settings.js';
import type { RequestContext, Row } from '../types.js';

const asObject = (value: unknown): Row =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Row) : {};
/** PHP's truthiness of a form value. */
const truthy = (value: unknown) =>
  !(value === undefined || value === null || value === false || value === 0 || value === '' || value === '0');

function organisation(ctx: RequestContext, id: unknown): Record<string, unknown> {
  if (Number(id) === 0) return GENERIC_MISP_ORGANISATION;
  const row = prepare(ctx.db, 'SELECT * FROM organisations WHERE id = ?').get(Number(id)) as Row | undefined;
  return row ? formatOrganisation(row) : GENERIC_MISP_ORGANISATION;
}

/** A relation as an export shows it: no ids of its own, tags without id, org_id and user_id. */
function exportedRelation(row: Row, tags: Row[] | undefined): Record<string, unknown> {
  const {
    id: _id,
    galaxy_cluster_id: _source,
    referenced_galaxy_cluster_id: _target,
    ...relation
  } = formatRelation(row);
  if (tags?.length)
    relation.Tag = tags.map((t) => {
      const { id: _tagId, org_id: _org, user_id: _user, ...tag } = formatTag(t);
      return tag;
    });
  return relation;
}

/**
 * Clusters as MISP's full fetch and unsetFieldsForExport leave them. The relations targeting a cluster keep only
 * the tags the fetch saw on the exported clusters' own relations (MISP looks their tag ids up under a wrong key).
 */
function exportedClusters(ctx: RequestContext, rows: Row[], galaxy: Row): Record<string, unknown>[] {
  const relationsOf = (column: string, id: unknown) =>
    prepare(ctx.db, `SELECT * FROM galaxy_cluster_relations WHERE ${column} = ? ORDER BY id`).all(id) as Row[];
  const sourceOf = (r: Row) =>
    prepare(ctx.db, 'SELECT * FROM galaxy_clusters WHERE id = ?').get(r.galaxy_cluster_id) as Row | undefined;
  const fetched = rows.map((row) => ({
    row,
    outgoing: relationsOf('galaxy_cluster_id', row.id).filter((r) => relationVisible(ctx, r, row, true)),
    incoming: relationsOf('referenced_galaxy_cluster_id', row.id).filter((r) => relationVisible(ctx, r, sourceOf(r))),
  }));
  const tags = relationTagRows(
    ctx,
    fetched.flatMap((f) => [...f.outgoing, ...f.incoming].map((r) => Number(r.id))),
  );
  const known = new Set(
    fetched.flatMap((f) => f.outgoing.flatMap((r) => (tags.get(Number(r.id)) ?? []).map((t) => t.id))),
  );
  return fetched.map(({ row, outgoing, incoming }) => {
    const { id: _id, galaxy_id: _galaxy, ...cluster } = plainCluster(row);
    const out: Record<string, unknown> = {
      ...cluster,
      Galaxy: formatGalaxy(galaxy),
      GalaxyElement: galaxyElements(row).map(({ key, value }) => ({ key, value })),
      GalaxyClusterRelation: outgoing.map((r) => exportedRelation(r, tags.get(Number(r.id)))),
      Org: organisation(ctx, row.org_id),
      Orgc: organisation(ctx, row.orgc_id),
    };
    if (incoming.length > 0)
      out.TargetingClusterRelation = incoming.map((r) =>
        exportedRelation(
          r,
          tags.get(Number(r.id))?.filter((t) => known.has(t.id)),
        ),
      );
    return out;
  });
}

/** MISP's convertToMISPGalaxyFormat: a misp-galaxy cluster file (its `version` comes out `false`, as in MISP). */
function toMispGalaxyFormat(galaxy: Row, clusters: Record<string, unknown>[]): Record<string, unknown> {
  const converted: Record<string, unknown> = { name: galaxy.name, type: galaxy.type, authors: [], version: 0 };
  const authors = new Set<string>();
  const values = clusters.map((cluster) => {
    const value: Record<string, unknown> = {
      description: cluster.description,
      uuid: cluster.uuid,
      value: cluster.value,
    };
    converted.uuid = cluster.collection_uuid;
    converted.source = cluster.source;
    for (const author of (cluster.authors as unknown[] | null) ?? [])
      if (author !== null && author !== 'null') authors.add(String(author));
    converted.version = false;
    const meta: Record<string, unknown> = {};
    for (const { key, value: v } of cluster.GalaxyElement as { key: string; value: string }[]) {
      const current = meta[key];
      meta[key] = current === undefined ? v : Array.isArray(current) ? [...current, v] : [current, v];
    }
    if (Object.keys(meta).length > 0) value.meta = meta;
    const related = (cluster.GalaxyClusterRelation as Row[]).map((r) => ({
      'dest-uuid': r.referenced_galaxy_cluster_uuid,
      type: r.referenced_galaxy_cluster_type,
      ...(Array.isArray(r.Tag) && r.Tag.length ? { tags: (r.Tag as Row[]).map((t) => t.name) } : {}),
    }));
    if (related.length > 0) value.related = related;
    return value;
  });
  converted.authors = [...authors];
  converted.values = values;
  return converted;
}

/**
 * galaxies/export/{galaxyId} (POST `{"Galaxy": {default, custom, distribution, format, download}}`): the
 * galaxy's clusters the user sees whose distribution is among `distribution` and whose kind is picked by
 * `default`/`custom`, as `[{GalaxyCluster: …}]` without ids, or as a misp-galaxy cluster file (`format:
 * "misp-galaxy"`); `download: "download"` adds a Content-Disposition. A GET (MISP's form) is a 500.
 */
export function exportGalaxy(ctx: RequestContext) {
  ensureDefaultRelations(ctx.db);
  const ref = ctx.args[0] ?? '';
  const galaxy = /^\d+$/.test(ref)
    ? (prepare(ctx.db, 'SELECT * FROM galaxies WHERE id = ?').get(Number(ref)) as Row | undefined)
    : undefined;
  if (!galaxy) throw new HttpError(404, 'Galaxy not found.');
  if (ctx.method !== 'POST' && ctx.method !== 'PUT') throw new HttpError(500, 'An Internal Error Has Occurred.');
  const options = asObject(asObject(ctx.body).Galaxy);
  const kinds = [...(truthy(options.default) ? [1] : []), ...(truthy(options.custom) ? [0] : [])];
  const distributions = (Array.isArray(options.distribution) ? options.distribution : [options.distribution])
    .filter((d) => d !== undefined && d !== null && d !== '')
    .map(Number);
  const rows =
    kinds.length === 0 || distributions.length === 0
      ? []
      : (prepare(
          ctx.db,
          `SELECT * FROM galaxy_clusters WHERE galaxy_id = ? AND distribution IN (${distributions.map(() => '?').join(',')})
           AND (CASE WHEN is_default = 0 THEN 0 ELSE 1 END) IN (${kinds.map(() => '?').join(',')}) ORDER BY id`,
        ).all(galaxy.id, ...distributions, ...kinds) as Row[]);
  const clusters = exportedClusters(
    ctx,
    rows.filter((r) => clusterVisible(ctx, r)),
    galaxy,
  ).map((c) => ({ GalaxyCluster: c }));
  if (options.download === 'download')
    ctx.setHeader('Content-Disposition', `attachment; filename="galaxy_${galaxy.uuid}_${now()}.json"`);
  return options.format === 'misp-galaxy'
    ? toMispGalaxyFormat(
        galaxy,
        clusters.map((c) => c.GalaxyCluster),
      )
    : clusters;
}

interface ImportResult {
  imported: number;
  ignored: number;
  failed: number;
  errors: string[];
}

/** MISP's Galaxy::captureGalaxy: the galaxy with that uuid, or a new one from the fields given. */
function captureGalaxy(ctx: RequestContext, input: Row): Row | undefined {
  if (typeof input.uuid !== 'string' || input.uuid === '') return undefined;
  const existing = prepare(ctx.db, 'SELECT * FROM galaxies WHERE uuid = ?').get(input.uuid) as Row | undefined;
  if (existing) return existing;
  if (!isSiteAdmin(ctx) && !ctx.user.role.perm_galaxy_editor) return undefined;
  const result = prepare(
    ctx.db,
    `INSERT INTO galaxies (uuid, name, type, description, version, icon, namespace, kill_chain_order)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    input.uuid,
    String(input.name ?? ''),
    String(input.type ?? ''),
    String(input.description ?? ''),
    String(input.version ?? '1'),
    String(input.icon ?? ''),
    String(input.namespace ?? 'misp'),
    input.kill_chain_order ? JSON.stringify(input.kill_chain_order) : null,
  );
  return prepare(ctx.db, 'SELECT * FROM galaxies WHERE id = ?').get(result.lastInsertRowid) as Row;
}

/** The creator organisation of an imported cluster: the one named by `Orgc` (uuid) if it exists here, else the importer's. */
function creatorOrg(ctx: RequestContext, cluster: Row): number {
  const orgc = asObject(cluster.Orgc);
  const mayActForOthers = isSiteAdmin(ctx);
  if (typeof orgc.uuid === 'string' && UUID.test(orgc.uuid)) {
    const row = prepare(ctx.db, 'SELECT id FROM organisations WHERE uuid = ?').get(orgc.uuid) as Row | undefined;
    if (row && (mayActForOthers || Number(row.id) === ctx.user.org_id)) return Number(row.id);
  } else if (cluster.orgc_id !== undefined && mayActForOthers) {
    const row = prepare(ctx.db, 'SELECT id FROM organisations WHERE id = ?').get(Number(cluster.orgc_id)) as
      | Row
      | undefined;
    if (row) return Number(row.id);
  }
  return ctx.user.org_id;
}

/** MISP's GalaxyClusterRelation::captureRelations for an imported cluster; returns how many failed. */
function captureRelations(ctx: RequestContext, source: Row, relations: unknown[]): number {
  let failed = 0;
  for (const item of relations) {
    const wrapped = asObject(item);
    const relation = Object.keys(asObject(wrapped.GalaxyClusterRelation)).length
      ? asObject(wrapped.GalaxyClusterRelation)
      : wrapped;
    const targetUuid = relation.referenced_galaxy_cluster_uuid;
    if (typeof targetUuid !== 'string' || targetUuid === '') {
      failed++;
      continue;
    }
    const target = prepare(ctx.db, 'SELECT * FROM galaxy_clusters WHERE uuid = ?').get(targetUuid) as Row | undefined;
    const type = relation.referenced_galaxy_cluster_type;
    const exists = prepare(
      ctx.db,
      'SELECT 1 FROM galaxy_cluster_relations WHERE galaxy_cluster_uuid = ? AND referenced_galaxy_cluster_uuid = ? AND referenced_galaxy_cluster_type = ?',
    ).get(String(source.uuid), targetUuid, String(type ?? ''));
    const distribution = String(relation.distribution ?? '');
    const valid =
      typeof type === 'string' &&
      type.trim() !== '' &&
      UUID.test(targetUuid) &&
      ['0', '1', '2', '3', '4'].includes(distribution);
    if (exists || !valid) {
      failed++;
      continue;
    }
    const sharingGroup =
      distribution === '4' && sharingGroupAllowed(ctx, relation.sharing_group_id)
        ? Number(relation.sharing_group_id)
        : null;
    const result = prepare(
      ctx.db,
      `INSERT INTO galaxy_cluster_relations (galaxy_cluster_id, referenced_galaxy_cluster_id, referenced_galaxy_cluster_uuid,
         referenced_galaxy_cluster_type, galaxy_cluster_uuid, distribution, sharing_group_id, is_default)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      source.id,
      target && clusterVisible(ctx, target) ? target.id : 0,
      targetUuid,
      type,
      String(source.uuid),
      Number(distribution),
      sharingGroup,
      truthy(relation.default) ? 1 : 0,
    );
    const names = [
      ...((Array.isArray(relation.GalaxyClusterRelationTag) && relation.GalaxyClusterRelationTag.length
        ? relation.GalaxyClusterRelationTag
        : Array.isArray(relation.Tag)
          ? relation.Tag
          : []) as unknown[]),
    ]
      .map((t) => asObject(t).name)
      .filter((n): n is string => typeof n === 'string' && n !== '');
    const link = prepare(
      ctx.db,
      'INSERT INTO galaxy_cluster_relation_tags (galaxy_cluster_relation_id, tag_id) VALUES (?, ?)',
    );
    const seen = new Set<number>();
    for (const name of names) {
      const tag = findOrCreateTag(ctx.db, name);
      if (seen.has(Number(tag.id))) continue;
      seen.add(Number(tag.id));
      link.run(result.lastInsertRowid, tag.id);
    }
  }
  return failed;
}

/** MISP's GalaxyCluster::captureCluster for galaxies/import (not from a pull). */
function captureCluster(ctx: RequestContext, cluster: Row, galaxy: Row, results: ImportResult): void {
  if (truthy(cluster.default)) {
    results.errors.push('Only non-default clusters can be saved');
    results.failed++;
    return;
  }
  const uuid = typeof cluster.uuid === 'string' && UUID.test(cluster.uuid) ? cluster.uuid.toLowerCase() : randomUUID();
  const existing = prepare(ctx.db, 'SELECT * FROM galaxy_clusters WHERE uuid = ?').get(uuid) as Row | undefined;
  const distribution = String(cluster.distribution ?? readSetting(ctx.db, 'MISP.default_event_distribution') ?? '1');
  const sharingGroup =
    distribution === '4' && sharingGroupAllowed(ctx, cluster.sharing_group_id)
      ? Number(cluster.sharing_group_id)
      : null;
  const type = String(cluster.type ?? galaxy.type);
  const authors = Array.isArray(cluster.authors) ? cluster.authors.map(String) : null;
  const fields = [
    galaxy.id,
    type,
    String(cluster.value ?? existing?.value),
    `misp-galaxy:${type}="${uuid}"`,
    String(cluster.description ?? ''),
    String(cluster.source ?? ''),
    JSON.stringify(authors),
    String(cluster.version ?? '0'),
    Number(distribution),
    sharingGroup,
    truthy(cluster.published) ? 1 : 0,
    String(cluster.collection_uuid ?? ''),
  ];
  let id: number;
  if (!existing) {
    // MISP's columns without a default: a new cluster without one fails in the database (HTTP 500), and the
    // transaction leaves nothing of the import behind.
    if ([cluster.value, cluster.type, cluster.collection_uuid].some((v) => v === undefined || v === null))
      throw new HttpError(500, 'An Internal Error Has Occurred.');
    const orgc = creatorOrg(ctx, cluster);
    id = Number(
      prepare(
        ctx.db,
        `INSERT INTO galaxy_clusters (galaxy_id, type, value, tag_name, description, source, authors, version, distribution,
           sharing_group_id, published, collection_uuid, uuid, meta, is_default, org_id, orgc_id, deleted, locked)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '{}', 0, ?, ?, 0, 1)`,
      ).run(...fields, uuid, ctx.user.org_id, orgc).lastInsertRowid,
    );
  } else {
    if (!existing.locked) {
      results.errors.push(
        'Blocked an edit to an cluster that was created locally. This can happen if a synchronised cluster that was created on this instance was modified by an administrator on the remote side.',
      );
      results.failed++;
      return;
    }
    if (!(Number(cluster.version ?? 0) > Number(existing.version))) {
      results.errors.push(`Remote version is not newer than local one for cluster (${uuid})`);
      results.ignored++;
      return;
    }
    id = Number(existing.id);
    prepare(
      ctx.db,
      `UPDATE galaxy_clusters SET galaxy_id = ?, type = ?, value = ?, tag_name = ?, description = ?, source = ?, authors = ?,
         version = ?, distribution = ?, sharing_group_id = ?, published = ?, collection_uuid = ? WHERE id = ?`,
    ).run(...fields, id);
  }
  retargetRelations(ctx.db, id, uuid);
  const elements = Array.isArray(cluster.GalaxyElement) ? cluster.GalaxyElement : [];
  if (elements.length > 0) {
    const meta: Record<string, string[]> = {};
    for (const element of elements) {
      const { key, value } = asObject(element);
      if (key === undefined || value === undefined) continue;
      meta[String(key)] = [...(meta[String(key)] ?? []), String(value)];
    }
    prepare(ctx.db, 'UPDATE galaxy_clusters SET meta = ? WHERE id = ?').run(JSON.stringify(meta), id);
  }
  const relations = Array.isArray(cluster.GalaxyClusterRelation) ? cluster.GalaxyClusterRelation : [];
  if (relations.length > 0) {
    prepare(
      ctx.db,
      'DELETE FROM galaxy_cluster_relation_tags WHERE galaxy_cluster_relation_id IN (SELECT id FROM galaxy_cluster_relations WHERE galaxy_cluster_id = ?)',
    ).run(id);
    prepare(ctx.db, 'DELETE FROM galaxy_cluster_relations WHERE galaxy_cluster_id = ?').run(id);
    const source = prepare(ctx.db, 'SELECT * FROM galaxy_clusters WHERE id = ?').get(id) as Row;
    // MISP then counts the cluster in neither `imported` nor `failed`, though it is saved.
    if (captureRelations(ctx, source, relations) > 0) {
      results.errors.push('Issues while capturing relations have been logged.');
      return;
    }
  }
  results.imported++;
}

/**
 * galaxies/import (POST, perm_galaxy_editor): a list of `{GalaxyCluster: {…, Galaxy, GalaxyElement,
 * GalaxyClusterRelation}}` as galaxies/export writes it. Each custom cluster is saved locked, in its galaxy
 * (found by the embedded Galaxy's uuid, created if missing, or by `type` for a cluster that exists already);
 * default clusters are refused. The answer counts imported, ignored and failed clusters; when clusters failed
 * and none was imported it is MISP's 403 save failure. All in one transaction.
 */
export function importClusters(ctx: RequestContext) {
  if (!isSiteAdmin(ctx) && !ctx.user.role.perm_galaxy_editor) throw new HttpError(403, NO_PERMISSION);
  if (ctx.method !== 'POST' && ctx.method !== 'PUT') throw new HttpError(500, 'An Internal Error Has Occurred.');
  ensureDefaultRelations(ctx.db);
  const body = ctx.body;
  const items = Array.isArray(body) ? body : body && typeof body === 'object' ? Object.values(body) : [];
  const results: ImportResult = { imported: 0, ignored: 0, failed: 0, errors: [] };
  ctx.db.transaction(() => {
    for (const item of items) {
      const cluster = asObject(asObject(item).GalaxyCluster);
      const embedded = asObject(cluster.Galaxy);
      let galaxy: Row | undefined;
      if (Object.keys(embedded).length > 0) galaxy = captureGalaxy(ctx, embedded);
      else if (cluster.type !== undefined && cluster.type !== '') {
        galaxy = prepare(ctx.db, 'SELECT * FROM galaxies WHERE type = ?').get(String(cluster.type)) as Row | undefined;
        // MISP creates a missing cluster through the embedded Galaxy only: without one it fails (HTTP 500).
        const known =
          typeof cluster.uuid === 'string' &&
          prepare(ctx.db, 'SELECT 1 FROM galaxy_clusters WHERE uuid = ?').get(cluster.uuid.toLowerCase());
        if (galaxy && !known && !truthy(cluster.default)) throw new HttpError(500, 'An Internal Error Has Occurred.');
      }
      if (!galaxy) {
        results.failed++;
        results.errors.push('Galaxy not found');
        continue;
      }
      captureCluster(ctx, cluster, galaxy, results);
    }
  })();
  const summary = `${results.imported} imported, ${results.ignored} ignored, ${results.failed} failed. ${results.errors.join(', ')}`;
  if (results.failed > 0 && results.imported === 0)
    throw new HttpError(403, 'Could not import Galaxy', {
      saved: false,
      url: '/galaxies/import',
      errors: `Could not import galaxy clusters. ${summary}`,
    });
  return saveSuccess('Galaxies', 'import', undefined, `Galaxy clusters imported. ${summary}`);
}
