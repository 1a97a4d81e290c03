// The tag operations of the event and attribute controllers, exercised and checked against the contract in
// test/tag-attach.test.ts (contract.test.ts leaves them to that file).
export const TAG_ATTACH_OPERATIONS = [
  'addEventTag',
  'removeEventTag',
  'addAttributeTag',
  'removeAttributeTag',
] as const;
