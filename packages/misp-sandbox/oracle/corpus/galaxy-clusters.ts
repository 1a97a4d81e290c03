// Custom galaxy clusters (issue 14): galaxy_clusters/add, edit, delete (soft and hard), restore, publish,
// unpublish, and how the view shows what they did. Runs after `catalogues`, whose oracle-only
// galaxies/update gives the oracle the galaxies the sandbox installs at start.
import { type Case, id, MISSING, NO_UUID } from './case.js';

/** The first galaxy of the catalogue (360.net Threat Actors on both sides: galaxies are loaded in file order). */
const GALAXY = '1';
const cluster = (s: Parameters<typeof id>[0], name: string) => id(s, name, 'GalaxyCluster');

export const galaxyClusters: Case[] = [
  {
    name: 'addGalaxyCluster: a custom cluster with authors and elements',
    method: 'POST',
    path: `/galaxy_clusters/add/${GALAXY}`,
    body: {
      GalaxyCluster: {
        value: 'Oracle Custom Actor',
        description: 'made by the differential corpus',
        authors: ['mispkit oracle'],
        distribution: '1',
        GalaxyElement: [
          { key: 'synonyms', value: 'Oracle Alias' },
          { key: 'country', value: 'LU' },
        ],
      },
    },
    save: 'gcCustom',
  },
  {
    name: 'addGalaxyCluster: bare fields, default distribution',
    method: 'POST',
    path: `/galaxy_clusters/add/${GALAXY}`,
    body: { value: 'Oracle Bare Actor' },
    save: 'gcBare',
  },
  {
    name: 'addGalaxyCluster: your organisation only',
    method: 'POST',
    path: `/galaxy_clusters/add/${GALAXY}`,
    body: { value: 'Oracle Private Actor', distribution: 0 },
    save: 'gcPrivate',
  },
  {
    name: 'addGalaxyCluster: unknown galaxy id',
    method: 'POST',
    path: `/galaxy_clusters/add/${MISSING}`,
    body: { value: 'Oracle Nowhere' },
  },
  {
    name: 'addGalaxyCluster: galaxy reference neither id nor uuid',
    method: 'POST',
    path: '/galaxy_clusters/add/abc',
    body: { value: 'Oracle Nowhere' },
  },
  {
    name: 'addGalaxyCluster: distribution 9',
    method: 'POST',
    path: `/galaxy_clusters/add/${GALAXY}`,
    body: { value: 'Oracle Bad Distribution', distribution: '9' },
  },
  {
    name: 'addGalaxyCluster: an unknown sharing group',
    method: 'POST',
    path: `/galaxy_clusters/add/${GALAXY}`,
    body: { value: 'Oracle Bad Group', distribution: '4', sharing_group_id: MISSING },
  },
  {
    name: 'addGalaxyCluster: no value',
    method: 'POST',
    path: `/galaxy_clusters/add/${GALAXY}`,
    body: { description: 'no value' },
  },
  {
    name: 'addGalaxyCluster: a read-only user',
    method: 'POST',
    path: `/galaxy_clusters/add/${GALAXY}`,
    body: { value: 'Oracle Read Only' },
    as: 'readonly',
  },
  {
    name: 'getGalaxyCluster: the custom cluster',
    method: 'GET',
    path: (s) => `/galaxy_clusters/view/${cluster(s, 'gcCustom')}`,
  },
  {
    name: 'getGalaxyCluster: a private cluster, as another organisation',
    method: 'GET',
    path: (s) => `/galaxy_clusters/view/${cluster(s, 'gcPrivate')}`,
    as: 'partner',
  },
  {
    name: 'editGalaxyCluster: value and description',
    method: 'POST',
    path: (s) => `/galaxy_clusters/edit/${cluster(s, 'gcCustom')}`,
    body: { GalaxyCluster: { value: 'Oracle Custom Actor v2', description: 'edited' } },
  },
  {
    name: 'editGalaxyCluster: another organisation’s cluster',
    method: 'POST',
    path: (s) => `/galaxy_clusters/edit/${cluster(s, 'gcCustom')}`,
    body: { value: 'Oracle Hijack' },
    as: 'partner',
  },
  {
    name: 'editGalaxyCluster: a default cluster, as site admin',
    method: 'POST',
    path: '/galaxy_clusters/edit/1',
    body: { value: 'Oracle Default' },
  },
  {
    name: 'editGalaxyCluster: a default cluster, as a galaxy editor',
    method: 'POST',
    path: '/galaxy_clusters/edit/1',
    body: { value: 'Oracle Default' },
    as: 'user',
  },
  {
    name: 'editGalaxyCluster: unknown id',
    method: 'POST',
    path: `/galaxy_clusters/edit/${MISSING}`,
    body: { value: 'Oracle Nothing' },
  },
  {
    name: 'editGalaxyCluster: unknown uuid',
    method: 'POST',
    path: `/galaxy_clusters/edit/${NO_UUID}`,
    body: { value: 'Oracle Nothing' },
  },
  {
    name: 'unpublishGalaxyCluster: not published',
    method: 'POST',
    path: (s) => `/galaxy_clusters/unpublish/${cluster(s, 'gcCustom')}`,
  },
  {
    name: 'publishGalaxyCluster: a default cluster',
    method: 'POST',
    path: '/galaxy_clusters/publish/1',
  },
  {
    name: 'publishGalaxyCluster: another organisation’s cluster',
    method: 'POST',
    path: (s) => `/galaxy_clusters/publish/${cluster(s, 'gcCustom')}`,
    as: 'partner',
  },
  {
    name: 'publishGalaxyCluster: unknown id',
    method: 'POST',
    path: `/galaxy_clusters/publish/${MISSING}`,
  },
  {
    name: 'publishGalaxyCluster: the custom cluster (a queued job)',
    method: 'POST',
    path: (s) => `/galaxy_clusters/publish/${cluster(s, 'gcCustom')}`,
  },
  {
    name: 'deleteGalaxyCluster: GET',
    method: 'GET',
    path: (s) => `/galaxy_clusters/delete/${cluster(s, 'gcBare')}`,
    outsideContract: true,
  },
  {
    name: 'deleteGalaxyCluster: another organisation’s cluster',
    method: 'POST',
    path: (s) => `/galaxy_clusters/delete/${cluster(s, 'gcBare')}`,
    as: 'partner',
  },
  {
    name: 'deleteGalaxyCluster: soft',
    method: 'POST',
    path: (s) => `/galaxy_clusters/delete/${cluster(s, 'gcBare')}`,
  },
  {
    name: 'getGalaxyCluster: soft-deleted',
    method: 'GET',
    path: (s) => `/galaxy_clusters/view/${cluster(s, 'gcBare')}`,
  },
  {
    name: 'restoreGalaxyCluster: GET',
    method: 'GET',
    path: (s) => `/galaxy_clusters/restore/${cluster(s, 'gcBare')}`,
    outsideContract: true,
  },
  {
    name: 'restoreGalaxyCluster: the soft-deleted cluster',
    method: 'POST',
    path: (s) => `/galaxy_clusters/restore/${cluster(s, 'gcBare')}`,
  },
  {
    name: 'restoreGalaxyCluster: unknown id',
    method: 'POST',
    path: `/galaxy_clusters/restore/${MISSING}`,
  },
  {
    name: 'deleteGalaxyCluster: hard (/1)',
    method: 'POST',
    path: (s) => `/galaxy_clusters/delete/${cluster(s, 'gcBare')}/1`,
    outsideContract: true,
  },
  {
    name: 'getGalaxyCluster: hard-deleted',
    method: 'GET',
    path: (s) => `/galaxy_clusters/view/${cluster(s, 'gcBare')}`,
  },
  {
    name: 'deleteGalaxyCluster: unknown id',
    method: 'POST',
    path: `/galaxy_clusters/delete/${MISSING}`,
  },
];
