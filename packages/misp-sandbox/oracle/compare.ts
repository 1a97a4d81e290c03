// Normalisation and structural comparison of two answers.
//
// Only what must differ between two instances is normalised: database ids, uuids, timestamps and the
// API keys. Each becomes a placeholder that keeps its JSON type and format (`<id>` for "12", `<id:number>`
// for 12, `<time:epoch>` for "1796286923", `<time:datetime>` for "2026-12-03 08:35:36"), so a string id
// against a numeric one, or an epoch against a datetime, is still a difference. Everything else —
// status, envelope, key set, value types, values, error name and message, array order — is compared.
import type { Json } from './http.js';

export type DiffKind = 'status' | 'missing' | 'extra' | 'type' | 'value' | 'length';

export interface Difference {
  kind: DiffKind;
  /** JSON path in the answer, `$` for the root; `status` for the status code. */
  path: string;
  sandbox?: unknown;
  misp?: unknown;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATETIME = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/;
const EPOCH = /^\d{9,10}$/;
const DIGITS = /^\d+$/;

/**
 * Keys holding database ids (and `nids_sid`, which MISP draws at random for each new user). Enumerations that happen to end in `_id` (threat_level_id, role_id of a
 * default role) are deliberately not here: their values are the same on every MISP.
 */
const ID_KEY =
  /^(id|nids_sid|(event|attribute|object|org|orgc|remote_org|user|sharing_group|tag|galaxy|galaxy_cluster|warninglist|sighting|object_reference|referenced|server|invited_by|created_by|sync_user|taxonomy|default_template|collection|template|old)_id)$/;
/** Keys holding times: epoch strings, datetimes, or ISO dates of creation/modification. */
const TIME_KEY =
  /^(timestamp|publish_timestamp|sighting_timestamp|date_sighting|date_created|date_modified|created|modified|current_login|last_login|last_api_access|last_pw_change|first_seen|last_seen)$/;

const timeFormat = (value: string) => (EPOCH.test(value) ? 'epoch' : DATETIME.test(value) ? 'datetime' : undefined);

export interface NormaliseOptions {
  /** Strings to hide wherever they occur (the API keys). */
  secrets: string[];
  /** This side's own origin (`http://127.0.0.1:8080`): MISP writes absolute URLs on it, shown as `<origin>`. */
  origin?: string;
}

export function normalise(value: Json, options: NormaliseOptions, key?: string): Json {
  if (Array.isArray(value)) return value.map((v) => normalise(v, options));
  if (value && typeof value === 'object') {
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(value)) out[k] = normalise(v, options, k);
    return out;
  }
  if (typeof value === 'string') {
    if (options.secrets.some((s) => s && value.includes(s))) return '<key>';
    // The first and last four characters of a key differ as the keys do.
    if (key === 'authkey_start' || key === 'authkey_end') return '<key part>';
    if (UUID.test(value)) return '<uuid>';
    // MISP echoes the request path in `url` (`/events/edit/12`, or `<baseurl>/tags/delete/12` on its own origin):
    // its numeric segments are the ids each side was sent, which differ as the sides' ids do.
    const local = options.origin && value.startsWith(`${options.origin}/`);
    const path = local ? value.slice(options.origin?.length) : value;
    if (key === 'url' && path.startsWith('/'))
      return `${local ? '<origin>' : ''}${path.replace(/\/\d+(?=\/|$)/g, '/<id>')}`;
    if (local) return `<origin>${path}`;
    if (key && ID_KEY.test(key) && DIGITS.test(value) && value !== '0') return '<id>';
    if (key && TIME_KEY.test(key) && value !== '0') {
      const format = timeFormat(value);
      if (format) return `<time:${format}>`;
    }
    return value;
  }
  if (typeof value === 'number' && key) {
    if (ID_KEY.test(key) && value !== 0) return '<id:number>';
    if (TIME_KEY.test(key) && value !== 0) return '<time:number>';
  }
  return value;
}

const typeOf = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);
const child = (path: string, key: string | number) =>
  typeof key === 'number'
    ? `${path}[${key}]`
    : /^[A-Za-z_][\w-]*$/.test(key)
      ? `${path}.${key}`
      : `${path}[${JSON.stringify(key)}]`;

/** Canonical JSON, for comparing arrays whose order MISP does not define. */
export const canonical = (value: Json): string =>
  JSON.stringify(value, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );

export interface CompareOptions {
  /**
   * Arrays whose order MISP does not define, by JSON path with `[]` for any index (`$.Event.Tag`). They are
   * sorted before comparing: by a field (`$ by info`) or, without one, by their canonical JSON.
   */
  unordered?: string[];
}

function sortKey(options: CompareOptions, path: string): ((x: Json) => string) | undefined {
  for (const entry of options.unordered ?? []) {
    const [at, field] = entry.split(' by ');
    if (at !== shape(path)) continue;
    return field ? (x: Json) => String(x?.[field] ?? '') : canonical;
  }
  return undefined;
}

const shape = (path: string) => path.replace(/\[\d+\]/g, '[]');

/** Differences between two normalised bodies, sandbox first. */
export function diff(sandbox: Json, misp: Json, options: CompareOptions = {}, path = '$'): Difference[] {
  const a = typeOf(sandbox);
  const b = typeOf(misp);
  if (a !== b) return [{ kind: 'type', path, sandbox: summary(sandbox), misp: summary(misp) }];
  if (a === 'array') {
    let left = sandbox as Json[];
    let right = misp as Json[];
    const key = sortKey(options, path);
    if (key) {
      const order = (x: Json, y: Json) => key(x).localeCompare(key(y));
      left = [...left].sort(order);
      right = [...right].sort(order);
    }
    const out: Difference[] = [];
    if (left.length !== right.length) out.push({ kind: 'length', path, sandbox: left.length, misp: right.length });
    for (let i = 0; i < Math.min(left.length, right.length); i++)
      out.push(...diff(left[i], right[i], options, child(path, i)));
    return out;
  }
  if (a === 'object') {
    const out: Difference[] = [];
    for (const key of Object.keys(misp)) {
      if (!(key in sandbox)) out.push({ kind: 'missing', path: child(path, key), misp: summary(misp[key]) });
    }
    for (const key of Object.keys(sandbox)) {
      if (!(key in misp)) out.push({ kind: 'extra', path: child(path, key), sandbox: summary(sandbox[key]) });
      else out.push(...diff(sandbox[key], misp[key], options, child(path, key)));
    }
    return out;
  }
  return sandbox === misp ? [] : [{ kind: 'value', path, sandbox, misp }];
}

/** A short stand-in for a large value in a difference line (full bodies are in the report). */
function summary(value: unknown): unknown {
  const text = JSON.stringify(value);
  if (text === undefined || text.length <= 80) return value;
  return `${text.slice(0, 77)}…`;
}
