import type { Database } from 'better-sqlite3';
import type { Route } from '../router.js';
import { addBlocklistEntry, type BlocklistKind, blocklistRoutes, isBlocklisted } from './blocklists.js';

/**
 * Event blocklists (MISP's EventBlocklistsController, site admin only): uuids of events this instance refuses
 * to create. events/delete adds the deleted event's uuid (MISP does so while `MISP.enableEventBlocklisting`
 * is on, its default), so a deleted event cannot be added again until its entry is removed.
 */
export function migrateEventBlocklists(db: Database): void {
  db.exec(`CREATE TABLE IF NOT EXISTS event_blocklists (
    id INTEGER PRIMARY KEY AUTOINCREMENT, event_uuid TEXT NOT NULL UNIQUE, created TEXT NOT NULL,
    event_info TEXT NOT NULL DEFAULT '', comment TEXT NOT NULL DEFAULT '', event_orgc TEXT NOT NULL DEFAULT ''
  )`);
}

const EVENT_BLOCKLISTS: BlocklistKind = {
  controller: 'event_blocklists',
  model: 'EventBlocklist',
  uuidColumn: 'event_uuid',
  fields: ['comment', 'event_info', 'event_orgc'],
  filters: true,
  format: (_db, row) => ({
    id: String(row.id),
    event_uuid: row.event_uuid,
    created: row.created,
    event_info: row.event_info,
    comment: row.comment,
    event_orgc: row.event_orgc,
  }),
};

export const isEventBlocklisted = (db: Database, uuid: string): boolean => isBlocklisted(db, EVENT_BLOCKLISTS, uuid);

/** Adds an entry unless the uuid is invalid or already blocked; whether it was saved. */
export const blockEvent = (
  db: Database,
  entry: { event_uuid: string; comment: string; event_info: string; event_orgc: string },
): boolean => addBlocklistEntry(db, EVENT_BLOCKLISTS, entry.event_uuid, entry);

export const eventBlocklistRoutes: Route[] = blocklistRoutes(EVENT_BLOCKLISTS);
