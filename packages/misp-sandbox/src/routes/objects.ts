import { randomUUID } from 'node:crypto';
import { readCatalogue } from '../catalogues/files.js';
import {
  conformityError,
  formatTemplate,
  formatTemplateElement,
  installObjectTemplates,
  type ObjectTemplate,
  type ObjectTemplateFile,
  templateById,
  templateByUuid,
} from '../catalogues/object-templates.js';
import { prepare } from '../db/statements.js';
import { HttpError, saveFail, saveSuccess } from '../http.js';
import { captureAnalystData } from '../model/analyst-data.js';
import {
  type AttributeDraft,
  draftAttribute,
  flag,
  insertAttribute,
  isUuid,
  now,
  touchEvent,
} from '../model/attributes.js';
import { formatAttribute, str } from '../model/format.js';
import {
  attributeTagLinks,
  deleteObject,
  describeErrors,
  findDuplicateObject,
  findTarget,
  formatObject,
  formatReference,
  insertObjectRow,
  insertReference,
  objectFieldErrors,
  objectFields,
  parseSeen,
  payloadAttributeKeys,
  payloadTemplate,
  touchObject,
  updateAttributeRow,
  updateObjectRow,
} from '../model/objects.js';
import { attributeVisible, objectVisible } from '../model/visibility.js';
import { Reply, type Route } from '../router.js';
import { searchObjects } from '../search/objects.js';
import type { RequestContext, Row } from '../types.js';
import { requireEditableEvent, requireEvent, requireFilters } from './events.js';
import { bodyObject, filters, found } from './util.js';

const objectAttributes = (ctx: RequestContext, id: number, live = true) =>
  prepare(ctx.db, `SELECT * FROM attributes WHERE object_id = ?${live ? ' AND deleted = 0' : ''} ORDER BY id`).all(
    id,
  ) as Row[];

const eventSummary = (ctx: RequestContext, eventId: unknown) => {
  const event = prepare(ctx.db, 'SELECT id, info, org_id, orgc_id FROM events WHERE id = ?').get(eventId) as Row;
  return { id: str(event.id), info: event.info, org_id: str(event.org_id), orgc_id: str(event.orgc_id) };
};

/** The attributes of objects/view and objects/restSearch the user may see, with value1/value2 and AttributeTag links. */
function visibleAttributes(ctx: RequestContext, id: number): Row[] {
  const acl = attributeVisible(ctx.user);
  return prepare(
    ctx.db,
    `SELECT a.* FROM attributes a JOIN events e ON e.id = a.event_id
     WHERE a.object_id = ? AND a.deleted = 0 AND ${acl.sql} ORDER BY a.id`,
  ).all(id, ...acl.params) as Row[];
}

/** The attributes of objects/view, objects/edit and objects/restSearch: value1/value2 and AttributeTag links. */
const linkedAttributes = (ctx: RequestContext, id: number) =>
  visibleAttributes(ctx, id).map((a) => ({
    ...formatAttribute(a, true),
    AttributeTag: attributeTagLinks(ctx.db, a.id),
  }));

/** objects/add answers the saved row: the object with all its attributes, value1/value2 included. */
function addedObject(ctx: RequestContext, id: number) {
  const row = prepare(ctx.db, 'SELECT * FROM objects WHERE id = ?').get(id) as Row;
  return {
    Object: { ...formatObject(row), Attribute: objectAttributes(ctx, id, false).map((a) => formatAttribute(a, true)) },
  };
}

/** objects/view: the object, its event's header, its live attributes (the key left out when there are none). */
function viewedObject(ctx: RequestContext, row: Row) {
  const attributes = linkedAttributes(ctx, Number(row.id));
  return {
    Object: {
      ...formatObject(row),
      Event: eventSummary(ctx, row.event_id),
      ...(attributes.length ? { Attribute: attributes } : {}),
    },
  };
}

