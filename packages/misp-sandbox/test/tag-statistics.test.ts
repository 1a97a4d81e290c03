// tags/tagStatistics as MISP 2.5 answers it (checked against a real MISP 2.5): event tag counts per tag and per
// enabled taxonomy, sorted by count or by name, as counts or percentages; `[]` for an empty list.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MispSandbox } from '../src/index.js';
import { naturalCaseCompare } from '../src/routes/tag-statistics.js';
import { SpecChecker } from './accounts/spec-check.js';
import { type Api, withSandbox } from './helpers.js';

let misp: MispSandbox;
let api: Api;
const checker = new SpecChecker();

beforeAll(async () => {
  ({ misp } = await withSandbox());
  api = checker.api(misp);
});
afterAll(() => misp.close());

const stats = async (percentage: string, keysort: string) => {
  const answer = await api('GET', `/tags/tagStatistics/${percentage}/${keysort}`);
  expect(answer.status).toBe(200);
  return answer.body;
};

describe('tags/tagStatistics', () => {
  it('answers empty lists as [] on a fresh instance', async () => {
    expect(await stats('false', 'false')).toEqual({ tags: [], taxonomies: [] });
  });

  it('counts event tags per tag, the most used first, or by name, or as percentages', async () => {
    await api('POST', '/events/add', {
      info: 'one',
      Tag: [{ name: 'tlp:green' }, { name: 'Zeta' }, { name: 'alpha' }],
    });
    await api('POST', '/events/add', { info: 'two', Tag: [{ name: 'tlp:green' }, { name: 'alpha' }] });
    await api('POST', '/events/add', { info: 'three', Tag: [{ name: 'tlp:green' }] });
    const counts = await stats('false', 'false');
    expect(counts).toEqual({ tags: { 'tlp:green': '3', alpha: '2', Zeta: '1' }, taxonomies: [] });
    expect(Object.keys(counts.tags)).toEqual(['tlp:green', 'alpha', 'Zeta']);
    expect(Object.keys((await stats('false', 'true')).tags)).toEqual(['alpha', 'tlp:green', 'Zeta']);
    expect((await stats('true', 'false')).tags).toEqual({ 'tlp:green': '50%', alpha: '33.333%', Zeta: '16.667%' });
    // Only the string `true` counts: `1` is false, as in MISP.
    expect(await stats('1', '1')).toEqual(counts);
  });

  it('adds up the tags of each enabled taxonomy by namespace prefix', async () => {
    const list = (await api('GET', '/taxonomies/index')).body as { Taxonomy: { id: string; namespace: string } }[];
    const tlp = list.find((t) => t.Taxonomy.namespace === 'tlp')?.Taxonomy.id;
    expect((await api('POST', `/taxonomies/enable/${tlp}`)).status).toBe(200);
    expect((await stats('false', 'false')).taxonomies).toEqual({ tlp: 3 });
    expect((await stats('true', 'true')).taxonomies).toEqual({ tlp: '50%' });
  });

  it('sorts names naturally and case-insensitively, as PHP does', () => {
    expect(['tag10', 'Tag2', 'alpha', 'tag1'].sort(naturalCaseCompare)).toEqual(['alpha', 'tag1', 'Tag2', 'tag10']);
  });

  it('answered every call as the contract says', () => {
    expect(checker.problems).toEqual([]);
    expect(checker.exercised.has('getTagStatistics')).toBe(true);
  });
});
