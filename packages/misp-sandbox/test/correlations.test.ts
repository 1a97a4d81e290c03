// Correlations as MISP 2.5 computes them by default: same value across events, composite halves, the
// non-correlating types, disable_correlation, soft deletes, the exclusion list and the over-correlation
// limit, seen through events/view (RelatedEvent, includeGranularCorrelations) and attributes/restSearch
// (includeCorrelations), never revealing an event the caller cannot see.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MispSandbox, scaleSharedValue, seedScale } from '../src/index.js';
import { type Api, apiFor, type Json, partnerKey, withSandbox } from './helpers.js';

let misp: MispSandbox;
let api: Api;

beforeAll(async () => {
  ({ misp, api } = await withSandbox({ seed: 'demo' }));
});
afterAll(() => misp.close());

let counter = 0;
async function addEvent(attributes: Json[], extra: Json = {}, as: Api = api): Promise<Json> {
  counter += 1;
  const response = await as('POST', '/events/add', {
    info: `correlation test ${counter}`,
    distribution: 1,
    Attribute: attributes,
    ...extra,
  });
  expect(response.status, response.text.slice(0, 300)).toBe(200);
  return response.body.Event;
}
const related = async (eventId: string, as: Api = api): Promise<string[]> => {
  const response = await as('GET', `/events/view/${eventId}`);
  expect(response.status).toBe(200);
  return (response.body.Event.RelatedEvent as Json[]).map((r) => r.Event.id as string);
};
const unique = (label: string) => `${label}-${counter}-${Math.random().toString(36).slice(2, 8)}.example`;

describe('which attributes correlate', () => {
  it('events sharing a value list each other in RelatedEvent, with MISP’s event fields', async () => {
    const value = unique('shared');
    const a = await addEvent([{ type: 'domain', value }]);
    const b = await addEvent([{ type: 'hostname', value: value.toUpperCase() }]);
    expect(await related(a.id)).toEqual([b.id]);
    const view = await api('GET', `/events/view/${b.id}`);
    const entry = view.body.Event.RelatedEvent[0];
    expect(Object.keys(entry)).toEqual(['Event', 'RelationshipInbound']);
    expect(Object.keys(entry.Event)).toEqual([
      'id',
      'date',
      'threat_level_id',
      'info',
      'published',
      'uuid',
      'analysis',
      'timestamp',
      'distribution',
      'org_id',
      'orgc_id',
      'Org',
      'Orgc',
    ]);
    expect(entry.Event.info).toBe(a.info);
    expect(entry.Event.Org).toMatchObject({ id: a.org_id });
  });

  it('the add answer already carries RelatedEvent (without RelationshipInbound)', async () => {
    const value = unique('add-answer');
    const a = await addEvent([{ type: 'domain', value }]);
    const b = await addEvent([{ type: 'domain', value }]);
    expect(b.RelatedEvent.map((r: Json) => r.Event.id)).toEqual([a.id]);
    expect(Object.keys(b.RelatedEvent[0])).toEqual(['Event']);
  });

  it('both halves of a composite correlate, except the port of ip|port and hostname|port', async () => {
    const file = unique('file');
    const host = unique('host');
    const a = await addEvent([
      { type: 'filename|md5', value: `${file}|0123456789abcdef0123456789abcdef` },
      { type: 'hostname|port', value: `${host}|8443` },
    ]);
    const byHash = await addEvent([{ type: 'md5', value: '0123456789abcdef0123456789abcdef' }]);
    const byHost = await addEvent([{ type: 'hostname', value: host }]);
    const byPort = await addEvent([{ type: 'text', value: '8443' }]);
    const mine = await related(a.id);
    expect(mine).toContain(byHash.id);
    expect(mine).toContain(byHost.id);
    expect(mine).not.toContain(byPort.id);
  });

  it('non-correlating types (comment, port, …) never correlate', async () => {
    const value = unique('comment');
    const a = await addEvent([{ type: 'comment', value }]);
    const b = await addEvent([{ type: 'text', value }]);
    expect(await related(a.id)).toEqual([]);
    expect(await related(b.id)).toEqual([]);
  });

  it('disable_correlation on the attribute or the event stops it, and re-enabling restores it', async () => {
    const value = unique('disabled');
    const a = await addEvent([{ type: 'domain', value, disable_correlation: true }]);
    const b = await addEvent([{ type: 'domain', value }]);
    expect(await related(b.id)).toEqual([]);
    const attributeId = (await api('GET', `/events/view/${a.id}`)).body.Event.Attribute[0].id;
    expect((await api('POST', `/attributes/edit/${attributeId}`, { disable_correlation: false })).status).toBe(200);
    expect(await related(b.id)).toEqual([a.id]);

    const c = await addEvent([{ type: 'domain', value }], { disable_correlation: true });
    expect(await related(c.id)).toEqual([]);
    expect(await related(b.id)).toEqual([a.id]);
    expect((await api('POST', `/events/edit/${c.id}`, { disable_correlation: false })).status).toBe(200);
    expect((await related(b.id)).sort()).toEqual([a.id, c.id].sort());
  });

  it('a soft-deleted attribute stops correlating, and an edited value correlates on its new value', async () => {
    const value = unique('deleted');
    const other = unique('edited');
    const a = await addEvent([{ type: 'domain', value }]);
    const b = await addEvent([{ type: 'domain', value }]);
    const c = await addEvent([{ type: 'domain', value: other }]);
    const attributeId = b.Attribute[0].id;
    expect((await api('POST', `/attributes/delete/${attributeId}`)).status).toBe(200);
    expect(await related(a.id)).toEqual([]);
    const d = await addEvent([{ type: 'domain', value }]);
    expect(await related(a.id)).toEqual([d.id]);
    const dAttribute = d.Attribute[0].id;
    expect((await api('POST', `/attributes/edit/${dAttribute}`, { value: other })).status).toBe(200);
    expect(await related(a.id)).toEqual([]);
    expect(await related(c.id)).toEqual([d.id]);
  });

  it('a value held by more than 20 attributes elsewhere stops correlating new attributes', async () => {
    const value = unique('over');
    const events: Json[] = [];
    for (let i = 0; i < 21; i++) events.push(await addEvent([{ type: 'domain', value }]));
    expect((await related(events[0].id)).length).toBe(20);
    const late = await addEvent([{ type: 'domain', value }]);
    expect(await related(late.id)).toEqual([]);
    expect(await related(events[0].id)).not.toContain(late.id);
  });
});

