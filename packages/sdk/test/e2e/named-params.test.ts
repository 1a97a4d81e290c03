// Options MISP reads from the URL path, not the query string (issue 16): events/index filters under their
// `search` names, paging that really pages (so misp.paginate ends), a hard object delete as MISP's positional
// argument, and raw typed calls whose query string the SDK moves where MISP reads it. Against the sandbox, and
// against a real MISP with `npm run test:e2e:misp`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isMispErrorCode } from '../../src/index.js';
import { useSandbox } from './sandbox.js';

const e2e = useSandbox();
const run = Math.random().toString(36).slice(2, 8);
const created: string[] = [];

beforeAll(async () => {
  for (const [info, threat] of [
    [`e2e named ${run}: alpha c:d ünï`, '1'],
    [`e2e named ${run}: beta`, '3'],
    [`e2e named ${run}: gamma`, '3'],
  ] as const) {
    created.push((await e2e.misp.events.add({ info, distribution: '0', threat_level_id: threat })).id);
  }
});
afterAll(async () => {
  for (const id of created) await e2e.misp.events.delete(id).catch(() => undefined);
});

describe('named parameters', () => {
  it('filters events.index by eventinfo and threatlevel (sent as searcheventinfo, searchthreatlevel)', async () => {
    const mine = await e2e.misp.events.index({ eventinfo: `e2e named ${run}` });
    expect(mine.map((e) => e.id).sort()).toEqual([...created].sort());
    const beta = await e2e.misp.events.index({ eventinfo: `${run}: beta` });
    expect(beta.map((e) => ('info' in e ? e.info : undefined))).toEqual([`e2e named ${run}: beta`]);
    const low = await e2e.misp.events.index({ eventinfo: `e2e named ${run}`, threatlevel: '3' });
    expect(low).toHaveLength(2);
    // A colon and non-ASCII characters survive MISP's decoding of the path.
    const alpha = await e2e.misp.events.index({ eventinfo: 'c:d ünï' });
    expect(alpha.map((e) => e.id)).toContain(created[0]);
  });

  it('pages events.index with limit and page, so paginate ends', async () => {
    const first = await e2e.misp.events.index({ eventinfo: `e2e named ${run}`, limit: 2, page: 1, sort: 'id' });
    expect(first).toHaveLength(2);
    let seen = 0;
    for await (const event of e2e.misp.paginate(
      e2e.misp.events.index,
      { eventinfo: `e2e named ${run}` },
      { limit: 2 },
    )) {
      expect(created).toContain(event.id);
      seen++;
    }
    expect(seen).toBe(3);
  });

  it('refuses a value with "/" before sending it (MISP would split it)', async () => {
    const error = await e2e.misp.events.index({ eventinfo: 'a/b' }).catch((e: unknown) => e);
    expect(isMispErrorCode(error, 'misp_validation')).toBe(true);
  });

  it('moves a raw call’s query string into named parameters', async () => {
    const { data, response } = await e2e.misp.GET('/events/index', {
      params: { query: { eventinfo: `${run}: gamma`, limit: 1 } },
    });
    expect(response.status).toBe(200);
    expect((data as Array<{ info: string }>).map((e) => e.info)).toEqual([`e2e named ${run}: gamma`]);
  });
});
