// The small catalogue and account operations: a taxonomy's tags with usage counts (taxonomies/taxonomy_tags),
// tag search by a term in the path (tags/search/{term}), a user setting named in the path
// (user_settings/setSetting/{user}/{name}), the first-time password reset flag and TOTP removal. Noticelists
// loaded from a folder are sandbox-only (the oracle has no misp-noticelist data): taxonomies.ts compares the
// empty catalogue. The taxonomy cases need MISP's taxonomies, which catalogues.ts installs on the oracle.
import { type Case, id, MISSING, type Saved } from './case.js';

/** Ids of MISP's install order, the same on both sides (see taxonomies.ts). */
const TLP = '170';
const publisherId = (s: Saved) => String(s.mePublisher?.User?.id ?? MISSING);
const settingId = (s: Saved) => id(s, 'pathSetting', 'UserSetting');

export const catalogueAccount: Case[] = [
  {
    name: 'getCurrentUser: the publisher, for its id (starting data)',
    method: 'GET',
    path: '/users/view/me',
    as: 'user',
    save: 'mePublisher',
    setup: true,
  },

  { name: 'listTaxonomyTags: tlp by id', method: 'GET', path: `/taxonomies/taxonomy_tags/${TLP}` },
  { name: 'listTaxonomyTags: tlp by namespace', method: 'GET', path: '/taxonomies/taxonomy_tags/tlp' },
  {
    name: 'listTaxonomyTags: the second page of two, descending',
    method: 'GET',
    path: `/taxonomies/taxonomy_tags/${TLP}/limit:2/page:2/direction:desc`,
  },
  { name: 'listTaxonomyTags: filtered', method: 'GET', path: `/taxonomies/taxonomy_tags/${TLP}/filter:GREEN` },
  {
    name: 'listTaxonomyTags: as read-only user',
    method: 'GET',
    path: `/taxonomies/taxonomy_tags/${TLP}`,
    as: 'readonly',
  },
  { name: 'listTaxonomyTags: unknown id', method: 'GET', path: `/taxonomies/taxonomy_tags/${MISSING}` },

  { name: 'searchTagsByTerm: a LIKE pattern', method: 'GET', path: '/tags/search/tlp%25' },
  { name: 'searchTagsByTerm: a pattern that matches inside names', method: 'GET', path: '/tags/search/%25custom' },
  // The strict flag is a positional argument (`/tags/search/{term}/1`), which the contract checker does not map.
  {
    name: 'searchTagsByTerm: a pattern, strict (nothing is named so)',
    method: 'GET',
    path: '/tags/search/tlp%25/1',
    outsideContract: true,
  },
  {
    name: 'searchTagsByTerm: a tag id, strict',
    method: 'GET',
    path: (s) => `/tags/search/${id(s, 'tag', 'Tag')}/1`,
    outsideContract: true,
  },
  { name: 'searchTagsByTerm: nothing matches', method: 'GET', path: '/tags/search/no-such-tag' },
  {
    name: 'searchTagsByTerm: a name:value term (a named parameter)',
    method: 'GET',
    path: '/tags/search/tlp:green',
    outsideContract: true,
  },
  { name: 'searchTagsByTerm: as read-only user', method: 'GET', path: '/tags/search/tlp%25', as: 'readonly' },

  {
    name: 'setUserSettingByName: the publisher’s homepage, as site admin',
    method: 'POST',
    path: (s) => `/user_settings/setSetting/${publisherId(s)}/homepage`,
    body: { value: { path: '/events/index' } },
    save: 'pathSetting',
  },
  {
    name: 'setUserSettingByName: the path’s name wins over the body’s, no value is []',
    method: 'POST',
    path: (s) => `/user_settings/setSetting/${publisherId(s)}/homepage`,
    body: { setting: 'dashboard' },
  },
  {
    name: 'setUserSettingByName: the site admin’s id, as the publisher (sets its own)',
    method: 'POST',
    path: '/user_settings/setSetting/1/homepage',
    body: { value: { path: '/events/index/mine' } },
    as: 'user',
  },
  {
    name: 'setUserSettingByName: a setting MISP does not know',
    method: 'POST',
    path: (s) => `/user_settings/setSetting/${publisherId(s)}/bogus`,
    body: { value: 1 },
  },
  {
    name: 'setUserSettingByName: MISP’s internal oidc setting',
    method: 'POST',
    path: (s) => `/user_settings/setSetting/${publisherId(s)}/oidc`,
    body: {},
  },
  {
    name: 'setUserSettingByName: as read-only user',
    method: 'POST',
    path: '/user_settings/setSetting/1/homepage',
    body: { value: { path: '/events/index/readonly' } },
    as: 'readonly',
  },
  {
    name: 'deleteUserSetting: the setting set by path',
    method: 'POST',
    path: (s) => `/user_settings/delete/${settingId(s)}`,
    body: {},
  },

  {
    name: 'initiatePasswordResetWithFlag: first-time mail, no mail can be sent',
    method: 'POST',
    path: (s) => `/users/initiatePasswordReset/${publisherId(s)}/1`,
    body: {},
  },
  {
    name: 'initiatePasswordResetWithFlag: reset mail, no mail can be sent',
    method: 'POST',
    path: (s) => `/users/initiatePasswordReset/${publisherId(s)}/0`,
    body: {},
  },
  {
    name: 'initiatePasswordResetWithFlag: unknown user',
    method: 'POST',
    path: `/users/initiatePasswordReset/${MISSING}/1`,
    body: {},
  },
  {
    name: 'initiatePasswordResetWithFlag: as a publisher',
    method: 'POST',
    path: (s) => `/users/initiatePasswordReset/${publisherId(s)}/1`,
    body: {},
    as: 'user',
  },

  {
    name: 'deleteUserTotp: a user without a TOTP secret',
    method: 'POST',
    path: (s) => `/users/totp_delete/${publisherId(s)}`,
    body: {},
  },
  { name: 'deleteUserTotp: unknown user', method: 'POST', path: `/users/totp_delete/${MISSING}`, body: {} },
  {
    name: 'deleteUserTotp: as a publisher',
    method: 'POST',
    path: (s) => `/users/totp_delete/${publisherId(s)}`,
    body: {},
    as: 'user',
  },
];
