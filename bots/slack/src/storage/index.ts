import { openSqliteStore } from './sqlite.js';
import type { Store } from './types.js';

export { openSqliteStore } from './sqlite.js';
export type { AuditRecord, Store, StoredLookup } from './types.js';

/** Opens the store named by MISPKIT_DATABASE: a SQLite path (PostgreSQL arrives with alerts). */
export function openStore(location: string): Store {
  if (/^postgres(ql)?:\/\//i.test(location)) {
    throw new Error('MISPKIT_DATABASE: PostgreSQL is not yet supported; use a SQLite file path');
  }
  return openSqliteStore(location);
}
