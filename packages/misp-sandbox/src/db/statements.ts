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

/**
 * A list bound as one SQL variable: `x IN (${IN_LIST})` with `jsonList(values)`. SQLite allows 32,766
 * variables and an expression depth of 1,000, so one `?` (or one `OR` term) per value fails on long
 * lists; `json_each` reads any length. Where the list must drive the search (one index search per
 * element whatever the statistics say), join it: `json_each(?) p CROSS JOIN table t ON t.x = p.value`.
 */
export const IN_LIST = 'SELECT value FROM json_each(?)';
export const jsonList = (values: readonly unknown[]): string => JSON.stringify(values);
