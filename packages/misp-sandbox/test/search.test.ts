import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoIndicators as I, type MispSandbox } from '../src/index.js';
import { type Api, type Json, withSandbox } from './helpers.js';

let misp: MispSandbox;
let api: Api;

beforeAll(async () => {
  ({ misp, api } = await withSandbox({ seed: 'demo' }));
});
afterAll(() => misp.close());

const attributes = async (filters: Record<string, unknown>) => {
  const response = await api('POST', '/attributes/restSearch', filters);
  expect(response.status).toBe(200);
  return response.body.response.Attribute as Record<string, Json>[];
};
const values = async (filters: Record<string, unknown>) => (await attributes(filters)).map((a) => a.value as string);

describe('attributes/restSearch value matching', () => {
  it('matches value1 or value2, so composites are found by either half', async () => {
    const found = await values({ value: I.maliciousIp });
    expect(found).toContain(I.maliciousIp);
    expect(found).toContain(I.maliciousIpPort);
    expect(await values({ value: I.maliciousFilename })).toContain(`${I.maliciousFilename}|${I.maliciousSha256}`);
  });

  it('matches case-insensitively like MySQL default collation', async () => {
    expect(await values({ value: 'BAD.EXAMPLE' })).toEqual([I.maliciousDomain]);
  });

  it('supports % wildcards, lists, OR/AND/NOT objects and ! negation', async () => {
    expect((await values({ value: '%.wraith.example' })).length).toBe(1);
    expect((await values({ value: [I.maliciousDomain, I.tlpRedDomain] })).sort()).toEqual(
      [I.maliciousDomain, I.tlpRedDomain].sort(),
    );
    const notFerry = await values({ value: { OR: ['%ferry-sync.example%'], NOT: ['ferry-sync.example'] } });
    expect(notFerry).toEqual(['https://ferry-sync.example/api/v2/beacon']);
    const negated = await values({ value: ['%ferry-sync.example%', '!ferry-sync.example'] });
    expect(negated).toEqual(notFerry);
  });

  it('matches a long list of LIKE patterns, composites and exact values like each one alone', async () => {
    // The oracle: SQL LIKE (`%` any run, `_` one character, ASCII case-insensitive) on value1 or value2.
    const like = (pattern: string) =>
      new RegExp(
        `^${pattern
          .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
          .replace(/%/g, '.*')
          .replace(/_/g, '.')}$`,
        'is',
      );
    const all = await attributes({ value: '%' });
    const halves = (a: Json) => (String(a.value).includes('|') ? String(a.value).split('|') : [String(a.value)]);
    const patterns = [
      'BAD.%',
      'bad.exampl_',
      'HTTP://BAD.example/%',
      '%.wraith.example',
      '185.220.%',
      'z%',
      '@%',
      '_ad.example',
    ];
    // More patterns than one compound SELECT may hold terms (500), and prefixes ending in z, @ or non-ASCII.
    const filler = Array.from({ length: 600 }, (_, i) => `nothing-${i}z@é.%`);
    const list = [...patterns, ...filler, I.maliciousIp.toUpperCase(), `${I.maliciousFilename}|${I.maliciousSha256}`];
    const expected = all
      .filter(
        (a) =>
          patterns.some((p) => halves(a).some((half) => like(p).test(half))) ||
          halves(a).includes(I.maliciousIp) ||
          a.value === `${I.maliciousFilename}|${I.maliciousSha256}`,
      )
      .map((a) => a.id);
    expect(expected.length).toBeGreaterThan(5);
    expect((await attributes({ value: list })).map((a) => a.id)).toEqual(expected);
    const notBad = all.filter(
      (a) => !halves(a).some((half) => like('bad.%').test(half) || like('%.wraith.%').test(half)),
    );
    expect((await attributes({ value: { NOT: ['bad.%', '%.wraith.%', ...filler] } })).map((a) => a.id)).toEqual(
      notBad.map((a) => a.id),
    );
  });

  it('pages 1-based with limit/page; X-Result-Count is a total only without limit (MISP 2.5.1)', async () => {
    const all = await api('POST', '/attributes/restSearch', { type: 'domain' });
    const total = Number(all.headers.get('x-result-count'));
    expect(total).toBe(all.body.response.Attribute.length);
    const page2 = await api('POST', '/attributes/restSearch', { type: 'domain', limit: 3, page: 2 });
    expect(page2.body.response.Attribute).toHaveLength(3);
    expect(page2.body.response.Attribute[0].id).toBe(all.body.response.Attribute[3].id);
    // With limit, MISP counts the page and adds one when it came back full: a look-ahead, not a total.
    expect(page2.headers.get('x-result-count')).toBe('4');
    const lastPage = Math.ceil(total / 3);
    const last = await api('POST', '/attributes/restSearch', { type: 'domain', limit: 3, page: lastPage });
    const onLast = last.body.response.Attribute.length;
    expect(Number(last.headers.get('x-result-count'))).toBe(onLast === 3 ? 4 : onLast);
    const past = await api('POST', '/attributes/restSearch', { type: 'domain', limit: 3, page: lastPage + 1 });
    expect(past.headers.get('x-result-count')).toBe('0');
  });

  it('ignores unknown filters', async () => {
    expect(await values({ value: I.maliciousDomain, notAFilter: 'x' })).toEqual([I.maliciousDomain]);
  });
});

