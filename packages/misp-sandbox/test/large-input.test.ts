// Inputs far beyond what SQLite takes in one statement (32,766 variables, expression depth 1,000,
// 500 terms per compound SELECT, 50,000-byte LIKE patterns) or what a recursive walk survives: the
// sandbox answers them with results or a clear 4xx, never a 500.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoIndicators as I, type MispSandbox, seedScale } from '../src/index.js';
import { type Api, type Json, withSandbox } from './helpers.js';

let misp: MispSandbox;
let api: Api;

beforeAll(async () => {
  ({ misp, api } = await withSandbox({ seed: 'demo' }));
});
afterAll(() => misp.close());

/** Values in no event: `absent-0.example`, … (or numbers from 900000 up, for id filters). */
const absent = (n: number) => Array.from({ length: n }, (_, i) => `absent-${i}.example`);
const absentIds = (n: number) => Array.from({ length: n }, (_, i) => String(900_000 + i));

async function search(path: '/attributes/restSearch' | '/events/restSearch', filters: Record<string, unknown>) {
  const response = await api('POST', path, filters);
  expect(response.status, response.text.slice(0, 200)).toBe(200);
  return path === '/events/restSearch'
    ? (response.body.response as Json[]).map((r) => r.Event.id as string)
    : (response.body.response.Attribute as Json[]).map((a) => a.id as string);
}
const attributeIds = (filters: Record<string, unknown>) => search('/attributes/restSearch', filters);
const eventIds = (filters: Record<string, unknown>) => search('/events/restSearch', filters);

describe('filter lists of 50,000 values', () => {
  const wanted = [I.maliciousIp, I.maliciousDomain.toUpperCase(), `${I.maliciousFilename}|${I.maliciousSha256}`];
  const long = [...absent(25_000), ...wanted, ...absent(50_000).slice(25_000)];

  it('attributes/restSearch finds the attributes of a 50,000-value list', async () => {
    const expected = await attributeIds({ value: wanted });
    expect(expected.length).toBeGreaterThanOrEqual(4);
    expect(await attributeIds({ value: long })).toEqual(expected);
  });

  it('events/restSearch finds the events of a 50,000-value list', async () => {
    const expected = await eventIds({ value: wanted });
    expect(expected.length).toBeGreaterThanOrEqual(2);
    expect(await eventIds({ value: long })).toEqual(expected);
  });

  it('drops exactly the values of a 50,000-value NOT list or !-negated list', async () => {
    const domains = await attributeIds({ type: 'domain' });
    const [bad] = await attributeIds({ value: I.maliciousDomain });
    const remaining = domains.filter((id) => id !== bad);
    const negated = [I.maliciousDomain, ...absent(49_999)];
    expect(await attributeIds({ type: 'domain', value: { NOT: negated } })).toEqual(remaining);
    expect(await attributeIds({ type: 'domain', value: negated.map((v) => `!${v}`) })).toEqual(remaining);
    const events = await eventIds({ value: { OR: wanted, NOT: negated } });
    expect(events).toEqual(await eventIds({ value: { OR: wanted, NOT: [I.maliciousDomain] } }));
  });

  it('answers AND lists longer than SQL expressions may be deep', async () => {
    const port = `${I.maliciousIp}|443`;
    const both = await attributeIds({ value: { AND: [I.maliciousIp, port] } });
    expect(both).toHaveLength(1);
    const repeated = [I.maliciousIp, ...Array.from({ length: 2_000 }, () => '185.220.%'), port];
    expect(await attributeIds({ value: { AND: repeated } })).toEqual(both);
    expect(await attributeIds({ value: { AND: [I.maliciousIp, ...absent(2_000)] } })).toEqual([]);
    expect(
      await attributeIds({ type: { AND: ['ip-dst|port', ...Array.from({ length: 2_000 }, () => 'IP-%')] } }),
    ).toEqual(await attributeIds({ type: 'ip-dst|port' }));
    expect(await attributeIds({ value: I.maliciousIp, tags: { AND: ['tlp:green', ...absentIds(2_000)] } })).toEqual([]);
  });

  it('every list filter of both restSearch endpoints takes 35,000 entries (more than SQLite variables)', async () => {
    const [attribute] = (await api('POST', '/attributes/restSearch', { value: I.maliciousDomain, includeContext: 1 }))
      .body.response.Attribute as Json[];
    const real: Record<string, [string, string[]]> = {
      type: ['domain', absent(35_000)],
      category: ['Network activity', absent(35_000)],
      uuid: [attribute.uuid, absent(35_000)],
      eventid: [attribute.event_id, absentIds(35_000)],
      org: [attribute.Event.orgc_id, absentIds(35_000)],
      tags: ['tlp:amber', absentIds(35_000)],
      threat_level_id: [attribute.Event.threat_level_id, absentIds(35_000)],
      distribution: [attribute.Event.distribution, absentIds(35_000)],
      value1: [I.maliciousDomain, absent(35_000)],
      eventinfo: [`${attribute.Event.info.slice(0, 10)}%`, absent(35_000).map((v) => `${v}%`)],
    };
    for (const [filter, [value, extra]] of Object.entries(real)) {
      for (const find of [attributeIds, eventIds]) {
        const base = { [filter]: [value] };
        const expected = await find(base);
        expect(expected.length, `${filter} ${find.name}`).toBeGreaterThan(0);
        expect(await find({ [filter]: [value, ...extra] }), `${filter} ${find.name}`).toEqual(expected);
        expect(await find({ [filter]: { OR: [value], NOT: extra } }), `${filter} NOT ${find.name}`).toEqual(expected);
      }
    }
  });

  it('answers a small request while a 50,000-value search is in flight', async () => {
    const [big, small, version] = await Promise.all([
      api('POST', '/events/restSearch', { value: long }),
      api('POST', '/attributes/restSearch', { value: I.maliciousDomain }),
      api('GET', '/servers/getVersion'),
    ]);
    expect(big.status).toBe(200);
    expect(big.body.response.length).toBeGreaterThanOrEqual(2);
    expect(small.status).toBe(200);
    expect(small.body.response.Attribute).toHaveLength(1);
    expect(version.status).toBe(200);
  });

  it('sightings and events/index take 50,000-entry lists too', async () => {
    const sighting = await api('POST', '/sightings/add', {
      values: [...absent(50_000), I.maliciousDomain],
      source: 'long',
    });
    expect(sighting.status).toBe(200);
    expect(sighting.body.Sighting.source).toBe('long');
    const sightings = await api('POST', '/sightings/restSearch', { source: [...absent(50_000), 'long'] });
    expect(sightings.status).toBe(200);
    expect(sightings.body.response).toHaveLength(1);
    const [attribute] = (await api('POST', '/attributes/restSearch', { value: I.maliciousDomain })).body.response
      .Attribute as Json[];
    const index = await api('POST', '/events/index', { eventid: [...absentIds(50_000), attribute.event_id] });
    expect(index.status).toBe(200);
    expect(index.body.map((e: Json) => e.id)).toEqual([attribute.event_id]);
  });
});

