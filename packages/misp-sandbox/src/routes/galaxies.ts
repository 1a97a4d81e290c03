// Galaxies: galaxies/index, view, update, delete, export, import and attachCluster.

import { updateGalaxies } from '../catalogues/galaxies.js';
import { prepare } from '../db/statements.js';
import { HttpError, saveSuccess } from '../http.js';
import { findVisibleEvent } from '../model/events.js';
import { formatGalaxy } from '../model/format.js';
import {
  deleteClusters,
  findGalaxy,
  findVisibleCluster,
  galaxyElements,
  plainCluster,
  UUID,
} from '../model/galaxy-clusters.js';
import { findOrCreateTag } from '../model/tags.js';
import { attributeVisible, eventVisible } from '../model/visibility.js';
import type { Route } from '../router.js';
import { likePattern } from '../search/filters.js';
import type { RequestContext, Row } from '../types.js';
import { exportGalaxy, importClusters } from './galaxy-exchange.js';

const asObject = (value: unknown): Row =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Row) : {};

function findVisibleAttribute(ctx: RequestContext, ref: string | undefined): Row | undefined {
  if (!ref) return undefined;
  const e = eventVisible(ctx.user);
  const a = attributeVisible(ctx.user);
  return prepare(
    ctx.db,
    `SELECT a.* FROM attributes a JOIN events e ON e.id = a.event_id
     WHERE ${/^\d+$/.test(ref) ? 'a.id' : 'a.uuid'} = ? AND a.deleted = 0 AND ${e.sql} AND ${a.sql}`,
  ).get(ref, ...e.params, ...a.params) as Row | undefined;
}

/**
 * `galaxies/attachCluster/{targetId}/{event|attribute}[/local:1]` with `{"Galaxy": {"target_id": cluster}}`:
 * the cluster's tag (`misp-galaxy:<type>="<value>"`, created on first use) goes on the event or attribute.
 */
function attachCluster(ctx: RequestContext) {
  const [targetId, targetType] = ctx.args;
  const body = asObject(ctx.body);
  // MISP looks the cluster up among those the user may see (fetchGalaxyClusters).
  const cluster = findVisibleCluster(ctx, asObject(body.Galaxy).target_id ?? body.target_id);
  if (!cluster) throw new HttpError(404, 'Invalid Galaxy cluster');
  const local = ['1', 'true'].includes(String(ctx.namedParams.local ?? asObject(body.Galaxy).local ?? '0'));
  let eventId: number;
  let attributeId: unknown;
  let attached: boolean;
  const tag = () => findOrCreateTag(ctx.db, String(cluster.tag_name));
  if (targetType === 'event') {
    const event = findVisibleEvent(ctx.db, ctx.user, targetId);
    if (!event) throw new HttpError(404, 'Invalid event.');
    eventId = Number(event.id);
    const t = tag();
    attached =
      prepare(ctx.db, 'INSERT OR IGNORE INTO event_tags (event_id, tag_id, local) VALUES (?, ?, ?)').run(
        eventId,
        t.id,
        local ? 1 : 0,
      ).changes > 0;
  } else if (targetType === 'attribute') {
    const attribute = findVisibleAttribute(ctx, targetId);
    if (!attribute) throw new HttpError(404, 'Invalid attribute.');
    eventId = Number(attribute.event_id);
    attributeId = attribute.id;
    const t = tag();
    attached =
      prepare(
        ctx.db,
        'INSERT OR IGNORE INTO attribute_tags (attribute_id, event_id, tag_id, local) VALUES (?, ?, ?, ?)',
      ).run(attribute.id, eventId, t.id, local ? 1 : 0).changes > 0;
  } else {
    throw new HttpError(404, 'Invalid target type.');
  }
  if (!attached) return { saved: true, success: 'Cluster already attached.', check_publish: true };
  if (!local) {
    // As MISP: a global tag unpublishes the event (and touches the attribute it went on).
    const now = Math.floor(Date.now() / 1000);
    prepare(ctx.db, 'UPDATE events SET timestamp = ?, published = 0 WHERE id = ?').run(now, eventId);
    if (attributeId !== undefined)
      prepare(ctx.db, 'UPDATE attributes SET timestamp = ? WHERE id = ?').run(now, attributeId);
  }
  return { saved: true, success: 'Cluster attached.', check_publish: true };
}

