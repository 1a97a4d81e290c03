import { prepare } from '../db/statements.js';
import { HttpError, saveSuccess } from '../http.js';
import { findVisibleEvent } from '../model/events.js';
import { findOrCreateTag } from '../model/tags.js';
import { attributeVisible, eventVisible } from '../model/visibility.js';
import type { Route } from '../router.js';
import type { RequestContext, Row } from '../types.js';

const asObject = (value: unknown): Row =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Row) : {};

function findCluster(ctx: RequestContext, ref: unknown): Row | undefined {
  const text = String(ref ?? '');
  return prepare(ctx.db, `SELECT * FROM galaxy_clusters WHERE ${/^\d+$/.test(text) ? 'id' : 'uuid'} = ?`).get(text) as
    | Row
    | undefined;
}

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
  const cluster = findCluster(ctx, asObject(body.Galaxy).target_id ?? body.target_id);
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

export const galaxyRoutes: Route[] = [
  { controller: 'galaxies', action: 'attachCluster', methods: ['POST'], handler: attachCluster, permission: 'tagger' },
  {
    controller: 'galaxies',
    action: 'update',
    methods: ['POST'],
    handler: () => saveSuccess('Galaxies', 'update', undefined, 'Galaxies updated.'),
    permission: 'site_admin',
  },
];
