// Correlations (RelatedEvent, RelatedAttribute), correlation exclusions, restSearch exports and Accept
// negotiation (issue 13, part 3). Three events share values in the ways MISP correlates (same value across
// types, a composite half, the ip of an ip|port) and ways it does not (a non-correlating type, a port).
import { type Case, eventId, id, MISSING, type Saved } from './case.js';

const corrA = (s: Saved) => eventId(s, 'corrA');
const corrB = (s: Saved) => eventId(s, 'corrB');
const exclusionId = (s: Saved) => id(s, 'exclusion', 'CorrelationExclusion');

const starting: Case[] = [
  {
    name: 'addEvent: correlation event A (starting data)',
    method: 'POST',
    path: '/events/add',
    body: {
      info: 'oracle correlation A',
      distribution: 1,
      Attribute: [
        { type: 'ip-dst', value: '203.0.113.77' },
        { type: 'domain', value: 'corr.oracle.example' },
        { type: 'ip-dst|port', value: '203.0.113.78|4443' },
        { type: 'comment', value: 'corr-oracle-comment' },
        { type: 'filename|md5', value: 'corr.exe|4f1c0b0d4a8ac7f0f2dbb1de6a2e4a11' },
      ],
    },
    save: 'corrA',
    setup: true,
  },
  {
    name: 'addEvent: correlation event B (starting data)',
    method: 'POST',
    path: '/events/add',
    body: {
      info: 'oracle correlation B',
      distribution: 1,
      Attribute: [
        { type: 'ip-src', value: '203.0.113.77' },
        { type: 'hostname|port', value: 'corr.oracle.example|80' },
        { type: 'text', value: '4443' },
        { type: 'text', value: 'corr-oracle-comment' },
        { type: 'ip-dst', value: '203.0.113.78' },
        { type: 'md5', value: '4f1c0b0d4a8ac7f0f2dbb1de6a2e4a11' },
      ],
    },
    save: 'corrB',
    setup: true,
  },
  {
    name: 'addEvent: an event that correlates with nothing (starting data)',
    method: 'POST',
    path: '/events/add',
    body: {
      info: 'oracle correlation C',
      distribution: 1,
      Attribute: [{ type: 'ip-src', value: '203.0.113.79' }],
    },
    save: 'corrC',
    setup: true,
  },
];

const reads: Case[] = [
  { name: 'getEvent: RelatedEvent of a correlating event', method: 'GET', path: (s) => `/events/view/${corrB(s)}` },
  {
    name: 'getEvent: RelatedEvent of an event that correlates with nothing',
    method: 'GET',
    path: (s) => `/events/view/${eventId(s, 'corrC')}`,
  },
  {
    name: 'getEvent: includeGranularCorrelations',
    method: 'GET',
    path: (s) => `/events/view/${corrA(s)}/includeGranularCorrelations:1`,
    outsideContract: true,
  },
  {
    name: 'searchAttributes: includeCorrelations',
    method: 'POST',
    path: '/attributes/restSearch',
    body: { value: '203.0.113.77', includeCorrelations: 1 },
  },
  {
    name: 'searchAttributes: includeCorrelations on an attribute without correlations',
    method: 'POST',
    path: '/attributes/restSearch',
    body: { value: '203.0.113.79', includeCorrelations: 1 },
  },
  {
    name: 'searchEvents: RelatedEvent in event search results',
    method: 'POST',
    path: '/events/restSearch',
    body: { eventinfo: 'oracle correlation B' },
  },
  {
    name: 'searchEvents: includeGranularCorrelations',
    method: 'POST',
    path: '/events/restSearch',
    body: { eventinfo: 'oracle correlation B', includeGranularCorrelations: 1 },
  },
];

