// Operations of the PyMISP path forms (test/parity-routes.test.ts exercises them; contract.test.ts leaves them to it).
export const PARITY_OPERATIONS = [
  'addOrgToSharingGroupByBody',
  'removeOrgFromSharingGroupByBody',
  'addServerToSharingGroupByBody',
  'removeServerFromSharingGroupByBody',
  'getAttributeStatisticsCounts',
  'getServerSyncConfig',
  'disableTaxonomyTags',
  'setNoticelistEnabled',
  'addObjectReferenceBySource',
  'getRawObjectTemplate',
];
