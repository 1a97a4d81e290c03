// galaxy_cluster_relations/index, view, add, edit, delete (MISP's GalaxyClusterRelationsController).

import { NO_PERMISSION } from '../auth.js';
import { ensureDefaultRelations } from '../catalogues/galaxies.js';
import { prepare } from '../db/statements.js';
import { HttpError, saveSuccess } from '../http.js';
import { formatTag, str } from '../model/format.js';
import {
  authorise,
  authorisedCluster,
  findVisibleCluster,
  isSiteAdmin,
  sharingGroupAllowed,
  touchCluster,
  UUID,
} from '../model/galaxy-clusters.js';
import { clusterRows, relationEntry, relationTagRows, visibleRelations } from '../model/galaxy-relations.js';
import type { Route } from '../router.js';
import { RawReply } from '../search/export.js';
import type { RequestContext, Row } from '../types.js';

const DISTRIBUTION_OPTIONS =
  'Options: Your organisation only, This community only, Connected communities, All communities, Sharing group';
const NOT_ADDED = 'Relationship could not be added.';

/** MISP's ACL: add, edit and delete need perm_galaxy_editor. */
function requireEditor(ctx: RequestContext): void {
  if (!isSiteAdmin(ctx) && !ctx.user.role.perm_galaxy_editor) throw new HttpError(403, NO_PERMISSION);
}

const asObject = (value: unknown): Row =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Row) : {};

/** `{GalaxyClusterRelation: {...}}` or the bare fields, as MISP accepts both. */
function relationInput(ctx: RequestContext): Row {
  const body = asObject(ctx.body);
  const inner = asObject(body.GalaxyClusterRelation);
  return Object.keys(inner).length > 0 ? inner : body;
}

/** `tags` as the form sends them: one string, comma-separated. */
const tagNames = (value: unknown): string[] =>
  value === undefined || value === null || value === '' || value === false
    ? []
    : String(value)
        .split(',')
        .map((t) => t.trim());

function entries(ctx: RequestContext, rows: Row[]): Record<string, unknown>[] {
  const clusters = clusterRows(
    ctx,
    rows.flatMap((r) => [Number(r.galaxy_cluster_id), Number(r.referenced_galaxy_cluster_id)]),
  );
  const tags = relationTagRows(
    ctx,
    rows.map((r) => Number(r.id)),
  );
  return rows.map((row) => ({
    ...relationEntry(ctx, row, clusters),
    GalaxyClusterRelationTag: (tags.get(Number(row.id)) ?? []).map((t) => ({
      id: str(t.link_id),
      galaxy_cluster_relation_id: str(row.id),
      tag_id: str(t.id),
      Tag: formatTag(t),
    })),
  }));
}

/**
 * galaxy_cluster_relations/index: every relation the user sees, unpaginated, each with SourceCluster,
 * TargetCluster and GalaxyClusterRelationTag. `context` (`all`, `default`, `custom`) and `searchall` (relation
 * type, or value or tag name of either cluster; case-insensitive substring) come as named parameters or in the body.
 */
function listRelations(ctx: RequestContext) {
  ensureDefaultRelations(ctx.db);
  const body = asObject(ctx.body);
  const filter = (name: string) => String(body[name] ?? ctx.namedParams[name] ?? '');
  const where: string[] = [];
  const params: unknown[] = [];
  const context = filter('context');
  if (context === 'default') where.push('r.is_default <> 0');
  else if (context === 'custom') where.push('r.is_default = 0');
  const searchall = filter('searchall');
  if (searchall !== '') {
    const like = `%${searchall.toLowerCase()}%`;
    where.push(`(LOWER(r.referenced_galaxy_cluster_type) LIKE ?
      OR EXISTS (SELECT 1 FROM galaxy_clusters c WHERE c.id IN (r.galaxy_cluster_id, r.referenced_galaxy_cluster_id)
        AND (LOWER(c.value) LIKE ? OR LOWER(c.tag_name) LIKE ?)))`);
    params.push(like, like, like);
  }
  return entries(ctx, visibleRelations(ctx, where.length ? where.join(' AND ') : undefined, params));
}

