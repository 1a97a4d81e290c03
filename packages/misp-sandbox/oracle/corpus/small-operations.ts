// Small operations: the instance uuid (servers/getInstanceUUID), the sightings of an event (sightings/index),
// deleting one sighting (sightings/delete) and one user setting by id (user_settings/view), each as the
// admin, as users without the permission, as another organisation, and with unknown or malformed ids.
import { type Case, eventId, MISSING, NO_UUID, type Saved } from './case.js';

const sightingId = (s: Saved) => String(s.doomedSighting?.Sighting?.id ?? MISSING);
const privateAttributeId = (s: Saved) => String(s.private?.Event?.Attribute?.[0]?.id ?? MISSING);
const settingId = (s: Saved) => String(s.smallSetting?.UserSetting?.id ?? MISSING);

export const smallOperations: Case[] = [
  { name: 'getInstanceUuid: as site admin', method: 'GET', path: '/servers/getInstanceUUID' },
  {
    name: 'getInstanceUuid: as a publisher (no perm_sync)',
    method: 'GET',
    path: '/servers/getInstanceUUID',
    as: 'user',
  },
  { name: 'getInstanceUuid: as read-only user', method: 'GET', path: '/servers/getInstanceUUID', as: 'readonly' },
  { name: 'getInstanceUuid: bad key', method: 'GET', path: '/servers/getInstanceUUID', as: 'badKey' },

  { name: 'listEventSightings: the main event', method: 'GET', path: (s) => `/sightings/index/${eventId(s)}` },
  {
    name: 'listEventSightings: the main event, as read-only user',
    method: 'GET',
    path: (s) => `/sightings/index/${eventId(s)}`,
    as: 'readonly',
  },
  { name: 'listEventSightings: unknown event', method: 'GET', path: `/sightings/index/${MISSING}` },
  {
    name: 'addSightingToAttribute: one to delete on the private event (starting data)',
    method: 'POST',
    path: (s) => `/sightings/add/${String(s.private?.Event?.Attribute?.[0]?.id ?? MISSING)}`,
    body: { source: 'oracle small operations' },
    save: 'doomedSighting',
    setup: true,
  },
  {
    name: 'listEventSightings: an organisation-only event, as its organisation',
    method: 'GET',
    path: (s) => `/sightings/index/${eventId(s, 'private')}`,
  },
  {
    name: 'listEventSightings: an organisation-only event, as another organisation',
    method: 'GET',
    path: (s) => `/sightings/index/${eventId(s, 'private')}`,
    as: 'partner',
  },

  {
    name: 'deleteSighting: as read-only user (no perm_modify_org)',
    method: 'POST',
    path: (s) => `/sightings/delete/${sightingId(s)}`,
    body: {},
    as: 'readonly',
  },
  {
    name: 'deleteSighting: another organisation’s sighting',
    method: 'POST',
    path: (s) => `/sightings/delete/${sightingId(s)}`,
    body: {},
    as: 'partner',
  },
  {
    name: 'deleteSighting: by GET',
    method: 'GET',
    path: (s) => `/sightings/delete/${sightingId(s)}`,
    outsideContract: true,
  },
  { name: 'deleteSighting: unknown id', method: 'POST', path: `/sightings/delete/${MISSING}`, body: {} },
  { name: 'deleteSighting: a non-numeric id', method: 'POST', path: '/sightings/delete/abc', body: {} },
  {
    name: 'deleteSighting: as a publisher of the same organisation',
    method: 'POST',
    path: (s) => `/sightings/delete/${sightingId(s)}`,
    body: {},
    as: 'user',
  },
  {
    name: 'deleteSighting: again (already deleted)',
    method: 'POST',
    path: (s) => `/sightings/delete/${sightingId(s)}`,
    body: {},
  },
  {
    name: 'listEventSightings: the organisation-only event after the delete',
    method: 'GET',
    path: (s) => `/sightings/index/${eventId(s, 'private')}`,
  },

  // attributes/restore answers a 302 to attributes/view (no JSON): not in the contract yet, compared only.
  {
    name: 'deleteAttribute: the private event’s attribute, to restore (starting data)',
    method: 'POST',
    path: (s) => `/attributes/delete/${privateAttributeId(s)}`,
    body: {},
    setup: true,
  },
  {
    name: 'restoreAttribute: as read-only user (no perm_add)',
    method: 'POST',
    path: (s) => `/attributes/restore/${privateAttributeId(s)}`,
    body: {},
    as: 'readonly',
    outsideContract: true,
  },
  {
    name: 'restoreAttribute: another organisation’s event',
    method: 'POST',
    path: (s) => `/attributes/restore/${privateAttributeId(s)}`,
    body: {},
    as: 'partner',
    outsideContract: true,
  },
  {
    name: 'restoreAttribute: by uuid (MISP looks up ids only)',
    method: 'POST',
    path: `/attributes/restore/${NO_UUID}`,
    body: {},
    outsideContract: true,
  },
  {
    name: 'restoreAttribute: unknown id',
    method: 'POST',
    path: `/attributes/restore/${MISSING}`,
    body: {},
    outsideContract: true,
  },
  {
    name: 'restoreAttribute: the deleted attribute',
    method: 'POST',
    path: (s) => `/attributes/restore/${privateAttributeId(s)}`,
    body: {},
    outsideContract: true,
  },
  {
    name: 'getAttribute: the restored attribute',
    method: 'GET',
    path: (s) => `/attributes/view/${privateAttributeId(s)}`,
  },

  {
    name: 'setUserSetting: a homepage to view (starting data)',
    method: 'POST',
    path: '/user_settings/setSetting',
    body: { setting: 'homepage', value: { path: '/events/index' } },
    save: 'smallSetting',
    setup: true,
  },
  { name: 'viewUserSetting: own setting', method: 'GET', path: (s) => `/user_settings/view/${settingId(s)}` },
  {
    name: 'viewUserSetting: the admin’s setting, as a publisher',
    method: 'GET',
    path: (s) => `/user_settings/view/${settingId(s)}`,
    as: 'user',
  },
  {
    name: 'viewUserSetting: the admin’s setting, as another organisation',
    method: 'GET',
    path: (s) => `/user_settings/view/${settingId(s)}`,
    as: 'partner',
  },
  { name: 'viewUserSetting: unknown id', method: 'GET', path: `/user_settings/view/${MISSING}` },
  { name: 'viewUserSetting: a non-numeric id', method: 'GET', path: '/user_settings/view/abc' },
  {
    name: 'deleteUserSetting: the homepage set above',
    method: 'POST',
    path: (s) => `/user_settings/delete/${settingId(s)}`,
    body: {},
  },
];
