// MISP's sharing communities (communities/index|view). MISP reads them from the community list it ships with
// (MISP's own data, under its licence); the sandbox ships none, so its list is empty unless a file in that format
// (a JSON array of {name, uuid, org_uuid, org_name, description, url, sector, nationality, type, email, logo,
// pgp_key, misp_project_vetted, scope_of_data_to_be_shared}) is given with `--communities FILE`.
import { readFileSync } from 'node:fs';
import type { Database } from 'better-sqlite3';

export type Community = Record<string, unknown> & { uuid: string; misp_project_vetted?: unknown };

const lists = new WeakMap<Database, Community[]>();

/** Reads a community list file; a file that is not a JSON array of objects with a uuid is refused at start. */
export function readCommunityFile(file: string): Community[] {
  const list = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  if (!Array.isArray(list) || !list.every((c) => c && typeof c === 'object' && typeof c.uuid === 'string'))
    throw new Error(`${file}: a community list is a JSON array of objects, each with a uuid`);
  return list as Community[];
}

export function setCommunities(db: Database, file: string | undefined): void {
  lists.set(db, file === undefined ? [] : readCommunityFile(file));
}

/** Each community as MISP answers it: its fields, `id` (its 1-based place in the list) and `Org`. */
export function communities(db: Database): Record<string, unknown>[] {
  return (lists.get(db) ?? []).map((c, k) => ({ ...c, id: k + 1, Org: { uuid: c.org_uuid, name: c.org_name } }));
}
