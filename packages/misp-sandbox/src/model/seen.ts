import type { Where } from '../search/conditions.js';

/**
 * Attribute `first_seen`/`last_seen`, as MISP 2.5 keeps them: microsecond instants returned as ISO 8601 in
 * UTC with six fraction digits (`2024-01-02T01:04:05.123456+00:00`). Input is ISO 8601 — a date alone is
 * midnight UTC, an offset is folded into UTC, the fraction is kept to the microsecond. An epoch number is
 * refused on save ("Invalid ISO 8601 format"); the restSearch filters accept one (seconds).
 */
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

export const INVALID_SEEN = 'Invalid ISO 8601 format';
export const SEEN_ORDER = 'Last seen value should be greater than first seen value';

/** The normalised UTC text of an ISO 8601 instant, or undefined when it is not one. */
export function isoSeen(text: string): string | undefined {
  const m = ISO.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00', fraction = '', zone] = m;
  let offsetMinutes = 0;
  if (zone && zone.toUpperCase() !== 'Z') {
    const digits = zone.slice(1).replace(':', '');
    offsetMinutes = (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0)) * (zone[0] === '-' ? -1 : 1);
  }
  const day = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (day.getUTCMonth() !== Number(mo) - 1 || day.getUTCDate() !== Number(d)) return undefined;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
  const date = new Date(day.getTime() + ((Number(h) * 60 + Number(mi) - offsetMinutes) * 60 + Number(s)) * 1000);
  return `${date.toISOString().slice(0, 19)}.${fraction.padEnd(6, '0').slice(0, 6)}+00:00`;
}

/** A save's value: undefined (not sent), null (cleared), the normalised text, or an error. */
export function seenInput(value: unknown): string | null | undefined | { error: string } {
  if (value === undefined) return undefined;
  if (value === null || value === '') return null;
  const iso = typeof value === 'string' ? isoSeen(value) : undefined;
  return iso ?? { error: INVALID_SEEN };
}

/** A filter's value: ISO 8601 or epoch seconds; undefined when unusable (MISP then matches nothing). */
function seenBound(value: unknown): string | undefined {
  if (typeof value === 'number' || (typeof value === 'string' && /^\d+$/.test(value))) {
    const date = new Date(Number(value) * 1000);
    return Number.isNaN(date.getTime()) ? undefined : `${date.toISOString().slice(0, 19)}.000000+00:00`;
  }
  return typeof value === 'string' ? isoSeen(value) : undefined;
}

/** attributes/restSearch `first_seen` (at or after) and `last_seen` (at or before); unset values never match. */
export function seenFilters(w: Where, f: Record<string, unknown>, alias = 'a'): void {
  for (const [key, op] of [
    ['first_seen', '>='],
    ['last_seen', '<='],
  ] as const) {
    const raw = f[key];
    if (raw === undefined || raw === null || raw === '') continue;
    const bound = seenBound(raw);
    if (bound === undefined) w.impossible = true;
    else w.add(`${alias}.${key} ${op} ?`, bound);
  }
}