describe('visibility', () => {
  it('a user never learns of an event it cannot see', async () => {
    const value = unique('secret');
    const partner = apiFor(misp, partnerKey(misp, 'Northwind CERT'));
    const hidden = await addEvent([{ type: 'domain', value }], { distribution: 0 });
    const shared = await addEvent([{ type: 'domain', value }], { distribution: 1 }, partner);
    expect(await related(shared.id, partner)).toEqual([]);
    expect(await related(shared.id)).toEqual([hidden.id]);
    const search = await partner('POST', '/attributes/restSearch', { value, includeCorrelations: 1 });
    expect(search.body.response.Attribute.map((a: Json) => a.RelatedAttribute)).toEqual([[]]);
  });
});

describe('RelatedAttribute', () => {
  it('attributes/restSearch includeCorrelations lists the correlating attributes with their event', async () => {
    const value = unique('granular');
    const a = await addEvent([{ type: 'domain', value }]);
    const b = await addEvent([{ type: 'hostname', value }]);
    const response = await api('POST', '/attributes/restSearch', { value, includeCorrelations: 1 });
    const byEvent = new Map((response.body.response.Attribute as Json[]).map((x) => [x.event_id, x]));
    const fromA = byEvent.get(a.id).RelatedAttribute;
    expect(fromA).toHaveLength(1);
    expect(fromA[0]).toMatchObject({ event_id: b.id, type: 'hostname', value, to_ids: true });
    expect(Object.keys(fromA[0].Event)).toEqual([
      'id',
      'uuid',
      'threat_level_id',
      'analysis',
      'info',
      'extends_uuid',
      'distribution',
      'sharing_group_id',
      'published',
      'date',
      'orgc_id',
      'org_id',
    ]);
    const plain = await api('POST', '/attributes/restSearch', { value });
    expect(plain.body.response.Attribute[0].RelatedAttribute).toBeUndefined();
  });

  it('events/view includeGranularCorrelations gives each correlating attribute its RelatedAttribute', async () => {
    const value = unique('view-granular');
    const a = await addEvent([{ type: 'domain', value }]);
    const b = await addEvent([
      { type: 'hostname', value },
      { type: 'text', value: unique('lonely') },
    ]);
    const view = await api('GET', `/events/view/${b.id}/includeGranularCorrelations:1`);
    const [withMatch, lonely] = view.body.Event.Attribute;
    expect(withMatch.RelatedAttribute).toEqual([
      { id: a.Attribute[0].id, value, org_id: a.org_id, info: a.info, event_id: a.id },
    ]);
    expect(lonely.RelatedAttribute).toBeUndefined();
    const plain = await api('GET', `/events/view/${b.id}`);
    expect(plain.body.Event.Attribute[0].RelatedAttribute).toBeUndefined();
  });
});

