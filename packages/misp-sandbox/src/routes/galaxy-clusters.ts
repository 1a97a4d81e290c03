// Galaxy clusters: galaxy_clusters/view and index, and custom clusters' add, edit, delete (soft and hard),
// restore, publish, unpublish.

import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { NO_PERMISSION } from '../auth.js';
import { prepare } from '../db/statements.js';
import { HttpError, saveSuccess } from '../http.js';
import {
  authorisedCluster,
  clusterView,
  clusterViewExtras,
  clusterVisible,
  deleteClusters,
  findVisibleCluster,
  isSiteAdmin,
  now,
  plainCluster,
  retargetRelations,
  sharingGroupAllowed,
  UUID,
} from '../model/galaxy-clusters.js';
import type { Route } from '../router.js';
import { readSetting } from '../settings.js';
import type { RequestContext, Row } from '../types.js';
import { galaxyClusterRelationRoutes } from './galaxy-cluster-relations.js';

/**
 * The columns MISP keeps for clusters made through the API. The catalogue's default clusters keep the
 * defaults below (`is_default` 1, no organisation, distribution 3, published); a custom cluster has its
 * creator organisation, its own distribution, `published` 0 until published, and `deleted` for soft deletes.
 */
const COLUMNS: Record<string, string> = {
  is_default: 'INTEGER NOT NULL DEFAULT 1',
  org_id: 'INTEGER NOT NULL DEFAULT 0',
  orgc_id: 'INTEGER NOT NULL DEFAULT 0',
  distribution: 'INTEGER NOT NULL DEFAULT 3',
  sharing_group_id: 'INTEGER',
  published: 'INTEGER NOT NULL DEFAULT 1',
  deleted: 'INTEGER NOT NULL DEFAULT 0',
  /** The uuid of the cluster file a default cluster came from (or of an imported cluster's collection). */
  collection_uuid: "TEXT NOT NULL DEFAULT ''",
  /** Imported clusters are locked: only a newer version of them may replace them. */
  locked: 'INTEGER NOT NULL DEFAULT 0',
};

/**
 * MISP's galaxy_cluster_relations and galaxy_cluster_relation_tags. `referenced_galaxy_cluster_id` is kept as
 * MISP keeps it: the target's id when the relation was saved (0 when unknown), set when a cluster with that
 * uuid is saved later, reset to 0 when the target is deleted on its own (not when its whole galaxy is).
 */
const RELATION_SCHEMA = `
  CREATE TABLE IF NOT EXISTS galaxy_cluster_relations (
    id INTEGER PRIMARY KEY AUTOINCREMENT, galaxy_cluster_id INTEGER NOT NULL, referenced_galaxy_cluster_id INTEGER NOT NULL DEFAULT 0,
    referenced_galaxy_cluster_uuid TEXT NOT NULL, referenced_galaxy_cluster_type TEXT NOT NULL,
    galaxy_cluster_uuid TEXT NOT NULL, distribution INTEGER NOT NULL DEFAULT 0, sharing_group_id INTEGER,
    is_default INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX IF NOT EXISTS idx_gcr_source ON galaxy_cluster_relations(galaxy_cluster_id);
  CREATE INDEX IF NOT EXISTS idx_gcr_target ON galaxy_cluster_relations(referenced_galaxy_cluster_id);
  CREATE INDEX IF NOT EXISTS idx_gcr_target_uuid ON galaxy_cluster_relations(referenced_galaxy_cluster_uuid);
  CREATE TABLE IF NOT EXISTS galaxy_cluster_relation_tags (
    id INTEGER PRIMARY KEY AUTOINCREMENT, galaxy_cluster_relation_id INTEGER NOT NULL, tag_id INTEGER NOT NULL
  );
  CREATE INDEX IF NOT EXISTS idx_gcrt_relation ON galaxy_cluster_relation_tags(galaxy_cluster_relation_id);
  CREATE TABLE IF NOT EXISTS galaxy_catalogue_state (name TEXT PRIMARY KEY);
`;

