// The permission matrix of MISP's default roles (role × action, table-driven, each cell checked against a
// real MISP 2.5.1) and the rules MISP enforces around publishing, tags, administration and visibility.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MispSandbox } from '../../src/index.js';
import { type Api, apiFor, type Json, withSandbox } from '../helpers.js';
import { DEFAULT_ROLE_NAMES, partner, type RoleName, usersOfEachRole } from './fixtures.js';

let misp: MispSandbox;
let api: Api;
let keys: Record<RoleName, string>;
let eventUuid: string;
let seq = 0;
const unique = (what: string) => `${what}-${++seq}`;

beforeAll(async () => {
  ({ misp, api } = await withSandbox());
  keys = await usersOfEachRole(api, 'matrix');
  await api('POST', '/tags/add', { name: 'tlp:green' });
  const event = await api('POST', '/events/add', {
    info: 'matrix event',
    Attribute: [{ type: 'ip-dst', value: '198.51.100.99' }],
  });
  eventUuid = event.body.Event.uuid;
});
afterAll(() => misp.close());

type Action = { name: string; run: (as: Api) => Promise<number> };
const status = (p: Promise<{ status: number }>) => p.then((r) => r.status);

const ACTIONS: Action[] = [
  { name: 'events/add', run: (as) => status(as('POST', '/events/add', { info: unique('draft') })) },
  {
    name: 'events/publish (own organisation)',
    run: async (as) => {
      const event = await api('POST', '/events/add', { info: unique('to publish') });
      return status(as('POST', `/events/publish/${event.body.Event.id}`));
    },
  },
  { name: 'tags/add (a new tag)', run: (as) => status(as('POST', '/tags/add', { name: unique('matrix:tag') })) },
  {
    name: 'tags/attachTagToObject (an existing tag)',
    run: (as) => status(as('POST', '/tags/attachTagToObject', { uuid: eventUuid, tag: 'tlp:green' })),
  },
  { name: 'sightings/add', run: (as) => status(as('POST', '/sightings/add', { value: '198.51.100.99' })) },
  {
    name: 'sharing_groups/add (own organisation as member)',
    run: async (as) => {
      const me = await as('GET', '/users/view/me');
      return status(
        as('POST', '/sharing_groups/add', {
          name: unique('circle'),
          SharingGroupOrg: [{ extend: 1, Organisation: { uuid: me.body.Organisation?.uuid ?? '' } }],
        }),
      );
    },
  },
  { name: 'admin/users/index', run: (as) => status(as('GET', '/admin/users/index')) },
  {
    name: 'admin/users/add (own organisation, User role)',
    run: (as) => status(as('POST', '/admin/users/add', { email: `${unique('new')}@orgname.test`, role_id: '3' })),
  },
  {
    name: 'admin/organisations/add',
    run: (as) => status(as('POST', '/admin/organisations/add', { name: unique('Org') })),
  },
  { name: 'admin/roles/add', run: (as) => status(as('POST', '/admin/roles/add', { name: unique('Role') })) },
  { name: 'auth_keys/add (own key)', run: (as) => status(as('POST', '/auth_keys/add', { comment: 'matrix' })) },
  { name: 'users/edit (own profile)', run: (as) => status(as('POST', '/users/edit', { autoalert: 1 })) },
  { name: 'roles/index', run: (as) => status(as('GET', '/roles/index')) },
];

// biome-ignore format: one row per action, one column per role of DEFAULT_ROLE_NAMES (admin, Org Admin, User, Publisher, Sync user, Read Only).
const MATRIX: Record<string, number[]> = {
  'events/add':                                      [200, 200, 200, 200, 200, 403],
  'events/publish (own organisation)':               [200, 200, 403, 200, 200, 403],
  'tags/add (a new tag)':                            [200, 200, 403, 403, 200, 403],
  'tags/attachTagToObject (an existing tag)':        [200, 200, 200, 200, 200, 403],
  'sightings/add':                                   [200, 200, 200, 200, 200, 403],
  'sharing_groups/add (own organisation as member)': [200, 200, 403, 403, 200, 403],
  'admin/users/index':                               [200, 200, 403, 403, 403, 403],
  'admin/users/add (own organisation, User role)':   [200, 200, 403, 403, 403, 403],
  'admin/organisations/add':                         [200, 403, 403, 403, 403, 403],
  'admin/roles/add':                                 [200, 403, 403, 403, 403, 403],
  'auth_keys/add (own key)':                         [200, 200, 200, 200, 200, 200],
  'users/edit (own profile)':                        [200, 200, 200, 200, 200, 200],
  'roles/index':                                     [200, 200, 200, 200, 200, 200],
};