describe('attributes/restSearch filters', () => {
  it('filters by type (email-src adds email), category and to_ids', async () => {
    expect(await values({ type: 'email-src' })).toContain(I.phishingSender);
    const nonIds = await attributes({ value: I.warninglistedIp, to_ids: 0 });
    expect(nonIds.every((a) => a.to_ids === false)).toBe(true);
    expect(await attributes({ value: I.warninglistedIp, to_ids: 1 })).toEqual([]);
    expect((await attributes({ category: 'Person' })).every((a) => a.category === 'Person')).toBe(true);
  });

  it('filters by event or attribute tag, with LIKE, negation and AND on an unknown tag', async () => {
    const red = await values({ tags: 'tlp:red' });
    expect(red).toContain(I.tlpRedDomain);
    expect(red).not.toContain(I.maliciousDomain);
    expect(await values({ tags: 'TLP:RED' })).toEqual(red);
    expect(await values({ tags: ['%quill%'], type: 'domain' })).toContain(I.maliciousDomain);
    expect(await values({ value: I.tlpRedDomain, tags: '!tlp:red' })).toEqual([]);
    expect(await attributes({ value: I.maliciousDomain, tags: { AND: ['tlp:amber', 'no-such-tag'] } })).toEqual([]);
  });

  it('filters by eventid, uuid, org, threat_level_id and published', async () => {
    const [first] = await attributes({ value: I.maliciousDomain });
    expect(await values({ eventid: first?.event_id, value: I.maliciousDomain })).toEqual([I.maliciousDomain]);
    expect(await values({ uuid: first?.uuid })).toEqual([I.maliciousDomain]);
    expect(await values({ value: I.maliciousDomain, org: 'Bluefin ISAC' })).toEqual([I.maliciousDomain]);
    expect(await values({ value: I.maliciousDomain, org: 'Northwind CERT' })).toEqual([]);
    expect(await values({ value: I.tlpRedDomain, threat_level_id: 1 })).toEqual([I.tlpRedDomain]);
    expect(await values({ value: I.unpublishedDomain, published: true })).toEqual([]);
    expect(await values({ value: I.unpublishedDomain, published: false })).toEqual([I.unpublishedDomain]);
  });

  it('filters publish_timestamp/last by epoch, relative strings and reversed ranges', async () => {
    const now = Math.floor(Date.now() / 1000);
    const recent = await values({ last: '36h' });
    expect(recent).toContain(I.tlpRedDomain);
    expect(recent).not.toContain(I.maliciousDomain);
    expect(await values({ publish_timestamp: [now, now - 36 * 3600] })).toEqual(recent);
    expect(await values({ publish_timestamp: now - 36 * 3600 })).toEqual(recent);
    expect(await attributes({ last: 'not a time' })).toEqual([]);
  });

  it('filters by date/from/to on the event date', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const future = await attributes({ from: '2999-01-01' });
    expect(future).toEqual([]);
    expect((await attributes({ to: today })).length).toBeGreaterThan(10);
  });

  it('adds inherited event tags, context, sightings and warninglist hits on request', async () => {
    const [hit] = await attributes({
      value: I.maliciousIp,
      type: 'ip-dst',
      includeEventTags: 1,
      includeSightings: 1,
      includeContext: 1,
    });
    expect(hit?.Tag.find((t: Json) => t.name === 'tlp:green').inherited).toBe(1);
    expect(hit?.Sighting).toHaveLength(3);
    expect(hit?.Event.Orgc.name).toBe('Northwind CERT');
    // The demo's 8.8.8.8 is not to_ids, and MISP attaches warnings to to_ids attributes only.
    const [google] = await attributes({ value: I.warninglistedIp, includeWarninglistHits: 1 });
    expect(google?.to_ids).toBe(false);
    expect(google?.warnings).toBeUndefined();
  });

  it('drops warninglisted attributes with enforceWarninglist', async () => {
    expect((await values({ value: I.warninglistedIp })).length).toBeGreaterThan(0);
    expect(await values({ value: I.warninglistedIp, enforceWarninglist: 1 })).toEqual([]);
  });

  it('hides soft-deleted attributes unless deleted is 1 or [0,1]', async () => {
    const [target] = await attributes({ value: 'brackish-stage.example' });
    expect((await api('POST', `/attributes/delete/${target?.id}`)).body).toEqual({ message: 'Attribute deleted.' });
    expect(await values({ value: 'brackish-stage.example' })).toEqual([]);
    expect(await values({ value: 'brackish-stage.example', deleted: 1 })).toEqual(['brackish-stage.example']);
    expect(await values({ value: 'brackish-stage.example', deleted: [0, 1] })).toEqual(['brackish-stage.example']);
  });
});

