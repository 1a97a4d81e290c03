// CakePHP named parameters (issue 16). MISP ignores the query string of API calls and reads the options of
// GET operations from `/name:value` path segments: every `in: query` parameter of the contract is sent in
// three forms — as a query string (MISP ignores it), as a named parameter under the contract's name, and,
// for events/index filters, under the `search`-prefixed name MISP reads (x-mispkit `named`) — and values
// with spaces, `:`, `/`, `+` and non-ASCII characters show how MISP decodes a named value. Deletes check
// where MISP reads `hard`: attributes/delete as `/hard:1`, objects/delete only as the positional `/1`.
import { type Case, DOMAIN_IP, eventId, id, MISSING, objectId } from './case.js';

const FUTURE = '4102444800'; // 2100-01-01: no event has a timestamp at or after it

/** events/index filters as [contract option, MISP named parameter, value]. */
const INDEX_FILTERS: Array<[string, string, string]> = [
  ['searchall', 'searchall', 'partner'],
  ['eventinfo', 'searcheventinfo', 'main'],
  ['tags', 'searchtags', 'tlp:red'],
  ['org', 'searchorg', 'ORGNAME'],
  ['published', 'searchpublished', '1'],
  ['threatlevel', 'searchthreatlevel', '3'],
  ['analysis', 'searchanalysis', '1'],
  ['distribution', 'searchdistribution', '0'],
  ['datefrom', 'searchdatefrom', '2026-01-16'],
  ['dateuntil', 'searchdateuntil', '2026-01-15'],
  ['timestamp', 'searchtimestamp', FUTURE],
  ['publish_timestamp', 'searchpublish_timestamp', FUTURE],
];

/**
 * The index cases ask for `minimal:1` rows (id, uuid, timestamps, published): what is compared is which events a
 * form selects, not the event headers, whose tags and counts earlier cases of the corpus have changed by now.
 */
const M = '/minimal:1';
const MINIMAL = ['$'];

const indexCases: Case[] = [
  {
    name: 'listEvents: limit as a query string (ignored)',
    method: 'GET',
    path: `/events/index${M}?limit=1`,
    unordered: MINIMAL,
  },
  { name: 'listEvents: limit as a named parameter', method: 'GET', path: `/events/index${M}/limit:1/sort:id` },
  {
    name: 'listEvents: page as a query string (ignored)',
    method: 'GET',
    path: `/events/index${M}/limit:1/sort:id?page=2`,
  },
  { name: 'listEvents: page as a named parameter', method: 'GET', path: `/events/index${M}/limit:1/page:2/sort:id` },
  {
    name: 'listEvents: sort and direction as a query string (ignored)',
    method: 'GET',
    path: `/events/index${M}?sort=info&direction=desc`,
    unordered: MINIMAL,
  },
  {
    name: 'listEvents: sort and direction as named parameters',
    method: 'GET',
    path: `/events/index${M}/sort:info/direction:desc`,
  },
  {
    name: 'listEvents: minimal as a query string (ignored)',
    method: 'GET',
    // The partner event: no tags, untouched by other cases, so its full header compares cleanly.
    path: '/events/index/searcheventinfo:partner?minimal=1',
  },
  {
    name: 'listEvents: minimal as a named parameter',
    method: 'GET',
    path: '/events/index/searcheventinfo:partner/minimal:1',
  },
  ...INDEX_FILTERS.flatMap(([option, misp, value]): Case[] => [
    {
      name: `listEvents: ${option} as a query string (ignored)`,
      method: 'GET',
      path: `/events/index${M}?${option}=${encodeURIComponent(value)}`,
      unordered: MINIMAL,
    },
    ...(option === misp
      ? []
      : [
          {
            name: `listEvents: ${option} as a named parameter without the search prefix (ignored)`,
            method: 'GET' as const,
            path: `/events/index${M}/${option}:${encodeURIComponent(value)}`,
            unordered: MINIMAL,
          },
        ]),
    {
      name: `listEvents: ${option} as the named parameter ${misp}`,
      method: 'GET',
      path: `/events/index${M}/${misp}:${encodeURIComponent(value)}`,
      unordered: MINIMAL,
    },
  ]),
  // How MISP decodes a named value: %20 and + are spaces, %3A and a bare : stay in the value (only the first
  // colon of a segment separates the name), %C3%BC is UTF-8, and %2F becomes a path separator, cutting the
  // value short (`oracle` then matches every starting event).
  ...(
    [
      ['a space as %20', 'main%20event'],
      ['a space as +', 'main+event'],
      ['a colon as %3A', 'oracle%3A%20main'],
      ['a bare colon', 'oracle:+main'],
      ['non-ASCII as UTF-8', 'm%C3%BCnchen'],
      ['a slash as %2F', 'oracle%2Fnothing'],
      // MISP decodes a named value twice: %2B arrives as "+", then as a space; %252B is a literal "+".
      ['a plus as %2B', 'main%2Bevent'],
      ['a plus as %252B', 'main%252Bevent'],
      ['a slash as %252F', 'oracle%252Fnothing'],
    ] as const
  ).map(
    ([what, value]): Case => ({
      name: `listEvents: searcheventinfo with ${what}`,
      method: 'GET',
      path: `/events/index${M}/searcheventinfo:${value}`,
      unordered: MINIMAL,
    }),
  ),
];

