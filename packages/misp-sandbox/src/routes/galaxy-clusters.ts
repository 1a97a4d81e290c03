// Custom galaxy clusters: galaxy_clusters/view, add, edit, delete (soft and hard), restore, publish, unpublish.

import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { SG_MEMBER_SQL } from '../accounts/permissions.js';
import { NO_PERMISSION } from '../auth.js';
import { prepare } from '../db/statements.js';
import { HttpError, saveSuccess } from '../http.js';
import { formatCluster, formatGalaxy, formatOrganisation, str } from '../model/format.js';
import type { Route } from '../router.js';
import { readSetting } from '../settings.js';
import type { RequestContext, Row } from '../types.js';

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
};

export function migrateGalaxyClusters(db: Database): void {
  const have = new Set((db.prepare('PRAGMA table_info(galaxy_clusters)').all() as Row[]).map((c) => String(c.name)));
  for (const [name, type] of Object.entries(COLUMNS)) {
    if (!have.has(name)) db.exec(`ALTER TABLE galaxy_clusters ADD COLUMN ${name} ${type}`);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DISTRIBUTION_OPTIONS =
  'Options: Your organisation only, This community only, Connected communities, All communities, Sharing group';

const isAdmin = (ctx: RequestContext) => Boolean(ctx.user.role.perm_site_admin);
const isEditor = (ctx: RequestContext) => isAdmin(ctx) || Boolean(ctx.user.role.perm_galaxy_editor);
const now = () => Math.floor(Date.now() / 1000);

/** MISP's ACL: the write actions need perm_galaxy_editor (site admins have every permission). */
function requireEditor(ctx: RequestContext): void {
  if (!isEditor(ctx)) throw new HttpError(403, NO_PERMISSION);
}

/** A cluster the user may see: default ones, the organisation's own, distribution 1–3, or a sharing group of theirs. */
function findVisibleCluster(ctx: RequestContext, ref: string | undefined): Row | undefined {
  const text = String(ref ?? '');
  if (!/^\d+$/.test(text) && !UUID.test(text)) return undefined;
  const column = /^\d+$/.test(text) ? 'c.id' : 'c.uuid';
  const row = prepare(ctx.db, `SELECT c.* FROM galaxy_clusters c WHERE ${column} = ?`).get(text) as Row | undefined;
  if (!row || isAdmin(ctx)) return row;
  if (row.is_default || Number(row.org_id) === ctx.user.org_id || [1, 2, 3].includes(Number(row.distribution)))
    return row;
  if (Number(row.distribution) === 4 && sharingGroupAllowed(ctx, row.sharing_group_id)) return row;
  return undefined;
}

function sharingGroupAllowed(ctx: RequestContext, id: unknown): boolean {
  if (id === null || id === undefined || !/^\d+$/.test(String(id))) return false;
  if (!prepare(ctx.db, 'SELECT 1 FROM sharing_groups WHERE id = ?').get(Number(id))) return false;
  if (isAdmin(ctx)) return true;
  return Boolean(
    prepare(ctx.db, `SELECT 1 WHERE ? IN ${SG_MEMBER_SQL}`).get(Number(id), ctx.user.org_id) as Row | undefined,
  );
}

/**
 * MISP's fetchIfAuthorized: not found (or not visible) is 404 "Invalid galaxy cluster"; past the ACL, a
 * galaxy editor who is not site admin may modify only the clusters their organisation created (405).
 */
function authorisedCluster(ctx: RequestContext, action: 'edit' | 'delete' | 'publish'): Row {
  const row = findVisibleCluster(ctx, ctx.args[0]);
  if (!row) throw new HttpError(404, 'Invalid galaxy cluster');
  if (isAdmin(ctx)) return row;
  if ((action === 'edit' || action === 'delete') && Number(row.orgc_id) !== ctx.user.org_id)
    throw new HttpError(405, 'Only the creator organisation can modify the galaxy cluster');
  if (action === 'publish' && Number(row.orgc_id) !== ctx.user.org_id && ctx.user.role.perm_publish)
    throw new HttpError(
      405,
      'Only the creator organisation with publishing capabilities can publish the galaxy cluster',
    );
  return row;
}

function organisation(db: Database, id: unknown): Record<string, unknown> | undefined {
  const row = prepare(db, 'SELECT * FROM organisations WHERE id = ?').get(Number(id)) as Row | undefined;
  return row ? formatOrganisation(row) : undefined;
}

/** The cluster fields; a custom cluster's own columns replace the catalogue defaults of `formatCluster`. */
export function formatAnyCluster(row: Row): Record<string, unknown> {
  const cluster = formatCluster(row);
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
  if (row.deleted !== undefined) cluster.deleted = Boolean(row.deleted);
  return cluster;
}

/** galaxy_clusters/view (and the answer of add and edit): the cluster with Galaxy, GalaxyElement, Org, Orgc. */
export function clusterView(db: Database, row: Row): Record<string, unknown> {
  const galaxy = prepare(db, 'SELECT * FROM galaxies WHERE id = ?').get(row.galaxy_id) as Row;
  const { meta, ...cluster } = formatAnyCluster(row);
  // MISP keeps meta as key/value rows (GalaxyElement), one per value.
  let elementId = 0;
  const elements = Object.entries((meta ?? {}) as Record<string, unknown>).flatMap(([key, value]) =>
    (Array.isArray(value) ? value : [value]).map((v) => ({
      id: String(Number(row.id) * 100 + ++elementId),
      galaxy_cluster_id: str(row.id),
      key,
      value: typeof v === 'string' ? v : JSON.stringify(v),
    })),
  );
  if (row.is_default !== 0) {
    return {
      GalaxyCluster: {
        ...cluster,
        collection_uuid: galaxy.uuid,
        published: false,
        Galaxy: formatGalaxy(galaxy),
        GalaxyElement: elements,
        GalaxyClusterRelation: [],
        RelationshipInbound: [],
      },
    };
  }
  const view: Record<string, unknown> = {
    ...cluster,
    Galaxy: formatGalaxy(galaxy),
    GalaxyElement: elements,
    GalaxyClusterRelation: [],
  };
  const org = organisation(db, row.org_id);
  const orgc = organisation(db, row.orgc_id);
  if (org) view.Org = org;
  if (orgc) view.Orgc = orgc;
  return { GalaxyCluster: view };
}

function viewCluster(ctx: RequestContext) {
  const row = findVisibleCluster(ctx, ctx.args[0]);
  if (!row) throw new HttpError(404, 'Invalid galaxy cluster');
  const view = clusterView(ctx.db, row);
  // The view (not the answer of add and edit) also lists the relations that target the cluster.
  if (row.is_default === 0) (view.GalaxyCluster as Row).RelationshipInbound = [];
  return view;
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
  return clusterView(ctx.db, row);
}

/**
 * galaxy_clusters/edit/{id}: default clusters cannot be edited (405). The given fields replace the stored
 * ones; authors and elements not sent are emptied, as MISP's edit does; the version moves to now.
 */
function editCluster(ctx: RequestContext) {
  requireEditor(ctx);
  const row = authorisedCluster(ctx, 'edit');
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
  return clusterView(ctx.db, prepare(ctx.db, 'SELECT * FROM galaxy_clusters WHERE id = ?').get(row.id) as Row);
}

/**
 * galaxy_clusters/delete/{id}[/1] (or `{"hard": 1}`): soft by default (`deleted`, still viewable), hard
 * removes the cluster. Default clusters can be deleted too. Only POST; another method is 405.
 */
function deleteCluster(ctx: RequestContext) {
  requireEditor(ctx);
  const row = authorisedCluster(ctx, 'delete');
  if (ctx.method !== 'POST') throw new HttpError(405, 'This function can only be reached via AJAX.');
  const body = clusterInput(ctx);
  const hard = (ctx.args[1] !== undefined && !['0', 'false', ''].includes(ctx.args[1])) || Boolean(body.hard);
  if (hard) {
    prepare(ctx.db, 'DELETE FROM galaxy_clusters WHERE id = ?').run(row.id);
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
  const row = authorisedCluster(ctx, 'delete');
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
  const row = authorisedCluster(ctx, 'publish');
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
  const row = authorisedCluster(ctx, 'publish');
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
  { controller: 'galaxy_clusters', action: 'add', methods: ALL, handler: addCluster },
  { controller: 'galaxy_clusters', action: 'edit', methods: ALL, handler: editCluster },
  { controller: 'galaxy_clusters', action: 'delete', methods: ALL, handler: deleteCluster },
  { controller: 'galaxy_clusters', action: 'restore', methods: ALL, handler: restoreCluster },
  { controller: 'galaxy_clusters', action: 'publish', methods: ALL, handler: publishCluster },
  { controller: 'galaxy_clusters', action: 'unpublish', methods: ALL, handler: unpublishCluster },
];
