// PyMISP parity operations: organisation blocklists (site admin), and the events/add refusal for a blocked
// creator organisation. The cases use their own uuids and remove their entries, so later files see MISP's two
// example entries only.
import { type Case, MISSING, NO_UUID } from './case.js';

const ORG = '5e2f0c6e-7b3a-4c2e-9f10-0a1b2c3d4e01';
const ORG_2 = '5e2f0c6e-7b3a-4c2e-9f10-0a1b2c3d4e02';
const ORG_3 = '5e2f0c6e-7b3a-4c2e-9f10-0a1b2c3d4e03';

const orgBlocklists: Case[] = [
  { name: 'listOrgBlocklists: the example entries of a fresh MISP', method: 'GET', path: '/orgBlocklists/index' },
  {
    name: 'addOrgBlocklists: two uuids and one that is not',
    method: 'POST',
    path: '/orgBlocklists/add',
    body: { uuids: [ORG, ORG_2, 'not-a-uuid'], comment: 'oracle', org_name: 'Blocked org' },
  },
  {
    name: 'addOrgBlocklists: newline-separated, one blocked already',
    method: 'POST',
    path: '/orgBlocklists/add',
    body: { OrgBlocklist: { uuids: `${ORG}\n  ${ORG_3}  ` } },
  },
  {
    name: 'addOrgBlocklists: as a regular user',
    method: 'POST',
    path: '/orgBlocklists/add',
    body: { uuids: [ORG_3] },
    as: 'user',
  },
  {
    name: 'listOrgBlocklists: named parameters are ignored',
    method: 'GET',
    path: '/orgBlocklists/index/comment:oracle',
  },
  { name: 'listOrgBlocklists: as a regular user', method: 'GET', path: '/orgBlocklists/index', as: 'user' },
  {
    name: 'addEvent: the creator organisation is blocked',
    method: 'POST',
    path: '/events/add',
    body: { Event: { info: 'Blocked creator', Orgc: { uuid: ORG, name: 'Blocked org' } } },
  },
  {
    name: 'editOrgBlocklist: by org uuid',
    method: 'POST',
    path: `/orgBlocklists/edit/${ORG_3}`,
    body: { comment: 'edited', org_name: 'Edited' },
  },
  {
    name: 'editOrgBlocklist: to a uuid blocked by another entry',
    method: 'POST',
    path: `/orgBlocklists/edit/${ORG_3}`,
    body: { org_uuid: ORG },
  },
  {
    name: 'editOrgBlocklist: to something not a uuid',
    method: 'POST',
    path: `/orgBlocklists/edit/${ORG_3}`,
    body: { OrgBlocklist: { org_uuid: 'nope' } },
  },
  { name: 'editOrgBlocklist: unknown entry', method: 'POST', path: `/orgBlocklists/edit/${MISSING}`, body: {} },
  { name: 'deleteOrgBlocklist: by org uuid', method: 'POST', path: `/orgBlocklists/delete/${ORG}` },
  { name: 'deleteOrgBlocklist: again', method: 'POST', path: `/orgBlocklists/delete/${ORG}` },
  { name: 'deleteOrgBlocklist: as a regular user', method: 'POST', path: `/orgBlocklists/delete/${ORG_2}`, as: 'user' },
  { name: 'deleteOrgBlocklist: the second', method: 'POST', path: `/orgBlocklists/delete/${ORG_2}` },
  { name: 'deleteOrgBlocklist: the third', method: 'POST', path: `/orgBlocklists/delete/${ORG_3}` },
  { name: 'listOrgBlocklists: back to the examples', method: 'GET', path: '/orgBlocklists/index' },
];

// Counts over every event tag the corpus made so far, so they compare the whole tagging history.
const tagStatistics: Case[] = [
  { name: 'getTagStatistics: counts, by count', method: 'GET', path: '/tags/tagStatistics/false/false' },
  { name: 'getTagStatistics: percentages, by name', method: 'GET', path: '/tags/tagStatistics/true/true' },
];

const userSettingsByName: Case[] = [
  {
    name: 'setUserSetting: a homepage to find by name',
    method: 'POST',
    path: '/userSettings/setSetting',
    body: { setting: 'homepage', value: { path: '/events/index' } },
  },
  {
    name: 'findUserSetting: the own setting',
    method: 'POST',
    path: '/userSettings/getSetting',
    body: { setting: 'homepage' },
  },
  { name: 'findUserSetting: no setting named', method: 'POST', path: '/userSettings/getSetting', body: {} },
  {
    name: 'findUserSetting: of an unknown user',
    method: 'POST',
    path: '/userSettings/getSetting',
    body: { setting: 'homepage', user_id: MISSING },
  },
  {
    name: 'findUserSetting: a setting nobody set',
    method: 'POST',
    path: '/userSettings/getSetting',
    body: { setting: 'dashboard' },
  },
  { name: 'deleteUserSettingByName: no setting named', method: 'POST', path: '/userSettings/delete', body: {} },
  {
    name: 'deleteUserSettingByName: the homepage',
    method: 'POST',
    path: '/userSettings/delete',
    body: { setting: 'homepage' },
  },
  {
    name: 'deleteUserSettingByName: again',
    method: 'POST',
    path: '/userSettings/delete',
    body: { setting: 'homepage' },
  },
];

const statisticsPages: Case[] = [
  { name: 'getUserStatisticsPage: data', method: 'GET', path: '/users/statistics/data' },
  { name: 'getUserStatisticsPage: users', method: 'GET', path: '/users/statistics/users' },
  { name: 'getUserStatisticsPage: tags', method: 'GET', path: '/users/statistics/tags' },
  {
    name: 'getUserStatisticsPage: a page MISP does not know',
    method: 'GET',
    path: '/users/statistics/bogus',
    outsideContract: true,
  },
];

const SHIPPED_LIST =
  'MISP answers the community list it ships (its own data, not copied here); the sandbox has none unless given one';
const communities: Case[] = [
  { name: 'listCommunities: vetted', method: 'GET', path: '/communities/index', notComparable: SHIPPED_LIST },
  {
    name: 'listCommunities: unvetted, searched',
    method: 'GET',
    path: '/communities/index/context:unvetted/value:circl',
    notComparable: SHIPPED_LIST,
  },
  { name: 'getCommunity: the first', method: 'GET', path: '/communities/view/1', notComparable: SHIPPED_LIST },
  { name: 'getCommunity: an id past the end of the list', method: 'GET', path: '/communities/view/999' },
  { name: 'getCommunity: an unknown uuid', method: 'GET', path: `/communities/view/${NO_UUID}` },
];

export const parity: Case[] = [
  ...orgBlocklists,
  ...tagStatistics,
  ...userSettingsByName,
  ...statisticsPages,
  ...communities,
];
