import type { ServerResponse } from 'node:http';
import { sendJson } from './http.js';
import type { ParsedPath } from './router.js';

/**
 * Content negotiation as MISP (CakePHP's RequestHandler) does it for API calls: JSON when the client
 * asks for JSON (or uses a `.json` suffix), else XML for `application/xml`/`text/xml`, else CSV for
 * `text/csv`. XML answers are the JSON answer written as CakePHP's Xml::fromArray writes it (a `response`
 * root, lists as repeated elements, booleans as 1/0, null and empty values as empty elements). Some
 * actions answer JSON whatever the Accept header says (their controllers build the JSON themselves), and
 * a CSV answer exists only for events/index; any other CSV request fails inside MISP with its HTML 500.
 */
export type Negotiated = 'json' | 'xml' | 'csv';

/** The media type the client prefers most (highest q, the first listed among equals). */
export function preferredType(accept: string | undefined): string | undefined {
  let best: { type: string; q: number } | undefined;
  for (const part of (accept ?? '').toLowerCase().split(',')) {
    const [type, ...params] = part.split(';').map((p) => p.trim());
    if (!type) continue;
    const q = Number(params.find((p) => p.startsWith('q='))?.slice(2) ?? 1);
    if (!best || q > best.q) best = { type, q: Number.isFinite(q) ? q : 0 };
  }
  return best?.type;
}

/** What an API request negotiates; `undefined` for a browser request (HTML preferred, or nothing usable). */
export function negotiate(accept: string | undefined, jsonSuffix: boolean): Negotiated | undefined {
  if (jsonSuffix || (accept ?? '').toLowerCase().includes('application/json')) return 'json';
  const preferred = preferredType(accept);
  if (preferred === 'application/xml' || preferred === 'text/xml') return 'xml';
  if (preferred === 'text/csv') return 'csv';
  return undefined;
}

/** Actions whose answer is JSON whatever the Accept header (MISP returns them through RestResponse JSON). */
const ALWAYS_JSON = new Set([
  '/servers/getVersion',
  '/servers/getPyMISPVersion',
  '/attributes/describeTypes',
  '/attributes/restSearch',
  '/events/restSearch',
  '/objects/restSearch',
  '/sightings/restSearch',
  '/correlation_exclusions/index',
  '/correlation_exclusions/view',
  '/correlation_exclusions/add',
  '/correlation_exclusions/edit',
  '/correlation_exclusions/delete',
  '/correlation_exclusions/clean',
]);

const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function element(name: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return `<${name}/>`;
  if (value === true || value === false) return `<${name}>${value ? 1 : 0}</${name}>`;
  if (Array.isArray(value)) {
    if (value.length === 0) return `<${name}/>`;
    return value.map((item) => element(name, item)).join('');
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return `<${name}/>`;
    return `<${name}>${entries.map(([k, v]) => element(k, v)).join('')}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

const singular = (controller: string) => {
  const word = controller.replace(/ies$/, 'y').replace(/s$/, '');
  return word.replace(/(^|_)([a-z])/g, (_, _sep, c: string) => c.toUpperCase());
};

/** The XML document MISP writes for a JSON answer `body` of controller `controller`. */
export function toXml(body: unknown, controller: string): string {
  let inner: string;
  if (Array.isArray(body)) {
    inner = body
      .map((item) => {
        const keys = item && typeof item === 'object' && !Array.isArray(item) ? Object.keys(item) : [];
        if (keys.length === 1 && /^[A-Z]/.test(keys[0] as string))
          return element(keys[0] as string, (item as Record<string, unknown>)[keys[0] as string]);
        return element(singular(controller), item);
      })
      .join('');
  } else if (body && typeof body === 'object') {
    inner = Object.entries(body as Record<string, unknown>)
      .map(([k, v]) => element(k, v))
      .join('');
  } else {
    inner = body === undefined || body === null ? '' : escapeXml(String(body));
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<response>${inner}</response>`;
}

/** events/index as text/csv (MISP's CsvExport::eventIndex columns). */
function eventIndexCsv(body: unknown): string {
  const fields = [
    'id',
    'date',
    'info',
    'tags',
    'uuid',
    'published',
    'analysis',
    'attribute_count',
    'orgc_id',
    'orgc_name',
    'orgc_uuid',
    'timestamp',
    'distribution',
    'sharing_group_id',
    'threat_level_id',
    'publish_timestamp',
    'extends_uuid',
  ];
  const numeric = /^[ \t\n\r\v\f]*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?[ \t\n\r\v\f]*$/;
  const field = (value: unknown) =>
    value === undefined || value === null
      ? ''
      : value === true || value === false
        ? value
          ? '1'
          : '0'
        : numeric.test(String(value))
          ? String(value)
          : `"${String(value).replaceAll('"', '""')}"`;
  // MISP's CSV index lists the events by id (its JSON index sorts by timestamp).
  const events = [...(Array.isArray(body) ? body : [])].sort(
    (a, b) => Number((a as Record<string, unknown>).id) - Number((b as Record<string, unknown>).id),
  );
  const rows = events.map((raw) => {
    const event = raw as Record<string, unknown>;
    const orgc = (event.Orgc ?? {}) as Record<string, unknown>;
    const tags = (Array.isArray(event.EventTag) ? event.EventTag : [])
      .map((et) => ((et as Record<string, unknown>).Tag as Record<string, unknown> | undefined)?.name)
      .filter((n) => n !== undefined);
    const record: Record<string, unknown> = {
      ...event,
      tags: tags.join(', '),
      orgc_name: orgc.name,
      orgc_uuid: orgc.uuid,
    };
    return `${fields.map((f) => field(record[f])).join(',')}\n`;
  });
  return `${fields.join(',')}\n${rows.join('')}`;
}

const CSV_FAILURE =
  '<!DOCTYPE html><html><head><title>Errors</title></head><body><h2>An Internal Error Has Occurred.</h2>' +
  '<p>An Internal Error Has Occurred. Please try your action again.</p></body></html>';

export type Sender = (
  res: ServerResponse,
  status: number,
  body: unknown,
  headers?: Record<string, string | number>,
  head?: boolean,
) => void;

/** A `sendJson` replacement that answers in the negotiated format. */
export function negotiatedSender(accept: string | undefined, path: ParsedPath): Sender {
  const kind = negotiate(accept, path.jsonSuffix);
  if (kind === undefined || kind === 'json' || ALWAYS_JSON.has(`/${path.controller}/${path.action}`)) return sendJson;
  return (res, status, body, headers = {}, head = false) => {
    let text: string;
    let type: string;
    let code = status;
    if (kind === 'xml') {
      text = toXml(body, path.controller);
      type = 'application/xml; charset=UTF-8';
    } else if (path.controller === 'events' && path.action === 'index' && status === 200) {
      text = eventIndexCsv(body);
      type = 'text/csv; charset=UTF-8';
    } else {
      text = CSV_FAILURE;
      type = 'text/html; charset=UTF-8';
      code = 500;
    }
    res.writeHead(code, { ...headers, 'Content-Type': type, 'Content-Length': Buffer.byteLength(text) });
    res.end(head ? undefined : text);
  };
}