describe('huge numbers, long strings and deep nesting', () => {
  it('takes limit and page numbers beyond 2^53 like any page past the end', async () => {
    const all = await attributeIds({ type: 'domain' });
    expect(await attributeIds({ type: 'domain', limit: 1e300 })).toEqual(all);
    expect(await attributeIds({ type: 'domain', limit: '9223372036854775808', page: 1 })).toEqual(all);
    expect(await attributeIds({ type: 'domain', limit: 10, page: 1e300 })).toEqual([]);
    expect(await eventIds({ type: 'domain', limit: 1e300, page: 1e300 })).toEqual([]);
    const index = await api('POST', '/events/index', { limit: 1e300 });
    expect(index.status).toBe(200);
    expect(index.body.length).toBeGreaterThan(20);
  });

  it('clamps dates beyond year 9999 instead of failing', async () => {
    const all = await eventIds({ published: [0, 1] });
    expect(await eventIds({ published: [0, 1], date: '9'.repeat(400) })).toEqual([]);
    expect(await eventIds({ published: [0, 1], to: '9'.repeat(20) })).toEqual(all);
    expect(await attributeIds({ type: 'domain', from: -1e20 })).toEqual(await attributeIds({ type: 'domain' }));
  });

  it('refuses a LIKE pattern longer than SQLite allows with 400, and searches a long exact value', async () => {
    const pattern = `${'a'.repeat(60_000)}%`;
    for (const filters of [
      { value: pattern },
      { type: pattern },
      { tags: 'x'.repeat(60_000) },
      { searchall: pattern },
    ]) {
      const response = await api('POST', '/attributes/restSearch', filters);
      expect(response.status).toBe(400);
      expect(response.body.message).toBe('Search pattern too long: the sandbox accepts at most 50000 bytes.');
    }
    expect((await api('POST', '/tags/search', { tagname: 'x'.repeat(60_000) })).status).toBe(400);
    expect(await attributeIds({ value: 'a'.repeat(5_000_000) })).toEqual([]);
  });

  it('reads a filter nested 200,000 arrays deep without recursion', async () => {
    const nested = `${'['.repeat(200_000)}0${']'.repeat(200_000)}`;
    const response = await api('POST', '/attributes/restSearch', `{"type": "domain", "deleted": ${nested}}`);
    expect(response.status).toBe(200);
    expect(response.body.response.Attribute.map((a: Json) => a.id)).toEqual(await attributeIds({ type: 'domain' }));
  });
});

describe('an event with 140,000 attributes', () => {
  it('is searched and built without spreading its rows over the stack', async () => {
    const { misp: big, api: bigApi } = await withSandbox();
    try {
      seedScale(big, { attributes: 140_000, events: 1 });
      const tag = (await bigApi('POST', '/tags/add', { name: 'mispkit:bulk' })).body.Tag;
      big.db
        .prepare('INSERT INTO attribute_tags (attribute_id, event_id, tag_id) SELECT id, event_id, ? FROM attributes')
        .run(tag.id);
      // Every attribute is loaded, then pruned by the NOT tag: a small answer from a large build.
      const response = await bigApi('POST', '/events/restSearch', { tags: { NOT: ['mispkit:bulk'] } });
      expect(response.status).toBe(200);
      expect(response.body.response).toHaveLength(1);
      expect(response.body.response[0].Event.Attribute).toEqual([]);
    } finally {
      await big.close();
    }
  });
});
