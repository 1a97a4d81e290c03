import type { Database, Statement } from 'better-sqlite3';

const caches = new WeakMap<Database, Map<string, Statement>>();

/**
 * Prepares `sql` once per database and reuses the statement afterwards: preparing costs more
 * than running an indexed lookup, and handlers build a small, fixed set of SQL shapes.
 */
export function prepare(db: Database, sql: string): Statement {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  let statement = cache.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    if (cache.size > 2000) cache.clear();
    cache.set(sql, statement);
  }
  return statement;
}