export function migrateGalaxyClusters(db: Database): void {
  const have = new Set((db.prepare('PRAGMA table_info(galaxy_clusters)').all() as Row[]).map((c) => String(c.name)));
  for (const [name, type] of Object.entries(COLUMNS)) {
    if (!have.has(name)) db.exec(`ALTER TABLE galaxy_clusters ADD COLUMN ${name} ${type}`);
  }
  db.exec(RELATION_SCHEMA);
}

const DISTRIBUTION_OPTIONS =
  'Options: Your organisation only, This community only, Connected communities, All communities, Sharing group';

const isEditor = (ctx: RequestContext) => isSiteAdmin(ctx) || Boolean(ctx.user.role.perm_galaxy_editor);

/** MISP's ACL: the write actions need perm_galaxy_editor (site admins have every permission). */
function requireEditor(ctx: RequestContext): void {
  if (!isEditor(ctx)) throw new HttpError(403, NO_PERMISSION);
}

/**
 * MISP's fetchIfAuthorized: not found (or not visible) is 404 "Invalid galaxy cluster"; past the ACL, a
 * galaxy editor who is not site admin may modify only the clusters their organisation created (405).
 */
const authorised = (ctx: RequestContext, action: 'edit' | 'delete' | 'publish') =>
  authorisedCluster(ctx, ctx.args[0], [action]);

function viewCluster(ctx: RequestContext) {
  const row = findVisibleCluster(ctx, ctx.args[0]);
  if (!row) throw new HttpError(404, 'Invalid galaxy cluster');
  const view = clusterView(ctx, row);
  // The view (not the answer of add and edit) also lists the relations that target the cluster.
  clusterViewExtras(ctx, row, view);
  return view;
}

/**
 * galaxy_clusters/index/{galaxyId} (GET, or POST with filters): the galaxy's clusters the user sees, as
 * `[{GalaxyCluster: {...}}]` without elements. `context` (named parameter or body) is `all` (default), `default`,
 * `custom`, `org`, `orgc` or `deleted` (any context but `all` leaves soft-deleted clusters out, except `deleted`);
 * `searchall` matches value, description or a synonym (case-insensitive, substring) or the exact uuid.
 */
function listClusters(ctx: RequestContext) {
  const galaxy = prepare(
    ctx.db,
    `SELECT id FROM galaxies WHERE ${/^\d+$/.test(ctx.args[0] ?? '') ? 'id' : 'uuid'} = ?`,
  ).get(ctx.args[0] ?? '') as Row | undefined;
  if (!galaxy) throw new HttpError(404, 'Invalid Galaxy.');
  const body = clusterInput(ctx);
  const filter = (name: string) => {
    const value = body[name] ?? ctx.namedParams[name];
    return value === undefined || value === null ? '' : String(value);
  };
  const where = ['c.galaxy_id = ?'];
  const params: unknown[] = [galaxy.id];
  const context = filter('context');
  if (context !== '') where.push('c.deleted = 0');
  if (context === 'default') where.push('c.is_default <> 0');
  else if (context === 'custom') where.push('c.is_default = 0');
  else if (context === 'orgc' || context === 'org') {
    where.push(`c.${context}_id = ?`);
    params.push(ctx.user.org_id);
  } else if (context === 'deleted') {
    where.pop();
    where.push('c.deleted = 1');
  }
  const searchall = filter('searchall');
  if (searchall !== '') {
    const like = `%${searchall.toLowerCase()}%`;
    where.push(
      `(LOWER(c.value) LIKE ? OR LOWER(c.description) LIKE ? OR c.uuid = ? OR EXISTS (SELECT 1 FROM json_each(c.meta, '$.synonyms') s WHERE LOWER(s.value) LIKE ?))`,
    );
    params.push(like, like, searchall, like);
  }
  const rows = prepare(ctx.db, `SELECT c.* FROM galaxy_clusters c WHERE ${where.join(' AND ')} ORDER BY c.id`).all(
    ...params,
  ) as Row[];
  return rows.filter((r) => clusterVisible(ctx, r)).map((r) => ({ GalaxyCluster: plainCluster(r) }));
}