/** An object by id or uuid, soft-deleted or not, in an event the user may see. */
function findObject(ctx: RequestContext, ref = ctx.args[0]): Row {
  if (ref && !/^\d+$/.test(ref) && !isUuid(ref)) throw new HttpError(404, 'Invalid object ID.');
  const column = ref && /^\d+$/.test(ref) ? 'id' : 'uuid';
  const row = ref
    ? (prepare(ctx.db, `SELECT * FROM objects WHERE ${column} = ?`).get(ref) as Row | undefined)
    : undefined;
  if (!row) throw new HttpError(404, 'Invalid object.');
  requireEvent(ctx, String(row.event_id), 'Invalid object.');
  // The object's own distribution counts too (MISP's MispObject::buildConditions).
  const acl = objectVisible(ctx.user);
  if (
    !prepare(ctx.db, `SELECT 1 FROM objects o JOIN events e ON e.id = o.event_id WHERE o.id = ? AND ${acl.sql}`).get(
      row.id,
      ...acl.params,
    )
  ) {
    throw new HttpError(404, 'Invalid object.');
  }
  return row;
}

/** PHP's `!empty()`, how MISP reads `breakOnDuplicate`. */
const phpTruthy = (value: unknown): boolean =>
  value !== undefined && value !== null && value !== false && value !== '' && value !== '0' && value !== 0;

/** MISP's request shapes for objects/add: `{Object: {…, Attribute}}`, bare, or `{request: …}`. */
function objectPayload(ctx: RequestContext): { object: Row; attributes: unknown[] } {
  let body = bodyObject(ctx);
  if (body.request && typeof body.request === 'object' && !Array.isArray(body.request)) body = body.request as Row;
  const object =
    body.Object && typeof body.Object === 'object' && !Array.isArray(body.Object) ? (body.Object as Row) : body;
  const list = Array.isArray(body.Attribute) ? body.Attribute : Array.isArray(object.Attribute) ? object.Attribute : [];
  return { object, attributes: list as unknown[] };
}

/**
 * objects/add/{event}[/{template}], step by step as MISP does it: the template named in the URL (a uuid that
 * is not installed is a 404; an id that is not is a failed save), the event, then the attributes validated
 * before anything is written, the template's requirements, the object's own validation. Any failure saves
 * nothing. MISP words the failures in two ways: those found before the template is applied name the event and
 * the template (`Could not add object`, url `/objects/add/{event}/{template}`), the later ones do not.
 */
function addObjectRoute(ctx: RequestContext) {
  let templateRef = ctx.args[1];
  if (templateRef && isUuid(templateRef)) {
    const found = templateByUuid(ctx.db, templateRef, ctx.args[2]);
    if (!found) throw new HttpError(404, 'Invalid template.');
    templateRef = String(found.row.id);
  }
  const event = requireEditableEvent(ctx, ctx.args[0], undefined, 'Invalid event.');
  const eventId = Number(event.id);
  const early = (error: string) => saveFail('objects', 'add', `${eventId}/${templateRef ?? ''}`, error);
  const late = (error: string) =>
    new HttpError(403, 'Could not add Object', { saved: false, url: '/objects/add', errors: error });
  let template: ObjectTemplate | undefined;
  let error: string | undefined;
  if (templateRef) {
    template = templateById(ctx.db, templateRef);
    if (!template) error = 'No valid template found to edit the object.';
  }
  const { object, attributes } = objectPayload(ctx);
  if (attributes.length === 0) throw early(error ?? 'Could not save the object as no attributes were set.');
  const drafts: AttributeDraft[] = [];
  for (const raw of attributes) {
    const input = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Row) : {};
    const result = draftAttribute({ ...input, uuid: input.uuid === '' ? undefined : input.uuid });
    if ('errors' in result) {
      const relation = typeof input.object_relation === 'string' ? input.object_relation : 'No object_relation';
      error = `Could not save object as at least one attribute has failed validation (${relation}). ${JSON.stringify(result.errors)}`;
    } else drafts.push(result.draft);
  }
  if (error) throw early(error);
  template ??= payloadTemplate(ctx.db, object);
  if (template) {
    const conformity = conformityError(
      template,
      attributes.map((a) => (a as Row | null)?.object_relation),
    );
    if (conformity) throw late(conformity);
  } else {
    for (const key of ['name', 'meta-category', 'description', 'template_version', 'template_uuid']) {
      if (object[key] === undefined || object[key] === null) {
        throw late(
          `Object could not be saved.\ntemplate: No valid template found and object lacking template information. (${key})`,
        );
      }
    }
  }
  const input = template
    ? {
        ...object,
        name: template.row.name,
        'meta-category': template.row.meta_category,
        description: template.row.description,
        template_uuid: template.row.uuid,
        template_version: template.row.version,
      }
    : object;
  // breakOnDuplicate (in the object, or a named parameter): an object like one the event has is refused.
  if (phpTruthy(object.breakOnDuplicate) || phpTruthy(ctx.namedParams.breakOnDuplicate)) {
    const duplicate = findDuplicateObject(ctx.db, eventId, input.template_uuid, payloadAttributeKeys(attributes));
    if (duplicate) {
      throw late(
        `Object could not be saved.\nvalue: Duplicate object found (id: ${duplicate.id}, uuid: ${duplicate.uuid}). Since breakOnDuplicate is set the object will not be added.`,
      );
    }
  }
  const errors = objectFieldErrors(input, true);
  if (isUuid(input.uuid) && prepare(ctx.db, 'SELECT 1 FROM objects WHERE uuid = ?').get(input.uuid)) {
    errors.uuid = ['The UUID provided is not unique'];
  }
  if (Object.keys(errors).length) throw late(`Object could not be saved.\n${describeErrors(errors)}`);
  const id = ctx.db.transaction(() => {
    const fields = objectFields(input, undefined, template);
    const distribution = Number(input.distribution ?? 0);
    const objectId = insertObjectRow(ctx.db, eventId, isUuid(input.uuid) ? input.uuid.toLowerCase() : randomUUID(), {
      ...fields,
      distribution: Number.isInteger(distribution) ? distribution : 0,
    });
    // The object's first_seen / last_seen go to the attributes that have none, as MISP's saveObject does.
    for (const draft of drafts) {
      insertAttribute(
        ctx.db,
        eventId,
        { ...draft, first_seen: draft.first_seen ?? fields.first_seen, last_seen: draft.last_seen ?? fields.last_seen },
        objectId,
      );
    }
    // The object's notes, opinions and relationships (MISP's saveObject captures them; its attributes' it does not).
    const saved = prepare(ctx.db, 'SELECT uuid FROM objects WHERE id = ?').get(objectId) as Row;
    captureAnalystData(ctx.db, ctx.user, object, 'Object', String(saved.uuid));
    touchEvent(ctx.db, eventId);
    return objectId;
  })();
  return addedObject(ctx, id);
}

