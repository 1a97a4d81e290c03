// Organisations, users, roles, auth keys, user settings and sharing groups (issue 12), as a site admin, as a
// user of every default role and as an org admin of another organisation: the first cases create those
// users through admin/users/add (the same requests on both sides) and later cases send their keys (`asKey`).
// Filters of admin/users/index and organisations/index are CakePHP named parameters, which the contract cannot
// describe: those cases are compared but not checked against the spec (`outsideContract`).
import { type Case, id, MISSING, type Saved } from './case.js';

const ROLES = [
  ['orgAdmin', 'Org Admin', '2'],
  ['plainUser', 'User', '3'],
  ['publisher', 'Publisher', '4'],
  ['syncUser', 'Sync user', '5'],
  ['readOnly', 'Read Only', '6'],
] as const;
type Who = (typeof ROLES)[number][0] | 'partnerAdmin' | 'partnerUser';
const keyOf = (who: Who) => (s: Saved) => s[who]?.User?.authkey as string | undefined;
const userId = (s: Saved, who: Who) => id(s, who, 'User');
const orgId = (s: Saved, name = 'partnerOrg') => id(s, name, 'Organisation');
const orgnameUuid = (s: Saved) => String(s.adminMe?.Organisation?.uuid ?? '');

const users: Case[] = [
  {
    name: 'addOrganisation: a partner organisation (starting data)',
    method: 'POST',
    path: '/admin/organisations/add',
    body: {
      name: 'Oracle Partner CERT',
      description: 'made by the oracle corpus',
      type: 'CERT',
      nationality: 'Norway',
    },
    save: 'partnerOrg',
    setup: true,
  },
  ...ROLES.map(
    ([save, role, roleId]): Case => ({
      name: `adminAddUser: a ${role} of ORGNAME (starting data)`,
      method: 'POST',
      path: '/admin/users/add',
      body: { email: `${save.toLowerCase()}@orgname.oracle`, role_id: roleId },
      save,
      setup: true,
    }),
  ),
  {
    name: 'adminAddUser: an Org Admin of the partner organisation (starting data)',
    method: 'POST',
    path: '/admin/users/add',
    body: (s: Saved) => ({ email: 'admin@partner.oracle', org_id: orgId(s), role_id: '2' }),
    save: 'partnerAdmin',
    setup: true,
  },
  { name: 'getCurrentUser: site admin, for its organisation', method: 'GET', path: '/users/view/me', save: 'adminMe' },
  ...ROLES.map(
    ([who, role]): Case => ({
      name: `getCurrentUser: as ${role}`,
      method: 'GET',
      path: '/users/view/me',
      asKey: keyOf(who),
    }),
  ),
  { name: 'adminListUsers: site admin', method: 'GET', path: '/admin/users/index' },
  {
    name: 'adminListUsers: searchemail named parameter',
    method: 'GET',
    path: '/admin/users/index/searchemail:publisher',
    outsideContract: true,
  },
  {
    name: 'adminListUsers: searchrole named parameter',
    method: 'GET',
    path: '/admin/users/index/searchrole:6',
    outsideContract: true,
  },
  {
    name: 'adminListUsers: as org admin (own organisation only)',
    method: 'GET',
    path: '/admin/users/index',
    asKey: keyOf('partnerAdmin'),
  },
  { name: 'adminListUsers: as publisher', method: 'GET', path: '/admin/users/index', asKey: keyOf('publisher') },
  { name: 'adminGetUser: a publisher', method: 'GET', path: (s) => `/admin/users/view/${userId(s, 'publisher')}` },
  { name: 'adminGetUser: unknown id', method: 'GET', path: `/admin/users/view/${MISSING}` },
  {
    name: 'adminGetUser: org admin asks for another organisation’s user',
    method: 'GET',
    path: (s) => `/admin/users/view/${userId(s, 'publisher')}`,
    asKey: keyOf('partnerAdmin'),
  },
  {
    name: 'adminAddUser: duplicate e-mail',
    method: 'POST',
    path: '/admin/users/add',
    body: { email: 'publisher@orgname.oracle', role_id: '4' },
  },
  { name: 'adminAddUser: invalid e-mail', method: 'POST', path: '/admin/users/add', body: { email: 'not-an-email' } },
  {
    name: 'adminAddUser: unknown organisation',
    method: 'POST',
    path: '/admin/users/add',
    body: { email: 'nowhere@orgname.oracle', org_id: MISSING },
  },
  {
    name: 'adminAddUser: unknown role',
    method: 'POST',
    path: '/admin/users/add',
    body: { email: 'norole@orgname.oracle', role_id: MISSING },
  },
  {
    name: 'adminAddUser: org admin names ORGNAME (the user lands in the partner organisation)',
    method: 'POST',
    path: '/admin/users/add',
    body: { email: 'user@partner.oracle', org_id: '1', role_id: '3' },
    asKey: keyOf('partnerAdmin'),
    save: 'partnerUser',
  },
  {
    name: 'adminAddUser: as publisher',
    method: 'POST',
    path: '/admin/users/add',
    body: { email: 'sneaky@orgname.oracle' },
    asKey: keyOf('publisher'),
  },
  {
    name: 'adminEditUser: change role and disable',
    method: 'POST',
    path: (s) => `/admin/users/edit/${userId(s, 'partnerUser')}`,
    body: { role_id: '6', disabled: true },
  },
  {
    name: 'adminEditUser: org admin edits another organisation’s user',
    method: 'POST',
    path: (s) => `/admin/users/edit/${userId(s, 'publisher')}`,
    body: { email: 'stolen@orgname.oracle' },
    asKey: keyOf('partnerAdmin'),
  },
  {
    name: 'adminEditUser: ORGNAME’s org admin edits the site admin',
    method: 'POST',
    path: '/admin/users/edit/1',
    body: { role_id: '6' },
    asKey: keyOf('orgAdmin'),
  },
  {
    name: 'addAuthKeyForUser: ORGNAME’s org admin for the site admin',
    method: 'POST',
    path: '/auth_keys/add/1',
    body: {},
    asKey: keyOf('orgAdmin'),
  },
  {
    name: 'adminGetUser: the publisher is unchanged after the refused edit',
    method: 'GET',
    path: (s) => `/admin/users/view/${userId(s, 'publisher')}`,
  },
  {
    name: 'getCurrentUser: a disabled user’s key',
    method: 'GET',
    path: '/users/view/me',
    asKey: keyOf('partnerUser'),
  },
  {
    name: 'editOwnProfile: read-only user changes alert settings',
    method: 'POST',
    path: '/users/edit',
    body: { autoalert: 1, contactalert: 1 },
    asKey: keyOf('readOnly'),
  },
  {
    name: 'adminDeleteUser: org admin deletes another organisation’s user',
    method: 'POST',
    path: (s) => `/admin/users/delete/${userId(s, 'plainUser')}`,
    asKey: keyOf('partnerAdmin'),
  },
  {
    name: 'adminDeleteUser: the partner’s user',
    method: 'POST',
    path: (s) => `/admin/users/delete/${userId(s, 'partnerUser')}`,
  },
  { name: 'adminDeleteUser: unknown id', method: 'POST', path: `/admin/users/delete/${MISSING}` },
  {
    name: 'initiatePasswordReset: no mail can be sent',
    method: 'POST',
    path: (s) => `/users/initiatePasswordReset/${userId(s, 'publisher')}`,
  },
];

