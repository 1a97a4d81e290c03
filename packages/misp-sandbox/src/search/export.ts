import type { Database } from 'better-sqlite3';
import { prepare } from '../db/statements.js';
import { HttpError } from '../http.js';
import type { Row } from '../types.js';

/**
 * restSearch export formats beyond JSON, as MISP 2.5's export modules write them: `csv` (CsvExport: its
 * default columns or `requested_attributes`, `includeContext` event columns, `headerless`), `text`
 * (TextExport: each distinct value on its own line) and `hashes` (HashesExport: hash values, the hash half
 * of `filename|hash`). `text` and `hashes` are "restrictive" exports: unless the caller filters on them,
 * MISP adds `to_ids: 1` and `published: 1`. The other formats MISP knows are refused with 501 here.
 */
export type Scope = 'Attribute' | 'Event';

const COMMON_FORMATS = [
  'cache',
  'count',
  'csv',
  'hashes',
  'hosts',
  'json',
  'kunai',
  'netfilter',
  'opendata',
  'openioc',
  'rpz',
  'snort',
  'stix',
  'stix-json',
  'stix2',
  'suricata',
  'text',
  'xml',
  'yara',
  'yara-json',
  'attack-sightings',
];
const VALID_FORMATS: Record<Scope, Set<string>> = {
  Attribute: new Set(COMMON_FORMATS),
  Event: new Set([...COMMON_FORMATS, 'attack', 'context', 'context-markdown']),
};
export const EXPORT_FORMATS = ['csv', 'text', 'hashes'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** A non-JSON answer: the body is sent as it is with its own Content-Type. */
export class RawReply {
  constructor(
    readonly status: number,
    readonly body: string | Buffer,
    readonly headers: Record<string, string | number>,
  ) {}
}

/**
 * The export format a restSearch asks for (`returnFormat` in the body or URL parameters, or the
 * `/restSearch/<format>` path segment); `undefined` means JSON. Unknown formats are MISP's 404.
 */
export function requestedFormat(scope: Scope, filters: Row, pathFormat: string | undefined): ExportFormat | undefined {
  const raw = filters.returnFormat ?? pathFormat;
  if (raw === undefined || raw === null || raw === '') return undefined;
  const format = String(raw).toLowerCase();
  if (format === 'json' || format === 'download') return undefined;
  if (!VALID_FORMATS[scope].has(format)) throw new HttpError(404, 'Invalid output format.');
  if (!(EXPORT_FORMATS as readonly string[]).includes(format))
    throw new HttpError(
      501,
      `The sandbox does not implement the ${format} export; json, csv, text and hashes are available.`,
    );
  return format as ExportFormat;
}

/** MISP's restrictive exports only see IDS attributes of published events unless told otherwise. */
export function exportFilters(format: ExportFormat, filters: Row): Row {
  if (format === 'csv') return filters;
  return {
    ...filters,
    ...(filters.to_ids === undefined ? { to_ids: 1 } : {}),
    ...(filters.published === undefined ? { published: 1 } : {}),
  };
}

// --- values -------------------------------------------------------------------------------------------

/** PHP's is_numeric: optional sign, digits with an optional fraction or exponent, surrounding whitespace. */
const NUMERIC = /^[ \t\n\r\v\f]*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?[ \t\n\r\v\f]*$/;

function csvField(value: unknown): string {
  if (value === true || value === false) return value ? '1' : '0';
  if (value === undefined || value === null) return '""';
  const text = String(value);
  if (NUMERIC.test(text)) return text;
  return `"${text.replaceAll('"', '""')}"`;
}

const DEFAULT_FIELDS = [
  'uuid',
  'event_id',
  'category',
  'type',
  'value',
  'comment',
  'to_ids',
  'timestamp',
  'object_relation',
  'attribute_tag',
];
const OBJECT_FIELDS = ['object_uuid', 'object_name', 'object_meta-category'];
const CONTEXT_FIELDS = [
  'event_info',
  'event_member_org',
  'event_source_org',
  'event_distribution',
  'event_threat_level_id',
  'event_analysis',
  'event_date',
  'event_tag',
  'event_timestamp',
];
const THREAT_LEVELS: Record<string, string> = { '1': 'High', '2': 'Medium', '3': 'Low', '4': 'Undefined' };

function csvColumns(filters: Row): string[] {
  const requested = filters.requested_attributes;
  const fields = Array.isArray(requested)
    ? requested.map(String)
    : typeof requested === 'string'
      ? [requested]
      : [...DEFAULT_FIELDS, ...OBJECT_FIELDS];
  const context = filters.includeContext;
  if (context === true || context === 1 || context === '1' || context === 'true') fields.push(...CONTEXT_FIELDS);
  return fields;
}

interface EventContext {
  event_info: unknown;
  event_member_org: unknown;
  event_source_org: unknown;
  event_distribution: unknown;
  event_threat_level_id: unknown;
  event_analysis: unknown;
  event_date: unknown;
  event_tag?: string;
  event_timestamp: unknown;
}

function eventContextLookup(db: Database): (eventId: unknown) => EventContext {
  const cache = new Map<string, EventContext>();
  return (eventId) => {
    const key = String(eventId);
    let found = cache.get(key);
    if (!found) {
      const event = prepare(
        db,
        `SELECT e.*, o.name AS org_name, c.name AS orgc_name FROM events e
           JOIN organisations o ON o.id = e.org_id JOIN organisations c ON c.id = e.orgc_id WHERE e.id = ?`,
      ).get(Number(eventId)) as Row;
      const tags = prepare(
        db,
        'SELECT t.name FROM event_tags et JOIN tags t ON t.id = et.tag_id WHERE et.event_id = ? ORDER BY et.id',
      ).all(Number(eventId)) as Row[];
      found = {
        event_info: event.info,
        event_member_org: event.org_name,
        event_source_org: event.orgc_name,
        event_distribution: event.distribution,
        event_threat_level_id: THREAT_LEVELS[String(event.threat_level_id)] ?? event.threat_level_id,
        event_analysis: event.analysis,
        event_date: event.date,
        ...(tags.length ? { event_tag: tags.map((t) => t.name).join(',') } : {}),
        event_timestamp: event.timestamp,
      };
      cache.set(key, found);
    }
    return found;
  };
}

function attributeTagNames(attribute: Row): string | undefined {
  const tags = (Array.isArray(attribute.Tag) ? (attribute.Tag as Row[]) : []).filter((t) => !t.inherited);
  return tags.length ? tags.map((t) => String(t.name)).join(',') : undefined;
}

function csvLine(columns: string[], record: Row): string {
  return `${columns.map((c) => (record[c] === undefined ? '""' : csvField(record[c]))).join(',')}\n`;
}

function csvHeader(columns: string[], filters: Row): string {
  const headerless = filters.headerless;
  if (headerless === true || headerless === 1 || headerless === '1' || headerless === 'true') return '';
  return `${columns.map((c) => (c === 'timestamp' ? 'date' : c.replaceAll('-', '_'))).join(',')}\n`;
}

/** One CSV record per attribute: its own fields, its tags, the object it is in and its event's context. */
function csvRecord(attribute: Row, context: EventContext, object?: Row): Row {
  const tags = attributeTagNames(attribute);
  return {
    ...attribute,
    ...(tags !== undefined ? { attribute_tag: tags } : {}),
    ...(object
      ? { object_uuid: object.uuid, object_name: object.name, 'object_meta-category': object['meta-category'] }
      : {}),
    ...context,
  };
}

function hashOf(attribute: Row): string | undefined {
  const type = String(attribute.type);
  if (COMPOSITE_HASH_TYPES.has(type)) return String(attribute.value).split('|')[1];
  if (SIMPLE_HASH_TYPES.has(type)) return String(attribute.value);
  return undefined;
}

const SIMPLE_HASH_TYPES = new Set([
  'md5',
  'sha1',
  'sha256',
  'sha224',
  'sha384',
  'sha512',
  'sha512/224',
  'sha512/256',
  'sha3-224',
  'sha3-256',
  'sha3-384',
  'sha3-512',
  'ssdeep',
  'imphash',
  'tlsh',
  'x509-fingerprint-sha1',
  'x509-fingerprint-md5',
  'x509-fingerprint-sha256',
  'pehash',
  'authentihash',
  'impfuzzy',
]);
const COMPOSITE_HASH_TYPES = new Set([
  'malware-sample',
  ...[...SIMPLE_HASH_TYPES].filter((t) => !t.startsWith('x509') && t !== 'sha384').map((t) => `filename|${t}`),
]);

/** The attributes of a JSON event in MISP's export order: its own, then those of each object. */
function eventAttributes(event: Row): { attribute: Row; object?: Row }[] {
  const own = (Array.isArray(event.Attribute) ? (event.Attribute as Row[]) : []).map((attribute) => ({ attribute }));
  const inObjects = (Array.isArray(event.Object) ? (event.Object as Row[]) : []).flatMap((object) =>
    (Array.isArray(object.Attribute) ? (object.Attribute as Row[]) : []).map((attribute) => ({ attribute, object })),
  );
  return [...own, ...inObjects];
}

const EXTENSIONS: Record<ExportFormat, { contentType: string; attribute: string; event: string; file: string }> = {
  csv: { contentType: 'text/csv; charset=UTF-8', attribute: 'csv', event: 'csv', file: 'csv' },
  text: { contentType: 'text/plain; charset=UTF-8', attribute: 'txt', event: 'text', file: 'text' },
  hashes: { contentType: 'text/plain; charset=UTF-8', attribute: 'txt', event: 'txt', file: 'txt' },
};

/**
 * Renders restSearch results (the JSON items the search built) in `format`, with MISP's headers:
 * X-Result-Count, X-Export-Module-Used, X-Response-Format, X-Skipped-Elements-Count and, for events,
 * a Content-Disposition naming `misp.event.list.<ext>`.
 */
export function renderExport(
  db: Database,
  scope: Scope,
  format: ExportFormat,
  filters: Row,
  items: Row[],
  total: number,
): RawReply {
  const pairs =
    scope === 'Attribute'
      ? items.map((attribute) => ({ attribute, object: undefined as Row | undefined }))
      : items.flatMap((event) => eventAttributes(event));
  let body: string;
  if (format === 'csv') {
    const columns = csvColumns(filters);
    const context = eventContextLookup(db);
    const lines = pairs.map(({ attribute, object }) =>
      csvLine(columns, csvRecord(attribute, context(attribute.event_id), scope === 'Event' ? object : undefined)),
    );
    body = `${csvHeader(columns, filters)}${lines.join('')}\n`;
  } else if (format === 'text') {
    const values = [...new Set(pairs.map(({ attribute }) => String(attribute.value)))];
    body = values.map((v) => `${v}\n`).join('') || '\n';
  } else {
    const hashes = pairs.map(({ attribute }) => hashOf(attribute)).filter((h): h is string => h !== undefined);
    body = `${hashes.join('\n')}\n`;
  }
  const ext = EXTENSIONS[format];
  return new RawReply(200, body, {
    'Content-Type': ext.contentType,
    'X-Result-Count': total,
    'X-Export-Module-Used': format,
    'X-Response-Format': scope === 'Attribute' ? ext.attribute : ext.event,
    'X-Skipped-Elements-Count': 0,
    ...(scope === 'Event' ? { 'Content-Disposition': `attachment; filename="misp.event.list.${ext.file}"` } : {}),
  });
}

export function sendRaw(
  res: import('node:http').ServerResponse,
  reply: RawReply,
  headers: Record<string, string | number>,
  head = false,
): void {
  res.writeHead(reply.status, { ...headers, ...reply.headers, 'Content-Length': Buffer.byteLength(reply.body) });
  res.end(head ? undefined : reply.body);
}
