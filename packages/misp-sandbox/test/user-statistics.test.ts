// users/statistics/{page} as MISP 2.5 answers it (checked against a real MISP 2.5): `data` as users/statistics,
// `users` the user and organisation counts, `tags` the event count of each tag; an unknown page is a 404.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MispSandbox } from '../src/index.js';
import { SpecChecker } from './accounts/spec-check.js';
import { type Api, apiFor, withSandbox } from './helpers.js';

let misp: MispSandbox;
let api: Api;
const checker = new SpecChecker();

beforeAll(async () => {
  ({ misp } = await withSandbox());
  api = checker.api(misp);
});
afterAll(() => misp.close());

describe('users/statistics/{page}', () => {
  it('answers the data page as users/statistics does', async () => {
    const page = await api('GET', '/users/statistics/data');
    expect(page.status).toBe(200);
    expect(page.body).toEqual((await api('GET', '/users/statistics')).body);
  });

  it('counts users and local and external organisations, in all, this month and this year', async () => {
    await api('POST', '/admin/organisations/add', { name: 'Stats External', local: false });
    const page = await api('GET', '/users/statistics/users');
    expect(page.body).toEqual({
      // The initial admin has no creation date, as in MISP.
      user: { data: { total: 1, month: 0, year: 0 } },
      org_local: { data: { total: 1, month: 1, year: 1 } },
      org_external: { data: { total: 1, month: 1, year: 1 } },
    });
  });

  it('lists tags by event count, flat and as a treemap, grouped by enabled taxonomy', async () => {
    expect((await api('GET', '/users/statistics/tags')).body).toEqual({
      flatData: [],
      treemap: { name: 'tags', children: [] },
    });
    await api('POST', '/events/add', { info: 'one', Tag: [{ name: 'Zeta' }, { name: 'tlp:green' }] });
    await api('POST', '/events/add', { info: 'two', Tag: [{ name: 'tlp:green' }] });
    const custom = (await api('GET', '/users/statistics/tags')).body;
    expect(custom.flatData).toEqual({
      custom: { 'tlp:green': { name: 'tlp:green', size: '2' }, Zeta: { name: 'Zeta', size: '1' } },
    });
    expect(custom.treemap.children).toEqual([{ name: 'custom', children: Object.values(custom.flatData.custom) }]);
    const list = (await api('GET', '/taxonomies/index')).body as { Taxonomy: { id: string; namespace: string } }[];
    await api('POST', `/taxonomies/enable/${list.find((t) => t.Taxonomy.namespace === 'tlp')?.Taxonomy.id}`);
    expect(Object.keys((await api('GET', '/users/statistics/tags')).body.flatData)).toEqual(['tlp', 'custom']);
  });

  it('refuses a page MISP does not know', async () => {
    // Outside the contract's page enum, so it is sent unchecked.
    const unknown = await apiFor(misp)('GET', '/users/statistics/bogus');
    expect([unknown.status, unknown.body.message]).toEqual([404, 'Invalid page']);
  });

  it('answered every call as the contract says', () => {
    expect(checker.problems).toEqual([]);
    expect(checker.exercised.has('getUserStatisticsPage')).toBe(true);
  });
});