describe('correlation_exclusions', () => {
  it('adds, lists, views and deletes exclusions as MISP answers them', async () => {
    const value = unique('excluded');
    const added = await api('POST', '/correlation_exclusions/add', { value, comment: 'noise' });
    expect(added.status).toBe(200);
    expect(added.body).toEqual({
      CorrelationExclusion: { id: expect.any(String), value, from_json: false, comment: 'noise' },
    });
    const id = added.body.CorrelationExclusion.id;
    const again = await api('POST', '/correlation_exclusions/add', { value });
    expect(again.status).toBe(403);
    expect(again.body).toMatchObject({
      saved: false,
      name: 'Could not add correlation_exclusion',
      errors: { value: ['Value is already in the exclusion list.'] },
    });
    const index = await api('GET', '/correlation_exclusions/index');
    expect(index.body).toContainEqual({ CorrelationExclusion: added.body.CorrelationExclusion });
    expect((await api('GET', `/correlation_exclusions/view/${id}`)).body).toEqual(added.body);
    const missing = await api('GET', '/correlation_exclusions/view/999999');
    expect(missing.status).toBe(404);
    expect(missing.body.message).toBe('Invalid CorrelationExclusion.');
    const deleted = await api('POST', `/correlation_exclusions/delete/${id}`);
    expect(deleted.body).toEqual({
      saved: true,
      success: true,
      name: 'CorrelationExclusion deleted.',
      message: 'CorrelationExclusion deleted.',
      url: `/correlation_exclusions/delete/${id}`,
      id: Number(id),
    });
    expect((await api('GET', `/correlation_exclusions/view/${id}`)).status).toBe(404);
  });

  it('an excluded value stops new correlations; clean drops old ones; deleting the exclusion restores them', async () => {
    const value = unique('noise');
    const a = await addEvent([{ type: 'domain', value }]);
    const b = await addEvent([{ type: 'domain', value }]);
    const added = await api('POST', '/correlation_exclusions/add', { value: `%${value.slice(3)}` });
    const id = added.body.CorrelationExclusion.id;
    const c = await addEvent([{ type: 'domain', value }]);
    expect(await related(c.id)).toEqual([]);
    expect(await related(a.id)).toEqual([b.id]);
    const clean = await api('POST', '/correlation_exclusions/clean');
    expect(clean.body).toMatchObject({
      saved: true,
      success: true,
      message: 'Correlations cleanup initiated, based on the exclusion rules.',
    });
    expect(await related(a.id)).toEqual([]);
    await api('POST', `/correlation_exclusions/delete/${id}`);
    // MISP recorrelates the exclusion's own value, which here is a pattern: nothing comes back by itself.
    expect(await related(a.id)).toEqual([]);
  });

  it('is for site admins only', async () => {
    const user = apiFor(misp, misp.userKey);
    const response = await user('GET', '/correlation_exclusions/index');
    expect(response.status).toBe(403);
  });
});

describe('bulk loads', () => {
  it('seedScale builds correlations in bulk, over-correlating values left out, and the triggers work afterwards', async () => {
    const { misp: bulk, api: bulkApi } = await withSandbox();
    try {
      // 2,000 attributes in 200 events; every 10th holds one of 5 shared values (40 events each: over the limit)…
      seedScale(bulk, { attributes: 2000, events: 200, correlateEvery: 10, sharedValues: { size: 5, offset: 0 } });
      // …and a second load whose every 10th holds one of 100 values (2 events each: under the limit).
      seedScale(bulk, { attributes: 2000, events: 200, correlateEvery: 10, sharedValues: { size: 100, offset: 100 } });
      const over = await bulkApi('POST', '/attributes/restSearch', {
        value: scaleSharedValue(0, { size: 5, offset: 0 }),
        includeCorrelations: 1,
        limit: 1,
      });
      expect(over.body.response.Attribute[0].RelatedAttribute).toEqual([]);
      const under = await bulkApi('POST', '/attributes/restSearch', {
        value: scaleSharedValue(0, { size: 100, offset: 100 }),
        includeCorrelations: 1,
      });
      const found = under.body.response.Attribute as Json[];
      expect(found).toHaveLength(2);
      expect(found[0].RelatedAttribute.map((r: Json) => r.id)).toEqual([found[1].id]);
      const view = await bulkApi('GET', `/events/view/${found[0].event_id}`);
      expect(view.body.Event.RelatedEvent.map((r: Json) => r.Event.id)).toContain(found[1].event_id);
      const added = await bulkApi('POST', '/events/add', {
        info: 'after the bulk load',
        Attribute: [{ type: 'domain', value: scaleSharedValue(1, { size: 100, offset: 100 }) }],
      });
      expect(added.body.Event.RelatedEvent).toHaveLength(2);
    } finally {
      await bulk.close();
    }
  });
});

