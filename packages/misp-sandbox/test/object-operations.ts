// The object, object reference and object template operations exercised and checked against the contract in
// test/objects.test.ts (contract.test.ts leaves them to that file).
export const OBJECT_OPERATIONS = [
  'addObjectFromTemplate',
  'updateObject',
  'searchObjects',
  'addObjectReference',
  'getObjectReference',
  'deleteObjectReference',
  'deleteObjectWithHardFlag',
  'listObjectTemplates',
  'getObjectTemplate',
] as const;
