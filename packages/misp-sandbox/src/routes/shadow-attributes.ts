// shadowAttributes/*: proposals, as MISP 2.5's ShadowAttributesController answers them (measured on MISP 2.5).
import { prepare } from '../db/statements.js';
import { SANE_DEFAULTS } from '../describe-types.js';
import { HttpError } from '../http.js';
import { flag, now, touchEvent } from '../model/attributes.js';
import { findVisibleEvent } from '../model/events.js';
import {
  findProposal,
  formatIndexedProposal,
  formatSavedProposal,
  formatViewedProposal,
  insertProposal,
  listProposals,
  newProposalUuid,
  type ProposalDraft,
  setProposalDeleted,
  setProposalLock,
} from '../model/shadow-attributes.js';
import type { Route } from '../router.js';
import { RawReply } from '../search/export.js';
import type { RequestContext, Row } from '../types.js';
import { validateAttribute } from '../validate.js';
import { findVisibleAttribute } from './attributes.js';
import { baseUrl } from './util.js';

const INTERNAL = 'An Internal Error Has Occurred.';
const NOT_ACCEPTABLE = 'Proposal not found or you are not authorised to accept it.';
const controller = 'shadow_attributes';

/** The proposal in the body: MISP takes it bare or wrapped in `ShadowAttribute`, `Attribute` or `Proposal`. */
function proposalInput(ctx: RequestContext): Row {
  const body = ctx.body && typeof ctx.body === 'object' && !Array.isArray(ctx.body) ? (ctx.body as Row) : {};
  for (const wrapper of ['ShadowAttribute', 'Attribute', 'Proposal']) {
    const inner = body[wrapper];
    if (inner && typeof inner === 'object' && !Array.isArray(inner)) return inner as Row;
  }
  return body;
}

/**
 * Validates a proposal as MISP's ShadowAttribute model does. An unknown type breaks MISP (500); a proposal without
 * a value is accepted; other validation errors are a 404 listing them.
 */
function draftProposal(input: Row, existing?: Row): ProposalDraft {
  const type = input.type ?? existing?.type;
  const sane = typeof type === 'string' ? SANE_DEFAULTS[type] : undefined;
  if (!sane) throw new HttpError(500, INTERNAL);
  const category = String(input.category ?? existing?.category ?? sane.default_category);
  const raw =
    input.value ?? (existing ? (existing.value2 ? `${existing.value1}|${existing.value2}` : existing.value1) : null);
  let value1 = '';
  let value2 = '';
  // A proposal without a value is saved with an empty one; a value given is validated (so `""` is refused).
  if (raw !== null) {
    const checked = validateAttribute(type, category, raw);
    if (!checked.ok) {
      const lines = [
        [checked.field, checked.message],
        ...Object.entries(checked.also ?? {}).map(([k, v]) => [k, v[0]]),
      ];
      throw new HttpError(
        404,
        `Could not save the proposal. Errors: ${lines.map(([field, message]) => `[${field}]: ${message}\n`).join('')}`,
      );
    }
    value1 = checked.value1;
    value2 = checked.value2;
  }
  const toIds = input.to_ids !== undefined ? flag(input.to_ids) : existing ? Boolean(existing.to_ids) : true;
  return {
    old_id: existing ? Number(existing.id) : 0,
    type: String(type),
    category,
    value1,
    value2,
    to_ids: toIds ? 1 : 0,
    uuid: existing ? String(existing.uuid) : newProposalUuid(),
    comment: String(input.comment ?? existing?.comment ?? ''),
    first_seen: (input.first_seen as string | undefined) ?? (existing?.first_seen as string | null) ?? null,
    last_seen: (input.last_seen as string | undefined) ?? (existing?.last_seen as string | null) ?? null,
  };
}

function addProposal(ctx: RequestContext) {
  const event = findVisibleEvent(ctx.db, ctx.user, ctx.args[0]);
  if (!event) throw new HttpError(404, 'Invalid Event');
  // MISP renders its HTML form for a GET, which fails over the API.
  if (ctx.method === 'GET') throw new HttpError(500, INTERNAL);
  const draft = draftProposal(proposalInput(ctx));
  return { ShadowAttribute: formatSavedProposal(insertProposal(ctx.db, ctx.user, event, draft)) };
}

const EDITABLE = ['category', 'type', 'value', 'to_ids', 'comment', 'first_seen', 'last_seen'];

