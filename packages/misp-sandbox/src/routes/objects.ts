import { prepare } from '../db/statements.js';
import { HttpError, saveFailure } from '../http.js';
import { touchEvent } from '../model/attributes.js';
import { formatObject } from '../model/events.js';
import { formatAttribute } from '../model/format.js';
import type { Route } from '../router.js';
import type { RequestContext, Row } from '../types.js';
import { addObject, requireEditableEvent, requireEvent } from './events.js';
import { bodyObject, found } from './util.js';

function objectJson(ctx: RequestContext, id: number) {
  const row = prepare(ctx.db, 'SELECT * FROM objects WHERE id = ?').get(id) as Row;
  const attributes = prepare(ctx.db, 'SELECT * FROM attributes WHERE object_id = ? AND deleted = 0 ORDER BY id').all(
    id,
  ) as Row[];
  return { Object: { ...formatObject(row), Attribute: attributes.map(formatAttribute), ObjectReference: [] } };
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
      const event = requireEditableEvent(ctx);
      const input = bodyObject(ctx, 'Object');
      const result = ctx.db.transaction(() => {
        const added = addObject(ctx, Number(event.id), input);
        if (Object.keys(added.errors).length) throw saveFailure('Could not save object.', ctx.url, added.errors);
        touchEvent(ctx.db, Number(event.id));
        return added;
      })();
      return objectJson(ctx, result.id);
    },
  },
  {
    controller: 'objects',
    action: 'view',
    methods: ['GET', 'HEAD'],
    handler: (ctx) => objectJson(ctx, Number(findObject(ctx).id)),
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
      return { message: 'Object deleted' };
    },
  },
];
