// communities/index|view: empty without a list (MISP's own list is not shipped), and a list given with the
// `communities` option (`--communities FILE`) served as MISP serves its own: vetted by default, `value` searched in
// the listed fields, `id` the place in the file, `Org` added, 404 "Community not found.". Answers checked against
// openapi/.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MispSandbox } from '../src/index.js';
import { SpecChecker } from './accounts/spec-check.js';
import { type Api, withSandbox } from './helpers.js';

const FILE = fileURLToPath(new URL('./fixtures/communities.json', import.meta.url));
const checker = new SpecChecker();
let bare: MispSandbox;
let listed: MispSandbox;
let api: Api;

beforeAll(async () => {
  [{ misp: bare }, { misp: listed }] = await Promise.all([
    withSandbox(),
    withSandbox({ communities: FILE, seed: 'demo' }),
  ]);
  api = checker.api(listed);
});
afterAll(async () => {
  await Promise.all([bare.close(), listed.close()]);
});

describe('communities', () => {
  it('has none without a list, as a MISP without its community file', async () => {
    const bareApi = checker.api(bare);
    expect((await bareApi('GET', '/communities/index')).body).toEqual([]);
    const missing = await bareApi('GET', '/communities/view/1');
    expect([missing.status, missing.body.message]).toEqual([404, 'Community not found.']);
  });

  it('lists the vetted ones by default, the others with another context, and searches value', async () => {
    const vetted = (await api('GET', '/communities/index')).body;
    expect(vetted.map((c: { name: string }) => c.name)).toEqual(['Harbour Region Cyber Exchange']);
    expect(vetted[0]).toMatchObject({
      id: 1,
      Org: { uuid: '7d0c5a8e-2222-4c5e-9a41-2f3b6c1d0a02', name: 'Harbour CERT' },
    });
    const others = (await api('GET', '/communities/index/context:unvetted')).body;
    expect(others.map((c: { id: number }) => c.id)).toEqual([2]);
    expect((await api('GET', '/communities/index/context:unvetted/value:MUNICIPAL')).body).toHaveLength(1);
    expect((await api('GET', '/communities/index/value:nowhere')).body).toEqual([]);
    expect((await api('GET', '/communities/index/value:transport')).body).toHaveLength(1);
  });

  it('shows one by id or uuid, vetted or not; anything else is 404', async () => {
    expect((await api('GET', '/communities/view/2')).body).toMatchObject({ name: 'Open Municipal ISAC', id: 2 });
    expect((await api('GET', '/communities/view/7d0c5a8e-1111-4c5e-9a41-2f3b6c1d0a01')).body.id).toBe(1);
    expect((await api('GET', '/communities/view/3')).status).toBe(404);
  });

  it('is for site admins only, as in MISP', async () => {
    const asUser = checker.api(listed, listed.userKey);
    const refused = await asUser('GET', '/communities/index');
    expect([refused.status, refused.body.message]).toEqual([
      403,
      'You do not have permission to use this functionality.',
    ]);
    expect((await asUser('GET', '/communities/view/1')).status).toBe(403);
  });

  it('refuses a file that is not a community list at start', async () => {
    await expect(
      withSandbox({ communities: fileURLToPath(new URL('./helpers.ts', import.meta.url)) }),
    ).rejects.toThrow();
  });

  it('matched the contract', () => {
    expect(checker.problems).toEqual([]);
    expect([...checker.exercised.keys()].sort()).toEqual(['getCommunity', 'listCommunities']);
  });
});