function editProposal(ctx: RequestContext) {
  const attribute = findVisibleAttribute(ctx, ctx.args[0]);
  if (!attribute) throw new HttpError(404, 'Invalid Attribute.');
  if (ctx.method === 'GET') throw new HttpError(500, INTERNAL);
  const input = proposalInput(ctx);
  if (!EDITABLE.some((field) => input[field] !== undefined && input[field] !== null))
    throw new HttpError(405, 'Invalid input.');
  const event = prepare(ctx.db, 'SELECT * FROM events WHERE id = ?').get(attribute.event_id) as Row;
  const draft = draftProposal(input, attribute);
  return { ShadowAttribute: formatSavedProposal(insertProposal(ctx.db, ctx.user, event, draft)) };
}

/**
 * shadowAttributes/delete/{attributeId}: a proposal to delete the attribute. MISP answers with HTTP 200 either way
 * (`saved`/`success`, or `false`/`errors`), and reports the alert e-mails as failed where none can be sent.
 */
function proposeDeletion(ctx: RequestContext) {
  if (ctx.method !== 'POST') throw new HttpError(500, INTERNAL);
  const attribute = findVisibleAttribute(ctx, ctx.args[0]);
  if (!attribute) return { false: true, errors: 'Invalid Attribute.' };
  const event = prepare(ctx.db, 'SELECT * FROM events WHERE id = ?').get(attribute.event_id) as Row;
  insertProposal(ctx.db, ctx.user, event, {
    old_id: Number(attribute.id),
    proposal_to_delete: true,
    type: String(attribute.type),
    category: String(attribute.category),
    value1: String(attribute.value1),
    value2: String(attribute.value2 ?? ''),
    to_ids: Number(attribute.to_ids),
    uuid: String(attribute.uuid),
    comment: '',
    first_seen: null,
    last_seen: null,
  });
  return {
    saved: true,
    success:
      'The proposal to delete the attribute has been saved but sending out the alert e-mails has failed for at least one recipient.',
  };
}

const mayDecide = (ctx: RequestContext, event: Row): boolean =>
  Boolean(ctx.user.role.perm_site_admin) ||
  (Number(event.orgc_id) === ctx.user.org_id && Boolean(ctx.user.role.perm_modify));

function acceptProposal(ctx: RequestContext) {
  if (ctx.method !== 'POST') throw new HttpError(405, 'Method Not Allowed');
  const proposal = findProposal(ctx.db, ctx.args[0]);
  if (!proposal || proposal.deleted) throw new HttpError(405, NOT_ACCEPTABLE);
  const event = prepare(ctx.db, 'SELECT * FROM events WHERE id = ?').get(proposal.event_id) as Row | undefined;
  if (!event) throw new HttpError(405, NOT_ACCEPTABLE);
  const id = String(proposal.id);
  const url = `${baseUrl(ctx)}/shadow_attributes/accept/${id}`;
  if (Number(proposal.old_id)) {
    // A change to an attribute: a refusal is MISP's 405.
    if (!mayDecide(ctx, event)) throw new HttpError(405, NOT_ACCEPTABLE);
    ctx.db.transaction(() => {
      if (proposal.proposal_to_delete)
        prepare(ctx.db, 'UPDATE attributes SET deleted = 1, timestamp = ? WHERE uuid = ?').run(now(), proposal.uuid);
      else
        prepare(
          ctx.db,
          `UPDATE attributes SET value1 = ?, value2 = ?, type = ?, category = ?, comment = ?, to_ids = ?, timestamp = ?
             WHERE uuid = ?`,
        ).run(
          proposal.value1,
          proposal.value2,
          proposal.type,
          proposal.category,
          proposal.comment,
          proposal.to_ids,
          now(),
          proposal.uuid,
        );
      setProposalDeleted(ctx.db, Number(proposal.id));
      touchEvent(ctx.db, Number(event.id));
      setProposalLock(ctx.db, Number(event.id), false);
    })();
    const message = 'Proposed change accepted.';
    return { name: message, message, url };
  }
  // A new attribute: MISP redirects whoever may not accept it (a 302, nothing written).
  if (!mayDecide(ctx, event)) return new RawReply(302, '', { Location: `${baseUrl(ctx)}/` });
  ctx.db.transaction(() => {
    // The attribute keeps the proposal's uuid and timestamp and inherits the event's distribution.
    prepare(
      ctx.db,
      `INSERT INTO attributes (event_id, object_id, object_relation, category, type, value1, value2, to_ids, uuid,
         timestamp, distribution, sharing_group_id, comment, deleted, disable_correlation, first_seen, last_seen)
       VALUES (?, 0, NULL, ?, ?, ?, ?, ?, ?, ?, 5, 0, ?, 0, ?, ?, ?)`,
    ).run(
      event.id,
      proposal.category,
      proposal.type,
      proposal.value1,
      proposal.value2,
      proposal.to_ids,
      proposal.uuid,
      proposal.timestamp,
      proposal.comment,
      proposal.disable_correlation,
      proposal.first_seen,
      proposal.last_seen,
    );
    setProposalDeleted(ctx.db, Number(proposal.id));
    touchEvent(ctx.db, Number(event.id));
    if (Number(event.orgc_id) === ctx.user.org_id) setProposalLock(ctx.db, Number(event.id), false);
  })();
  const message = 'Proposal accepted.';
  return { name: message, message, url };
}