function findRelation(ctx: RequestContext, message: string): Row {
  const ref = ctx.args[0] ?? '';
  const row = /^\d+$/.test(ref) ? visibleRelations(ctx, 'r.id = ?', [Number(ref)])[0] : undefined;
  if (!row) throw new HttpError(404, message);
  return row;
}

/** galaxy_cluster_relations/view/{id}: the relation, SourceCluster, TargetCluster and (if any) its Tag list. */
function viewRelation(ctx: RequestContext) {
  ensureDefaultRelations(ctx.db);
  const [entry] = entries(ctx, [findRelation(ctx, 'Invalid cluster relation')]);
  const { GalaxyClusterRelationTag: links, ...view } = entry as Row;
  const tags = (links as Row[]).map((l) => l.Tag);
  return tags.length ? { ...view, Tag: tags } : view;
}

/**
 * MISP 2.5 answers a successful add or edit with its save-success JSON pretty-printed, HTML-escaped and sent as
 * text/html, with the response type where the id belongs (the controller passes its arguments out of order).
 */
function escapedSuccess(action: 'add' | 'edit'): RawReply {
  const body = JSON.stringify(
    {
      saved: true,
      success: true,
      name: `GalaxyClusterRelation ${action}ed`,
      message: `GalaxyClusterRelation ${action}ed`,
      url: `/galaxy_cluster_relations/${action}/application/json`,
      id: 'application/json',
    },
    null,
    4,
  ).replace(/"/g, '&quot;');
  return new RawReply(200, body, { 'Content-Type': 'text/html; charset=UTF-8' });
}

interface Validated {
  errors: unknown[];
  fields: Record<string, string[]>;
}

/** MISP's GalaxyClusterRelation validation rules, in its order (validationErrors keeps it). */
function validate(relation: Row): Validated {
  const fields: Record<string, string[]> = {};
  const type = relation.referenced_galaxy_cluster_type;
  if (type === undefined || type === null || String(type).trim() === '')
    fields.referenced_galaxy_cluster_type = ['Referenced_galaxy_cluster_type cannot be empty.'];
  for (const key of ['galaxy_cluster_uuid', 'referenced_galaxy_cluster_uuid'])
    if (relation[key] !== undefined && !UUID.test(String(relation[key])))
      fields[key] = ['Please provide a valid RFC 4122 UUID'];
  if (!['0', '1', '2', '3', '4'].includes(String(relation.distribution ?? '')))
    fields.distribution = [DISTRIBUTION_OPTIONS];
  return { errors: Object.values(fields).map((m) => m[0]), fields };
}

/** `Reasons: <json>` as PHP's json_encode(array_merge($errors, $validationErrors)) writes it. */
function reasons(errors: unknown[], fields: Record<string, string[]>): string {
  if (Object.keys(fields).length === 0) return JSON.stringify(errors);
  const merged: Record<string, unknown> = {};
  errors.forEach((e, i) => {
    merged[String(i)] = e;
  });
  return JSON.stringify({ ...merged, ...fields });
}

function addFailure(message: string): HttpError {
  return new HttpError(403, 'Could not add GalaxyClusterRelation', {
    saved: false,
    url: `/galaxy_cluster_relations/add/${message}`,
    errors: 'application/json',
    id: message,
  });
}

/** Existing tags named in `names` (MISP's lookupTagIdFromName: unknown names are skipped), without repeats. */
function attachTags(ctx: RequestContext, relationId: number, names: string[]): void {
  const insert = prepare(
    ctx.db,
    'INSERT INTO galaxy_cluster_relation_tags (galaxy_cluster_relation_id, tag_id) VALUES (?, ?)',
  );
  const seen = new Set<number>();
  for (const name of names) {
    const tag = prepare(ctx.db, 'SELECT id FROM tags WHERE name = ? COLLATE NOCASE').get(name) as Row | undefined;
    if (!tag || seen.has(Number(tag.id))) continue;
    seen.add(Number(tag.id));
    insert.run(relationId, tag.id);
  }
}

/**
 * galaxy_cluster_relations/add: a relation from a cluster the caller may edit (`galaxy_cluster_uuid`, a uuid or
 * id) to a cluster they see (`referenced_galaxy_cluster_uuid`), of `referenced_galaxy_cluster_type`, with
 * `distribution` and `tags` (comma-separated names of existing tags). The source cluster is touched and
 * unpublished. Failures are MISP's 403 with the reasons in `id` and `url`.
 */
function addRelation(ctx: RequestContext) {
  requireEditor(ctx);
  if (ctx.method !== 'POST') throw new HttpError(500, 'An Internal Error Has Occurred.');
  ensureDefaultRelations(ctx.db);
  const input = relationInput(ctx);
  const distribution = input.distribution;
  const sharingGroup = String(distribution) === '4' ? (input.sharing_group_id ?? null) : null;
  const source = authorise(ctx, input.galaxy_cluster_uuid, ['edit', 'publish']);
  if ('error' in source) throw addFailure(`${NOT_ADDED}Reasons: ${JSON.stringify([source.error])}`);
  const relation: Row = {
    ...input,
    galaxy_cluster_uuid: source.uuid,
    sharing_group_id: sharingGroup,
  };
  const duplicate = prepare(
    ctx.db,
    `SELECT 1 FROM galaxy_cluster_relations WHERE galaxy_cluster_uuid = ? AND referenced_galaxy_cluster_uuid = ?
       AND referenced_galaxy_cluster_type = ?`,
  ).get(
    String(source.uuid),
    String(input.referenced_galaxy_cluster_uuid ?? ''),
    String(input.referenced_galaxy_cluster_type ?? ''),
  );
  if (duplicate) throw addFailure(`${NOT_ADDED}Reasons: ${JSON.stringify(['Relation already exists'])}`);
  if (input.referenced_galaxy_cluster_uuid === undefined)
    throw addFailure(`${NOT_ADDED}Reasons: ${JSON.stringify(['referenced_galaxy_cluster_uuid not provided'])}`);
  const target = findVisibleCluster(ctx, input.referenced_galaxy_cluster_uuid);
  if (!target) throw addFailure(`${NOT_ADDED}Reasons: ${JSON.stringify([['Invalid referenced galaxy cluster']])}`);
  // MISP then looks the target up again by uuid only: an id given in place of the uuid stays unresolved.
  const targetByUuid = prepare(ctx.db, 'SELECT id FROM galaxy_clusters WHERE uuid = ?').get(
    String(input.referenced_galaxy_cluster_uuid),
  ) as Row | undefined;
  const { errors, fields } = validate(relation);
  if (errors.length > 0) throw addFailure(`${NOT_ADDED}Reasons: ${reasons(errors, fields)}`);
  ctx.db.transaction(() => {
    const result = prepare(
      ctx.db,
      `INSERT INTO galaxy_cluster_relations (galaxy_cluster_id, referenced_galaxy_cluster_id, referenced_galaxy_cluster_uuid,
         referenced_galaxy_cluster_type, galaxy_cluster_uuid, distribution, sharing_group_id, is_default)
       VALUES (?, ?, ?, ?, ?, ?, ?, 0)`,
    ).run(
      source.id,
      targetByUuid?.id ?? 0,
      String(input.referenced_galaxy_cluster_uuid),
      String(input.referenced_galaxy_cluster_type),
      String(source.uuid),
      Number(distribution),
      sharingGroup === null ? null : Number(sharingGroup),
    );
    attachTags(ctx, Number(result.lastInsertRowid), tagNames(input.tags));
    touchCluster(ctx.db, source.id);
  })();
  return escapedSuccess('add');
}

/**
 * galaxy_cluster_relations/edit/{id}: a custom relation only (default ones are 405). The body gives the whole
 * relation again (source, target, type, distribution, tags); its tags replace the old ones. Any failure is
 * MISP's one 403 "Relationship could not be added.".
 */
function editRelation(ctx: RequestContext) {
  requireEditor(ctx);
  ensureDefaultRelations(ctx.db);
  const existing = findRelation(ctx, 'Invalid cluster relation');
  if (existing.is_default) throw new HttpError(405, 'Default cluster relation cannot be edited');
  if (ctx.method !== 'POST' && ctx.method !== 'PUT') throw new HttpError(500, 'An Internal Error Has Occurred.');
  const fail = () =>
    new HttpError(403, 'Could not edit GalaxyClusterRelation', {
      saved: false,
      url: '/galaxy_cluster_relations/edit',
      errors: NOT_ADDED,
    });
  const input = relationInput(ctx);
  const source = authorise(ctx, input.galaxy_cluster_uuid, ['edit', 'publish']);
  if ('error' in source) throw fail();
  const distribution = String(input.distribution ?? '');
  const sharingGroup = distribution === '4' ? (input.sharing_group_id ?? null) : null;
  if (distribution === '4' && !sharingGroupAllowed(ctx, sharingGroup)) throw fail();
  if (input.referenced_galaxy_cluster_uuid === undefined) throw fail();
  const target = findVisibleCluster(ctx, input.referenced_galaxy_cluster_uuid);
  if (!target) throw fail();
  const relation: Row = { ...input, galaxy_cluster_uuid: source.uuid, referenced_galaxy_cluster_uuid: target.uuid };
  if (validate(relation).errors.length > 0) throw fail();
  ctx.db.transaction(() => {
    prepare(
      ctx.db,
      `UPDATE galaxy_cluster_relations SET galaxy_cluster_id = ?, galaxy_cluster_uuid = ?, referenced_galaxy_cluster_id = ?,
         referenced_galaxy_cluster_uuid = ?, referenced_galaxy_cluster_type = ?, distribution = ?, sharing_group_id = ?,
         is_default = 0 WHERE id = ?`,
    ).run(
      source.id,
      String(source.uuid),
      target.id,
      String(target.uuid),
      String(input.referenced_galaxy_cluster_type),
      Number(distribution),
      sharingGroup === null ? null : Number(sharingGroup),
      existing.id,
    );
    prepare(ctx.db, 'DELETE FROM galaxy_cluster_relation_tags WHERE galaxy_cluster_relation_id = ?').run(existing.id);
    attachTags(ctx, Number(existing.id), tagNames(input.tags));
    touchCluster(ctx.db, source.id);
  })();
  return escapedSuccess('edit');
}

/** galaxy_cluster_relations/delete/{id} (POST only): default relations too, if the caller may edit the source. */
function deleteRelation(ctx: RequestContext) {
  requireEditor(ctx);
  if (ctx.method !== 'POST') throw new HttpError(500, 'An Internal Error Has Occurred.');
  ensureDefaultRelations(ctx.db);
  const relation = findRelation(ctx, 'Relation not found.');
  const source = authorisedCluster(ctx, relation.galaxy_cluster_uuid, ['edit', 'publish']);
  ctx.db.transaction(() => {
    prepare(ctx.db, 'DELETE FROM galaxy_cluster_relation_tags WHERE galaxy_cluster_relation_id = ?').run(relation.id);
    prepare(ctx.db, 'DELETE FROM galaxy_cluster_relations WHERE id = ?').run(relation.id);
    touchCluster(ctx.db, source.id);
  })();
  return saveSuccess('GalaxyClusterRelations', 'delete', String(relation.id), 'GalaxyClusterRelation deleted');
}

const ALL = ['GET', 'POST', 'PUT', 'DELETE'];

export const galaxyClusterRelationRoutes: Route[] = [
  { controller: 'galaxy_cluster_relations', action: 'index', methods: ['GET', 'POST'], handler: listRelations },
  { controller: 'galaxy_cluster_relations', action: 'view', methods: ['GET'], handler: viewRelation },
  { controller: 'galaxy_cluster_relations', action: 'add', methods: ALL, handler: addRelation },
  { controller: 'galaxy_cluster_relations', action: 'edit', methods: ALL, handler: editRelation },
  { controller: 'galaxy_cluster_relations', action: 'delete', methods: ALL, handler: deleteRelation },
];
