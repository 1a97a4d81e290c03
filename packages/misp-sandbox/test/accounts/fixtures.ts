import type { Api } from '../helpers.js';

export const DEFAULT_ROLE_NAMES = ['admin', 'Org Admin', 'User', 'Publisher', 'Sync user', 'Read Only'] as const;
export type RoleName = (typeof DEFAULT_ROLE_NAMES)[number];

/** One user of every default role in ORGNAME, created through admin/users/add as a MISP admin would. */
export async function usersOfEachRole(api: Api, prefix: string): Promise<Record<RoleName, string>> {
  const roles = (await api('GET', '/roles/index')).body as { Role: { id: string; name: RoleName } }[];
  const keys = {} as Record<RoleName, string>;
  for (const { Role } of roles) {
    if (!DEFAULT_ROLE_NAMES.includes(Role.name)) continue;
    const slug = Role.name.toLowerCase().replace(/\s+/g, '-');
    const created = await api('POST', '/admin/users/add', {
      email: `${prefix}-${slug}@orgname.test`,
      role_id: Role.id,
    });
    if (created.status !== 200) throw new Error(`could not create a ${Role.name}: ${created.text}`);
    keys[Role.name] = created.body.User.authkey;
  }
  return keys;
}

/** A new organisation with one user of the given role; returns its id and the user's key. */
export async function partner(
  api: Api,
  name: string,
  roleId = '4',
): Promise<{ orgId: string; key: string; userId: string }> {
  const org = await api('POST', '/admin/organisations/add', { name, type: 'CERT' });
  if (org.status !== 200) throw new Error(`could not create ${name}: ${org.text}`);
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const user = await api('POST', '/admin/users/add', {
    email: `role${roleId}@${slug}.test`,
    org_id: org.body.Organisation.id,
    role_id: roleId,
  });
  if (user.status !== 200) throw new Error(`could not create a user of ${name}: ${user.text}`);
  return { orgId: org.body.Organisation.id, key: user.body.User.authkey, userId: user.body.User.id };
}