/**
 * objects/edit/{id} (MISP's deltaMerge): comment, template_version, distribution and first/last seen may
 * change; a non-empty Attribute list replaces the object's attributes — those given by uuid are updated, the
 * others added, and the object's attributes the list leaves out are soft-deleted. Attributes that fail
 * validation are dropped (MISP only logs them). An invalid object field fails the whole edit.
 */
function editObjectRoute(ctx: RequestContext) {
  const row = findObject(ctx);
  const event = requireEvent(ctx, String(row.event_id), 'Invalid object.');
  requireEditableEvent(ctx, String(event.id), 'Insufficient permissions to edit this object.', 'Invalid object.');
  let body = bodyObject(ctx);
  if (body.request && typeof body.request === 'object' && !Array.isArray(body.request)) body = body.request as Row;
  const input: Row = { ...body, ...(body.Object && typeof body.Object === 'object' ? (body.Object as Row) : {}) };
  const changes: Row = {};
  for (const key of ['comment', 'template_version', 'distribution', 'sharing_group_id', 'first_seen', 'last_seen']) {
    if (input[key] !== undefined && input[key] !== null) changes[key] = input[key];
  }
  if (changes.distribution !== undefined && Number(changes.distribution) !== 4) delete changes.sharing_group_id;
  const errors = objectFieldErrors({ first_seen: row.first_seen, last_seen: row.last_seen, ...changes }, false);
  if (Object.keys(errors).length) {
    throw new HttpError(403, 'Could not edit Object', { saved: false, url: '/objects/edit', errors: String(row.id) });
  }
  const id = Number(row.id);
  ctx.db.transaction(() => {
    const fields = objectFields(changes, row);
    updateObjectRow(ctx.db, id, { ...fields, deleted: Number(row.deleted) });
    const attributes = Array.isArray(input.Attribute) ? (input.Attribute as unknown[]) : [];
    if (attributes.length) {
      const existing = objectAttributes(ctx, id);
      const kept = new Set<number>();
      const forcedFirst = parseSeen(changes.first_seen) ?? undefined;
      const forcedLast = parseSeen(changes.last_seen) ?? undefined;
      for (const raw of attributes) {
        if (!raw || typeof raw !== 'object' || Array.isArray(raw)) continue;
        const attribute = raw as Row;
        const uuid = isUuid(attribute.uuid) ? attribute.uuid.toLowerCase() : undefined;
        const match = uuid ? existing.find((a) => String(a.uuid).toLowerCase() === uuid) : undefined;
        if (match) {
          kept.add(Number(match.id));
          // MISP saves the attribute as sent: a first/last seen it leaves out is cleared.
          const result = draftAttribute({ first_seen: null, last_seen: null, ...attribute }, match);
          if (!('errors' in result)) updateAttributeRow(ctx.db, match.id, result.draft, false);
          continue;
        }
        const result = draftAttribute({
          ...attribute,
          first_seen: attribute.first_seen || forcedFirst || attribute.first_seen,
          last_seen: attribute.last_seen || forcedLast || attribute.last_seen,
        });
        if (
          !('errors' in result) &&
          !prepare(ctx.db, 'SELECT 1 FROM attributes WHERE uuid = ?').get(result.draft.uuid)
        ) {
          insertAttribute(ctx.db, Number(row.event_id), result.draft, id);
        }
      }
      for (const a of existing) {
        if (!kept.has(Number(a.id))) {
          prepare(ctx.db, 'UPDATE attributes SET deleted = 1, timestamp = ? WHERE id = ?').run(now(), a.id);
        }
      }
    }
    if (flag(input.deleted)) deleteObject(ctx.db, { id }, false);
    touchEvent(ctx.db, Number(row.event_id));
  })();
  const saved = prepare(ctx.db, 'SELECT * FROM objects WHERE id = ?').get(id) as Row;
  return {
    Object: { ...formatObject(saved), Attribute: linkedAttributes(ctx, id) },
    Event: eventSummary(ctx, saved.event_id),
  };
}