/** `{GalaxyCluster: {...}}` or the bare cluster fields, as MISP accepts both. */
function clusterInput(ctx: RequestContext): Row {
  const body = ctx.body;
  if (!body || typeof body !== 'object' || Array.isArray(body)) return {};
  const inner = (body as Row).GalaxyCluster;
  return inner && typeof inner === 'object' && !Array.isArray(inner) ? (inner as Row) : (body as Row);
}

function addFailure(errors: string): HttpError {
  return new HttpError(403, 'Could not add GalaxyCluster', { saved: false, url: '/galaxy_clusters/add', errors });
}

/** `GalaxyElement: [{key, value}]` → meta `{key: [values]}` (MISP groups the elements by key). */
function elementsToMeta(input: Row): Record<string, string[]> | string {
  let elements: unknown = input.GalaxyElement;
  if (input.elements !== undefined && input.elements !== '' && input.elements !== null) {
    try {
      elements = typeof input.elements === 'string' ? JSON.parse(input.elements) : input.elements;
    } catch {
      return 'Invalid JSON';
    }
  }
  const meta: Record<string, string[]> = {};
  for (const element of Array.isArray(elements) ? elements : []) {
    if (!element || typeof element !== 'object') continue;
    const { key, value } = element as Row;
    if (key === undefined || value === undefined) continue;
    const k = String(key);
    meta[k] = meta[k] ?? [];
    meta[k].push(typeof value === 'string' ? value : JSON.stringify(value));
  }
  return meta;
}

/** authors as MISP takes them: a list, a JSON list in a string, or a comma-separated string. */
function authorsOf(value: unknown): unknown[] | null {
  if (value === undefined || value === null || value === '') return null;
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string') {
    try {
      const parsed = JSON.parse(value);
      if (Array.isArray(parsed)) return parsed.map(String);
    } catch {
      // not JSON: comma separated
    }
    return value.split(',').map((a) => a.trim());
  }
  return [String(value)];
}

/** Distribution and sharing group checks shared by add and edit; returns the error text, if any. */
function distributionError(ctx: RequestContext, distribution: string, sharingGroup: unknown): string | undefined {
  if (!['0', '1', '2', '3', '4'].includes(distribution)) return DISTRIBUTION_OPTIONS;
  if (distribution === '4' && !sharingGroupAllowed(ctx, sharingGroup))
    return 'The sync user has to have access to the sharing group in order to be able to edit it';
  return undefined;
}

/**
 * galaxy_clusters/add/{galaxyId}: a custom cluster of the caller's organisation, unpublished, with tag name
 * `misp-galaxy:<galaxy type>="<cluster uuid>"` and the version set to the current epoch.
 */
