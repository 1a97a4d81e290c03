// The feed and sync-server operations, exercised and checked against the contract in test/feeds.test.ts and
// test/servers.test.ts (contract.test.ts leaves them to those files).
export const FEED_OPERATIONS = [
  'listFeeds',
  'getFeed',
  'addFeed',
  'editFeed',
  'deleteFeed',
  'enableFeed',
  'disableFeed',
  'fetchFeed',
  'fetchAllFeeds',
  'cacheFeeds',
] as const;

export const SERVER_OPERATIONS = [
  'listServers',
  'addServer',
  'editServer',
  'deleteServer',
  'testServerConnection',
  'pullServer',
  'pullServerWith',
] as const;

// Exercised in test/servers-push.test.ts.
export const SERVER_PUSH_OPERATIONS = [
  'pushServer',
  'getServerWorkers',
  'startServerWorker',
  'stopServerWorker',
  'restartServerWorkers',
  'restartDeadServerWorkers',
  'killAllServerWorkers',
  'createServerSync',
  'importServer',
  'cacheServers',
  'updateServer',
] as const;

export const SYNC_OPERATIONS: ReadonlySet<string> = new Set([
  ...FEED_OPERATIONS,
  ...SERVER_OPERATIONS,
  ...SERVER_PUSH_OPERATIONS,
]);
