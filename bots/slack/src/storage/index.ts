import { openPostgresStore } from './postgres.js';
import { openSqliteStore } from './sqlite.js';
import type { Store } from './types.js';

export { openPostgresStore } from './postgres.js';
export { openSqliteStore } from './sqlite.js';
export type { AuditRecord, Store, StoredLookup } from './types.js';

/** Opens the store named by MISPKIT_DATABASE: a `postgres://` URL, or a SQLite path (or `:memory:`). */
export async function openStore(location: string, options: { schema?: string } = {}): Promise<Store> {
  if (/^postgres(ql)?:\/\//i.test(location)) return openPostgresStore(location, options);
  return openSqliteStore(location);
}
