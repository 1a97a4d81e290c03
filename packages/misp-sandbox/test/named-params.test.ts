// CakePHP named parameters (issue 16), as real MISP 2.5 reads them (measured on the oracle; corpus
// oracle/corpus/named-params.ts): the query string of an API call is ignored, events/index filters are read
// with a `search` prefix, an encoded slash splits a value, and objects/delete reads `hard` only by position.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MispSandbox } from '../src/index.js';
import { type Api, type Json, withSandbox } from './helpers.js';

let misp: MispSandbox;
let api: Api;
let eventId: string;

const infos = async (path: string) => ((await api('GET', path)).body as Json[]).map((e) => e.info).sort();

beforeAll(async () => {
  ({ misp, api } = await withSandbox());
  const add = (info: string, extra: Json = {}) => api('POST', '/events/add', { info, date: '2026-01-10', ...extra });
  eventId = (await add('named: alpha a/b c:d ünï', { threat_level_id: '1', Tag: [{ name: 'named:one' }] })).body.Event
    .id;
  await add('named: beta', { threat_level_id: '3', analysis: '2', date: '2026-02-01' });
});
afterAll(() => misp.close());

describe('named parameters', () => {
  it('reads events/index paging from named parameters and ignores the query string', async () => {
    expect((await api('GET', '/events/index?limit=1')).body).toHaveLength(2);
    expect((await api('GET', '/events/index/limit:1')).body).toHaveLength(1);
    expect(((await api('GET', '/events/index/minimal:1')).body as Json[])[0]).not.toHaveProperty('info');
    expect(((await api('GET', '/events/index?minimal=1')).body as Json[])[0]).toHaveProperty('info');
  });

  it('reads events/index filters with the search prefix only', async () => {
    const all = ['named: alpha a/b c:d ünï', 'named: beta'];
    expect(await infos('/events/index?eventinfo=beta')).toEqual(all);
    expect(await infos('/events/index/eventinfo:beta')).toEqual(all);
    expect(await infos('/events/index/searcheventinfo:beta')).toEqual(['named: beta']);
    expect(await infos('/events/index/searchthreatlevel:1')).toEqual([all[0]]);
    expect(await infos('/events/index/threatlevel:1')).toEqual(all);
    expect(await infos('/events/index/searchtags:named%3Aone')).toEqual([all[0]]);
    expect(await infos('/events/index/searchdatefrom:2026-01-15')).toEqual(['named: beta']);
  });

  it('decodes named values as MISP does: %20 and + are spaces, colons stay, %2F splits the value', async () => {
    const alpha = ['named: alpha a/b c:d ünï'];
    expect(await infos('/events/index/searcheventinfo:alpha%20a')).toEqual(alpha);
    expect(await infos('/events/index/searcheventinfo:alpha+a')).toEqual(alpha);
    expect(await infos('/events/index/searcheventinfo:c%3Ad')).toEqual(alpha);
    expect(await infos('/events/index/searcheventinfo:c:d')).toEqual(alpha);
    expect(await infos('/events/index/searcheventinfo:%C3%BCn%C3%AF')).toEqual(alpha);
    // Decoded twice: %2B becomes "+" and then a space; %252B is a literal "+".
    expect(await infos('/events/index/searcheventinfo:alpha%2Ba')).toEqual(alpha);
    expect(await infos('/events/index/searcheventinfo:alpha%252Ba')).toEqual([]);
    // `a%2Fb` arrives as `searcheventinfo:a` plus a segment `b`: every event with an "a" matches.
    expect(await infos('/events/index/searcheventinfo:a%2Fb')).toEqual(['named: alpha a/b c:d ünï', 'named: beta']);
    expect(await infos('/events/index/searcheventinfo:a%252Fb')).toEqual(['named: alpha a/b c:d ünï', 'named: beta']);
  });

  it('reads events/view deleted as a named parameter: 1 adds soft-deleted attributes, 2 shows only them', async () => {
    const live = (await api('POST', `/attributes/add/${eventId}`, { type: 'domain', value: 'live.named.example' })).body
      .Attribute.id;
    const gone = (await api('POST', `/attributes/add/${eventId}`, { type: 'domain', value: 'gone.named.example' })).body
      .Attribute.id;
    await api('POST', `/attributes/delete/${gone}`);
    const ids = async (path: string) =>
      ((await api('GET', path)).body.Event.Attribute as Json[]).map((a) => a.id).sort();
    expect(await ids(`/events/view/${eventId}`)).toEqual([live]);
    expect(await ids(`/events/view/${eventId}?deleted=1`)).toEqual([live]);
    expect(await ids(`/events/view/${eventId}/deleted:1`)).toEqual([live, gone].sort());
    expect(await ids(`/events/view/${eventId}/deleted:2`)).toEqual([gone]);
  });

  it('hard-deletes an object only with the positional /objects/delete/{id}/1', async () => {
    const addObject = async (value: string) =>
      (
        await api('POST', `/objects/add/${eventId}`, {
          Object: {
            name: 'domain-ip',
            'meta-category': 'network',
            description: 'A domain and its IP addresses.',
            template_uuid: '43b3b146-77eb-4931-b4cc-b66c60f28734',
            template_version: '9',
            Attribute: [{ object_relation: 'domain', type: 'domain', value }],
          },
        })
      ).body.Object.id as string;
    const soft = await addObject('soft.object.example');
    await api('POST', `/objects/delete/${soft}/hard:1`);
    expect((await api('GET', `/objects/view/${soft}`)).body.Object.deleted).toBe(true);
    const query = await addObject('query.object.example');
    await api('POST', `/objects/delete/${query}?hard=1`);
    expect((await api('GET', `/objects/view/${query}`)).body.Object.deleted).toBe(true);
    const hard = await addObject('hard.object.example');
    expect((await api('POST', `/objects/delete/${hard}/1`)).status).toBe(200);
    expect((await api('GET', `/objects/view/${hard}`)).status).toBe(404);
    const left = await api('POST', '/attributes/restSearch', { value: 'hard.object.example', deleted: [0, 1] });
    expect(left.body.response.Attribute).toEqual([]);
  });

  it('reads tags/index searchall as a named parameter only', async () => {
    const count = async (path: string) => ((await api('GET', path)).body.Tag as Json[]).length;
    const all = await count('/tags/index');
    expect(await count('/tags/index?searchall=named')).toBe(all);
    expect(await count('/tags/index/searchall:named')).toBe(1);
  });
});