const exclusions: Case[] = [
  {
    name: 'addCorrelationExclusion: a value with a comment',
    method: 'POST',
    path: '/correlation_exclusions/add',
    body: { value: 'excluded.oracle.example', comment: 'oracle corpus' },
    save: 'exclusion',
  },
  {
    name: 'addCorrelationExclusion: the same value again',
    method: 'POST',
    path: '/correlation_exclusions/add',
    body: { value: 'excluded.oracle.example' },
  },
  {
    name: 'addCorrelationExclusion: wrapped, without a comment',
    method: 'POST',
    path: '/correlation_exclusions/add',
    body: { CorrelationExclusion: { value: '%.wrapped.oracle.example' } },
    save: 'exclusionWrapped',
  },
  { name: 'addCorrelationExclusion: no value', method: 'POST', path: '/correlation_exclusions/add', body: {} },
  {
    name: 'addCorrelationExclusion: as a plain user',
    method: 'POST',
    path: '/correlation_exclusions/add',
    body: { value: 'user.oracle.example' },
    as: 'user',
  },
  { name: 'listCorrelationExclusions: site admin', method: 'GET', path: '/correlation_exclusions/index' },
  {
    name: 'listCorrelationExclusions: as a plain user',
    method: 'GET',
    path: '/correlation_exclusions/index',
    as: 'user',
  },
  {
    name: 'getCorrelationExclusion: the one added',
    method: 'GET',
    path: (s) => `/correlation_exclusions/view/${exclusionId(s)}`,
  },
  {
    name: 'getCorrelationExclusion: unknown id',
    method: 'GET',
    path: `/correlation_exclusions/view/${MISSING}`,
  },
  {
    name: 'editCorrelationExclusion: a new comment',
    method: 'POST',
    path: (s) => `/correlation_exclusions/edit/${exclusionId(s)}`,
    body: { comment: 'edited by the oracle corpus' },
  },
  { name: 'cleanCorrelationExclusions: site admin', method: 'POST', path: '/correlation_exclusions/clean' },
  {
    name: 'deleteCorrelationExclusion: the one added',
    method: 'POST',
    path: (s) => `/correlation_exclusions/delete/${exclusionId(s)}`,
  },
  {
    name: 'deleteCorrelationExclusion: the wrapped one',
    method: 'POST',
    path: (s) => `/correlation_exclusions/delete/${id(s, 'exclusionWrapped', 'CorrelationExclusion')}`,
  },
  {
    name: 'deleteCorrelationExclusion: unknown id',
    method: 'POST',
    path: `/correlation_exclusions/delete/${MISSING}`,
  },
];

const byInfo = { eventinfo: 'oracle correlation %' };
const everything = { ...byInfo, published: [0, 1], to_ids: [0, 1] };
const exports: Case[] = [
  ...(['csv', 'text', 'hashes'] as const).flatMap((format): Case[] => [
    {
      name: `exportAttributes: ${format}`,
      method: 'POST',
      path: `/attributes/restSearch/${format}`,
      body: everything,
    },
    {
      name: `exportEvents: ${format}`,
      method: 'POST',
      path: `/events/restSearch/${format}`,
      body: everything,
    },
    {
      name: `searchAttributes: returnFormat ${format} with MISP's defaults (restrictive formats: IDS, published)`,
      method: 'POST',
      path: '/attributes/restSearch',
      body: { ...byInfo, returnFormat: format },
    },
  ]),
  {
    name: 'searchAttributes: returnFormat csv with requested_attributes, includeContext, headerless',
    method: 'POST',
    path: '/attributes/restSearch',
    body: {
      ...byInfo,
      returnFormat: 'csv',
      requested_attributes: ['value', 'type', 'bogus'],
      includeContext: 1,
      headerless: 1,
    },
  },
  {
    name: 'searchAttributes: an unknown returnFormat',
    method: 'POST',
    path: '/attributes/restSearch',
    body: { ...byInfo, returnFormat: 'bogus' },
  },
  {
    name: 'searchEvents: an unknown returnFormat',
    method: 'POST',
    path: '/events/restSearch',
    body: { ...byInfo, returnFormat: 'bogus' },
  },
];

