// The instance-administration operations (settings, diagnostics, logs, statistics), exercised and checked
// against the contract in test/settings.test.ts (contract.test.ts leaves them to it).
export const ADMIN_OPERATIONS: ReadonlySet<string> = new Set([
  'getServerSetting',
  'getServerSettingValue',
  'editServerSetting',
  'getServerSettings',
  'getDbSchemaDiagnostic',
  'searchLogs',
  'searchAuditLogs',
  'getAttributeStatistics',
]);

/** The decaying-model operations, exercised and checked in test/decaying.test.ts. */
export const DECAYING_OPERATIONS: readonly string[] = [
  'listDecayingModels',
  'getDecayingModel',
  'enableDecayingModel',
  'disableDecayingModel',
  'updateDecayingModels',
];
