// communities.list / communities.get through the generated methods, against the MISP sandbox over HTTP (or a real
// MISP, see sandbox.ts). The sandbox ships no community list (MISP's own is MISP's data), so it answers [] there;
// a real MISP answers the list it ships. Either way every entry has its id, uuid and Org, and one past the end is 404.
import { beforeAll, describe, expect, it } from 'vitest';
import type { MispClient } from '../../src/index.js';
import { failure, useSandbox } from './sandbox.js';

const e2e = useSandbox();
let admin: MispClient;
beforeAll(() => {
  admin = e2e.client({ apiKey: e2e.sandbox.adminKey });
});

describe('communities', () => {
  it('lists the vetted communities, each with its id, uuid and Org, and gets one by id and by uuid', async () => {
    const list = await admin.communities.list();
    expect(Array.isArray(list)).toBe(true);
    for (const community of list) {
      expect(community).toMatchObject({ id: expect.any(Number), uuid: expect.any(String), Org: expect.any(Object) });
      expect(community.misp_project_vetted).toBe(true);
    }
    const first = list[0];
    if (first) {
      expect(await admin.communities.get(first.id)).toMatchObject({ uuid: first.uuid });
      expect(await admin.communities.get(first.uuid)).toMatchObject({ id: first.id });
    }
    expect(await admin.communities.list({ value: 'no community is called this' })).toEqual([]);
  });

  it('answers an id past the end of the list with a MispNotFoundError, and anyone but a site admin with a 403', async () => {
    expect(await failure(e2e.misp.communities.list())).toMatchObject({ code: 'misp_forbidden', status: 403 });
    expect(await failure(admin.communities.get(99999))).toMatchObject({
      code: 'misp_not_found',
      status: 404,
      message: 'Community not found.',
    });
  });
});
