import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { prepare } from '../db/statements.js';
import { type AttributeDraft, draftAttribute, flag, isUuid, now } from '../model/attributes.js';
import { findOrCreateTag } from '../model/tags.js';
import { isEventBlocklisted } from '../routes/event-blocklists.js';
import { isCreatorOrgBlocklisted, ORG_BLOCKED } from '../routes/org-blocklists.js';
import type { AuthUser, Row } from '../types.js';

/**
 * Saving an event that came from elsewhere (a MISP feed or a pull from another server), as MISP's
 * Event::_add / _edit do for them: the creator organisation (`Orgc`) is kept — found by uuid, else by name,
 * else created as a non-local organisation — the owner is the importing user's organisation, the event keeps
 * its uuid, timestamps and published state, local tags are dropped, and an event already present is updated
 * only when the incoming copy is newer. The caller has already rewritten distributions.
 */
export type ImportOutcome = { action: 'add' | 'edit'; id: number } | { action: 'unchanged'; id: number };

export interface ImportOptions {
  /** Pulled events are locked (MISP: they can only be changed by a newer pull). */
  locked: boolean;
  /** Tag names added to the event (a feed's tag_id). */
  extraTags?: string[];
}

const asRows = (value: unknown): Row[] =>
  Array.isArray(value) ? value.filter((v): v is Row => Boolean(v) && typeof v === 'object') : [];

/** The creator organisation of an incoming event, by uuid, else by name, else a new non-local one. */
export function orgcId(db: Database, event: Row, user: AuthUser): number {
  const orgc = (event.Orgc ?? event.orgc) as Row | undefined;
  if (!orgc || typeof orgc !== 'object') return user.org_id;
  if (isUuid(orgc.uuid)) {
    const row = prepare(db, 'SELECT id FROM organisations WHERE uuid = ?').get(orgc.uuid.toLowerCase()) as
      | Row
      | undefined;
    if (row) return Number(row.id);
  }
  const name = typeof orgc.name === 'string' ? orgc.name.trim() : '';
  if (!name) return user.org_id;
  // MISP matches a creator organisation by uuid; a different organisation of the same name is saved under
  // the name with a random numeric suffix ("ORGNAME_1557").
  let saveAs = name;
  if (isUuid(orgc.uuid)) {
    while (prepare(db, 'SELECT 1 FROM organisations WHERE name = ?').get(saveAs)) {
      saveAs = `${name}_${Math.floor(1000 + Math.random() * 9000)}`;
    }
  } else {
    const byName = prepare(db, 'SELECT id FROM organisations WHERE name = ?').get(name) as Row | undefined;
    if (byName) return Number(byName.id);
  }
  const stamp = new Date().toISOString().replace('T', ' ').slice(0, 19);
  const info = prepare(
    db,
    `INSERT INTO organisations (name, uuid, description, type, nationality, sector, local, date_created, date_modified)
     VALUES (?, ?, '', '', '', '', 0, ?, ?)`,
  ).run(saveAs, isUuid(orgc.uuid) ? orgc.uuid.toLowerCase() : randomUUID(), stamp, stamp);
  return Number(info.lastInsertRowid);
}

const int = (value: unknown, fallback: number): number => {
  const n = Number(value);
  return Number.isFinite(n) && value !== '' && value !== null && value !== undefined ? Math.trunc(n) : fallback;
};

const globalTags = (tags: unknown): string[] =>
  asRows(tags)
    .filter((t) => !flag(t.local))
    .map((t) => t.name)
    .filter((n): n is string => typeof n === 'string' && n.trim() !== '');

/** Validates every attribute first: one invalid attribute (or a bad event header) imports nothing. */
function drafts(list: Row[]): AttributeDraft[] | string {
  const out: AttributeDraft[] = [];
  for (const raw of list) {
    const result = draftAttribute({ ...raw, Tag: globalTags(raw.Tag) });
    if ('errors' in result) return `attribute ${String(raw.uuid ?? raw.value)}: ${JSON.stringify(result.errors)}`;
    out.push({ ...result.draft, timestamp: int(raw.timestamp, now()) });
  }
  return out;
}

function upsertAttribute(db: Database, eventId: number, draft: AttributeDraft, objectId: number): void {
  const existing = prepare(db, 'SELECT id, event_id FROM attributes WHERE uuid = ?').get(draft.uuid) as Row | undefined;
  if (existing && Number(existing.event_id) !== eventId) return; // a uuid owned by another event: MISP skips it
  if (existing) {
    prepare(
      db,
      `UPDATE attributes SET type=@type, category=@category, value1=@value1, value2=@value2, to_ids=@to_ids,
         distribution=@distribution, sharing_group_id=@sharing_group_id, comment=@comment, timestamp=@timestamp,
         first_seen=@first_seen, last_seen=@last_seen, object_id=@object_id, object_relation=@object_relation WHERE id=@id`,
    ).run({ ...draft, id: existing.id, object_id: objectId });
    return;
  }
  const info = prepare(
    db,
    `INSERT INTO attributes (event_id, object_id, object_relation, category, type, value1, value2, to_ids, uuid, timestamp,
       distribution, sharing_group_id, comment, deleted, disable_correlation, first_seen, last_seen)
       VALUES (@event_id, @object_id, @object_relation, @category, @type, @value1, @value2, @to_ids, @uuid, @timestamp,
       @distribution, @sharing_group_id, @comment, 0, @disable_correlation, @first_seen, @last_seen)`,
  ).run({ ...draft, event_id: eventId, object_id: objectId });
  const id = Number(info.lastInsertRowid);
  for (const name of draft.tags) {
    const tag = findOrCreateTag(db, name);
    prepare(db, 'INSERT OR IGNORE INTO attribute_tags (attribute_id, event_id, tag_id, local) VALUES (?, ?, ?, 0)').run(
      id,
      eventId,
      tag.id,
    );
  }
}

