// The comparison itself: what normalisation hides, and what it must not hide.
import { describe, expect, it } from 'vitest';
import { diff, normalise } from './compare.js';

const KEY = 'K'.repeat(40);
const n = (value: unknown) => normalise(value, { secrets: [KEY] });

describe('normalise', () => {
  it('hides ids, uuids, times and keys but keeps their JSON type and format', () => {
    expect(
      n({
        Event: { id: '12', org_id: 3, uuid: '5b3d8c2e-7a1f-4e9b-8c5d-2a4f6b9e8c1d', timestamp: '1796286923' },
        User: { authkey: KEY, date_created: '2026-12-03 08:35:36', last_login: '0' },
      }),
    ).toEqual({
      Event: { id: '<id>', org_id: '<id:number>', uuid: '<uuid>', timestamp: '<time:epoch>' },
      User: { authkey: '<key>', date_created: '<time:datetime>', last_login: '0' },
    });
  });

  it('keeps enumerations, "0" (none) and every other value', () => {
    const body = { threat_level_id: '2', sharing_group_id: '0', info: 'x', value: '198.51.100.7', date: '2026-01-15' };
    expect(n(body)).toEqual(body);
  });
});

describe('diff', () => {
  it('reports status-independent body differences by kind and path', () => {
    expect(diff(n({ a: '1', b: 1, c: [1, 2] }), n({ a: '1', b: '1', c: [1], d: null }))).toEqual([
      { kind: 'missing', path: '$.d', misp: null },
      { kind: 'type', path: '$.b', sandbox: 1, misp: '1' },
      { kind: 'length', path: '$.c', sandbox: 2, misp: 1 },
    ]);
  });

  it('tells an epoch from a datetime and a string id from a number', () => {
    expect(diff(n({ created: '2026-12-03 08:35:36', id: 4 }), n({ created: '1796286923', id: '4' }))).toEqual([
      { kind: 'value', path: '$.created', sandbox: '<time:datetime>', misp: '<time:epoch>' },
      { kind: 'value', path: '$.id', sandbox: '<id:number>', misp: '<id>' },
    ]);
  });

  it('compares order unless the array is declared unordered, by a field or as a whole', () => {
    const left = [{ info: 'b' }, { info: 'a' }];
    const right = [{ info: 'a' }, { info: 'b' }];
    expect(diff(left, right)).toHaveLength(2);
    expect(diff(left, right, { unordered: ['$ by info'] })).toEqual([]);
    expect(diff({ Tag: ['x', 'y'] }, { Tag: ['y', 'x'] }, { unordered: ['$.Tag'] })).toEqual([]);
  });
});
