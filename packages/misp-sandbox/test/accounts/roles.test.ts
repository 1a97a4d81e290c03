// The six roles of a fresh MISP 2.5 with every permission flag, as MISP's install SQL creates them and a
// real MISP 2.5.1 lists them (`roles/index`). A flag that drifts from MISP fails here by name.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPartners, type MispSandbox } from '../../src/index.js';
import { type Api, withSandbox } from '../helpers.js';

const FLAGS = [
  'perm_add',
  'perm_modify',
  'perm_modify_org',
  'perm_publish',
  'perm_delegate',
  'perm_sync',
  'perm_admin',
  'perm_audit',
  'perm_auth',
  'perm_site_admin',
  'perm_regexp_access',
  'perm_tagger',
  'perm_template',
  'perm_sharing_group',
  'perm_tag_editor',
  'perm_sighting',
  'perm_object_template',
  'default_role',
  'restricted_to_site_admin',
  'perm_publish_zmq',
  'perm_publish_kafka',
  'perm_decaying',
  'enforce_rate_limit',
  'perm_galaxy_editor',
  'perm_warninglist',
  'perm_view_feed_correlations',
  'perm_analyst_data',
  'perm_skip_otp',
] as const;

// biome-ignore format: one row per role, one column per flag of FLAGS, in that order.
const EXPECTED: Record<string, { id: string; permission: string; flags: number[] }> = {
  'admin':     { id: '1', permission: '3', flags: [1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,0,0,1,1,1,0,1,1,1,1,0] },
  'Org Admin': { id: '2', permission: '3', flags: [1,1,1,1,1,0,1,1,1,0,0,1,1,1,1,1,0,0,0,1,1,1,0,1,0,0,1,0] },
  'User':      { id: '3', permission: '2', flags: [1,1,1,0,0,0,0,1,1,0,0,1,0,0,0,1,0,1,0,0,0,1,0,1,0,0,1,0] },
  'Publisher': { id: '4', permission: '3', flags: [1,1,1,1,1,0,0,1,1,0,0,1,0,0,0,1,0,0,0,1,1,1,0,1,0,0,1,0] },
  'Sync user': { id: '5', permission: '3', flags: [1,1,1,1,1,1,0,1,1,0,0,1,0,1,1,1,0,0,0,1,1,1,0,1,0,0,1,0] },
  'Read Only': { id: '6', permission: '0', flags: [0,0,0,0,0,0,0,1,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0] },
};

let misp: MispSandbox;
let api: Api;
beforeAll(async () => {
  ({ misp, api } = await withSandbox());
});
afterAll(() => misp.close());

describe('default roles of a fresh MISP 2.5', () => {
  it('are exactly admin, Org Admin, User, Publisher, Sync user and Read Only, with ids 1 to 6', async () => {
    const roles = await api('GET', '/roles/index');
    expect(roles.status).toBe(200);
    expect(roles.body.map((r: { Role: { id: string; name: string } }) => [r.Role.id, r.Role.name])).toEqual(
      Object.entries(EXPECTED).map(([name, role]) => [role.id, name]),
    );
  });

  for (const [name, expected] of Object.entries(EXPECTED)) {
    it(`${name} has MISP's flags`, async () => {
      const { body } = await api('GET', `/roles/view/${expected.id}`);
      const actual = Object.fromEntries(FLAGS.map((flag) => [flag, body.Role[flag]]));
      expect(actual).toEqual(Object.fromEntries(FLAGS.map((flag, i) => [flag, expected.flags[i] === 1])));
      expect(body.Role.permission).toBe(expected.permission);
      expect(body.Role.rate_limit_count).toBe('0');
    });
  }

  it('users/view/me shows the same flags as roles/view for the caller', async () => {
    const me = await api('GET', '/users/view/me', undefined, { key: (await createPartners(misp)).readOnlyKey });
    const role = await api('GET', `/roles/view/${me.body.Role.id}`);
    for (const flag of FLAGS) expect(me.body.Role[flag], flag).toBe(role.body.Role[flag]);
  });
});