describe('permission matrix of the default roles', () => {
  for (const action of ACTIONS) {
    it(action.name, async () => {
      const actual: Record<string, number> = {};
      for (const role of DEFAULT_ROLE_NAMES) actual[role] = await action.run(apiFor(misp, keys[role]));
      const expected = Object.fromEntries(DEFAULT_ROLE_NAMES.map((role, i) => [role, MATRIX[action.name]?.[i]]));
      expect(actual).toEqual(expected);
    });
  }
});

describe('publishing needs perm_publish', () => {
  it('events/add with published: true saves the event unpublished for a role without perm_publish', async () => {
    const user = apiFor(misp, keys.User);
    const added = await user('POST', '/events/add', {
      info: 'user tries to publish',
      published: true,
      Attribute: [{ type: 'domain', value: 'u.example' }],
    });
    expect(added.status).toBe(200);
    expect(added.body.Event.published).toBe(false);
    const published = await apiFor(misp, keys.Publisher)('POST', '/events/add', {
      info: 'publisher publishes',
      published: true,
      Attribute: [{ type: 'domain', value: 'p.example' }],
    });
    expect(published.body.Event.published).toBe(true);
  });

  it('events/edit with published: true leaves the event unpublished for a role without perm_publish', async () => {
    const user = apiFor(misp, keys.User);
    const added = await user('POST', '/events/add', { info: 'user edits' });
    const edited = await user('POST', `/events/edit/${added.body.Event.id}`, { published: true });
    expect(edited.status).toBe(200);
    expect(edited.body.Event.published).toBe(false);
  });

  it('events/publish is refused with 403 and leaves the event unpublished', async () => {
    const user = apiFor(misp, keys.User);
    const added = await user('POST', '/events/add', { info: 'user publishes' });
    const refused = await user('POST', `/events/publish/${added.body.Event.id}`);
    expect(refused.status).toBe(403);
    expect(refused.body.message).toBe('You do not have permission to use this functionality.');
    expect((await api('GET', `/events/view/${added.body.Event.id}`)).body.Event.published).toBe(false);
  });
});

describe('tags: creating needs perm_tag_editor, attaching perm_tagger', () => {
  it('a Publisher (perm_tagger, no perm_tag_editor) attaches existing tags but creates none', async () => {
    const publisher = apiFor(misp, keys.Publisher);
    expect((await publisher('POST', '/tags/add', { name: 'publisher:new' })).status).toBe(403);
    expect((await api('POST', '/tags/search/publisher:new')).body ?? []).toEqual([]);
    const attached = await publisher('POST', '/tags/attachTagToObject', { uuid: eventUuid, tag: 'tlp:green' });
    expect(attached.status).toBe(200);
  });
});

describe('administration', () => {
  let other: { orgId: string; key: string; userId: string };
  let otherAdmin: Api;
  beforeAll(async () => {
    other = await partner(api, 'Admin Rules CERT', '2');
    otherAdmin = apiFor(misp, other.key);
  });

  it('an org admin manages only their own organisation’s users (404 "Invalid user" elsewhere, nothing changed)', async () => {
    const target = (await api('GET', '/users/view/me', undefined, { key: keys.User })).body.User;
    for (const [method, path, body] of [
      ['GET', `/admin/users/view/${target.id}`, undefined],
      ['POST', `/admin/users/edit/${target.id}`, { email: 'stolen@evil.test' }],
      ['POST', `/admin/users/delete/${target.id}`, undefined],
    ] as const) {
      const refused = await otherAdmin(method, path, body);
      expect(refused.status, path).toBe(404);
      expect(refused.body.message).toBe('Invalid user');
    }
    expect((await api('GET', `/admin/users/view/${target.id}`)).body.User.email).toBe(target.email);
    const listed = await otherAdmin('GET', '/admin/users/index');
    expect(listed.body.map((u: Json) => u.User.org_id)).toEqual([other.orgId]);
  });

  it('an org admin of the host organisation cannot touch its site admin', async () => {
    const orgAdmin = apiFor(misp, keys['Org Admin']);
    const refused = await orgAdmin('POST', '/admin/users/edit/1', { role_id: '6' });
    expect(refused.status).toBe(404);
    expect((await api('GET', '/users/view/me')).body.Role.name).toBe('admin');
  });

  it('an org admin creates users in their own organisation only, whatever org_id says', async () => {
    const created = await otherAdmin('POST', '/admin/users/add', {
      email: 'moved@admin-rules.test',
      org_id: '1',
      role_id: '3',
    });
    expect(created.status).toBe(200);
    expect(created.body.User.org_id).toBe(other.orgId);
  });

  it('an org admin cannot hand out the site admin role', async () => {
    const refused = await otherAdmin('POST', '/admin/users/add', { email: 'root@admin-rules.test', role_id: '1' });
    expect(refused.status).toBe(403);
    expect(
      (await api('GET', '/admin/users/index', undefined)).body.some(
        (u: Json) => u.User.email === 'root@admin-rules.test',
      ),
    ).toBe(false);
  });

  it('only site admins manage organisations and roles', async () => {
    expect((await otherAdmin('POST', `/admin/organisations/edit/${other.orgId}`, { name: 'Renamed' })).status).toBe(
      403,
    );
    expect((await otherAdmin('POST', '/admin/roles/edit/3', { perm_publish: 1 })).status).toBe(403);
    expect((await api('GET', '/roles/view/3')).body.Role.perm_publish).toBe(false);
  });

  it('a read-only user writes nothing', async () => {
    const readOnly = apiFor(misp, keys['Read Only']);
    const before = (await api('POST', '/events/index', {})).body.length;
    for (const [path, body] of [
      ['/events/add', { info: 'ro' }],
      ['/attributes/add/1', { type: 'domain', value: 'ro.example' }],
      ['/sightings/add', { value: '198.51.100.99' }],
      ['/tags/attachTagToObject', { uuid: eventUuid, tag: 'tlp:green' }],
      ['/sharing_groups/add', { name: 'ro circle' }],
      ['/admin/users/add', { email: 'ro-made@orgname.test' }],
    ] as const) {
      expect((await readOnly('POST', path, body)).status, path).toBe(403);
    }
    expect((await api('POST', '/events/index', {})).body.length).toBe(before);
  });

  it('a read-only key acts without its role’s write permissions', async () => {
    const key = await api('POST', '/auth_keys/add', { read_only: 1, comment: 'read-only admin key' });
    const readOnlyAdmin = apiFor(misp, key.body.AuthKey.authkey_raw);
    expect((await readOnlyAdmin('GET', '/events/index')).status).toBe(200);
    expect((await readOnlyAdmin('POST', '/events/add', { info: 'nope' })).status).toBe(403);
  });
});