const organisations: Case[] = [
  { name: 'getUserStatistics: site admin', method: 'GET', path: '/users/statistics' },
  {
    name: 'addOrganisation: duplicate name',
    method: 'POST',
    path: '/admin/organisations/add',
    body: { name: 'Oracle Partner CERT' },
  },
  {
    name: 'addOrganisation: as org admin',
    method: 'POST',
    path: '/admin/organisations/add',
    body: { name: 'Org admin made' },
    asKey: keyOf('partnerAdmin'),
  },
  {
    name: 'addOrganisation: an external organisation',
    method: 'POST',
    path: '/admin/organisations/add',
    body: { name: 'Oracle External ISAC', local: false, sector: 'Finance' },
    save: 'externalOrg',
  },
  {
    name: 'editOrganisation: sector',
    method: 'POST',
    path: (s) => `/admin/organisations/edit/${orgId(s)}`,
    body: { sector: 'Energy' },
  },
  { name: 'editOrganisation: unknown id', method: 'POST', path: `/admin/organisations/edit/${MISSING}`, body: {} },
  {
    name: 'listOrganisations: scope external',
    method: 'GET',
    path: '/organisations/index/scope:external',
    outsideContract: true,
  },
  {
    name: 'listOrganisations: scope all, searchall',
    method: 'GET',
    path: '/organisations/index/scope:all/searchall:oracle',
    outsideContract: true,
  },
  {
    name: 'deleteOrganisation: one that has users',
    method: 'POST',
    path: (s) => `/admin/organisations/delete/${orgId(s)}`,
  },
  {
    name: 'deleteOrganisation: the external one',
    method: 'POST',
    path: (s) => `/admin/organisations/delete/${orgId(s, 'externalOrg')}`,
  },
  { name: 'deleteOrganisation: unknown id', method: 'POST', path: `/admin/organisations/delete/${MISSING}` },
];