const viewCases: Case[] = [
  {
    name: 'addEvent: an event with a live and a soft-deleted attribute, for getEvent deleted (starting data)',
    method: 'POST',
    path: '/events/add',
    body: {
      info: 'oracle: named parameters',
      distribution: '0',
      date: '2026-01-20',
      Attribute: [
        { type: 'domain', value: 'live.named.oracle.example' },
        { type: 'domain', value: 'soft-deleted.named.oracle.example' },
      ],
    },
    save: 'namedEvent',
    setup: true,
  },
  {
    name: 'deleteAttribute: soft-delete one of its attributes (starting data)',
    method: 'POST',
    path: (s) => `/attributes/delete/${String(s.namedEvent?.Event?.Attribute?.[1]?.id ?? MISSING)}`,
    setup: true,
  },
  ...(
    [
      ['as a query string (ignored)', '?deleted=1'],
      ['1 as a named parameter (live and deleted)', '/deleted:1'],
      ['2 as a named parameter (deleted only)', '/deleted:2'],
    ] as const
  ).map(
    ([what, form]): Case => ({
      name: `getEvent: deleted ${what}`,
      method: 'GET',
      path: (s) => `/events/view/${eventId(s, 'namedEvent')}${form}`,
    }),
  ),
];

// On the custom tag (fixed colour; the whole tag list differs by catalogue tags, see the allow-list, and other
// tags named oracle… get random colours).
const tagCases: Case[] = [
  {
    name: 'listTags: searchall oracle:custom as a named parameter, another searchall in the query string (ignored)',
    method: 'GET',
    path: '/tags/index/searchall:oracle%3Acustom?searchall=tlp',
  },
  {
    name: 'listTags: searchall oracle:custom as a named parameter',
    method: 'GET',
    path: '/tags/index/searchall:oracle%3Acustom',
  },
  {
    name: 'listTags: searchall %:custom, SQL wildcard sent encoded twice',
    method: 'GET',
    path: '/tags/index/searchall:%2525%3Acustom',
  },
];

/** Adds an attribute on the main event to delete with `form`, then finds what is left of it. */
function attributeDelete(label: string, form: (id: string) => string, value: string): Case[] {
  return [
    {
      name: `addAttribute: an attribute to delete with ${label} (starting data)`,
      method: 'POST',
      path: (s) => `/attributes/add/${eventId(s)}`,
      body: { type: 'domain', value },
      save: `hard ${label}`,
      setup: true,
    },
    {
      name: `deleteAttribute: hard ${label}`,
      method: 'POST',
      path: (s) => `/attributes/delete/${form(id(s, `hard ${label}`, 'Attribute'))}`,
    },
    {
      name: `searchAttributes: what is left after a delete with hard ${label}`,
      method: 'POST',
      path: '/attributes/restSearch',
      body: { value, deleted: [0, 1] },
    },
  ];
}

/** Adds an object on the main event to delete with `form`, then views it (a soft-deleted object is still there). */
function objectDelete(label: string, form: (id: string) => string, value: string): Case[] {
  return [
    {
      name: `addObject: an object to delete with ${label} (starting data)`,
      method: 'POST',
      path: (s) => `/objects/add/${eventId(s)}`,
      body: {
        Object: {
          name: 'domain-ip',
          'meta-category': 'network',
          description: DOMAIN_IP,
          template_uuid: '43b3b146-77eb-4931-b4cc-b66c60f28734',
          template_version: '9',
          Attribute: [{ object_relation: 'domain', type: 'domain', value }],
        },
      },
      save: `object ${label}`,
      setup: true,
    },
    {
      name: `deleteObject: hard ${label}`,
      method: 'POST',
      path: (s) => `/objects/delete/${form(objectId(s, `object ${label}`))}`,
      // The contract has `hard` as an option (x-mispkit.positional), not a second path segment.
      ...(label.includes('positional') ? { outsideContract: true as const } : {}),
    },
    {
      // A hard-deleted object's 404 names its id, which differs between the sides: the existence check says it.
      name: `getObject: after a delete with hard ${label}`,
      method: label.includes('positional') ? 'HEAD' : 'GET',
      path: (s) => `/objects/view/${objectId(s, `object ${label}`)}`,
    },
  ];
}

const deleteCases: Case[] = [
  ...attributeDelete('as a query string', (i) => `${i}?hard=1`, 'hard-query.named.oracle.example'),
  ...attributeDelete('as a named parameter', (i) => `${i}/hard:1`, 'hard-named.named.oracle.example'),
  ...objectDelete('as a named parameter', (i) => `${i}/hard:1`, 'object-named.named.oracle.example'),
  ...objectDelete('as a positional argument', (i) => `${i}/1`, 'object-positional.named.oracle.example'),
];

export const namedParams: Case[] = [...indexCases, ...viewCases, ...tagCases, ...deleteCases];
