/** Galaxy cluster administration operations, exercised and checked against the spec in test/galaxy-clusters.test.ts. */
export const GALAXY_CLUSTER_OPERATIONS = [
  'addGalaxyCluster',
  'editGalaxyCluster',
  'deleteGalaxyCluster',
  'restoreGalaxyCluster',
  'publishGalaxyCluster',
  'unpublishGalaxyCluster',
];
