// Event write rules (client timestamps, duplicates, deletion through an edit, first_seen/last_seen,
// extends_uuid and the extended view), event blocklists and sightings search filters. The cases make their
// own events (saved as `rules*`) so that they depend on nothing else in the corpus.
import { type Case, id, MISSING, type Saved, uuid } from './case.js';

const rulesId = (s: Saved, name = 'rules') => id(s, name, 'Event');
const attr = (s: Saved, name: string, i = 0) => s[name]?.Event?.Attribute?.[i] ?? {};

const BLOCKED = '4d1f0c6e-7b3a-4c2e-9f10-0a1b2c3d4e01';
const BLOCKED_2 = '4d1f0c6e-7b3a-4c2e-9f10-0a1b2c3d4e02';
const BLOCKED_3 = '4d1f0c6e-7b3a-4c2e-9f10-0a1b2c3d4e03';

const blocklists: Case[] = [
  {
    name: 'addEventBlocklists: two uuids and one that is not',
    method: 'POST',
    path: '/eventBlocklists/add',
    body: { uuids: [BLOCKED, BLOCKED_2, 'not-a-uuid'], comment: 'oracle', event_info: 'Blocked', event_orgc: 'CIRCL' },
  },
  {
    name: 'addEventBlocklists: newline-separated, one blocked already',
    method: 'POST',
    path: '/eventBlocklists/add',
    body: { EventBlocklist: { uuids: `${BLOCKED}\n  ${BLOCKED_3}  ` } },
  },
  { name: 'addEventBlocklists: no uuids', method: 'POST', path: '/eventBlocklists/add', body: {} },
  {
    name: 'addEventBlocklists: as a regular user',
    method: 'POST',
    path: '/eventBlocklists/add',
    body: { uuids: [BLOCKED_3] },
    as: 'user',
  },
  { name: 'listEventBlocklists: all', method: 'GET', path: '/eventBlocklists/index' },
  { name: 'listEventBlocklists: by comment', method: 'GET', path: '/eventBlocklists/index/comment:oracle' },
  { name: 'listEventBlocklists: as a regular user', method: 'GET', path: '/eventBlocklists/index', as: 'user' },
  {
    name: 'addEvent: a blocked uuid with an empty info',
    method: 'POST',
    path: '/events/add',
    body: { Event: { uuid: BLOCKED, info: '' } },
  },
  {
    name: 'editEventBlocklist: by event uuid',
    method: 'POST',
    path: `/eventBlocklists/edit/${BLOCKED_3}`,
    body: { comment: 'edited', event_info: 'Edited' },
  },
  {
    name: 'editEventBlocklist: to a uuid blocked by another entry',
    method: 'POST',
    path: `/eventBlocklists/edit/${BLOCKED_3}`,
    body: { event_uuid: BLOCKED },
  },
  {
    name: 'editEventBlocklist: to something not a uuid',
    method: 'POST',
    path: `/eventBlocklists/edit/${BLOCKED_3}`,
    body: { event_uuid: 'nope' },
  },
  {
    name: 'editEventBlocklist: unknown entry',
    method: 'POST',
    path: `/eventBlocklists/edit/${MISSING}`,
    body: { comment: 'x' },
  },
  { name: 'deleteEventBlocklist: by event uuid', method: 'POST', path: `/eventBlocklists/delete/${BLOCKED}` },
  { name: 'deleteEventBlocklist: again', method: 'POST', path: `/eventBlocklists/delete/${BLOCKED}` },
  {
    name: 'deleteEventBlocklist: as a regular user',
    method: 'POST',
    path: `/eventBlocklists/delete/${BLOCKED_2}`,
    as: 'user',
  },
  {
    name: 'addEvent: a uuid no longer blocked',
    method: 'POST',
    path: '/events/add',
    body: { Event: { uuid: BLOCKED, info: 'Unblocked oracle event' } },
    save: 'rulesUnblocked',
  },
  {
    name: 'deleteEvent: the unblocked event',
    method: 'POST',
    path: (s) => `/events/delete/${rulesId(s, 'rulesUnblocked')}`,
  },
  { name: 'listEventBlocklists: after deleting an event', method: 'GET', path: '/eventBlocklists/index' },
  {
    name: 'addEvent: the deleted event again',
    method: 'POST',
    path: '/events/add',
    body: { Event: { uuid: BLOCKED, info: 'Unblocked oracle event' } },
  },
];