describe('events/restSearch', () => {
  it('returns whole events selected by an attribute value', async () => {
    const response = await api('POST', '/events/restSearch', { value: I.maliciousDomain });
    expect(response.headers.get('x-result-count')).toBe('1');
    const event = response.body.response[0].Event;
    expect(event.Attribute.length).toBeGreaterThan(5);
    expect(event.Orgc.name).toBe('Bluefin ISAC');
    expect(event.Tag.map((t: Json) => t.name)).toContain('tlp:amber');
    expect(event.Galaxy.map((g: Json) => g.type)).toEqual(expect.arrayContaining(['threat-actor', 'malpedia']));
  });

  it('omits attributes with metadata:true and filters by publish_timestamp window', async () => {
    const now = Math.floor(Date.now() / 1000);
    const response = await api('POST', '/events/restSearch', {
      publish_timestamp: [now - 36 * 3600, now],
      published: true,
      metadata: true,
    });
    const infos = response.body.response.map((r: Json) => r.Event.info);
    expect(infos).toContain('GLASS PELICAN intrusion at an energy utility (restricted)');
    expect(response.body.response[0].Event.Attribute).toBeUndefined();
  });

  it('prunes attributes with to_ids', async () => {
    const response = await api('POST', '/events/restSearch', { value: I.maliciousIp, to_ids: 1 });
    const event = response.body.response[0].Event;
    expect(event.Attribute.every((a: Json) => a.to_ids === true)).toBe(true);
  });
});

describe('events/restSearch tag negation', () => {
  it('excludes events by their own tag and prunes attributes carrying the tag', async () => {
    const event = (
      await api('POST', '/events/add', {
        info: 'negation',
        Attribute: [
          { type: 'domain', value: 'keep-me.example' },
          { type: 'domain', value: 'prune-me.example', Tag: [{ name: 'mispkit:prune' }] },
        ],
      })
    ).body.Event;
    const response = await api('POST', '/events/restSearch', { eventid: event.id, tags: { NOT: ['mispkit:prune'] } });
    expect(response.body.response).toHaveLength(1);
    expect(response.body.response[0].Event.Attribute.map((a: Json) => a.value)).toEqual(['keep-me.example']);
    await api('POST', '/tags/attachTagToObject', { uuid: event.uuid, tag: 'mispkit:prune' });
    expect(
      (await api('POST', '/events/restSearch', { eventid: event.id, tags: '!mispkit:prune' })).body.response,
    ).toEqual([]);
  });
});
