import { prepare } from '../db/statements.js';
import { HttpError, saveFail, saveSuccess } from '../http.js';
import { touchEvent } from '../model/attributes.js';
import { formatObject } from '../model/events.js';
import { formatAttribute, str } from '../model/format.js';
import type { Route } from '../router.js';
import type { RequestContext, Row } from '../types.js';
import { addObject, requireEditableEvent, requireEvent } from './events.js';
import { bodyObject, found } from './util.js';

const objectAttributes = (ctx: RequestContext, id: number) =>
  prepare(ctx.db, 'SELECT * FROM attributes WHERE object_id = ? AND deleted = 0 ORDER BY id').all(id) as Row[];

/** objects/add answers the saved row: the object with its attributes, value1/value2 included. */
function addedObject(ctx: RequestContext, id: number) {
  const row = prepare(ctx.db, 'SELECT * FROM objects WHERE id = ?').get(id) as Row;
  return {
    Object: { ...formatObject(row), Attribute: objectAttributes(ctx, id).map((a) => formatAttribute(a, true)) },
  };
}

/** objects/view adds the event's header and each attribute's AttributeTag links. */
function viewedObject(ctx: RequestContext, row: Row) {
  const event = prepare(ctx.db, 'SELECT id, info, org_id, orgc_id FROM events WHERE id = ?').get(row.event_id) as Row;
  const links = prepare(ctx.db, 'SELECT * FROM attribute_tags WHERE attribute_id = ? ORDER BY id');
  return {
    Object: {
      ...formatObject(row),
      Event: { id: str(event.id), info: event.info, org_id: str(event.org_id), orgc_id: str(event.orgc_id) },
      Attribute: objectAttributes(ctx, Number(row.id)).map((a) => ({
        ...formatAttribute(a, true),
        AttributeTag: (links.all(a.id) as Row[]).map((l) => ({
          id: str(l.id),
          attribute_id: str(l.attribute_id),
          event_id: str(l.event_id),
          tag_id: str(l.tag_id),
          local: Boolean(l.local),
          relationship_type: null,
        })),
      })),
    },
  };
}

function findObject(ctx: RequestContext): Row {
  const ref = ctx.args[0];
  const column = ref && /^\d+$/.test(ref) ? 'id' : 'uuid';
  const row = ref
    ? (prepare(ctx.db, `SELECT * FROM objects WHERE ${column} = ? AND deleted = 0`).get(ref) as Row | undefined)
    : undefined;
  if (!row) throw new HttpError(404, 'Invalid object.');
  requireEvent(ctx, String(row.event_id));
  return row;
}

export const objectRoutes: Route[] = [
  {
    controller: 'objects',
    action: 'add',
    methods: ['POST'],
    permission: 'add',
    handler: (ctx) => {
      const event = requireEditableEvent(ctx, ctx.args[0], undefined, 'Invalid event.');
      const input = bodyObject(ctx, 'Object');
      const result = ctx.db.transaction(() => {
        const added = addObject(ctx, Number(event.id), input);
        if ('id' in added) touchEvent(ctx.db, Number(event.id));
        return added;
      })();
      // MISP's own quirk: the failure names the event and an empty template id ("1/").
      if ('error' in result) throw saveFail('objects', 'add', `${ctx.args[0]}/${ctx.args[1] ?? ''}`, result.error);
      return addedObject(ctx, result.id);
    },
  },
  {
    controller: 'objects',
    action: 'view',
    methods: ['GET', 'HEAD'],
    handler: (ctx) => viewedObject(ctx, findObject(ctx)),
    exists: (ctx) => found(() => findObject(ctx)),
  },
  {
    controller: 'objects',
    action: 'delete',
    methods: ['POST', 'DELETE'],
    permission: 'modify',
    handler: (ctx) => {
      const object = findObject(ctx);
      requireEditableEvent(ctx, String(object.event_id));
      ctx.db.transaction(() => {
        prepare(ctx.db, 'UPDATE objects SET deleted = 1 WHERE id = ?').run(object.id);
        prepare(ctx.db, 'UPDATE attributes SET deleted = 1 WHERE object_id = ?').run(object.id);
        touchEvent(ctx.db, Number(object.event_id));
      })();
      // MISP answers with the event's id in url and id, not the object's.
      return saveSuccess('Objects', 'delete', String(object.event_id), 'Object deleted');
    },
  },
];