function deleteObjectRoute(ctx: RequestContext) {
  const object = findObject(ctx);
  requireEditableEvent(ctx, String(object.event_id), undefined, 'Invalid object.');
  const body = ctx.body && typeof ctx.body === 'object' && !Array.isArray(ctx.body) ? (ctx.body as Row) : {};
  const hard = flag(ctx.args[1]) || flag(body.hard);
  ctx.db.transaction(() => {
    deleteObject(ctx.db, object, hard);
    touchEvent(ctx.db, Number(object.event_id));
  })();
  // MISP answers with the event's id in url and id, not the object's.
  return saveSuccess('Objects', 'delete', String(object.event_id), 'Object deleted');
}

function objectRestSearch(ctx: RequestContext) {
  const f = filters(ctx);
  requireFilters(ctx, f);
  if (f.returnFormat !== undefined && !['json', 'download'].includes(String(f.returnFormat))) {
    throw new HttpError(404, 'Invalid output format.');
  }
  // MISP 2.5's object search fails on its own `deleted` filter.
  if (f.deleted !== undefined) throw new HttpError(500, 'An Internal Error Has Occurred.');
  const rows = searchObjects(ctx.db, ctx.user, f, now());
  const metadata = flag(f.metadata);
  const response = rows.map((row) => ({
    Object: {
      ...formatObject(row),
      ...(metadata ? {} : { Attribute: linkedAttributes(ctx, Number(row.id)) }),
      Event: eventSummary(ctx, row.event_id),
    },
  }));
  return new Reply(200, { response }, { 'X-Result-Count': response.length, 'X-Skipped-Elements-Count': 0 });
}

/** A reference by id or uuid whose object the user may see. */
function findReference(ctx: RequestContext): Row {
  const ref = ctx.args[0] ?? '';
  const row = prepare(ctx.db, `SELECT * FROM object_references WHERE ${isUuid(ref) ? 'uuid' : 'id'} = ?`).get(ref) as
    | Row
    | undefined;
  if (!row) throw new HttpError(404, 'Invalid object reference.');
  return row;
}

/**
 * objectReferences/add/{object}: the target is named by `referenced_uuid` only (an object, else an attribute,
 * live, in the same event); an unknown one is "Invalid target.". The object must be live and editable by the
 * user, else "Invalid object." (404 either way, as in MISP).
 */