describe('CIDR correlation (MISP.enable_advanced_correlations)', () => {
  const setCidr = async (value: boolean) => {
    const response = await api('POST', '/servers/serverSettingsEdit/MISP.enable_advanced_correlations', { value });
    expect(response.status, response.text).toBe(200);
  };
  const ip = (type: string, value: string) => ({ type, category: 'Network activity', value });
  let block = 0;
  /** A fresh /24 of 198.18.0.0/15 (benchmarking space: no demo event holds it) per test. */
  const net = () => {
    block += 1;
    return `198.18.${block}`;
  };
  afterAll(() => setCidr(false));

  it('is off in a fresh MISP: a range and an address in it do not correlate', async () => {
    const n = net();
    const range = await addEvent([ip('ip-dst', `${n}.0/24`)]);
    const address = await addEvent([ip('ip-src', `${n}.7`)]);
    expect(await related(range.id)).toEqual([]);
    expect(await related(address.id)).toEqual([]);
  });

  it('on: an IPv4 range correlates with the ip-src/ip-dst(|port) addresses in it, both ways', async () => {
    await setCidr(true);
    const n = net();
    const range = await addEvent([ip('ip-dst', `${n}.64/26`)]);
    const inside = await addEvent([ip('ip-src', `${n}.77`)]);
    const withPort = await addEvent([ip('ip-dst|port', `${n}.100|443`)]);
    const outside = await addEvent([ip('ip-src', `${n}.5`)]);
    const otherType = await addEvent([{ type: 'domain|ip', category: 'Network activity', value: `x.example|${n}.78` }]);
    const wider = await addEvent([ip('ip-src', `${n}.0/24`)]);
    expect((await related(range.id)).sort()).toEqual([inside.id, withPort.id].sort());
    expect(await related(inside.id)).toEqual(expect.arrayContaining([range.id, wider.id]));
    expect(await related(outside.id)).toEqual([wider.id]);
    expect(await related(otherType.id)).toEqual([]);
    // Two ranges never correlate by overlapping, only by equal values.
    expect(await related(wider.id)).not.toContain(range.id);
  });

  it('on: IPv6 ranges and addresses, compressed or not', async () => {
    await setCidr(true);
    const range = await addEvent([ip('ip-src', '2001:db8:a5::/48')]);
    const inside = await addEvent([ip('ip-dst|port', '2001:0db8:00a5:0001::5|8080')]);
    const outside = await addEvent([ip('ip-dst', '2001:db8:a6::1')]);
    const zeroFirst = await addEvent([ip('ip-dst', '::/1')]);
    const zeroInside = await addEvent([ip('ip-src', '::ffff:1')]);
    expect(await related(range.id)).toEqual([inside.id]);
    expect(await related(inside.id)).toContain(range.id);
    expect(await related(outside.id)).not.toContain(range.id);
    expect(await related(zeroFirst.id)).toContain(zeroInside.id);
  });

  it('the correlation value is the first-saved attribute’s, as MISP records it', async () => {
    await setCidr(true);
    const n = net();
    const range = await addEvent([ip('ip-dst', `${n}.0/24`)]);
    const address = await addEvent([ip('ip-src', `${n}.9`)]);
    const view = await api('GET', `/events/view/${address.id}/includeGranularCorrelations:1`);
    expect(view.body.Event.Attribute[0].RelatedAttribute).toEqual([
      { id: range.Attribute[0].id, value: `${n}.0/24`, org_id: range.org_id, info: range.info, event_id: range.id },
    ]);
    const search = await api('POST', '/attributes/restSearch', { value: `${n}.0/24`, includeCorrelations: 1 });
    const [found] = search.body.response.Attribute as Json[];
    expect(found.RelatedAttribute).toMatchObject([{ id: address.Attribute[0].id, value: `${n}.9` }]);
  });

  it('disable_correlation, soft deletes and the setting switched off stop range correlations', async () => {
    await setCidr(true);
    const n = net();
    const range = await addEvent([ip('ip-dst', `${n}.0/24`)]);
    const address = await addEvent([ip('ip-src', `${n}.10`)]);
    const quiet = await addEvent([{ ...ip('ip-src', `${n}.11`), disable_correlation: true }]);
    expect(await related(range.id)).toEqual([address.id]);
    expect(await related(quiet.id)).toEqual([]);
    await setCidr(false);
    expect(await related(range.id)).toEqual([]);
    await setCidr(true);
    expect((await api('POST', `/attributes/delete/${address.Attribute[0].id}`)).status).toBe(200);
    expect(await related(range.id)).toEqual([]);
  });

  it('never reveals an event the caller cannot see', async () => {
    await setCidr(true);
    const n = net();
    const partner = apiFor(misp, partnerKey(misp, 'Northwind CERT'));
    const hidden = await addEvent([ip('ip-dst', `${n}.0/24`)], { distribution: 0 });
    const visible = await addEvent([ip('ip-src', `${n}.12`)], { distribution: 1 }, partner);
    expect(await related(visible.id, partner)).toEqual([]);
    expect(await related(visible.id)).toEqual([hidden.id]);
  });
});
