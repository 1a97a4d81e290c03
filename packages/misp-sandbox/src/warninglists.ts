import type { Database } from 'better-sqlite3';
import { attributeWarnings } from './catalogues/warninglists.js';

/**
 * The `warnings` of an attribute (restSearch `includeWarninglistHits`; a non-empty result is what
 * `enforceWarninglist` drops): hits of the enabled warninglists that apply to the attribute's type.
 */
export function warningsFor(db: Database, value: string, type: string): Record<string, unknown>[] {
  return attributeWarnings(db, value, type);
}