function addReference(ctx: RequestContext) {
  const body = bodyObject(ctx);
  const ref = ctx.args[0] ?? (typeof body.object_uuid === 'string' ? body.object_uuid : undefined);
  if (!ref) throw new HttpError(404, 'No object defined.');
  const object = prepare(ctx.db, `SELECT * FROM objects WHERE ${isUuid(ref) ? 'uuid' : 'id'} = ? AND deleted = 0`).get(
    ref,
  ) as Row | undefined;
  const event = object
    ? (prepare(ctx.db, 'SELECT * FROM events WHERE id = ?').get(object.event_id) as Row | undefined)
    : undefined;
  const editable =
    event &&
    (Boolean(ctx.user.role.perm_site_admin) ||
      Number(event.orgc_id) === ctx.user.org_id ||
      Number(event.org_id) === ctx.user.org_id);
  if (!object || !editable) throw new HttpError(404, 'Invalid object.');
  const input = body.ObjectReference && typeof body.ObjectReference === 'object' ? (body.ObjectReference as Row) : body;
  const target =
    typeof input.referenced_uuid === 'string' ? findTarget(ctx.db, input.referenced_uuid.trim(), true) : undefined;
  if (!target) throw new HttpError(404, 'Invalid target.');
  if (target.event_id !== Number(object.event_id)) {
    throw new HttpError(404, 'Invalid target. Target has to be within the same event or extending it.');
  }
  const relationship =
    typeof input.relationship_type_select === 'string' && input.relationship_type_select !== 'custom'
      ? input.relationship_type_select
      : typeof input.relationship_type === 'string'
        ? input.relationship_type
        : '';
  const id = ctx.db.transaction(() => {
    const referenceId = insertReference(ctx.db, {
      uuid: randomUUID(),
      timestamp: now(),
      object_id: Number(object.id),
      event_id: Number(object.event_id),
      source_uuid: String(object.uuid),
      referenced_uuid: target.uuid,
      referenced_id: target.id,
      referenced_type: target.type,
      relationship_type: relationship,
      comment: typeof input.comment === 'string' && input.comment !== '' ? input.comment : '',
      deleted: 0,
    });
    touchObject(ctx.db, Number(object.id));
    touchEvent(ctx.db, Number(object.event_id));
    return referenceId;
  })();
  const row = prepare(ctx.db, 'SELECT * FROM object_references WHERE id = ?').get(id) as Row;
  return { ObjectReference: { ...formatReference(row), object_uuid: object.uuid } };
}

function deleteReference(ctx: RequestContext) {
  const reference = findReference(ctx);
  const event = prepare(ctx.db, 'SELECT * FROM events WHERE id = ?').get(reference.event_id) as Row | undefined;
  const editable =
    event &&
    (Boolean(ctx.user.role.perm_site_admin) ||
      Number(event.orgc_id) === ctx.user.org_id ||
      Number(event.org_id) === ctx.user.org_id);
  if (!editable) throw new HttpError(403, 'Invalid object reference.');
  const body = ctx.body && typeof ctx.body === 'object' && !Array.isArray(ctx.body) ? (ctx.body as Row) : {};
  const hard = flag(ctx.args[1]) || flag(body.hard);
  ctx.db.transaction(() => {
    if (hard) prepare(ctx.db, 'DELETE FROM object_references WHERE id = ?').run(reference.id);
    else prepare(ctx.db, 'UPDATE object_references SET deleted = 1 WHERE id = ?').run(reference.id);
    touchObject(ctx.db, Number(reference.object_id));
    touchEvent(ctx.db, Number(reference.event_id));
  })();
  return saveSuccess('ObjectReferences', 'delete', String(reference.id), 'ObjectReference deleted');
}

function viewReference(ctx: RequestContext) {
  const reference = findReference(ctx);
  const object = prepare(ctx.db, 'SELECT event_id FROM objects WHERE id = ?').get(reference.object_id) as
    | Row
    | undefined;
  if (!object) throw new HttpError(404, 'Invalid object reference.');
  requireEvent(ctx, String(object.event_id), 'Invalid object reference.');
  return { ObjectReference: formatReference(reference) };
}

