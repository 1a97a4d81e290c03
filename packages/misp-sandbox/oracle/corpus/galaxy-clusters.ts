// Galaxy clusters (issue 14): custom clusters' galaxy_clusters/add, edit, delete (soft and hard), restore,
// publish, unpublish, and how the view shows what they did; cluster lists, cluster relations (the default ones
// of misp-galaxy and custom ones), galaxies/export, import and delete. Runs after `catalogues`, whose
// oracle-only galaxies/update gives the oracle the galaxies the sandbox installs at start.
import { type Case, id, MISSING, NO_UUID, type Saved } from './case.js';

/** The first galaxy of the catalogue (360.net Threat Actors on both sides: galaxies are loaded in file order). */
const GALAXY = '1';
const cluster = (s: Parameters<typeof id>[0], name: string) => id(s, name, 'GalaxyCluster');
/** Ids MISP 2.5.1 and the sandbox both give after loading the same misp-galaxy catalogue. */
const TOOL_GALAXY = '127';
const SECTOR_GALAXY = '103';
const MITRE_TOOL_GALAXY = '75';
const MIMIKATZ_ATTACK = '5211';
const MIMIKATZ_TOOL = { id: '8912', uuid: '7f3a035d-d83a-45b8-8111-412aa8ade802' };
const LIKELY = 'estimative-language:likelihood-probability="likely"';
const IMPORTED = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const customUuid = (s: Saved) => String(s.gcCustom?.GalaxyCluster?.uuid ?? NO_UUID);
const customRelation = (s: Saved) =>
  String(s.gcCustomWithRelation?.GalaxyCluster?.GalaxyClusterRelation?.[0]?.id ?? MISSING);
