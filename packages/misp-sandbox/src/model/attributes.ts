import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { prepare } from '../db/statements.js';
import { SANE_DEFAULTS } from '../describe-types.js';
import type { Row } from '../types.js';
import { validateAttribute } from '../validate.js';
import { storeAttachment } from './attachments.js';
import { SEEN_ORDER, seenInput } from './seen.js';
import { attributeTagRows, exclusivityConflict, findOrCreateTag } from './tags.js';

export const now = (): number => Math.floor(Date.now() / 1000);

/** Accepts MISP's many spellings of a flag: true, 1, "1", "true". */
export function flag(value: unknown): boolean {
  return value === true || value === 1 || value === '1' || value === 'true';
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID_RE.test(value);

export type FieldErrors = Record<string, string[]>;

export interface AttributeDraft {
  type: string;
  category: string;
  value1: string;
  value2: string;
  to_ids: number;
  uuid: string;
  distribution: number;
  sharing_group_id: number;
  comment: string;
  disable_correlation: number;
  first_seen: string | null;
  last_seen: string | null;
  object_relation: string | null;
  timestamp: number;
  tags: string[];
  /** Base64 file of an attachment or malware-sample (see model/attachments.ts). */
  data?: string;
}

function tagNames(input: unknown): string[] {
  if (!Array.isArray(input)) return [];
  return input
    .map((t) => (typeof t === 'string' ? t : t && typeof t === 'object' ? (t as Row).name : undefined))
    .filter((n): n is string => typeof n === 'string' && n.trim() !== '')
    .map((n) => n.trim());
}

/** Validates an attribute body (as MISP's Attribute model does) into a row draft, or field errors. */
export function draftAttribute(input: Row, existing?: Row): { draft: AttributeDraft } | { errors: FieldErrors } {
  const type = input.type ?? existing?.type;
  const sane = typeof type === 'string' ? SANE_DEFAULTS[type] : undefined;
  const category = input.category ?? existing?.category ?? sane?.default_category;
  const rawValue =
    input.value ??
    (input.value1 !== undefined
      ? input.value2
        ? `${input.value1}|${input.value2}`
        : input.value1
      : existing
        ? existing.value2
          ? `${existing.value1}|${existing.value2}`
          : existing.value1
        : undefined);
  const checked = validateAttribute(type, category, rawValue);
  if (!checked.ok) return { errors: { [checked.field]: [checked.message], ...checked.also } };
  const distribution = Number(input.distribution ?? existing?.distribution ?? 5);
  if (!Number.isInteger(distribution) || distribution < 0 || distribution > 5) {
    return {
      errors: {
        distribution: [
          'Options: Your organisation only, This community only, Connected communities, All communities, Sharing group, Inherit event',
        ],
      },
    };
  }
  if (input.uuid !== undefined && !isUuid(input.uuid))
    return { errors: { uuid: ['Please provide a valid RFC 4122 UUID'] } };
  const firstSeenInput = seenInput(input.first_seen);
  const lastSeenInput = seenInput(input.last_seen);
  if (typeof firstSeenInput === 'object' && firstSeenInput) return { errors: { first_seen: [firstSeenInput.error] } };
  if (typeof lastSeenInput === 'object' && lastSeenInput) return { errors: { last_seen: [lastSeenInput.error] } };
  const firstSeen = firstSeenInput;
  const lastSeen = lastSeenInput;
  const seenFrom = firstSeen !== undefined ? firstSeen : (existing?.first_seen as string | null | undefined);
  const seenTo = lastSeen !== undefined ? lastSeen : (existing?.last_seen as string | null | undefined);
  if (seenFrom && seenTo && seenTo < seenFrom) return { errors: { last_seen: [SEEN_ORDER] } };
  const toIds =
    input.to_ids !== undefined
      ? flag(input.to_ids)
        ? 1
        : 0
      : existing
        ? Number(existing.to_ids)
        : (sane?.to_ids ?? 0);
  return {
    draft: {
      type: String(type),
      category: String(category),
      value1: checked.value1,
      value2: checked.value2,
      to_ids: toIds,
      uuid: (input.uuid as string | undefined)?.toLowerCase() ?? (existing?.uuid as string | undefined) ?? randomUUID(),
      distribution,
      sharing_group_id: Number(input.sharing_group_id ?? existing?.sharing_group_id ?? 0) || 0,
      comment: String(input.comment ?? existing?.comment ?? ''),
      disable_correlation:
        input.disable_correlation !== undefined
          ? flag(input.disable_correlation)
            ? 1
            : 0
          : Number(existing?.disable_correlation ?? 0),
      first_seen: firstSeen !== undefined ? firstSeen : ((existing?.first_seen as string | null | undefined) ?? null),
      last_seen: lastSeen !== undefined ? lastSeen : ((existing?.last_seen as string | null | undefined) ?? null),
      object_relation:
        (input.object_relation as string | undefined) ??
        (existing?.object_relation as string | null | undefined) ??
        null,
      // A client's timestamp is kept (MISP's sync relies on it); callers refuse one that is not newer.
      timestamp: /^\d+$/.test(String(input.timestamp ?? '')) ? Number(input.timestamp) : now(),
      tags: tagNames(input.Tag),
      ...(typeof input.data === 'string' ? { data: input.data } : {}),
    },
  };
}

export function isDuplicate(
  db: Database,
  eventId: number,
  draft: AttributeDraft,
  objectId: number,
  ignoreId = 0,
): boolean {
  const row = prepare(
    db,
    `SELECT 1 FROM attributes WHERE event_id = ? AND type = ? AND category = ? AND value1 = ? AND value2 = ?
       AND object_id = ? AND deleted = 0 AND id != ? LIMIT 1`,
  ).get(eventId, draft.type, draft.category, draft.value1, draft.value2, objectId, ignoreId);
  return row !== undefined;
}

export function insertAttribute(db: Database, eventId: number, draft: AttributeDraft, objectId = 0): Row {
  const info = prepare(
    db,
    `INSERT INTO attributes (event_id, object_id, object_relation, category, type, value1, value2, to_ids, uuid, timestamp,
       distribution, sharing_group_id, comment, deleted, disable_correlation, first_seen, last_seen)
       VALUES (@event_id, @object_id, @object_relation, @category, @type, @value1, @value2, @to_ids, @uuid, @timestamp,
       @distribution, @sharing_group_id, @comment, 0, @disable_correlation, @first_seen, @last_seen)`,
  ).run({ ...draft, event_id: eventId, object_id: objectId });
  const id = Number(info.lastInsertRowid);
  storeAttachment(db, id, draft.type, draft.data);
  for (const name of draft.tags) attachAttributeTag(db, id, eventId, findOrCreateTag(db, name), false);
  return prepare(db, 'SELECT * FROM attributes WHERE id = ?').get(id) as Row;
}

export function attachAttributeTag(
  db: Database,
  attributeId: number,
  eventId: number,
  tag: Row,
  local: boolean,
): string | null {
  const conflict = exclusivityConflict(attributeTagRows(db, attributeId), tag);
  if (conflict) return conflict;
  prepare(db, 'INSERT OR IGNORE INTO attribute_tags (attribute_id, event_id, tag_id, local) VALUES (?, ?, ?, ?)').run(
    attributeId,
    eventId,
    tag.id,
    local ? 1 : 0,
  );
  return null;
}

/** Any change inside an event bumps its timestamp and unpublishes it, as in MISP. */
export function touchEvent(db: Database, eventId: number): void {
  prepare(
    db,
    `UPDATE events SET timestamp = ?, published = 0,
     attribute_count = (SELECT COUNT(*) FROM attributes WHERE event_id = ? AND deleted = 0) WHERE id = ?`,
  ).run(now(), eventId, eventId);
}