const roles: Case[] = [
  { name: 'listRoles: site admin', method: 'GET', path: '/roles/index' },
  { name: 'listRoles: as read-only user', method: 'GET', path: '/roles/index', asKey: keyOf('readOnly') },
  ...['1', '2', '3', '4', '5', '6'].map(
    (n): Case => ({ name: `getRole: default role ${n}`, method: 'GET', path: `/roles/view/${n}` }),
  ),
  { name: 'getRole: unknown id', method: 'GET', path: `/roles/view/${MISSING}` },
  {
    name: 'addRole: from a permission level',
    method: 'POST',
    path: '/admin/roles/add',
    body: { name: 'Oracle triage', permission: '1', perm_sighting: 1 },
    save: 'triage',
  },
  { name: 'addRole: duplicate name', method: 'POST', path: '/admin/roles/add', body: { name: 'Publisher' } },
  {
    name: 'addRole: as org admin',
    method: 'POST',
    path: '/admin/roles/add',
    body: { name: 'x' },
    asKey: keyOf('orgAdmin'),
  },
  {
    name: 'editRole: raise to publish',
    method: 'POST',
    path: (s) => `/admin/roles/edit/${id(s, 'triage', 'Role')}`,
    body: { permission: '3', perm_tagger: 1 },
  },
  { name: 'editRole: unknown id', method: 'POST', path: `/admin/roles/edit/${MISSING}`, body: {} },
  { name: 'setDefaultRole: Read Only', method: 'POST', path: '/admin/roles/set_default/6' },
  { name: 'setDefaultRole: back to User', method: 'POST', path: '/admin/roles/set_default/3' },
  { name: 'setDefaultRole: unknown id', method: 'POST', path: `/admin/roles/set_default/${MISSING}` },
  {
    name: 'getUser: a publisher by id, as site admin',
    method: 'GET',
    path: (s: Saved) => `/users/view/${userId(s, 'publisher')}`,
  },
  {
    name: 'getUser: the site admin, as a publisher',
    method: 'GET',
    path: '/users/view/1',
    asKey: keyOf('publisher'),
  },
  { name: 'deleteRole: a role in use', method: 'POST', path: '/admin/roles/delete/4' },
  { name: 'deleteRole: the new role', method: 'POST', path: (s) => `/admin/roles/delete/${id(s, 'triage', 'Role')}` },
  { name: 'deleteRole: unknown id', method: 'POST', path: `/admin/roles/delete/${MISSING}` },
];

