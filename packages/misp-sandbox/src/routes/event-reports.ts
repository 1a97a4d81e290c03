// eventReports/*: Markdown reports attached to events, as MISP 2.5's EventReportsController answers.
import { prepare } from '../db/statements.js';
import { HttpError, saveFail, saveSuccess } from '../http.js';
import { inboundRelationships } from '../model/analyst-data.js';
import { touchEvent } from '../model/attributes.js';
import {
  findVisibleReport,
  formatEventReport,
  hardDeleteReport,
  insertReport,
  listReports,
  setReportDeleted,
  updateReport,
  validateReport,
} from '../model/event-reports.js';
import { str } from '../model/format.js';
import type { Route } from '../router.js';
import type { RequestContext, Row } from '../types.js';
import { requireEditableEvent } from './events.js';
import { filters } from './util.js';

const AJAX_ONLY = 'This function can only be reached via AJAX.';

/** PHP's `empty()`: what MISP treats as "not given" for the `hard` flag. */
const phpEmpty = (value: unknown): boolean =>
  value === undefined ||
  value === null ||
  value === false ||
  value === '' ||
  value === '0' ||
  value === 0 ||
  (Array.isArray(value) && value.length === 0);

/** A report with the slim Event (and its Org/Orgc) and SharingGroup MISP contains with it. */
export function reportView(ctx: RequestContext, row: Row, withAnalystData: boolean): Record<string, unknown> {
  const event = prepare(
    ctx.db,
    `SELECT e.id, e.orgc_id, e.org_id, e.info, e.user_id, e.date, o.name AS org_name, c.name AS orgc_name
       FROM events e JOIN organisations o ON o.id = e.org_id JOIN organisations c ON c.id = e.orgc_id WHERE e.id = ?`,
  ).get(row.event_id) as Row;
  const group = Number(row.sharing_group_id)
    ? (prepare(ctx.db, 'SELECT id, name, uuid FROM sharing_groups WHERE id = ?').get(row.sharing_group_id) as
        | Row
        | undefined)
    : undefined;
  return {
    EventReport: formatEventReport(row),
    Event: {
      id: str(event.id),
      orgc_id: str(event.orgc_id),
      org_id: str(event.org_id),
      info: event.info,
      user_id: str(event.user_id),
      date: event.date,
      Org: { id: str(event.org_id), name: event.org_name },
      Orgc: { id: str(event.orgc_id), name: event.orgc_name },
    },
    SharingGroup: group
      ? { id: str(group.id), name: group.name, uuid: group.uuid }
      : { id: null, name: null, uuid: null },
    ...(withAnalystData ? { RelationshipInbound: inboundRelationships(ctx.db, ctx.user, String(row.uuid)) } : {}),
  };
}

/** The report input: MISP takes it with or without the `EventReport` wrapper. */
function reportInput(ctx: RequestContext): Row {
  let body = ctx.body;
  if (body && typeof body === 'object' && !Array.isArray(body) && 'EventReport' in (body as Row))
    body = (body as Row).EventReport;
  return body && typeof body === 'object' && !Array.isArray(body) ? (body as Row) : {};
}

function requireReport(ctx: RequestContext): Row {
  const row = findVisibleReport(ctx.db, ctx.user, ctx.args[0]);
  if (!row) throw new HttpError(404, 'Invalid report');
  return row;
}

/**
 * MISP's fetchIfAuthorized for edit and delete: only the organisation that created the event (or a site
 * admin) may change its reports; anyone else gets a 401, not the 403 of the event routes.
 */
function requireOwnedReport(ctx: RequestContext): Row {
  const row = requireReport(ctx);
  if (ctx.user.role.perm_site_admin) return row;
  const event = prepare(ctx.db, 'SELECT orgc_id FROM events WHERE id = ?').get(row.event_id) as Row;
  if (Number(event.orgc_id) !== ctx.user.org_id) throw new HttpError(401, 'Unauthorized');
  return row;
}

