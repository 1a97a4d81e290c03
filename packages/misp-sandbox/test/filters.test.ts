import { describe, expect, it } from 'vitest';
import {
  paging,
  parseBoolFilter,
  parseDeleted,
  parseFilter,
  parseTimeRange,
  toDateString,
} from '../src/search/filters.js';

describe('restSearch filter grammar', () => {
  it('reads scalars, lists, OR/AND/NOT objects, ! negation and && joins', () => {
    expect(parseFilter('a')).toEqual({ OR: ['a'], AND: [], NOT: [] });
    expect(parseFilter(['a', '!b'])).toEqual({ OR: ['a'], AND: [], NOT: ['b'] });
    expect(parseFilter({ or: ['a'], AND: 'b', NOT: ['c'] })).toEqual({ OR: ['a'], AND: ['b'], NOT: ['c'] });
    expect(parseFilter('a&&b')).toEqual({ OR: ['a', 'b'], AND: [], NOT: [] });
    expect(parseFilter(12)).toEqual({ OR: ['12'], AND: [], NOT: [] });
    expect(parseFilter('')).toBeNull();
    expect(parseFilter([])).toBeNull();
  });

  it('reads MISP booleans and the deleted modes', () => {
    expect(parseBoolFilter(1)).toBe(true);
    expect(parseBoolFilter('0')).toBe(false);
    expect(parseBoolFilter([0, 1])).toBeUndefined();
    expect(parseDeleted(undefined)).toBe(0);
    expect(parseDeleted(1)).toBe(1);
    expect(parseDeleted([0, 1])).toBe(2);
  });

  it('parses epochs, relative times, dates and swaps reversed ranges; garbage matches nothing', () => {
    const now = 1_800_000_000;
    expect(parseTimeRange('7d', now)).toEqual({ from: now - 7 * 86400 });
    expect(parseTimeRange('12h', now)).toEqual({ from: now - 12 * 3600 });
    expect(parseTimeRange(['1700000100', 1700000000], now)).toEqual({ from: 1700000000, to: 1700000100 });
    expect(parseTimeRange('2026-01-01T00:00:00Z', now)).toEqual({ from: 1767225600 });
    expect(parseTimeRange('soon-ish', now)).toEqual({ from: now + 1 });
    expect(parseTimeRange(undefined, now)).toBeNull();
  });
});

describe('out-of-range filter input', () => {
  it('reads deleted nested a million arrays deep without recursion', () => {
    let nested: unknown = 1;
    for (let i = 0; i < 1_000_000; i++) nested = [nested];
    expect(parseDeleted(nested)).toBe(1);
  });

  it('clamps limit/page to SQL-safe integers and dates to years 0-9999', () => {
    expect(paging({})).toBeUndefined();
    expect(paging({ limit: 10, page: 3 })).toEqual({ limit: 10, offset: 20 });
    expect(paging({ limit: 1e300, page: 1e300 })).toEqual({
      limit: Number.MAX_SAFE_INTEGER,
      offset: Number.MAX_SAFE_INTEGER,
    });
    expect(toDateString('9'.repeat(400), 0)).toBe('9999-12-31');
    expect(toDateString(-1e20, 0)).toBe('0000-01-01');
  });
});