const authKeys: Case[] = [
  {
    name: 'addAuthKey: own key with comment, expiry and allowed_ips',
    method: 'POST',
    path: '/auth_keys/add',
    body: { comment: 'oracle', expiration: '2030-01-01', allowed_ips: ['10.0.0.0/8'] },
    save: 'key',
  },
  { name: 'addAuthKey: invalid IP range', method: 'POST', path: '/auth_keys/add', body: { allowed_ips: ['notanip'] } },
  {
    name: 'addAuthKeyForUser: admin for a publisher',
    method: 'POST',
    path: (s) => `/auth_keys/add/${userId(s, 'publisher')}`,
    body: { comment: 'for the publisher' },
  },
  { name: 'addAuthKeyForUser: unknown user', method: 'POST', path: `/auth_keys/add/${MISSING}`, body: {} },
  {
    name: 'addAuthKeyForUser: publisher for the site admin',
    method: 'POST',
    path: '/auth_keys/add/1',
    body: {},
    asKey: keyOf('publisher'),
  },
  { name: 'getAuthKey: the new key', method: 'GET', path: (s) => `/auth_keys/view/${id(s, 'key', 'AuthKey')}` },
  { name: 'getAuthKey: unknown id', method: 'GET', path: `/auth_keys/view/${MISSING}` },
  { name: 'listAuthKeys: as publisher (own keys)', method: 'GET', path: '/auth_keys/index', asKey: keyOf('publisher') },
  {
    name: 'editAuthKey: comment and read-only',
    method: 'POST',
    path: (s) => `/auth_keys/edit/${id(s, 'key', 'AuthKey')}`,
    body: { comment: 'oracle, edited', read_only: 1 },
  },
  { name: 'deleteAuthKey: the new key', method: 'POST', path: (s) => `/auth_keys/delete/${id(s, 'key', 'AuthKey')}` },
  { name: 'deleteAuthKey: unknown id', method: 'POST', path: `/auth_keys/delete/${MISSING}` },
];

const settings: Case[] = [
  {
    name: 'setUserSetting: dashboard_access',
    method: 'POST',
    path: '/user_settings/setSetting',
    body: { setting: 'dashboard_access', value: true },
    save: 'setting',
  },
  {
    name: 'setUserSetting: no value (saved as [])',
    method: 'POST',
    path: '/user_settings/setSetting',
    body: { setting: 'homepage' },
  },
  { name: 'setUserSetting: no setting', method: 'POST', path: '/user_settings/setSetting', body: { value: 1 } },
  {
    name: 'setUserSetting: unknown setting',
    method: 'POST',
    path: '/user_settings/setSetting',
    body: { setting: 'bogus', value: 1 },
  },
  { name: 'getUserSetting: dashboard_access', method: 'GET', path: '/user_settings/getSetting/1/dashboard_access' },
  { name: 'getUserSetting: a setting never set', method: 'GET', path: '/user_settings/getSetting/1/oidc' },
  { name: 'listUserSettings: site admin', method: 'GET', path: '/user_settings/index' },
  {
    name: 'deleteUserSetting: dashboard_access',
    method: 'POST',
    path: (s) => `/user_settings/delete/${id(s, 'setting', 'UserSetting')}`,
  },
  {
    name: 'deleteUserSetting: again',
    method: 'POST',
    path: (s) => `/user_settings/delete/${id(s, 'setting', 'UserSetting')}`,
  },
];