/** objectTemplates/index: the active templates, each with its organisation; no elements. */
function indexTemplates(ctx: RequestContext) {
  const all = ctx.args[0] !== undefined && flag(ctx.args[0]) && Boolean(ctx.user.role.perm_site_admin);
  const rows = prepare(
    ctx.db,
    `SELECT t.*, o.name AS org_name, o.uuid AS org_uuid FROM object_templates t
       LEFT JOIN organisations o ON o.id = t.org_id ${all ? '' : 'WHERE t.active = 1'} ORDER BY t.id`,
  ).all() as Row[];
  return rows.map((row) => ({ ObjectTemplate: formatTemplate(row), Organisation: templateOrg(row) }));
}

const templateOrg = (row: Row) => ({ id: str(row.org_id), name: row.org_name ?? null, uuid: row.org_uuid ?? null });

/** objectTemplates/view/{id|uuid}: the template, its creator (site admins only), organisation and elements. */
function viewTemplate(ctx: RequestContext) {
  const ref = ctx.args[0] ?? '';
  let template: ObjectTemplate | undefined;
  if (isUuid(ref)) {
    template = templateByUuid(ctx.db, ref);
    if (!template) throw new HttpError(404, 'Invalid object template');
  } else if (!/^\d+(\.\d+)?$/.test(ref)) throw new HttpError(404, 'Invalid object template id.');
  else template = templateById(ctx.db, ref);
  if (!template) throw new HttpError(404, 'Invalid object template');
  const org = prepare(ctx.db, 'SELECT name AS org_name, uuid AS org_uuid FROM organisations WHERE id = ?').get(
    template.row.org_id,
  ) as Row | undefined;
  const user = prepare(ctx.db, 'SELECT id, email FROM users WHERE id = ?').get(template.row.user_id) as Row | undefined;
  return {
    ObjectTemplate: formatTemplate(template.row),
    ...(ctx.user.role.perm_site_admin
      ? { User: { id: str(user?.id ?? template.row.user_id), email: user?.email ?? null } }
      : {}),
    Organisation: templateOrg({ org_id: template.row.org_id, ...org }),
    ObjectTemplateElement: template.elements.map(formatTemplateElement),
  };
}

/**
 * objectTemplates/getRaw/{uuid|name}: the template's definition.json as MISP reads it from disk (its
 * misp-objects checkout), found by uuid (exact) or by its directory name, which is the template's name.
 */
function rawTemplate(ctx: RequestContext) {
  const ref = ctx.args[0] ?? '';
  const found = readCatalogue<ObjectTemplateFile[]>('object-templates').find((t) =>
    isUuid(ref) ? t.uuid === ref : t.name === ref,
  );
  if (!found) throw new HttpError(404, 'Template not found');
  return found;
}

export const objectRoutes: Route[] = [
  { controller: 'objects', action: 'add', methods: ['POST'], permission: 'add', handler: addObjectRoute },
  { controller: 'objects', action: 'edit', methods: ['POST', 'PUT'], permission: 'modify', handler: editObjectRoute },
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
    handler: deleteObjectRoute,
  },
  {
    controller: 'objects',
    action: 'restSearch',
    methods: ['GET', 'POST'],
    handler: objectRestSearch,
    automation: true,
  },
  { controller: 'object_references', action: 'add', methods: ['POST'], permission: 'add', handler: addReference },
  {
    controller: 'object_references',
    action: 'delete',
    methods: ['POST', 'PUT', 'DELETE'],
    permission: 'modify',
    handler: deleteReference,
  },
  { controller: 'object_references', action: 'view', methods: ['GET'], handler: viewReference },
  { controller: 'object_templates', action: 'index', methods: ['GET'], handler: indexTemplates },
  { controller: 'object_templates', action: 'view', methods: ['GET'], handler: viewTemplate },
  // MISP's ACL: getRaw needs perm_object_template (only the admin role of a fresh MISP has it).
  {
    controller: 'object_templates',
    action: 'getRaw',
    methods: ['GET'],
    handler: rawTemplate,
    permission: 'object_template',
  },
  {
    controller: 'object_templates',
    action: 'update',
    methods: ['GET', 'POST'],
    permission: 'site_admin',
    // MISP redirects to the template index whatever happened, API call or not.
    handler: (ctx) => {
      installObjectTemplates(ctx.db, ctx.user.id, ctx.user.org_id);
      return new Reply(302, '', { Location: '/ObjectTemplates' });
    },
  },
];