const timestamps: Case[] = [
  {
    name: 'addEvent: with client timestamps',
    method: 'POST',
    path: '/events/add',
    body: {
      info: 'Rules oracle event',
      timestamp: '1700000000',
      Attribute: [
        { type: 'domain', value: 'ts-a.rules.example', timestamp: '1700000001' },
        { type: 'domain', value: 'ts-b.rules.example' },
        { type: 'domain', value: 'ts-b.rules.example' },
      ],
    },
    save: 'rules',
    setup: true,
  },
  {
    name: 'editEvent: an older timestamp',
    method: 'POST',
    path: (s) => `/events/edit/${rulesId(s)}`,
    body: { info: 'lost', timestamp: '1600000000' },
  },
  {
    name: 'editEvent: the same timestamp',
    method: 'POST',
    path: (s) => `/events/edit/${rulesId(s)}`,
    body: { info: 'lost', timestamp: '1700000000' },
  },
  {
    name: 'editEvent: newer, with an attribute that is not newer',
    method: 'POST',
    path: (s) => `/events/edit/${rulesId(s)}`,
    body: (s: Saved) => ({
      info: 'Rules oracle event',
      timestamp: '1700000200',
      Attribute: [
        {
          uuid: attr(s, 'rules').uuid,
          type: 'domain',
          value: 'ts-a.rules.example',
          comment: 'old',
          timestamp: '1700000001',
        },
      ],
    }),
  },
  {
    name: 'editEvent: newer, with a newer attribute',
    method: 'POST',
    path: (s) => `/events/edit/${rulesId(s)}`,
    body: (s: Saved) => ({
      timestamp: '1700000300',
      Attribute: [
        {
          uuid: attr(s, 'rules').uuid,
          type: 'domain',
          value: 'ts-a.rules.example',
          comment: 'new',
          timestamp: '1700000250',
        },
      ],
    }),
  },
  {
    name: 'editAttribute: an older timestamp',
    method: 'POST',
    path: (s) => `/attributes/edit/${attr(s, 'rules').id ?? MISSING}`,
    body: { comment: 'old', timestamp: '1600000000' },
  },
  {
    name: 'addAttribute: a duplicate with breakOnDuplicate',
    method: 'POST',
    path: (s) => `/attributes/add/${rulesId(s)}`,
    body: { type: 'domain', value: 'ts-b.rules.example', breakOnDuplicate: 1 },
  },
  {
    name: 'addEvent: duplicates with breakOnDuplicate',
    method: 'POST',
    path: '/events/add',
    body: {
      info: 'Rules duplicates',
      breakOnDuplicate: 1,
      Attribute: [
        { type: 'domain', value: 'dup.rules.example' },
        { type: 'domain', value: 'dup.rules.example' },
      ],
    },
  },
  {
    name: 'editAttribute: delete through an edit',
    method: 'POST',
    path: (s) => `/attributes/edit/${attr(s, 'rules', 1).id ?? MISSING}`,
    body: { deleted: 1 },
  },
  {
    name: 'editAttribute: undelete through an edit',
    method: 'POST',
    path: (s) => `/attributes/edit/${attr(s, 'rules', 1).id ?? MISSING}`,
    body: { deleted: 0 },
  },
  { name: 'getEvent: after the edits', method: 'GET', path: (s) => `/events/view/${rulesId(s)}` },
];

const seen: Case[] = [
  {
    name: 'addEvent: attributes with first_seen and last_seen',
    method: 'POST',
    path: '/events/add',
    body: {
      info: 'Rules seen',
      Attribute: [
        {
          type: 'domain',
          value: 'a.rules-seen.example',
          first_seen: '2024-01-01T00:00:00.000001+00:00',
          last_seen: '2024-03-01',
        },
        {
          type: 'domain',
          value: 'b.rules-seen.example',
          first_seen: '2024-02-01T03:04:05.123456+02:00',
          last_seen: '2024-06-01',
        },
        { type: 'domain', value: 'c.rules-seen.example' },
      ],
    },
    save: 'rulesSeen',
    setup: true,
  },
  ...(
    [
      ['an epoch', 1704164645],
      ['garbage', 'garbage'],
    ] as const
  ).map(
    ([what, first_seen]): Case => ({
      name: `addAttribute: first_seen ${what}`,
      method: 'POST',
      path: (s) => `/attributes/add/${rulesId(s, 'rulesSeen')}`,
      body: { type: 'ip-dst', value: '198.51.100.99', first_seen },
    }),
  ),
  {
    name: 'addAttribute: last_seen before first_seen',
    method: 'POST',
    path: (s) => `/attributes/add/${rulesId(s, 'rulesSeen')}`,
    body: { type: 'ip-dst', value: '198.51.100.98', first_seen: '2024-01-02', last_seen: '2023-01-01' },
  },
  ...(
    [
      ['first_seen', { first_seen: '2024-01-15' }],
      ['first_seen, to the microsecond', { first_seen: '2024-01-01T00:00:00.000001+00:00' }],
      ['last_seen', { last_seen: '2024-04-01' }],
      ['both', { first_seen: '2024-01-15', last_seen: '2024-04-01' }],
      ['first_seen as epoch', { first_seen: 1705276800 }],
      ['first_seen garbage', { first_seen: 'garbage' }],
    ] as const
  ).map(
    ([what, filters]): Case => ({
      name: `searchAttributes: by ${what}`,
      method: 'POST',
      path: '/attributes/restSearch',
      body: (s: Saved) => ({ eventid: rulesId(s, 'rulesSeen'), ...filters }),
    }),
  ),
];

