// The operations test/attributes-index-restore.test.ts exercises and checks against the contract;
// test/contract.test.ts leaves them to that file.
export const ATTRIBUTE_OPERATIONS = ['restoreAttribute', 'listAttributes', 'importEventReportFromUrl'];
