import type { Database } from 'better-sqlite3';
import { prepare } from '../db/statements.js';
import type { AuthUser, Row } from '../types.js';
import { buildEvents, type EventBuildOptions } from './events.js';
import { str } from './format.js';
import { eventVisible } from './visibility.js';

/**
 * `extended: 1` on events/view (MISP's extended view): the attributes and objects of the visible events whose
 * `extends_uuid` names this one are merged into it, and `extensionEvents` (keyed by id: id, info, orgc_id,
 * user_id, Orgc) is inserted after the header fields.
 */
export function mergeExtensions(
  db: Database,
  user: AuthUser,
  event: Row,
  built: Record<string, unknown>,
  options: EventBuildOptions = {},
): Record<string, unknown> {
  const visible = eventVisible(user);
  const extensions = prepare(
    db,
    `SELECT e.* FROM events e WHERE e.extends_uuid = ? AND ${visible.sql} ORDER BY e.id`,
  ).all(event.uuid, ...visible.params) as Row[];
  if (extensions.length === 0) return built;
  const orgc = prepare(db, 'SELECT id, name, uuid FROM organisations WHERE id = ?');
  const summary: Record<string, unknown> = {};
  for (const e of extensions) {
    const org = orgc.get(e.orgc_id) as Row | undefined;
    summary[String(e.id)] = {
      id: str(e.id),
      info: e.info,
      orgc_id: str(e.orgc_id),
      user_id: str(e.user_id),
      Orgc: { id: str(org?.id), name: org?.name, uuid: org?.uuid },
    };
  }
  const children = buildEvents(db, user, extensions, options);
  const merged: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(built)) {
    if (key === 'Org') merged.extensionEvents = summary;
    merged[key] = value;
  }
  for (const key of ['Attribute', 'Object'] as const) {
    if (!Array.isArray(merged[key])) continue;
    merged[key] = [...(merged[key] as unknown[]), ...children.flatMap((c) => (c[key] as unknown[] | undefined) ?? [])];
  }
  return merged;
}