describe('a user sees only what distribution and sharing groups allow', () => {
  let member: { orgId: string; key: string };
  let outsider: { orgId: string; key: string };
  let sgEvent: Json;
  let mixedEvent: Json;
  beforeAll(async () => {
    member = await partner(api, 'Circle Member CERT');
    outsider = await partner(api, 'Outsider CERT');
    const group = await api('POST', '/sharing_groups/add', { name: 'visibility circle', releasability: 'members' });
    await api('POST', `/sharing_groups/addOrg/${group.body.SharingGroup.id}/1`);
    await api('POST', `/sharing_groups/addOrg/${group.body.SharingGroup.id}/${member.orgId}`);
    const sg = group.body.SharingGroup.id;
    sgEvent = (
      await api('POST', '/events/add', {
        info: 'circle only',
        distribution: 4,
        sharing_group_id: sg,
        Attribute: [{ type: 'domain', value: 'circle-only.example' }],
      })
    ).body.Event;
    mixedEvent = (
      await api('POST', '/events/add', {
        info: 'public event, one circle attribute',
        distribution: 3,
        Attribute: [
          { type: 'domain', value: 'everyone.example' },
          { type: 'domain', value: 'circle-attribute.example', distribution: 4, sharing_group_id: sg },
        ],
      })
    ).body.Event;
  });

  it('an event in a sharing group is visible to its organisations and to nobody else', async () => {
    expect((await apiFor(misp, member.key)('GET', `/events/view/${sgEvent.id}`)).status).toBe(200);
    expect((await apiFor(misp, outsider.key)('GET', `/events/view/${sgEvent.id}`)).status).toBe(404);
    const search = await apiFor(misp, outsider.key)('POST', '/attributes/restSearch', { value: 'circle-only.example' });
    expect(search.body.response.Attribute).toEqual([]);
  });

  it('an attribute in a sharing group is hidden from outsiders inside an event they see', async () => {
    const values = async (key: string) =>
      (await apiFor(misp, key)('GET', `/events/view/${mixedEvent.id}`)).body.Event.Attribute.map(
        (a: Json) => a.value,
      ).sort();
    expect(await values(member.key)).toEqual(['circle-attribute.example', 'everyone.example']);
    expect(await values(outsider.key)).toEqual(['everyone.example']);
  });

  it('sharing groups are listed only to their organisations', async () => {
    const names = async (key: string) =>
      (await apiFor(misp, key)('GET', '/sharing_groups/index')).body.response.map((g: Json) => g.SharingGroup.name);
    expect(await names(member.key)).toContain('visibility circle');
    expect(await names(outsider.key)).not.toContain('visibility circle');
    expect((await apiFor(misp, outsider.key)('GET', `/sharing_groups/view/${sgEvent.sharing_group_id}`)).status).toBe(
      405,
    );
  });
});