/** galaxies/index (GET, or POST `{"value": …}`): the galaxies whose name, namespace, description, uuid or kill chain match. */
function listGalaxies(ctx: RequestContext) {
  const body = asObject(ctx.body);
  const value = body.value ?? ctx.named.value;
  const rows = (
    typeof value === 'string' && value !== ''
      ? prepare(
          ctx.db,
          'SELECT * FROM galaxies WHERE name LIKE @q OR namespace LIKE @q OR description LIKE @q OR uuid LIKE @q OR kill_chain_order LIKE @q ORDER BY id',
        ).all({ q: likePattern(`%${value}%`) })
      : prepare(ctx.db, 'SELECT * FROM galaxies ORDER BY id').all()
  ) as Row[];
  return rows.map((r) => ({ Galaxy: formatGalaxy(r) }));
}

/** galaxies/view/{id|uuid}: the galaxy and all its clusters, each with its GalaxyElement rows (MISP applies no ACL here). */
function viewGalaxy(ctx: RequestContext) {
  const galaxy = findGalaxy(ctx.db, ctx.args[0]);
  const clusters = prepare(ctx.db, 'SELECT * FROM galaxy_clusters WHERE galaxy_id = ? ORDER BY id').all(
    galaxy.id,
  ) as Row[];
  return {
    Galaxy: formatGalaxy(galaxy),
    GalaxyCluster: clusters.map((c) => ({ ...plainCluster(c), GalaxyElement: galaxyElements(c) })),
  };
}

/**
 * galaxies/delete/{id|uuid} (site admins; MISP takes any method, GET included): the galaxy, its clusters, their
 * elements, their own relations and those relations' tags. Relations of other clusters that targeted them stay,
 * with their now stale target id, as MISP leaves them.
 */
function deleteGalaxy(ctx: RequestContext) {
  const ref = ctx.args[0] ?? '';
  const uuid = UUID.test(ref);
  if (!uuid && !/^\d+$/.test(ref)) throw new HttpError(404, 'Invalid galaxy.');
  const galaxy = prepare(ctx.db, `SELECT * FROM galaxies WHERE ${uuid ? 'uuid' : 'id'} = ?`).get(ref) as
    | Row
    | undefined;
  if (!galaxy) throw new HttpError(404, 'Invalid galaxy.');
  ctx.db.transaction(() => {
    deleteClusters(ctx.db, 'galaxy_id = ?', [galaxy.id], false);
    prepare(ctx.db, 'DELETE FROM galaxies WHERE id = ?').run(galaxy.id);
  })();
  return saveSuccess('Galaxies', 'delete', undefined, 'Galaxy deleted');
}

export const galaxyRoutes: Route[] = [
  { controller: 'galaxies', action: 'index', methods: ['GET', 'POST'], handler: listGalaxies },
  { controller: 'galaxies', action: 'view', methods: ['GET', 'HEAD'], handler: viewGalaxy },
  {
    controller: 'galaxies',
    action: 'delete',
    methods: ['GET', 'POST', 'PUT', 'DELETE'],
    handler: deleteGalaxy,
    permission: 'site_admin',
  },
  { controller: 'galaxies', action: 'export', methods: ['GET', 'POST', 'PUT', 'DELETE'], handler: exportGalaxy },
  { controller: 'galaxies', action: 'import', methods: ['GET', 'POST', 'PUT', 'DELETE'], handler: importClusters },
  { controller: 'galaxies', action: 'attachCluster', methods: ['POST'], handler: attachCluster, permission: 'tagger' },
  {
    controller: 'galaxies',
    action: 'update',
    methods: ['POST'],
    handler: (ctx) => {
      updateGalaxies(ctx.db);
      return saveSuccess('Galaxies', 'update', undefined, 'Galaxies updated.');
    },
    permission: 'site_admin',
  },
];
