import { openSqliteStore } from './sqlite.js';
import type { Store } from './types.js';

export { openSqliteStore } from './sqlite.js';
export type { AuditRecord, Store, StoredLookup } from './types.js';

/**
 * Opens the store named by MISPKIT_DATABASE: a `postgres://` URL, or a SQLite path (or `:memory:`).
 * The PostgreSQL driver is loaded only when it is used.
 */
export async function openStore(location: string, options: { schema?: string } = {}): Promise<Store> {
  if (/^postgres(ql)?:\/\//i.test(location)) {
    const { openPostgresStore } = await import('./postgres.js');
    return openPostgresStore(location, options);
  }
  return openSqliteStore(location);
}