function addReport(ctx: RequestContext) {
  if (ctx.method === 'GET') {
    return {
      name: '/event_reports/add API description',
      description: 'POST a report in JSON format to create a report for the provided event',
      mandatory_fields: ['name'],
      optional_fields: ['distribution', 'content'],
      url: '/event_reports/add',
    };
  }
  if (ctx.args[0] === undefined) throw new HttpError(405, 'No event ID set.');
  const event = requireEditableEvent(ctx);
  const draft = validateReport(ctx.db, ctx.user, reportInput(ctx));
  if (typeof draft === 'string') throw saveFail('EventReports', 'add', undefined, draft);
  const row = ctx.db.transaction(() => {
    const saved = insertReport(ctx.db, Number(event.id), draft);
    touchEvent(ctx.db, Number(event.id));
    return saved;
  })();
  return reportView(ctx, row, false);
}

function editReport(ctx: RequestContext) {
  const existing = requireOwnedReport(ctx);
  // MISP renders its HTML edit form for a GET, which fails over the API.
  if (ctx.method === 'GET') throw new HttpError(500, 'An Internal Error Has Occurred.');
  const input = reportInput(ctx);
  // MISP's controller loses its validation errors: a refused edit is an empty 200 list.
  const draft = validateReport(ctx.db, ctx.user, input, existing);
  if (typeof draft === 'string') return [];
  ctx.db.transaction(() => {
    updateReport(ctx.db, Number(existing.id), draft);
    touchEvent(ctx.db, Number(existing.event_id));
  })();
  return reportView(ctx, prepare(ctx.db, 'SELECT * FROM event_reports WHERE id = ?').get(existing.id) as Row, false);
}

function deleteReport(ctx: RequestContext) {
  const report = requireOwnedReport(ctx);
  if (ctx.method !== 'POST') throw new HttpError(405, AJAX_ONLY);
  const body = ctx.body && typeof ctx.body === 'object' && !Array.isArray(ctx.body) ? (ctx.body as Row) : {};
  const hard = !phpEmpty(ctx.args[1]) || !phpEmpty(body.hard);
  ctx.db.transaction(() => {
    if (hard) hardDeleteReport(ctx.db, Number(report.id));
    else setReportDeleted(ctx.db, Number(report.id), true);
    touchEvent(ctx.db, Number(report.event_id));
  })();
  const ref = ctx.args[0] as string;
  return saveSuccess('EventReports', 'delete', ref, `Event Report ${ref} ${hard ? 'hard' : 'soft'} deleted`);
}

function restoreReport(ctx: RequestContext) {
  const report = requireOwnedReport(ctx);
  if (ctx.method !== 'POST') throw new HttpError(405, AJAX_ONLY);
  ctx.db.transaction(() => {
    setReportDeleted(ctx.db, Number(report.id), false);
    touchEvent(ctx.db, Number(report.event_id));
  })();
  const ref = ctx.args[0] as string;
  return saveSuccess('EventReports', 'restore', ref, `Event Report ${ref} restored`);
}

/** eventReports/index: `event_id`, `context` (default | deleted | all) and `value`, from named params, query or body. */
function indexReports(ctx: RequestContext) {
  const f = filters(ctx);
  const text = (value: unknown) => (value === undefined || value === null || value === '' ? undefined : String(value));
  return listReports(ctx.db, ctx.user, {
    eventId: text(f.event_id),
    context: text(f.context),
    value: text(f.value),
  }).map((row) => reportView(ctx, row, true));
}

function viewReport(ctx: RequestContext) {
  return reportView(ctx, requireReport(ctx), true);
}

const controller = 'event_reports';

export const eventReportRoutes: Route[] = [
  { controller, action: 'add', methods: ['GET', 'POST', 'PUT'], permission: 'add', handler: addReport },
  { controller, action: 'view', methods: ['GET'], handler: viewReport },
  { controller, action: 'edit', methods: ['GET', 'POST', 'PUT'], permission: 'add', handler: editReport },
  { controller, action: 'delete', methods: ['GET', 'POST', 'DELETE'], permission: 'add', handler: deleteReport },
  { controller, action: 'restore', methods: ['GET', 'POST'], permission: 'add', handler: restoreReport },
  { controller, action: 'index', methods: ['GET', 'POST'], handler: indexReports },
];
