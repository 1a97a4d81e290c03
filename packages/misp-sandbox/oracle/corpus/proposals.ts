// Proposals (shadow attributes, issue 13): add, edit, view, index, accept and discard, as the site admin, a
// publisher of the host organisation, a read-only user and a publisher of a partner organisation; refused input;
// and the ShadowAttribute lists of events/view before and after the proposals are handled. The proposals hang on
// an event of their own, so other corpus files' events/view cases do not change.
import { attributeId, type Case, eventId, id, MISSING, type Saved } from './case.js';

const proposalEvent = (s: Saved) => eventId(s, 'proposalEvent');
const proposalAttribute = (s: Saved) => attributeId(s, 'proposalAttribute');
const proposal = (s: Saved, name: string) => id(s, name, 'ShadowAttribute');

export const proposals: Case[] = [
  {
    name: 'addEvent: the event the proposals hang on (starting data)',
    method: 'POST',
    path: '/events/add',
    body: { info: 'oracle: event with proposals', distribution: '1', threat_level_id: '3', date: '2026-01-21' },
    save: 'proposalEvent',
    setup: true,
  },
  {
    name: 'addAttribute: the attribute a change is proposed to (starting data)',
    method: 'POST',
    path: (s) => `/attributes/add/${proposalEvent(s)}`,
    body: { type: 'domain', value: 'proposals.oracle.example', comment: 'before' },
    save: 'proposalAttribute',
    setup: true,
  },
  {
    name: 'proposeAttribute: by a partner organisation',
    method: 'POST',
    path: (s) => `/shadowAttributes/add/${proposalEvent(s)}`,
    body: { type: 'domain', value: 'proposed.oracle.example', comment: 'partner idea', to_ids: false },
    as: 'partner',
    save: 'partnerProposal',
  },
  {
    name: 'proposeAttribute: by the event’s own organisation, wrapped in ShadowAttribute',
    method: 'POST',
    path: (s) => `/shadow_attributes/add/${proposalEvent(s)}`,
    body: { ShadowAttribute: { type: 'url', value: 'https://proposed.oracle.example/own' } },
    save: 'ownProposal',
  },
  {
    name: 'proposeAttribute: an empty value',
    method: 'POST',
    path: (s) => `/shadowAttributes/add/${proposalEvent(s)}`,
    body: { type: 'domain', value: '' },
    as: 'partner',
  },
  {
    name: 'proposeAttribute: no value at all',
    method: 'POST',
    path: (s) => `/shadowAttributes/add/${proposalEvent(s)}`,
    body: { type: 'domain' },
    as: 'partner',
    save: 'emptyProposal',
  },
  {
    name: 'proposeAttribute: by a read-only user',
    method: 'POST',
    path: (s) => `/shadowAttributes/add/${proposalEvent(s)}`,
    body: { type: 'domain', value: 'readonly.oracle.example' },
    as: 'readonly',
  },
  {
    name: 'proposeAttribute: unknown event',
    method: 'POST',
    path: `/shadowAttributes/add/${MISSING}`,
    body: { type: 'domain', value: 'nowhere.oracle.example' },
    as: 'partner',
  },
  {
    name: 'proposeAttribute: a value the type refuses',
    method: 'POST',
    path: (s) => `/shadowAttributes/add/${proposalEvent(s)}`,
    body: { type: 'ip-dst', value: 'not-an-ip' },
    as: 'partner',
  },
  {
    name: 'proposeAttribute: an unknown type',
    method: 'POST',
    path: (s) => `/shadowAttributes/add/${proposalEvent(s)}`,
    body: { type: 'no-such-type', value: 'x' },
    as: 'partner',
  },
  {
    name: 'proposeAttributeChange: a new value and comment, by a partner organisation',
    method: 'POST',
    path: (s) => `/shadowAttributes/edit/${proposalAttribute(s)}`,
    body: { value: 'changed.oracle.example', comment: 'after' },
    as: 'partner',
    save: 'changeProposal',
  },
  {
    name: 'proposeAttributeChange: nothing to change',
    method: 'POST',
    path: (s) => `/shadowAttributes/edit/${proposalAttribute(s)}`,
    body: {},
    as: 'partner',
  },
  {
    name: 'proposeAttributeChange: unknown attribute',
    method: 'POST',
    path: `/shadowAttributes/edit/${MISSING}`,
    body: { value: 'x.oracle.example' },
    as: 'partner',
  },
  {
    name: 'proposeAttributeDeletion: by a partner organisation',
    method: 'POST',
    path: (s) => `/shadowAttributes/delete/${proposalAttribute(s)}`,
    as: 'partner',
  },
  {
    name: 'proposeAttributeDeletion: unknown attribute',
    method: 'POST',
    path: `/shadowAttributes/delete/${MISSING}`,
    as: 'partner',
  },
  {
    name: 'proposeAttributeDeletion: by a read-only user',
    method: 'POST',
    path: (s) => `/shadowAttributes/delete/${proposalAttribute(s)}`,
    as: 'readonly',
  },
  {
    name: 'getProposal: as the partner that proposed it',
    method: 'GET',
    path: (s) => `/shadowAttributes/view/${proposal(s, 'partnerProposal')}`,
    as: 'partner',
  },
  {
    name: 'getProposal: a proposed change, as the site admin',
    method: 'GET',
    path: (s) => `/shadowAttributes/view/${proposal(s, 'changeProposal')}`,
  },
  {
    name: 'getProposal: unknown id',
    method: 'GET',
    path: `/shadowAttributes/view/${MISSING}`,
  },
  {
    name: 'listEventProposals: the event’s proposals, as the partner',
    method: 'GET',
    path: (s) => `/shadowAttributes/index/${proposalEvent(s)}`,
    as: 'partner',
    unordered: ['$'],
  },
  {
    name: 'listProposals: every visible event’s proposals, as the partner',
    method: 'GET',
    path: '/shadowAttributes/index',
    as: 'partner',
    unordered: ['$'],
  },
  {
    name: 'listEventProposals: unknown event',
    method: 'GET',
    path: `/shadowAttributes/index/${MISSING}`,
  },
  {
    name: 'getEvent: the event with its proposals (on the event and on the attribute)',
    method: 'GET',
    path: (s) => `/events/view/${proposalEvent(s)}`,
    unordered: ['$.Event.ShadowAttribute'],
  },
  {
    name: 'acceptProposal: a proposed attribute, by the partner (redirected)',
    method: 'POST',
    path: (s) => `/shadowAttributes/accept/${proposal(s, 'partnerProposal')}`,
    as: 'partner',
    outsideContract: true,
  },
  {
    name: 'acceptProposal: a proposed change, by the partner',
    method: 'POST',
    path: (s) => `/shadowAttributes/accept/${proposal(s, 'changeProposal')}`,
    as: 'partner',
  },
  {
    name: 'acceptProposal: by a read-only user',
    method: 'POST',
    path: (s) => `/shadowAttributes/accept/${proposal(s, 'partnerProposal')}`,
    as: 'readonly',
  },
  {
    name: 'acceptProposal: GET',
    method: 'GET',
    path: (s) => `/shadowAttributes/accept/${proposal(s, 'partnerProposal')}`,
    outsideContract: true,
  },
  {
    name: 'acceptProposal: a proposed attribute, by a publisher of the event’s organisation',
    method: 'POST',
    path: (s) => `/shadowAttributes/accept/${proposal(s, 'partnerProposal')}`,
    as: 'user',
  },
  {
    name: 'acceptProposal: the same proposal again',
    method: 'POST',
    path: (s) => `/shadowAttributes/accept/${proposal(s, 'partnerProposal')}`,
    as: 'user',
  },
  {
    name: 'acceptProposal: a proposed change, by the site admin',
    method: 'POST',
    path: (s) => `/shadowAttributes/accept/${proposal(s, 'changeProposal')}`,
  },
  {
    name: 'acceptProposal: unknown id',
    method: 'POST',
    path: `/shadowAttributes/accept/${MISSING}`,
  },
  {
    name: 'discardProposal: by the site admin',
    method: 'POST',
    path: (s) => `/shadowAttributes/discard/${proposal(s, 'ownProposal')}`,
  },
  {
    name: 'discardProposal: a handled proposal',
    method: 'POST',
    path: (s) => `/shadowAttributes/discard/${proposal(s, 'ownProposal')}`,
  },
  {
    name: 'discardProposal: unknown id',
    method: 'POST',
    path: `/shadowAttributes/discard/${MISSING}`,
  },
  {
    name: 'discardProposal: by a read-only user',
    method: 'POST',
    path: (s) => `/shadowAttributes/discard/${proposal(s, 'emptyProposal')}`,
    as: 'readonly',
  },
  {
    name: 'discardProposal: by the proposing organisation (a publisher)',
    method: 'POST',
    path: (s) => `/shadowAttributes/discard/${proposal(s, 'emptyProposal')}`,
    as: 'partner',
  },
  {
    name: 'getProposal: an accepted proposal',
    method: 'GET',
    path: (s) => `/shadowAttributes/view/${proposal(s, 'partnerProposal')}`,
  },
  {
    name: 'listEventProposals: live ones only (deleted:0)',
    method: 'GET',
    path: (s) => `/shadowAttributes/index/${proposalEvent(s)}/deleted:0`,
    unordered: ['$'],
  },
  {
    name: 'listEventProposals: handled ones only (deleted:1)',
    method: 'GET',
    path: (s) => `/shadowAttributes/index/${proposalEvent(s)}/deleted:1`,
    unordered: ['$'],
  },
  {
    name: 'getEvent: the event after accepting and discarding',
    method: 'GET',
    path: (s) => `/events/view/${proposalEvent(s)}`,
    unordered: ['$.Event.ShadowAttribute', '$.Event.Attribute'],
  },
];
