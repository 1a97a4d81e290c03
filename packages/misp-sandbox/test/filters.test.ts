import { describe, expect, it } from 'vitest';
import { parseBoolFilter, parseDeleted, parseFilter, parseTimeRange } from '../src/search/filters.js';
import { matchValue } from '../src/warninglists.js';

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

describe('warninglist matching', () => {
  it('matches CIDR ranges for IPv4 and IPv6, composites half by half', () => {
    expect(matchValue('172.20.1.1').map((h) => h.list.id)).toEqual([1]);
    expect(matchValue('2001:db8::5').map((h) => h.list.id)).toEqual([2]);
    expect(matchValue('8.8.8.8|53').map((h) => h.list.id)).toEqual([3]);
    expect(matchValue('172.32.0.1')).toEqual([]);
  });

  it('matches hostnames, subdomains, URL hosts and e-mail domains but not look-alikes', () => {
    expect(matchValue('google.com')[0]?.matched).toBe('google.com');
    expect(matchValue('mail.google.com')[0]?.matched).toBe('google.com');
    expect(matchValue('https://login.microsoft.com/x?y')[0]?.matched).toBe('microsoft.com');
    expect(matchValue('someone@github.com')[0]?.matched).toBe('github.com');
    expect(matchValue('notgoogle.com')).toEqual([]);
    expect(matchValue('google.com.evil.example')).toEqual([]);
  });
});