/**
 * Imports one event (`{Event: {...}}` or the bare event). Returns the outcome, or a reason when the event
 * cannot be saved; a failure leaves nothing behind (the caller runs it in a transaction).
 */
export function importEvent(db: Database, user: AuthUser, body: Row, options: ImportOptions): ImportOutcome | string {
  const event = ((body.Event as Row | undefined) ?? body) as Row;
  if (!isUuid(event.uuid)) return 'Event UUID field missing.';
  if (typeof event.info !== 'string' || event.info.trim() === '') return `event ${event.uuid}: info is empty.`;
  const uuid = event.uuid.toLowerCase();
  if (isEventBlocklisted(db, uuid)) return `Event ${uuid} is blocklisted.`;
  const attributes = drafts(asRows(event.Attribute));
  if (typeof attributes === 'string') return attributes;
  const objects: { object: Row; drafts: AttributeDraft[] }[] = [];
  for (const object of asRows(event.Object)) {
    const list = drafts(asRows(object.Attribute));
    if (typeof list === 'string') return list;
    objects.push({ object, drafts: list });
  }
  const timestamp = int(event.timestamp, now());
  const existing = prepare(db, 'SELECT id, timestamp FROM events WHERE uuid = ?').get(uuid) as Row | undefined;
  if (existing && Number(existing.timestamp) >= timestamp) return { action: 'unchanged', id: Number(existing.id) };
  // Only a new event is refused (MISP checks the blocklist in Event::_add, not in _edit).
  if (!existing && isCreatorOrgBlocklisted(db, event, user.org_id)) return ORG_BLOCKED;
  const fields = {
    orgc_id: orgcId(db, event, user),
    date: typeof event.date === 'string' && /^\d{4}-\d{2}-\d{2}/.test(event.date) ? event.date.slice(0, 10) : today(),
    info: event.info,
    published: flag(event.published) ? 1 : 0,
    analysis: Math.min(2, Math.max(0, int(event.analysis, 0))),
    threat_level_id: Math.min(4, Math.max(1, int(event.threat_level_id, 4))),
    distribution: Math.min(4, Math.max(0, int(event.distribution, 0))),
    sharing_group_id: int(event.sharing_group_id, 0),
    timestamp,
    publish_timestamp: int(event.publish_timestamp, 0),
    locked: options.locked ? 1 : 0,
  };
  let id: number;
  if (existing) {
    id = Number(existing.id);
    prepare(
      db,
      `UPDATE events SET orgc_id=@orgc_id, date=@date, info=@info, published=@published, analysis=@analysis,
         threat_level_id=@threat_level_id, distribution=@distribution, sharing_group_id=@sharing_group_id,
         timestamp=@timestamp, publish_timestamp=@publish_timestamp, locked=@locked WHERE id=@id`,
    ).run({ ...fields, id });
  } else {
    const info = prepare(
      db,
      `INSERT INTO events (uuid, org_id, orgc_id, user_id, date, info, published, analysis, threat_level_id, distribution,
         sharing_group_id, timestamp, publish_timestamp, locked)
       VALUES (@uuid, @org_id, @orgc_id, @user_id, @date, @info, @published, @analysis, @threat_level_id, @distribution,
         @sharing_group_id, @timestamp, @publish_timestamp, @locked)`,
    ).run({ ...fields, uuid, org_id: user.org_id, user_id: user.id });
    id = Number(info.lastInsertRowid);
  }
  for (const draft of attributes) upsertAttribute(db, id, draft, 0);
  for (const { object, drafts: list } of objects) {
    const objectUuid = isUuid(object.uuid) ? object.uuid.toLowerCase() : randomUUID();
    let objectRow = prepare(db, 'SELECT id FROM objects WHERE uuid = ?').get(objectUuid) as Row | undefined;
    if (!objectRow) {
      const info = prepare(
        db,
        `INSERT INTO objects (event_id, uuid, name, meta_category, description, template_uuid, template_version, timestamp,
           distribution, sharing_group_id, comment) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        id,
        objectUuid,
        typeof object.name === 'string' && object.name ? object.name : 'misc',
        String(object['meta-category'] ?? object.meta_category ?? 'misc'),
        String(object.description ?? ''),
        String(object.template_uuid ?? ''),
        String(object.template_version || '1'),
        int(object.timestamp, timestamp),
        Math.min(5, Math.max(0, int(object.distribution, 5))),
        int(object.sharing_group_id, 0),
        String(object.comment ?? ''),
      );
      objectRow = { id: Number(info.lastInsertRowid) };
    }
    for (const draft of list) upsertAttribute(db, id, draft, Number(objectRow.id));
  }
  for (const name of [...globalTags(event.Tag), ...(options.extraTags ?? [])]) {
    const tag = findOrCreateTag(db, name);
    prepare(db, 'INSERT OR IGNORE INTO event_tags (event_id, tag_id, local) VALUES (?, ?, 0)').run(id, tag.id);
  }
  prepare(
    db,
    'UPDATE events SET attribute_count = (SELECT COUNT(*) FROM attributes WHERE event_id = ? AND deleted = 0) WHERE id = ?',
  ).run(id, id);
  return { action: existing ? 'edit' : 'add', id };
}

const today = () => new Date().toISOString().slice(0, 10);