const accept: Case[] = [
  {
    name: 'getEvent: Accept application/xml',
    method: 'GET',
    path: (s) => `/events/view/${corrC(s)}`,
    headers: { Accept: 'application/xml' },
    outsideContract: true,
  },
  {
    name: 'getEvent: Accept application/xml, unknown event',
    method: 'GET',
    path: `/events/view/${MISSING}`,
    headers: { Accept: 'application/xml' },
    outsideContract: true,
  },
  {
    name: 'getVersion: Accept application/xml (answered in JSON)',
    method: 'GET',
    path: '/servers/getVersion',
    headers: { Accept: 'application/xml' },
    outsideContract: true,
  },
  {
    name: 'listEvents: Accept text/csv',
    method: 'GET',
    path: '/events/index',
    headers: { Accept: 'text/csv' },
    outsideContract: true,
  },
  {
    name: 'getEvent: Accept text/csv (MISP fails)',
    method: 'GET',
    path: (s) => `/events/view/${corrC(s)}`,
    headers: { Accept: 'text/csv' },
    outsideContract: true,
  },
];
function corrC(s: Saved) {
  return eventId(s, 'corrC');
}

/**
 * CIDR correlation (MISP.enable_advanced_correlations). Off in a fresh MISP: a range and an address in it do not
 * correlate. On: MISP correlates them when they are saved, so the events are added after switching it on, and
 * nothing saved while it was off is looked at again (the sandbox finds range pairs when reading, MISP stores them).
 */
const cidrSetting = (value: boolean): Case => ({
  name: `editSetting: MISP.enable_advanced_correlations ${value}`,
  method: 'POST',
  path: '/servers/serverSettingsEdit/MISP.enable_advanced_correlations',
  body: { value },
});
const cidr: Case[] = [
  {
    name: 'addEvent: a CIDR range, advanced correlations off',
    method: 'POST',
    path: '/events/add',
    body: { info: 'oracle cidr off range', distribution: 1, Attribute: [{ type: 'ip-dst', value: '198.18.100.0/24' }] },
  },
  {
    name: 'addEvent: an address in that range, advanced correlations off (no RelatedEvent)',
    method: 'POST',
    path: '/events/add',
    body: { info: 'oracle cidr off address', distribution: 1, Attribute: [{ type: 'ip-src', value: '198.18.100.9' }] },
  },
  cidrSetting(true),
  {
    name: 'addEvent: IPv4 and IPv6 ranges, advanced correlations on',
    method: 'POST',
    path: '/events/add',
    body: {
      info: 'oracle cidr range',
      distribution: 1,
      Attribute: [
        { type: 'ip-dst', value: '198.18.101.0/24' },
        { type: 'ip-src', value: '2001:db8:101::/48' },
      ],
    },
    save: 'cidrRange',
  },
  {
    name: 'addEvent: addresses in and out of the ranges (RelatedEvent: the range event)',
    method: 'POST',
    path: '/events/add',
    body: {
      info: 'oracle cidr addresses',
      distribution: 1,
      Attribute: [
        { type: 'ip-src', value: '198.18.101.7' },
        { type: 'ip-dst|port', value: '198.18.101.8|443' },
        { type: 'ip-dst', value: '2001:db8:101:1::5' },
        { type: 'domain|ip', value: 'cidr.oracle.example|198.18.101.9' },
        { type: 'ip-dst', value: '198.18.102.1' },
      ],
    },
    save: 'cidrAddresses',
  },
  {
    name: 'getEvent: RelatedEvent of a range event',
    method: 'GET',
    path: (s) => `/events/view/${eventId(s, 'cidrRange')}`,
  },
  {
    name: 'searchAttributes: includeCorrelations of a range',
    method: 'POST',
    path: '/attributes/restSearch',
    body: { value: '198.18.101.0/24', includeCorrelations: 1 },
  },
  {
    name: 'searchAttributes: includeCorrelations of an IPv6 address in a range',
    method: 'POST',
    path: '/attributes/restSearch',
    body: { value: '2001:db8:101:1::5', includeCorrelations: 1 },
  },
  cidrSetting(false),
];

export const correlations: Case[] = [...starting, ...reads, ...exclusions, ...exports, ...accept, ...cidr];
