// The path forms PyMISP uses where the contract first described another spelling of the same MISP action:
// sharing group members named in the body, attributeStatistics without the percentage segment, GET
// servers/createSync, taxonomies/disableTag and noticelists/enableNoticelist (redirects), objectReferences/add
// without an object id, objectTemplates/getRaw. Sent in PyMISP's spelling (`/sharingGroups/addOrg`, …).
import { type Case, id, MISSING, type Saved, uuid } from './case.js';

const ADMIRALTY = '11';
const sgId = (s: Saved) => id(s, 'paritySg', 'SharingGroup');
const objectUuid = (s: Saved) => uuid(s, 'object', 'Object');
const objectAttributeUuid = (s: Saved) => String(s.object?.Object?.Attribute?.[0]?.uuid ?? MISSING);
const NO_TEMPLATES =
  'the oracle has no misp-objects checkout, so MISP cannot list its template directories and answers every ' +
  'getRaw with a 500; the sandbox reads its vendored copy (test/parity-routes.test.ts checks the body)';

const sharingGroups: Case[] = [
  {
    name: 'addSharingGroup: a group for the member cases (starting data)',
    method: 'POST',
    path: '/sharing_groups/add',
    body: { name: 'Oracle parity group', releasability: 'parity' },
    save: 'paritySg',
    setup: true,
  },
  {
    name: 'addOrgToSharingGroupByBody: sg_id and org_id',
    method: 'POST',
    path: '/sharingGroups/addOrg',
    body: (s: Saved) => ({ sg_id: sgId(s), org_id: '1', extend: false }),
  },
  {
    name: 'addOrgToSharingGroupByBody: already a member',
    method: 'POST',
    path: '/sharingGroups/addOrg',
    body: (s: Saved) => ({ sg_id: sgId(s), org_id: '1' }),
  },
  {
    name: 'removeOrgFromSharingGroupByBody: sg_id and org_id',
    method: 'POST',
    path: '/sharingGroups/removeOrg',
    body: (s: Saved) => ({ sg_id: sgId(s), org_id: '1' }),
  },
  {
    name: 'removeOrgFromSharingGroupByBody: not a member',
    method: 'POST',
    path: '/sharingGroups/removeOrg',
    body: (s: Saved) => ({ sg_id: sgId(s), org_id: '1' }),
  },
  {
    name: 'addOrgToSharingGroupByBody: no group in the body',
    method: 'POST',
    path: '/sharingGroups/addOrg',
    body: { org_id: '1' },
  },
  {
    name: 'addOrgToSharingGroupByBody: unknown organisation',
    method: 'POST',
    path: '/sharingGroups/addOrg',
    body: (s: Saved) => ({ sg_id: sgId(s), org_id: MISSING }),
  },
  {
    name: 'addServerToSharingGroupByBody: unknown server',
    method: 'POST',
    path: '/sharingGroups/addServer',
    body: (s: Saved) => ({ sg_id: sgId(s), server_id: MISSING, all_orgs: false }),
  },
  {
    name: 'removeServerFromSharingGroupByBody: unknown server',
    method: 'POST',
    path: '/sharingGroups/removeServer',
    body: (s: Saved) => ({ sg_id: sgId(s), server_id: MISSING }),
  },
  {
    name: 'deleteSharingGroup: the parity group',
    method: 'POST',
    path: (s) => `/sharing_groups/delete/${sgId(s)}`,
  },
];

const statistics: Case[] = [
  { name: 'getAttributeStatisticsCounts: by type', method: 'GET', path: '/attributes/attributeStatistics/type' },
  {
    name: 'getAttributeStatisticsCounts: by category, percentage true (PyMISP)',
    method: 'GET',
    path: '/attributes/attributeStatistics/category/true',
  },
  {
    name: 'getAttributeStatisticsCounts: percentage "false" is truthy in PHP',
    method: 'GET',
    path: '/attributes/attributeStatistics/type/false',
  },
  { name: 'getAttributeStatisticsCounts: percentage 0', method: 'GET', path: '/attributes/attributeStatistics/type/0' },
  {
    name: 'getAttributeStatisticsCounts: unknown context',
    method: 'GET',
    path: '/attributes/attributeStatistics/value',
  },
];

const servers: Case[] = [
  { name: 'getServerSyncConfig: GET as a site admin', method: 'GET', path: '/servers/createSync' },
  { name: 'getServerSyncConfig: GET as a publisher', method: 'GET', path: '/servers/createSync', as: 'user' },
];

const redirects: Case[] = [
  {
    // admiralty-scale, whose tags taxonomies.ts created (ids of MISP's install order, the same on both sides).
    name: 'disableTaxonomyTags: admiralty-scale',
    method: 'POST',
    path: `/taxonomies/disableTag/${ADMIRALTY}`,
  },
  { name: 'disableTaxonomyTags: unknown taxonomy', method: 'POST', path: `/taxonomies/disableTag/${MISSING}` },
  {
    name: 'disableTaxonomyTags: as a publisher',
    method: 'POST',
    path: `/taxonomies/disableTag/${MISSING}`,
    as: 'user',
  },
  {
    name: 'setNoticelistEnabled: unknown noticelist, enable (PyMISP)',
    method: 'POST',
    path: `/noticelists/enableNoticelist/${MISSING}/true`,
    // The flag is a positional argument, which the contract checker does not map (as `/tags/search/{term}/1`).
    outsideContract: true,
  },
  {
    name: 'setNoticelistEnabled: unknown noticelist, disable (PyMISP)',
    method: 'POST',
    path: `/noticelists/enableNoticelist/${MISSING}`,
  },
];

const objects: Case[] = [
  {
    name: 'addObjectReferenceBySource: object_uuid in the body (PyMISP)',
    method: 'POST',
    path: '/objectReferences/add',
    body: (s: Saved) => ({
      object_uuid: objectUuid(s),
      referenced_uuid: objectAttributeUuid(s),
      relationship_type: 'related-to',
    }),
  },
  {
    name: 'addObjectReferenceBySource: no object_uuid',
    method: 'POST',
    path: '/objectReferences/add',
    body: (s: Saved) => ({ referenced_uuid: objectAttributeUuid(s), relationship_type: 'related-to' }),
  },
  {
    name: 'getRawObjectTemplate: by name',
    method: 'GET',
    path: '/objectTemplates/getRaw/domain-ip',
    notComparable: NO_TEMPLATES,
  },
  {
    name: 'getRawObjectTemplate: unknown name',
    method: 'GET',
    path: '/objectTemplates/getRaw/no-such-template',
    notComparable: NO_TEMPLATES,
  },
];

export const parityRoutes: Case[] = [...sharingGroups, ...statistics, ...servers, ...redirects, ...objects];
