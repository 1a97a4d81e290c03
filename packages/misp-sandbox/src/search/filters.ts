import { HttpError } from '../http.js';
import { normaliseIp } from '../validate.js';

/** A restSearch filter value in MISP's grammar, reduced to OR / AND / NOT lists of strings. */
export interface FilterSet {
  OR: string[];
  AND: string[];
  NOT: string[];
}

const scalar = (value: unknown): string | null =>
  typeof value === 'string'
    ? value
    : typeof value === 'number' || typeof value === 'boolean'
      ? String(Number(value))
      : null;

function addScalar(set: FilterSet, raw: string, into: 'OR' | 'AND'): void {
  for (const part of raw.split('&&')) {
    const text = part.trim();
    if (text === '') continue;
    if (text.startsWith('!')) {
      if (text.length > 1) set.NOT.push(text.slice(1));
    } else set[into].push(text);
  }
}

/** Parses a scalar, a list (OR), `{OR, AND, NOT}`, `!` negation and `&&`-joined strings. Returns null when unset. */
export function parseFilter(value: unknown): FilterSet | null {
  if (value === undefined || value === null || value === '') return null;
  const set: FilterSet = { OR: [], AND: [], NOT: [] };
  const addList = (list: unknown, into: 'OR' | 'AND' | 'NOT') => {
    for (const item of Array.isArray(list) ? list : [list]) {
      const text = scalar(item);
      if (text === null) continue;
      if (into === 'NOT') set.NOT.push(text.replace(/^!/, ''));
      else addScalar(set, text, into);
    }
  };
  if (Array.isArray(value)) addList(value, 'OR');
  else if (typeof value === 'object') {
    for (const [key, list] of Object.entries(value as Record<string, unknown>)) {
      const upper = key.toUpperCase();
      if (upper === 'OR' || upper === 'AND' || upper === 'NOT') addList(list, upper);
      else addList(list, 'OR');
    }
  } else addList(value, 'OR');
  if (set.OR.length + set.AND.length + set.NOT.length === 0) return null;
  return set;
}

/** 0/1/true/false → boolean; both / [0,1] / unset → undefined. */
export function parseBoolFilter(value: unknown): boolean | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (Array.isArray(value)) {
    const values = new Set(value.map((v) => (v === true || v === 1 || v === '1' || v === 'true' ? 1 : 0)));
    return values.size === 1 ? values.has(1) : undefined;
  }
  if (value === true || value === 1 || value === '1' || value === 'true') return true;
  if (value === false || value === 0 || value === '0' || value === 'false') return false;
  return undefined;
}

/** `deleted`: 0 (default) live only, 1 only soft-deleted, [0,1] or "both" both. Returns 0 | 1 | 2. */
export function parseDeleted(value: unknown): 0 | 1 | 2 {
  let item = value;
  // A loop, not recursion: `[[[…]]]` nested a million deep is valid JSON.
  while (Array.isArray(item)) {
    if (item.length > 1) return 2;
    item = item[0];
  }
  if (item === 'both') return 2;
  return item === true || item === 1 || item === '1' || item === 'true' || item === 'only' ? 1 : 0;
}

const UNITS: Record<string, number> = { d: 86400, h: 3600, m: 60, s: 1 };

/** One time value as epoch seconds; an unparsable value resolves to now + 1 (so nothing matches), as in MISP. */
export function parseTime(value: unknown, now: number): number {
  if (typeof value === 'number' && Number.isFinite(value)) return Math.floor(value);
  const text = String(value).trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.floor(Number(text));
  const relative = /^(\d+)([dhms])$/i.exec(text);
  if (relative) return now - Number(relative[1]) * (UNITS[(relative[2] as string).toLowerCase()] as number);
  const parsed = Date.parse(text);
  return Number.isNaN(parsed) ? now + 1 : Math.floor(parsed / 1000);
}

/** A time filter: a single lower bound or a [from, to] range (swapped when reversed). */
export function parseTimeRange(value: unknown, now: number): { from: number; to?: number } | null {
  if (value === undefined || value === null || value === '') return null;
  if (Array.isArray(value)) {
    if (value.length === 0) return null;
    const from = parseTime(value[0], now);
    if (value.length === 1) return { from };
    const to = parseTime(value[1], now);
    return from <= to ? { from, to } : { from: to, to: from };
  }
  return { from: parseTime(value, now) };
}

const FIRST_DATE = Date.parse('0000-01-01T00:00:00Z');
const LAST_DATE = Date.parse('9999-12-31T23:59:59Z');

/** Dates for `date`/`from`/`to` (Event.date, `YYYY-MM-DD`); times beyond years 0–9999 are clamped to them. */
export function toDateString(value: unknown, now: number): string {
  const text = String(value).trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return text;
  const time = Math.min(Math.max(parseTime(value, now) * 1000, FIRST_DATE), LAST_DATE);
  return new Date(time).toISOString().slice(0, 10);
}

/** Search values are normalised like stored ones (compressed IPv6, plain IPs without /32). */
export function normaliseSearchValue(value: string): string {
  if (value.includes('%') || value.includes('|')) return value;
  if (/^[0-9a-f:.]+(\/\d+)?$/i.test(value) && (value.includes(':') || /^\d+\.\d+\.\d+\.\d+/.test(value))) {
    return normaliseIp(value) ?? value;
  }
  return value;
}

/** A positive integer option (limit/page), or undefined. */
function positiveInt(value: unknown): number | undefined {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/**
 * `limit`/`page` (1-based) as SQL LIMIT/OFFSET. Both are clamped to 2^53 - 1: SQLite refuses a LIMIT
 * bound as a non-integral double (`1e300`), and no table holds that many rows anyway.
 */
export function paging(f: Record<string, unknown>): { limit: number; offset: number } | undefined {
  const limit = positiveInt(f.limit);
  if (limit === undefined) return undefined;
  const page = positiveInt(f.page) ?? 1;
  return {
    limit: Math.min(limit, Number.MAX_SAFE_INTEGER),
    offset: Math.min((page - 1) * limit, Number.MAX_SAFE_INTEGER),
  };
}

/** SQLite's SQLITE_MAX_LIKE_PATTERN_LENGTH: a longer LIKE pattern is an SQL error, so it is refused first. */
export const MAX_PATTERN_BYTES = 50_000;

/** `pattern`, checked to be usable with SQL LIKE (400 when SQLite would refuse it). */
export function likePattern(pattern: string): string {
  if (Buffer.byteLength(pattern) > MAX_PATTERN_BYTES) {
    throw new HttpError(400, `Search pattern too long: the sandbox accepts at most ${MAX_PATTERN_BYTES} bytes.`);
  }
  return pattern;
}