function discardProposal(ctx: RequestContext) {
  if (ctx.method !== 'POST') throw new HttpError(405, 'Method Not Allowed');
  const proposal = findProposal(ctx.db, ctx.args[0]);
  // MISP fails with a 500 for an unknown or already handled proposal, and for a user who may not discard it.
  if (!proposal || proposal.deleted) throw new HttpError(500, INTERNAL);
  const event = prepare(ctx.db, 'SELECT * FROM events WHERE id = ?').get(proposal.event_id) as Row | undefined;
  const ownsEventOrProposal = Number(event?.orgc_id) === ctx.user.org_id || Number(proposal.org_id) === ctx.user.org_id;
  if (!ctx.user.role.perm_site_admin && !(ownsEventOrProposal && ctx.user.role.perm_modify))
    throw new HttpError(500, INTERNAL);
  ctx.db.transaction(() => {
    setProposalDeleted(ctx.db, Number(proposal.id));
    if (Number(event?.orgc_id) === ctx.user.org_id) setProposalLock(ctx.db, Number(proposal.event_id), false);
  })();
  const message = 'Proposal discarded.';
  return { name: message, message, url: `${baseUrl(ctx)}/shadow_attributes/discard/${proposal.id}` };
}

function viewProposal(ctx: RequestContext) {
  const proposal = findProposal(ctx.db, ctx.args[0]);
  const event = proposal ? findVisibleEvent(ctx.db, ctx.user, String(proposal.event_id)) : undefined;
  if (!proposal || proposal.deleted || !event) throw new HttpError(404, 'Invalid proposal.');
  return { ShadowAttribute: formatViewedProposal(proposal) };
}

/** shadowAttributes/index[/{eventId}]: the named parameter `deleted` (0 or 1) narrows to live or handled proposals. */
function indexProposals(ctx: RequestContext) {
  let eventId: number | undefined;
  if (ctx.args[0] !== undefined) {
    const event = findVisibleEvent(ctx.db, ctx.user, ctx.args[0]);
    if (!event) throw new HttpError(404, 'Invalid Event.');
    eventId = Number(event.id);
  }
  // A named parameter only: MISP ignores `?deleted=` in the query string.
  const deleted = ctx.namedParams.deleted;
  return listProposals(ctx.db, ctx.user, {
    ...(eventId !== undefined ? { eventId } : {}),
    ...(deleted === '0' || deleted === '1' ? { deleted: Number(deleted) as 0 | 1 } : {}),
  }).map(formatIndexedProposal);
}

export const shadowAttributeRoutes: Route[] = [
  { controller, action: 'add', methods: ['GET', 'POST', 'PUT'], permission: 'add', handler: addProposal },
  { controller, action: 'edit', methods: ['GET', 'POST', 'PUT'], permission: 'add', handler: editProposal },
  { controller, action: 'delete', methods: ['GET', 'POST'], permission: 'add', handler: proposeDeletion },
  { controller, action: 'accept', methods: ['GET', 'POST'], permission: 'add', handler: acceptProposal },
  { controller, action: 'discard', methods: ['GET', 'POST'], permission: 'add', handler: discardProposal },
  { controller, action: 'view', methods: ['GET'], handler: viewProposal },
  { controller, action: 'index', methods: ['GET', 'POST'], handler: indexProposals },
];