const sgId = (s: Saved) => id(s, 'circle', 'SharingGroup');
const sharingGroups: Case[] = [
  {
    name: 'addSharingGroup: site admin',
    method: 'POST',
    path: '/sharing_groups/add',
    body: { name: 'Oracle circle', releasability: 'oracle partners', description: 'd' },
    save: 'circle',
  },
  {
    name: 'addSharingGroup: org admin, own organisation not listed',
    method: 'POST',
    path: '/sharing_groups/add',
    body: { name: 'Lonely circle' },
    asKey: keyOf('orgAdmin'),
  },
  {
    name: 'addSharingGroup: org admin lists own organisation with extend',
    method: 'POST',
    path: '/sharing_groups/add',
    body: (s: Saved) => ({
      name: 'Owned circle',
      SharingGroupOrg: [{ extend: 1, Organisation: { uuid: orgnameUuid(s) } }],
    }),
    asKey: keyOf('orgAdmin'),
  },
  {
    name: 'addSharingGroup: as publisher',
    method: 'POST',
    path: '/sharing_groups/add',
    body: { name: 'p' },
    asKey: keyOf('publisher'),
  },
  {
    name: 'addOrgToSharingGroup: the partner',
    method: 'POST',
    path: (s) => `/sharing_groups/addOrg/${sgId(s)}/${orgId(s)}`,
  },
  { name: 'addOrgToSharingGroup: again', method: 'POST', path: (s) => `/sharing_groups/addOrg/${sgId(s)}/${orgId(s)}` },
  {
    name: 'addOrgToSharingGroup: unknown organisation',
    method: 'POST',
    path: (s) => `/sharing_groups/addOrg/${sgId(s)}/${MISSING}`,
  },
  {
    name: 'addOrgToSharingGroup: unknown group',
    method: 'POST',
    path: (s) => `/sharing_groups/addOrg/${MISSING}/${orgId(s)}`,
  },
  { name: 'getSharingGroup: site admin', method: 'GET', path: (s) => `/sharing_groups/view/${sgId(s)}` },
  {
    name: 'getSharingGroup: as the member organisation’s admin',
    method: 'GET',
    path: (s) => `/sharing_groups/view/${sgId(s)}`,
    asKey: keyOf('partnerAdmin'),
  },
  {
    name: 'getSharingGroup: as a publisher of the owning organisation (not a member)',
    method: 'GET',
    path: (s) => `/sharing_groups/view/${sgId(s)}`,
    asKey: keyOf('publisher'),
  },
  { name: 'getSharingGroup: unknown id', method: 'GET', path: `/sharing_groups/view/${MISSING}` },
  { name: 'sharingGroupExists: the circle', method: 'HEAD', path: (s) => `/sharing_groups/view/${sgId(s)}` },
  {
    name: 'listSharingGroups: as the member organisation’s admin',
    method: 'GET',
    path: '/sharing_groups/index',
    asKey: keyOf('partnerAdmin'),
  },
  {
    name: 'editSharingGroup: description',
    method: 'POST',
    path: (s) => `/sharing_groups/edit/${sgId(s)}`,
    body: { description: 'edited' },
  },
  {
    name: 'editSharingGroup: as publisher',
    method: 'POST',
    path: (s) => `/sharing_groups/edit/${sgId(s)}`,
    body: { description: 'no' },
    asKey: keyOf('publisher'),
  },
  {
    name: 'removeOrgFromSharingGroup: the partner',
    method: 'POST',
    path: (s) => `/sharing_groups/removeOrg/${sgId(s)}/${orgId(s)}`,
  },
  {
    name: 'removeOrgFromSharingGroup: again',
    method: 'POST',
    path: (s) => `/sharing_groups/removeOrg/${sgId(s)}/${orgId(s)}`,
  },
  {
    name: 'addServerToSharingGroup: unknown server',
    method: 'POST',
    path: (s) => `/sharing_groups/addServer/${sgId(s)}/5`,
  },
  {
    name: 'removeServerFromSharingGroup: the local instance',
    method: 'POST',
    path: (s) => `/sharing_groups/removeServer/${sgId(s)}/0`,
  },
  { name: 'deleteSharingGroup: the circle', method: 'POST', path: (s) => `/sharing_groups/delete/${sgId(s)}` },
  { name: 'deleteSharingGroup: unknown id', method: 'POST', path: `/sharing_groups/delete/${MISSING}` },
];

/** The permission rules of MISP's default roles, as each role meets them. */
const rules: Case[] = [
  ...ROLES.map(
    ([who, role]): Case => ({
      name: `addTag: a new tag as ${role}`,
      method: 'POST',
      path: '/tags/add',
      body: { name: `oracle:new-by-${who.toLowerCase()}`, colour: '#123456' },
      asKey: keyOf(who),
    }),
  ),
  ...ROLES.map(
    ([who, role]): Case => ({
      name: `addEvent: published, as ${role}`,
      method: 'POST',
      path: '/events/add',
      body: {
        info: `oracle: published by ${role}`,
        distribution: '0',
        threat_level_id: '3',
        analysis: '0',
        date: '2026-02-01',
        published: true,
        Attribute: [{ type: 'domain', value: `${who.toLowerCase()}.publish.oracle.example` }],
      },
      asKey: keyOf(who),
      save: `published-${who}`,
    }),
  ),
  ...ROLES.map(
    ([who, role]): Case => ({
      name: `publishEvent: own organisation’s event as ${role}`,
      method: 'POST',
      path: (s) => `/events/publish/${id(s, 'published-orgAdmin', 'Event')}`,
      asKey: keyOf(who),
    }),
  ),
  ...ROLES.map(
    ([who, role]): Case => ({
      name: `adminListUsers: as ${role}`,
      method: 'GET',
      path: '/admin/users/index/searchemail:nobody-matches-this',
      outsideContract: true,
      asKey: keyOf(who),
    }),
  ),
];

export const accounts: Case[] = [
  ...users,
  ...organisations,
  ...roles,
  ...authKeys,
  ...settings,
  ...sharingGroups,
  ...rules,
];