function addCluster(ctx: RequestContext) {
  requireEditor(ctx);
  const ref = ctx.args[0] ?? '';
  let galaxy: Row | undefined;
  if (UUID.test(ref)) galaxy = prepare(ctx.db, 'SELECT * FROM galaxies WHERE uuid = ?').get(ref) as Row | undefined;
  else if (/^\d+$/.test(ref))
    galaxy = prepare(ctx.db, 'SELECT * FROM galaxies WHERE id = ?').get(ref) as Row | undefined;
  else throw new HttpError(404, 'Invalid galaxy');
  if (ctx.method !== 'POST' && ctx.method !== 'PUT') throw new HttpError(500, 'An Internal Error Has Occurred.');
  if (!galaxy) throw addFailure('Galaxy not found');
  const input = clusterInput(ctx);
  const meta = elementsToMeta(input);
  if (typeof meta === 'string') throw addFailure(meta);
  const uuid = typeof input.uuid === 'string' && UUID.test(input.uuid) ? input.uuid.toLowerCase() : randomUUID();
  if (prepare(ctx.db, 'SELECT 1 FROM galaxy_clusters WHERE uuid = ?').get(uuid)) {
    throw addFailure('Edit not allowed');
  }
  const distribution = String(input.distribution ?? readSetting(ctx.db, 'MISP.default_event_distribution') ?? '1');
  const failure = distributionError(ctx, distribution, input.sharing_group_id);
  if (failure) throw addFailure(failure);
  // MISP's value column is NOT NULL: a cluster without a value fails in the database (HTTP 500), saving nothing.
  if (input.value === undefined || input.value === null) throw new HttpError(500, 'An Internal Error Has Occurred.');
  const authors = authorsOf(input.authors);
  const result = prepare(
    ctx.db,
    `INSERT INTO galaxy_clusters (uuid, galaxy_id, type, value, tag_name, description, source, authors, version, meta,
       is_default, org_id, orgc_id, distribution, sharing_group_id, published, deleted)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, 0, 0)`,
  ).run(
    uuid,
    galaxy.id,
    galaxy.type,
    String(input.value),
    `misp-galaxy:${galaxy.type}="${uuid}"`,
    String(input.description ?? ''),
    String(input.source ?? ''),
    JSON.stringify(authors),
    String(now()),
    JSON.stringify(meta),
    ctx.user.org_id,
    ctx.user.org_id,
    Number(distribution),
    distribution === '4' ? Number(input.sharing_group_id) : null,
  );
  const row = prepare(ctx.db, 'SELECT * FROM galaxy_clusters WHERE id = ?').get(result.lastInsertRowid) as Row;
  retargetRelations(ctx.db, Number(row.id), uuid);
  return clusterView(ctx, row);
}

/**
 * galaxy_clusters/edit/{id}: default clusters cannot be edited (405). The given fields replace the stored
 * ones; authors and elements not sent are emptied, as MISP's edit does; the version moves to now.
 */
function editCluster(ctx: RequestContext) {
  requireEditor(ctx);
  const row = authorised(ctx, 'edit');
  if (row.is_default !== 0) throw new HttpError(405, 'Default galaxy cluster cannot be edited');
  if (ctx.method !== 'POST' && ctx.method !== 'PUT') throw new HttpError(500, 'An Internal Error Has Occurred.');
  const input = clusterInput(ctx);
  const fail = (errors: string) =>
    new HttpError(403, 'Could not edit GalaxyCluster', {
      saved: false,
      url: `/galaxy_clusters/edit/${row.id}`,
      errors,
    });
  const meta = elementsToMeta(input);
  if (typeof meta === 'string') throw fail(meta);
  const distribution = String(input.distribution ?? row.distribution);
  const sharingGroup = input.sharing_group_id ?? row.sharing_group_id;
  const failure = distributionError(ctx, distribution, sharingGroup);
  if (failure) throw fail(failure);
  const authors = authorsOf(input.authors) ?? [];
  prepare(
    ctx.db,
    `UPDATE galaxy_clusters SET value = ?, description = ?, source = ?, authors = ?, meta = ?, distribution = ?,
       sharing_group_id = ?, version = ? WHERE id = ?`,
  ).run(
    String(input.value ?? row.value),
    String(input.description ?? row.description),
    String(input.source ?? row.source),
    JSON.stringify(authors),
    JSON.stringify(meta),
    Number(distribution),
    distribution === '4' ? Number(sharingGroup) : null,
    String(now()),
    row.id,
  );
  return clusterView(ctx, prepare(ctx.db, 'SELECT * FROM galaxy_clusters WHERE id = ?').get(row.id) as Row);
}

/**
 * galaxy_clusters/delete/{id}[/1] (or `{"hard": 1}`): soft by default (`deleted`, still viewable), hard
 * removes the cluster. Default clusters can be deleted too. Only POST; another method is 405.
 */
