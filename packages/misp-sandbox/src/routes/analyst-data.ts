// analystData/*: notes, opinions and relationships, as MISP 2.5's AnalystDataController answers them.
import { NO_PERMISSION } from '../auth.js';
import { HttpError } from '../http.js';
import {
  type AnalystType,
  canEditAnalystData,
  deleteAnalystData,
  draftAnalystData,
  findAnalystData,
  formatAnalystData,
  insertAnalystData,
  isAnalystType,
  listAnalystData,
  OWN_FIELDS,
  updateAnalystData,
  viewerOf,
  withChildren,
} from '../model/analyst-data.js';
import type { Route } from '../router.js';
import type { RequestContext, Row } from '../types.js';

const INTERNAL = 'An Internal Error Has Occurred.';

function requireType(ctx: RequestContext): AnalystType {
  const type = ctx.args[0] ?? 'Note';
  if (!isAnalystType(type)) throw new HttpError(405, 'Invalid type.');
  return type;
}

function requireAnalystPermission(ctx: RequestContext): void {
  if (!(ctx.user.role as unknown as Row).perm_analyst_data) throw new HttpError(403, NO_PERMISSION);
}

/** The entry's own fields: bare, or wrapped in its kind (`{"Note": {…}}`). */
function input(ctx: RequestContext, type: AnalystType): Row {
  let body = ctx.body;
  if (body && typeof body === 'object' && !Array.isArray(body) && type in (body as Row)) body = (body as Row)[type];
  return body && typeof body === 'object' && !Array.isArray(body) ? (body as Row) : {};
}

function requireEntry(ctx: RequestContext, type: AnalystType): Row {
  const row = findAnalystData(ctx.db, viewerOf(ctx.db, ctx.user), type, ctx.args[1] ?? '');
  if (!row) throw new HttpError(404, `Invalid ${type}.`);
  return row;
}

function requireEditable(ctx: RequestContext, type: AnalystType): Row {
  const row = requireEntry(ctx, type);
  if (!canEditAnalystData(viewerOf(ctx.db, ctx.user), row))
    throw new HttpError(405, 'You are not authorised to do that.');
  return row;
}

function addAnalystData(ctx: RequestContext) {
  requireAnalystPermission(ctx);
  const type = requireType(ctx);
  const fields = input(ctx, type);
  const objectUuid = String(ctx.args[1] ?? fields.object_uuid ?? '');
  // MISP 2.5 fails (500) when it has to deduce the type from the uuid, whatever the uuid.
  const objectType = String(ctx.args[2] ?? fields.object_type ?? '');
  // MISP refuses a relationship of an element with itself, with no reason given.
  if (
    type === 'Relationship' &&
    fields.related_object_uuid !== undefined &&
    String(fields.related_object_uuid).toLowerCase() === objectUuid.toLowerCase()
  ) {
    throw new HttpError(403, 'Could not add analyst_data', { saved: false, url: '/analyst_data/add', errors: [] });
  }
  const draft = draftAnalystData(type, fields);
  if (!draft || !objectUuid || !objectType) throw new HttpError(500, INTERNAL);
  const viewer = viewerOf(ctx.db, ctx.user);
  const row = insertAnalystData(ctx.db, viewer, type, objectUuid, objectType, draft, ctx.user.email);
  return { [type]: formatAnalystData(ctx.db, viewer, type, row, true) };
}

function viewAnalystData(ctx: RequestContext) {
  const type = requireType(ctx);
  const row = requireEntry(ctx, type);
  const viewer = viewerOf(ctx.db, ctx.user);
  // MISP 2.5 gives a few organisation fields when the entry is asked for by id, all of them by uuid.
  const entry = formatAnalystData(ctx.db, viewer, type, row, false, /^\d+$/.test(ctx.args[1] ?? ''));
  return { [type]: withChildren(ctx.db, viewer, type, row, entry, 2) };
}

function editAnalystData(ctx: RequestContext) {
  requireAnalystPermission(ctx);
  const type = requireType(ctx);
  const existing = requireEditable(ctx, type);
  const draft = draftAnalystData(type, input(ctx, type), existing);
  if (!draft) throw new HttpError(500, INTERNAL);
  const sent = input(ctx, type);
  const row = updateAnalystData(ctx.db, type, Number(existing.id), draft);
  // MISP answers an edit with the saved data without reading it back: the fields sent keep their JSON type.
  const entry = formatAnalystData(ctx.db, viewerOf(ctx.db, ctx.user), type, row, true);
  for (const field of OWN_FIELDS[type])
    if (sent[field] !== undefined && sent[field] !== null) entry[field] = sent[field];
  return { [type]: entry };
}

function removeAnalystData(ctx: RequestContext) {
  requireAnalystPermission(ctx);
  const type = requireType(ctx);
  const row = requireEditable(ctx, type);
  deleteAnalystData(ctx.db, type, Number(row.id));
  const message = `${type} deleted.`;
  // MISP's generic CRUD answers with its model's table in the url and the id as a number.
  return {
    saved: true,
    success: true,
    name: message,
    message,
    url: `/${type.toLowerCase()}s/delete/${row.id}`,
    id: Number(row.id),
  };
}

function indexAnalystData(ctx: RequestContext) {
  const type = requireType(ctx);
  const viewer = viewerOf(ctx.db, ctx.user);
  return listAnalystData(ctx.db, viewer, type).map((row) => ({
    [type]: formatAnalystData(ctx.db, viewer, type, row, true),
  }));
}

const controller = 'analyst_data';

export const analystDataRoutes: Route[] = [
  { controller, action: 'add', methods: ['POST', 'PUT'], handler: addAnalystData },
  { controller, action: 'view', methods: ['GET'], handler: viewAnalystData },
  { controller, action: 'edit', methods: ['POST', 'PUT'], handler: editAnalystData },
  { controller, action: 'delete', methods: ['POST', 'DELETE'], handler: removeAnalystData },
  { controller, action: 'index', methods: ['GET', 'POST'], handler: indexAnalystData },
];