const extensions: Case[] = [
  {
    name: 'addEvent: extending by uuid',
    method: 'POST',
    path: '/events/add',
    body: (s: Saved) => ({
      info: 'Rules extension',
      extends_uuid: uuid(s, 'rulesSeen', 'Event'),
      Attribute: [{ type: 'ip-dst', value: '203.0.113.2' }],
    }),
    save: 'rulesExtension',
  },
  {
    name: 'addEvent: extending by event id',
    method: 'POST',
    path: '/events/add',
    body: (s: Saved) => ({ info: 'Rules extension by id', extends_uuid: rulesId(s, 'rulesSeen') }),
  },
  {
    name: 'addEvent: extending something not a uuid',
    method: 'POST',
    path: '/events/add',
    body: { info: 'x', extends_uuid: 'nope' },
  },
  {
    name: 'getEvent: extended',
    method: 'GET',
    path: (s) => `/events/view/${rulesId(s, 'rulesSeen')}/extended:1`,
    // extensionEvents is keyed by event id, which differs between the sides.
    notComparable: 'extensionEvents is keyed by database ids',
  },
  {
    name: 'searchEvents: extended',
    method: 'POST',
    path: '/events/restSearch',
    body: (s: Saved) => ({ eventid: rulesId(s, 'rulesSeen'), extended: 1 }),
    notComparable: 'extensionEvents is keyed by database ids',
  },
  {
    name: 'getEvent: with metadata:1 (ignored)',
    method: 'GET',
    path: (s) => `/events/view/${rulesId(s, 'rulesSeen')}/metadata:1`,
  },
];

const sightingSearch: Case[] = [
  {
    name: 'addSighting: rules, by attribute uuid with a source',
    method: 'POST',
    path: '/sightings/add',
    body: (s: Saved) => ({ uuid: attr(s, 'rulesSeen').uuid, source: 'rules-a' }),
  },
  {
    name: 'addSighting: rules, false positive by value',
    method: 'POST',
    path: '/sightings/add',
    body: { value: 'b.rules-seen.example', type: '1', source: 'rules-b' },
  },
  {
    name: 'searchSightings: an attribute with attribute and event',
    method: 'POST',
    path: '/sightings/restSearch/attribute',
    body: (s: Saved) => ({ id: Number(attr(s, 'rulesSeen').id ?? MISSING), includeAttribute: 1, includeEvent: 1 }),
  },
  ...(
    [
      ['type', { type: '1' }],
      ['type list', { type: [0, 1] }],
      ['source', { source: 'rules-a' }],
      ['from and to in the past', { from: '2000-01-01', to: '2000-01-02' }],
      ['from alone', { from: '2999-01-01' }],
      ['last', { last: '1d' }],
      ['numeric org_id', { org_id: 1 }],
    ] as const
  ).map(
    ([what, filters]): Case => ({
      name: `searchSightings: an event by ${what}`,
      method: 'POST',
      path: '/sightings/restSearch/event',
      body: (s: Saved) => ({ id: Number(rulesId(s, 'rulesSeen')), ...filters }),
    }),
  ),
  {
    name: 'searchSightings: an event by organisation uuid',
    method: 'POST',
    path: '/sightings/restSearch/event',
    body: (s: Saved) => ({ id: Number(rulesId(s, 'rulesSeen')), org_id: s.rulesSeen?.Event?.Orgc?.uuid }),
  },
  {
    name: 'searchSightings: an event by uuid',
    method: 'POST',
    path: '/sightings/restSearch/event',
    body: (s: Saved) => ({ uuid: uuid(s, 'rulesSeen', 'Event') }),
  },
];

export const eventRules: Case[] = [...blocklists, ...timestamps, ...seen, ...extensions, ...sightingSearch];