function deleteCluster(ctx: RequestContext) {
  requireEditor(ctx);
  const row = authorised(ctx, 'delete');
  if (ctx.method !== 'POST') throw new HttpError(405, 'This function can only be reached via AJAX.');
  const body = clusterInput(ctx);
  const hard = (ctx.args[1] !== undefined && !['0', 'false', ''].includes(ctx.args[1])) || Boolean(body.hard);
  if (hard) {
    ctx.db.transaction(() => deleteClusters(ctx.db, 'id = ?', [row.id], true))();
  } else {
    prepare(ctx.db, 'UPDATE galaxy_clusters SET deleted = 1, version = ? WHERE id = ?').run(String(now()), row.id);
  }
  return saveSuccess(
    'GalaxyClusters',
    'delete',
    String(row.id),
    hard
      ? 'Galaxy cluster successfuly hard deleted and added to the block list.'
      : 'Galaxy cluster successfuly soft deleted.',
  );
}

function restoreCluster(ctx: RequestContext) {
  requireEditor(ctx);
  const row = authorised(ctx, 'delete');
  if (ctx.method !== 'POST') throw new HttpError(405, 'This function can only be reached via POST.');
  prepare(ctx.db, 'UPDATE galaxy_clusters SET deleted = 0, version = ? WHERE id = ?').run(String(now()), row.id);
  return saveSuccess('GalaxyClusters', 'restore', String(row.id), 'GalaxyCluster restored');
}

/**
 * galaxy_clusters/publish/{id}: MISP queues a publish job and answers `{"message": "Publish job queued. Job
 * ID: …"}`; the sandbox runs the job at once, so the cluster is published when the answer arrives.
 */
function publishCluster(ctx: RequestContext) {
  requireEditor(ctx);
  const row = authorised(ctx, 'publish');
  // MISP escapes the apostrophe of these two messages as an HTML entity.
  if (row.is_default === 0 && row.published)
    throw new HttpError(405, 'You can&#039;t publish a galaxy cluster that is already published');
  if (row.is_default !== 0) throw new HttpError(405, 'Default galaxy cluster cannot be published');
  if (ctx.method !== 'POST' && ctx.method !== 'PUT') throw new HttpError(500, 'An Internal Error Has Occurred.');
  prepare(ctx.db, 'UPDATE galaxy_clusters SET published = 1 WHERE id = ?').run(row.id);
  return { message: `Publish job queued. Job ID: ${randomUUID()}` };
}

function unpublishCluster(ctx: RequestContext) {
  requireEditor(ctx);
  const row = authorised(ctx, 'publish');
  // MISP's default clusters are never published (their view says so), so MISP's "Default galaxy cluster
  // cannot be unpublished" is not reached before this one.
  if (row.is_default !== 0 || !row.published)
    throw new HttpError(405, 'You can&#039;t unpublish a galaxy cluster that is not published');
  if (ctx.method !== 'POST' && ctx.method !== 'PUT') throw new HttpError(500, 'An Internal Error Has Occurred.');
  prepare(ctx.db, 'UPDATE galaxy_clusters SET published = 0 WHERE id = ?').run(row.id);
  return saveSuccess('GalaxyClusters', 'unpublish', String(row.id), 'GalaxyCluster unpublished');
}

const ALL = ['GET', 'POST', 'PUT', 'DELETE'];

export const galaxyClusterRoutes: Route[] = [
  { controller: 'galaxy_clusters', action: 'view', methods: ['GET', 'HEAD'], handler: viewCluster },
  { controller: 'galaxy_clusters', action: 'index', methods: ['GET', 'POST'], handler: listClusters },
  { controller: 'galaxy_clusters', action: 'add', methods: ALL, handler: addCluster },
  { controller: 'galaxy_clusters', action: 'edit', methods: ALL, handler: editCluster },
  { controller: 'galaxy_clusters', action: 'delete', methods: ALL, handler: deleteCluster },
  { controller: 'galaxy_clusters', action: 'restore', methods: ALL, handler: restoreCluster },
  { controller: 'galaxy_clusters', action: 'publish', methods: ALL, handler: publishCluster },
  { controller: 'galaxy_clusters', action: 'unpublish', methods: ALL, handler: unpublishCluster },
  ...galaxyClusterRelationRoutes,
];