const relation = (s: Saved, extra: Record<string, unknown> = {}) => ({
  GalaxyClusterRelation: {
    galaxy_cluster_uuid: customUuid(s),
    referenced_galaxy_cluster_uuid: MIMIKATZ_TOOL.uuid,
    referenced_galaxy_cluster_type: 'variant-of',
    distribution: '1',
    tags: LIKELY,
    ...extra,
  },
});

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
  // --- Cluster lists and relations -------------------------------------------------------------------------
  {
    name: 'getGalaxyCluster: a default cluster with relations both ways',
    method: 'GET',
    path: `/galaxy_clusters/view/${MIMIKATZ_ATTACK}`,
  },
  {
    name: 'getGalaxyClusterRelation: a default relation with a tag',
    method: 'GET',
    path: '/galaxy_cluster_relations/view/1107',
  },
  {
    name: 'getGalaxyClusterRelation: a relation to an unknown cluster',
    method: 'GET',
    path: '/galaxy_cluster_relations/view/1',
  },
  { name: 'getGalaxyClusterRelation: unknown id', method: 'GET', path: `/galaxy_cluster_relations/view/${MISSING}` },
  {
    name: 'listGalaxyClusterRelations: searchall',
    method: 'GET',
    path: '/galaxy_cluster_relations/index/searchall:invoke-mimikatz',
  },
  {
    name: 'filterGalaxyClusterRelations: custom ones (none yet)',
    method: 'POST',
    path: '/galaxy_cluster_relations/index',
    body: { context: 'custom' },
  },
  {
    name: 'listGalaxyClusters: searchall',
    method: 'GET',
    path: `/galaxy_clusters/index/${TOOL_GALAXY}/searchall:mimi`,
  },
  { name: 'listGalaxyClusters: unknown galaxy', method: 'GET', path: `/galaxy_clusters/index/${MISSING}` },
  {
    name: 'addGalaxyClusterRelation: from the custom cluster to a default one',
    method: 'POST',
    path: '/galaxy_cluster_relations/add',
    body: (s: Saved) => relation(s),
  },
  {
    name: 'addGalaxyClusterRelation: the same again',
    method: 'POST',
    path: '/galaxy_cluster_relations/add',
    body: (s: Saved) => relation(s),
  },
  {
    name: 'addGalaxyClusterRelation: an unknown target',
    method: 'POST',
    path: '/galaxy_cluster_relations/add',
    body: (s: Saved) => relation(s, { referenced_galaxy_cluster_uuid: NO_UUID }),
  },
  {
    name: 'addGalaxyClusterRelation: no type, distribution 7',
    method: 'POST',
    path: '/galaxy_cluster_relations/add',
    body: (s: Saved) => relation(s, { referenced_galaxy_cluster_type: '', distribution: '7' }),
  },
  {
    name: 'addGalaxyClusterRelation: from a default cluster, as a galaxy editor',
    method: 'POST',
    path: '/galaxy_cluster_relations/add',
    body: (s: Saved) =>
      relation(s, { galaxy_cluster_uuid: MIMIKATZ_TOOL.uuid, referenced_galaxy_cluster_uuid: customUuid(s) }),
    as: 'user',
  },
  {
    name: 'addGalaxyClusterRelation: a read-only user',
    method: 'POST',
    path: '/galaxy_cluster_relations/add',
    body: (s: Saved) => relation(s, { referenced_galaxy_cluster_type: 'uses' }),
    as: 'readonly',
  },
  {
    name: 'addGalaxyClusterRelation: GET',
    method: 'GET',
    path: '/galaxy_cluster_relations/add',
    outsideContract: true,
  },
  // After the relation was added: that unpublished the custom cluster on both sides (the oracle never runs the
  // publish job it queued above).
  {
    name: 'filterGalaxyClusters: the custom clusters of a galaxy',
    method: 'POST',
    path: `/galaxy_clusters/index/${GALAXY}`,
    body: { context: 'custom' },
  },
  {
    name: 'getGalaxyCluster: the custom cluster with its relation',
    method: 'GET',
    path: (s) => `/galaxy_clusters/view/${cluster(s, 'gcCustom')}`,
    save: 'gcCustomWithRelation',
  },
  {
    name: 'getGalaxyCluster: the default cluster the relation targets',
    method: 'GET',
    path: `/galaxy_clusters/view/${MIMIKATZ_TOOL.id}`,
  },
  {
    name: 'editGalaxyClusterRelation: type, distribution, no tags',
    method: 'POST',
    path: (s) => `/galaxy_cluster_relations/edit/${customRelation(s)}`,
    body: (s: Saved) => relation(s, { referenced_galaxy_cluster_type: 'related-to', distribution: '2', tags: '' }),
  },
  {
    name: 'editGalaxyClusterRelation: an unknown target',
    method: 'POST',
    path: (s) => `/galaxy_cluster_relations/edit/${customRelation(s)}`,
    body: (s: Saved) => relation(s, { referenced_galaxy_cluster_uuid: NO_UUID }),
  },
  {
    name: 'editGalaxyClusterRelation: a default relation',
    method: 'POST',
    path: '/galaxy_cluster_relations/edit/1',
    body: (s: Saved) => relation(s),
  },
  {
    name: 'editGalaxyClusterRelation: unknown id',
    method: 'POST',
    path: `/galaxy_cluster_relations/edit/${MISSING}`,
    body: (s: Saved) => relation(s),
  },
  {
    name: 'getGalaxyClusterRelation: the edited custom relation',
    method: 'GET',
    path: (s) => `/galaxy_cluster_relations/view/${customRelation(s)}`,
  },
  {
    name: 'filterGalaxyClusterRelations: custom ones',
    method: 'POST',
    path: '/galaxy_cluster_relations/index',
    body: { context: 'custom' },
  },
  {
    name: 'deleteGalaxyClusterRelation: GET',
    method: 'GET',
    path: (s) => `/galaxy_cluster_relations/delete/${customRelation(s)}`,
    outsideContract: true,
  },
  {
    name: 'deleteGalaxyClusterRelation: a default one, as a galaxy editor',
    method: 'POST',
    path: '/galaxy_cluster_relations/delete/3',
    as: 'user',
  },
  {
    name: 'deleteGalaxyClusterRelation: the custom one',
    method: 'POST',
    path: (s) => `/galaxy_cluster_relations/delete/${customRelation(s)}`,
  },
  {
    name: 'deleteGalaxyClusterRelation: the same again',
    method: 'POST',
    path: (s) => `/galaxy_cluster_relations/delete/${customRelation(s)}`,
  },
  // --- Export, import, delete ---------------------------------------------------------------------------
  {
    name: 'exportGalaxy: default clusters as MISP JSON',
    method: 'POST',
    path: `/galaxies/export/${SECTOR_GALAXY}`,
    body: { Galaxy: { default: 1, custom: 0, distribution: 3, format: 'json', download: 'raw' } },
  },
  {
    name: 'exportGalaxy: a misp-galaxy file',
    method: 'POST',
    path: `/galaxies/export/${TOOL_GALAXY}`,
    body: { Galaxy: { default: 1, custom: 0, distribution: [3], format: 'misp-galaxy' } },
  },
  {
    name: 'exportGalaxy: the custom clusters of a galaxy',
    method: 'POST',
    path: `/galaxies/export/${GALAXY}`,
    body: { Galaxy: { default: 0, custom: 1, distribution: [0, 1, 2, 3, 4], format: 'json' } },
  },
  { name: 'exportGalaxy: no options', method: 'POST', path: `/galaxies/export/${TOOL_GALAXY}`, body: {} },
  { name: 'exportGalaxy: unknown galaxy', method: 'POST', path: `/galaxies/export/${MISSING}`, body: {} },
  { name: 'exportGalaxy: GET', method: 'GET', path: `/galaxies/export/${TOOL_GALAXY}`, outsideContract: true },
  {
    name: 'importGalaxyClusters: a custom cluster with an element and a relation',
    method: 'POST',
    path: '/galaxies/import',
    body: [
      {
        GalaxyCluster: {
          uuid: IMPORTED,
          value: 'Oracle Imported Actor',
          type: '360net-threat-actor',
          collection_uuid: '20de4abf-f000-48ec-a929-3cdc5c2f3c23',
          version: '5',
          distribution: '1',
          default: false,
          Galaxy: { uuid: '20de4abf-f000-48ec-a929-3cdc5c2f3c23' },
          GalaxyElement: [{ key: 'synonyms', value: 'Oracle Imported Alias' }],
          GalaxyClusterRelation: [
            {
              referenced_galaxy_cluster_uuid: MIMIKATZ_TOOL.uuid,
              referenced_galaxy_cluster_type: 'similar',
              distribution: '3',
              default: false,
              Tag: [{ name: LIKELY }],
            },
          ],
        },
      },
    ],
  },
  {
    name: 'importGalaxyClusters: the same version again, and a default cluster',
    method: 'POST',
    path: '/galaxies/import',
    body: [
      {
        GalaxyCluster: {
          uuid: IMPORTED,
          value: 'x',
          version: '5',
          default: false,
          Galaxy: { uuid: '20de4abf-f000-48ec-a929-3cdc5c2f3c23' },
        },
      },
      { GalaxyCluster: { uuid: MIMIKATZ_TOOL.uuid, value: 'Mimikatz', default: true, type: 'tool' } },
    ],
  },
  {
    name: 'importGalaxyClusters: an unknown galaxy type',
    method: 'POST',
    path: '/galaxies/import',
    body: [{ GalaxyCluster: { uuid: NO_UUID, value: 'x', type: 'nope', default: false } }],
  },
  {
    name: 'importGalaxyClusters: a read-only user',
    method: 'POST',
    path: '/galaxies/import',
    body: [],
    as: 'readonly',
  },
  { name: 'getGalaxyCluster: the imported cluster', method: 'GET', path: `/galaxy_clusters/view/${IMPORTED}` },
  { name: 'deleteGalaxy: as a user', method: 'POST', path: `/galaxies/delete/${MITRE_TOOL_GALAXY}`, as: 'user' },
  { name: 'deleteGalaxy: unknown id', method: 'POST', path: `/galaxies/delete/${MISSING}` },
  { name: 'deleteGalaxy: neither id nor uuid', method: 'POST', path: '/galaxies/delete/abc' },
  { name: 'deleteGalaxy: ATT&CK software', method: 'POST', path: `/galaxies/delete/${MITRE_TOOL_GALAXY}` },
  { name: 'getGalaxy: the deleted galaxy', method: 'GET', path: `/galaxies/view/${MITRE_TOOL_GALAXY}` },
  {
    name: 'getGalaxyClusterRelation: a relation to a cluster of the deleted galaxy',
    method: 'GET',
    path: '/galaxy_cluster_relations/view/3880',
  },
  { name: 'updateGalaxies: brings the deleted galaxy back', method: 'POST', path: '/galaxies/update', body: {} },
  { name: 'listGalaxyClusters: the restored galaxy (new ids)', method: 'GET', path: '/galaxy_clusters/index/132' },
  {
    name: 'getGalaxyClusterRelation: that relation after the update (its old target id stays)',
    method: 'GET',
    path: '/galaxy_cluster_relations/view/3880',
  },
];
