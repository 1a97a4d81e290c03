import {
  defaultDistribution,
  metaAttributes,
  parserContext,
  proposals,
  saveProposals,
  warninglistMode,
} from '../free-text/import.js';
import { parseFreeText } from '../free-text/parse.js';
import { HttpError } from '../http.js';
import type { Route } from '../router.js';
import type { RequestContext, Row } from '../types.js';
import { canModifyEvent, requireEvent } from './events.js';

const isObject = (v: unknown): v is Row => Boolean(v) && typeof v === 'object' && !Array.isArray(v);

/**
 * events/freeTextImport/{event}[/{adhereToWarninglists}[/{returnMetaAttributes}]]: parses `value` into
 * attribute proposals. With `returnMetaAttributes` it only answers every candidate type; otherwise it saves
 * the proposals into the event (as proposals when the user may not modify it) and answers them. A real MISP
 * saves up to five values at once and queues larger imports for its workers; the sandbox saves them all now.
 */
function freeTextImport(ctx: RequestContext) {
  const event = requireEvent(ctx, ctx.args[0], 'Invalid event.');
  // MISP renders its HTML form for a GET, which fails on the API.
  if (ctx.method === 'GET') throw new HttpError(500, 'An Internal Error Has Occurred.');
  let input: Row = isObject(ctx.body) ? ctx.body : {};
  if (isObject(input.Attribute)) input = input.Attribute;
  const value = input.value;
  if (value !== undefined && value !== null && typeof value === 'object')
    throw new HttpError(500, 'An Internal Error Has Occurred.');
  // No `value` at all: MISP parses the body itself, an array, and fails.
  if (value === undefined && isObject(ctx.body) && Object.keys(ctx.body).length > 0)
    throw new HttpError(500, 'An Internal Error Has Occurred.');
  const text = value === undefined || value === null || value === false ? '' : value === true ? '1' : String(value);
  const parsed = parseFreeText(text, parserContext(ctx.db));
  const returnMeta =
    Boolean(ctx.args[2] && ctx.args[2] !== '0') || warninglistMode(input.returnMetaAttributes) !== false;
  if (returnMeta) return metaAttributes(parsed);
  const mode = warninglistMode(input.adhereToWarninglists ?? ctx.args[1]);
  const distribution = input.distribution ?? defaultDistribution(ctx.db);
  const list = proposals(parsed, String(event.id), distribution);
  saveProposals(ctx.db, ctx.user, event, list, !canModifyEvent(ctx, event), mode);
  return list;
}

export const freeTextRoutes: Route[] = [
  {
    controller: 'events',
    action: 'freeTextImport',
    methods: ['GET', 'POST'],
    handler: freeTextImport,
    permission: 'add',
  },
];
