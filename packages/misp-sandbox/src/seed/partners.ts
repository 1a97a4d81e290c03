// Fixture accounts for tests, benchmarks and demos: the partner organisations, users and sharing group that
// a site admin of a freshly installed MISP would add. `createPartners` adds them through MISP's own admin
// API, so it gives a sandbox at `--seed none` and a real MISP the same starting point; the demo seed writes
// the same accounts straight into its database (seed/demo-accounts.ts).
import type { SandboxUser } from '../db/bootstrap.js';

/** The partner organisations, in the order they are created (the demo seed's events refer to this order). */
export const PARTNER_ORGANISATIONS = [
  { name: 'Northwind CERT', sector: 'Energy', nationality: 'Norway', type: 'CERT' },
  { name: 'Bluefin ISAC', sector: 'Finance', nationality: 'Ireland', type: 'ISAC' },
  { name: 'Redwood Telecom CSIRT', sector: 'Telecommunications', nationality: 'Canada', type: 'CSIRT' },
  { name: 'Harbor City Police Cyber Unit', sector: 'Law enforcement', nationality: 'Netherlands', type: 'LEA' },
] as const;

export const partnerDescription = (name: string): string => `${name} (sandbox organisation)`;

/** `org: null` is the host organisation (ORGNAME on a fresh MISP, the demo seed's own organisation). */
export const PARTNER_USERS = [
  { email: 'user@orgname.example', org: null, role: 'Publisher' },
  { email: 'readonly@orgname.example', org: null, role: 'Read Only' },
  { email: 'analyst@northwind.example', org: 'Northwind CERT', role: 'Publisher' },
  { email: 'analyst@bluefin.example', org: 'Bluefin ISAC', role: 'Publisher' },
  { email: 'analyst@redwood.example', org: 'Redwood Telecom CSIRT', role: 'Publisher' },
] as const;

/** The sharing group: the host organisation (may extend) and Northwind CERT. */
export const PARTNER_SHARING_GROUP = {
  name: 'Energy sector trusted circle',
  description: (host: string) => `${host} and Northwind CERT only`,
  releasability: 'Energy sector partners',
  members: [
    { org: null, extend: true },
    { org: 'Northwind CERT', extend: false },
  ],
} as const;

export interface Partners {
  /** The host organisation (the site admin's). */
  host: { id: string; name: string };
  /** Publisher `user@orgname.example` of the host organisation. */
  userKey: string;
  /** Read Only `readonly@orgname.example` of the host organisation (403 on writes). */
  readOnlyKey: string;
  /** Publisher `analyst@northwind.example` of Northwind CERT, the sharing group's other member. */
  partnerKey: string;
  /** The five users created, with their keys. */
  users: SandboxUser[];
  /** Organisation id by name, the host included. */
  organisations: Record<string, string>;
  /** "Energy sector trusted circle". */
  sharingGroupId: string;
}

export interface CreatePartnersOptions {
  /** Default: the global fetch. */
  fetch?: typeof fetch;
}

// biome-ignore lint/suspicious/noExplicitAny: JSON from MISP, read loosely while setting up.
type Json = any;

/**
 * Adds the partner organisations, users and sharing group to a MISP — a sandbox at `seed: 'none'` or a real,
 * freshly installed MISP — through its admin API, as a site admin would (`admin/organisations/add`,
 * `admin/users/add`, `sharing_groups/add`, `sharing_groups/addOrg`), and returns the new users' keys.
 * Call it once per instance: the organisation names and e-mail addresses are fixed.
 */
export async function createPartners(
  misp: { url: string; adminKey: string },
  options: CreatePartnersOptions = {},
): Promise<Partners> {
  const fetchFn = options.fetch ?? fetch;
  const call = async (method: 'GET' | 'POST', path: string, body?: unknown): Promise<Json> => {
    const response = await fetchFn(`${misp.url.replace(/\/+$/, '')}${path}`, {
      method,
      headers: { Authorization: misp.adminKey, Accept: 'application/json', 'Content-Type': 'application/json' },
      ...(method === 'POST' ? { body: JSON.stringify(body ?? {}) } : {}),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`createPartners: ${method} ${path} answered ${response.status}: ${text}`);
    return JSON.parse(text);
  };

  const me = await call('GET', '/users/view/me');
  const host = { id: String(me.Organisation.id), name: String(me.Organisation.name) };
  const roles = (await call('GET', '/roles/index')) as { Role: { id: string; name: string } }[];
  const roleId = (name: string) => {
    const role = roles.find((r) => r.Role.name === name);
    if (!role) throw new Error(`createPartners: this MISP has no default role "${name}"`);
    return role.Role.id;
  };

  const organisations: Record<string, string> = { [host.name]: host.id };
  for (const org of PARTNER_ORGANISATIONS) {
    const created = await call('POST', '/admin/organisations/add', {
      ...org,
      description: partnerDescription(org.name),
      local: true,
    });
    organisations[org.name] = String(created.Organisation.id);
  }
  const orgId = (name: string | null) => (name === null ? host.id : (organisations[name] as string));

  const users: SandboxUser[] = [];
  for (const user of PARTNER_USERS) {
    const created = await call('POST', '/admin/users/add', {
      email: user.email,
      org_id: orgId(user.org),
      role_id: roleId(user.role),
    });
    users.push({ email: user.email, org: user.org ?? host.name, role: user.role, key: String(created.User.authkey) });
  }

  const group = await call('POST', '/sharing_groups/add', {
    name: PARTNER_SHARING_GROUP.name,
    description: PARTNER_SHARING_GROUP.description(host.name),
    releasability: PARTNER_SHARING_GROUP.releasability,
    local: true,
    active: true,
  });
  const sharingGroupId = String(group.SharingGroup.id);
  for (const member of PARTNER_SHARING_GROUP.members)
    await call('POST', `/sharing_groups/addOrg/${sharingGroupId}/${orgId(member.org)}`, {
      extend: member.extend ? 1 : 0,
    });

  const keyOf = (email: string) => users.find((u) => u.email === email)?.key as string;
  return {
    host,
    userKey: keyOf('user@orgname.example'),
    readOnlyKey: keyOf('readonly@orgname.example'),
    partnerKey: keyOf('analyst@northwind.example'),
    users,
    organisations,
    sharingGroupId,
  };
}
