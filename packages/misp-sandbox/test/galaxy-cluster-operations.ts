/** Galaxy cluster administration operations, exercised and checked against the spec in test/galaxy-clusters.test.ts. */
export const GALAXY_CLUSTER_OPERATIONS = [
  'addGalaxyCluster',
  'editGalaxyCluster',
  'deleteGalaxyCluster',
  'restoreGalaxyCluster',
  'publishGalaxyCluster',
  'unpublishGalaxyCluster',
];

/**
 * Cluster relations, cluster lists and galaxy administration, exercised and checked against the spec in
 * test/galaxy-relations.test.ts.
 */
export const GALAXY_RELATION_OPERATIONS = [
  'listGalaxyClusterRelations',
  'filterGalaxyClusterRelations',
  'getGalaxyClusterRelation',
  'addGalaxyClusterRelation',
  'editGalaxyClusterRelation',
  'deleteGalaxyClusterRelation',
  'listGalaxyClusters',
  'filterGalaxyClusters',
  'deleteGalaxy',
  'exportGalaxy',
  'importGalaxyClusters',
];
