import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { prepare } from '../db/statements.js';
import type { Row } from '../types.js';

/**
 * Noticelists from a folder in misp-noticelist layout (`lists/<name>/list.json`). The sandbox vendors none (the
 * misp-noticelist data is not among its catalogues), so without a folder it is a MISP whose `noticelists/update`
 * found nothing: an empty index. With one, it installs the lists as MISP's `noticelists/update` does: in folder
 * order, disabled, one entry per notice; a newer `version` replaces a list (keeping its enabled flag).
 */
export const NOTICELIST_SCHEMA = `
  CREATE TABLE IF NOT EXISTS noticelists (
    id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE, expanded_name TEXT NOT NULL, ref TEXT NOT NULL,
    geographical_area TEXT NOT NULL, version INTEGER NOT NULL, enabled INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE IF NOT EXISTS noticelist_entries (
    id INTEGER PRIMARY KEY AUTOINCREMENT, noticelist_id INTEGER NOT NULL, data TEXT NOT NULL
  );
`;

interface NoticelistFile {
  name: string;
  expanded_name?: string;
  ref?: unknown[];
  geographical_area?: unknown[];
  version?: number;
  notice?: unknown[];
}

const folders = new WeakMap<Database, string>();

export function setNoticelistFolder(db: Database, folder: string | undefined): void {
  if (folder === undefined) folders.delete(db);
  else folders.set(db, folder);
}

/** The lists of a misp-noticelist folder, in the order PHP's glob gives (sorted by name). */
export function readNoticelistFolder(folder: string): NoticelistFile[] {
  const lists = path.join(folder, 'lists');
  return readdirSync(lists)
    .filter((name) => statSync(path.join(lists, name)).isDirectory())
    .sort()
    .map((name) => {
      const file = path.join(lists, name, 'list.json');
      const list = JSON.parse(readFileSync(file, 'utf8')) as NoticelistFile;
      if (typeof list.name !== 'string' || list.name === '') throw new Error(`${file}: a noticelist needs a name`);
      return list;
    });
}

/**
 * Installs what is new or newer in the configured folder; answers how many lists it installed. Reads every file
 * before writing anything, and writes in one transaction, so a bad file changes nothing.
 */
export function updateNoticelists(db: Database): number {
  const folder = folders.get(db);
  if (folder === undefined) return 0;
  const lists = readNoticelistFolder(folder);
  const find = prepare(db, 'SELECT id, version, enabled FROM noticelists WHERE name = ?');
  const insert = prepare(
    db,
    'INSERT INTO noticelists (name, expanded_name, ref, geographical_area, version, enabled) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const insertEntry = prepare(db, 'INSERT INTO noticelist_entries (noticelist_id, data) VALUES (?, ?)');
  let installed = 0;
  db.transaction(() => {
    for (const list of lists) {
      const version = Number(list.version ?? 1);
      const current = find.get(list.name) as Row | undefined;
      if (current && version <= Number(current.version)) continue;
      if (current) {
        prepare(db, 'DELETE FROM noticelist_entries WHERE noticelist_id = ?').run(current.id);
        prepare(db, 'DELETE FROM noticelists WHERE id = ?').run(current.id);
      }
      const id = insert.run(
        list.name,
        list.expanded_name ?? '',
        JSON.stringify(list.ref ?? []),
        JSON.stringify(list.geographical_area ?? []),
        version,
        current?.enabled ? 1 : 0,
      ).lastInsertRowid;
      for (const notice of list.notice ?? []) {
        if (notice && (typeof notice !== 'object' || Object.keys(notice).length > 0))
          insertEntry.run(id, JSON.stringify(notice));
      }
      installed++;
    }
  })();
  return installed;
}

export function formatNoticelist(row: Row): Row {
  return {
    id: String(row.id),
    name: row.name,
    expanded_name: row.expanded_name,
    ref: JSON.parse(String(row.ref)),
    geographical_area: JSON.parse(String(row.geographical_area)),
    version: String(row.version),
    enabled: Boolean(row.enabled),
  };
}
