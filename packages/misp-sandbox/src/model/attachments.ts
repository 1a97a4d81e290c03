import type { Database } from 'better-sqlite3';
import { IN_LIST, jsonList, prepare } from '../db/statements.js';

/**
 * The files of `attachment` and `malware-sample` attributes. MISP 2.5 stores the bytes an API client sends in
 * `data` (base64) as they are — a malware sample is expected to arrive zipped with the password "infected",
 * as PyMISP sends it, and is not re-packed — and gives them back: base64 in `data` on events/view and
 * attributes/view always, on the restSearch endpoints with `withAttachments`, and raw on attributes/download.
 */
export const ATTACHMENT_TYPES = new Set(['attachment', 'malware-sample']);

export function migrateAttachments(db: Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS attachment_data (attribute_id INTEGER PRIMARY KEY, data BLOB NOT NULL)');
}

/** Stores `data` for an attachment type; base64 is decoded leniently (invalid characters skipped), as PHP does. */
export function storeAttachment(db: Database, attributeId: number, type: string, data: unknown): void {
  if (!ATTACHMENT_TYPES.has(type) || typeof data !== 'string') return;
  prepare(db, 'INSERT OR REPLACE INTO attachment_data (attribute_id, data) VALUES (?, ?)').run(
    attributeId,
    Buffer.from(data, 'base64'),
  );
}

export function attachmentBytes(db: Database, attributeId: number): Buffer | undefined {
  const row = prepare(db, 'SELECT data FROM attachment_data WHERE attribute_id = ?').get(attributeId) as
    | { data: Buffer }
    | undefined;
  return row?.data;
}

type Formatted = Record<string, unknown>;

/**
 * Adds `data` (base64, `""` when no file was sent) to each formatted attachment or malware-sample attribute,
 * including those inside objects, with one query for all of them.
 */
export function withAttachmentData(db: Database, attributes: Formatted[]): void {
  const wanted = attributes.filter((a) => ATTACHMENT_TYPES.has(String(a.type)));
  if (wanted.length === 0) return;
  const rows = prepare(db, `SELECT attribute_id, data FROM attachment_data WHERE attribute_id IN (${IN_LIST})`).all(
    jsonList(wanted.map((a) => Number(a.id))),
  ) as { attribute_id: number; data: Buffer }[];
  const byId = new Map(rows.map((r) => [r.attribute_id, r.data]));
  for (const attribute of wanted) attribute.data = byId.get(Number(attribute.id))?.toString('base64') ?? '';
}

/** The attributes of a built event, its objects' included. */
export function eventAttributes(event: Formatted): Formatted[] {
  const own = Array.isArray(event.Attribute) ? (event.Attribute as Formatted[]) : [];
  const objects = Array.isArray(event.Object) ? (event.Object as Formatted[]) : [];
  return [...own, ...objects.flatMap((o) => (Array.isArray(o.Attribute) ? (o.Attribute as Formatted[]) : []))];
}

const MIME: Record<string, string> = {
  txt: 'text/plain; charset=UTF-8',
  json: 'application/json; charset=UTF-8',
  html: 'text/html; charset=UTF-8',
  csv: 'text/csv; charset=UTF-8',
  xml: 'application/xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  pdf: 'application/pdf',
  zip: 'application/zip',
};

/** What attributes/download answers: the file name (a sample's gets `.zip`) and CakePHP's type for its extension. */
export function downloadHeaders(type: string, filename: string): { filename: string; contentType: string } {
  const name = type === 'malware-sample' ? `${filename}.zip` : filename;
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  return { filename: name, contentType: MIME[extension] ?? 'application/octet-stream' };
}
