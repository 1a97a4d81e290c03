// The two sides of the comparison, brought to the same starting point.
//
// A sandbox at `--seed none` comes with MISP's default roles plus the organisations, users and sharing
// group listed in the README, and with MISP's warninglists installed and enabled but the VPN ranges. A
// fresh real MISP has only ORGNAME and
// admin@admin.test. So the oracle is given the same organisations, users and sharing group through
// MISP's own admin API (`admin/organisations/add`, `admin/users/add`, `sharing_groups/add`: not part of
// our contract, used here only to set the stage), and its catalogues are loaded and enabled the way an
// administrator does it after installing (`warninglists/update` + `toggleEnable`, the latter on both sides;
// galaxies are loaded later, by an oracle-only step of the corpus). Object templates cannot be loaded (`objectTemplates/update` fails on this PHP), so the
// corpus sends objects with their full template information, as PyMISP does..
// ORGNAME itself is left as MISP creates it, so that the sandbox's version of it is compared.
import { type MispSandbox, startMispSandbox } from '../src/index.js';
import { type Json, send, type Target } from './http.js';

/** The sandbox's built-in organisations after ORGNAME, and its users after the site admin (src/db/bootstrap.ts). */
const PARTNER_ORGS = [
  { name: 'Northwind CERT', sector: 'Energy', nationality: 'Norway', type: 'CERT' },
  { name: 'Bluefin ISAC', sector: 'Finance', nationality: 'Ireland', type: 'ISAC' },
  { name: 'Redwood Telecom CSIRT', sector: 'Telecommunications', nationality: 'Canada', type: 'CSIRT' },
  { name: 'Harbor City Police Cyber Unit', sector: 'Law enforcement', nationality: 'Netherlands', type: 'LEA' },
];
/** MISP's default role ids: 4 Publisher, 6 Read Only. */
const USERS = [
  { email: 'user@orgname.example', org: 'ORGNAME', role_id: '4' },
  { email: 'readonly@orgname.example', org: 'ORGNAME', role_id: '6' },
  { email: 'analyst@northwind.example', org: 'Northwind CERT', role_id: '4' },
  { email: 'analyst@bluefin.example', org: 'Bluefin ISAC', role_id: '4' },
  { email: 'analyst@redwood.example', org: 'Redwood Telecom CSIRT', role_id: '4' },
];

export async function startSandboxTarget(): Promise<{ sandbox: MispSandbox; target: Target }> {
  const sandbox = await startMispSandbox({ seed: 'none', log: () => undefined });
  const key = (email: string) => sandbox.users.find((u) => u.email === email)?.key as string;
  const lists = await send(
    { name: 'sandbox', url: sandbox.url, keys: { admin: sandbox.adminKey, user: '', readonly: '', partner: '' } },
    'POST',
    '/warninglists/toggleEnable',
    { name: '%', enabled: 1 },
  );
  if (lists.body?.saved !== true) throw new Error('could not enable the sandbox warninglists');
  return {
    sandbox,
    target: {
      name: 'sandbox',
      url: sandbox.url,
      keys: {
        admin: sandbox.adminKey,
        user: sandbox.userKey,
        readonly: sandbox.readOnlyKey,
        partner: key('analyst@northwind.example'),
      },
    },
  };
}

export interface OracleSetup {
  target: Target;
  /** Seconds spent on each preparation step, for the report. */
  timings: Record<string, number>;
}

export async function prepareOracle(url: string, adminKey: string): Promise<OracleSetup> {
  const target: Target = { name: 'misp', url, keys: { admin: adminKey, user: '', readonly: '', partner: '' } };
  const timings: Record<string, number> = {};
  const step = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const result = await run();
    timings[name] = Math.round(performance.now() - started) / 1000;
    return result;
  };
  const admin = async (path: string, body?: unknown): Promise<Json> => {
    const answer = await send(target, 'POST', path, body ?? {});
    if (answer.status !== 200) throw new Error(`oracle setup: POST ${path} answered ${answer.status}: ${answer.text}`);
    return answer.body;
  };

  const version = await send(target, 'GET', '/servers/getVersion');
  if (version.status !== 200) throw new Error(`oracle: GET /servers/getVersion answered ${version.status}`);
  const existing = await send(target, 'GET', '/organisations/index');
  if (!Array.isArray(existing.body) || existing.body.length !== 1)
    throw new Error('oracle: not a fresh MISP (expected ORGNAME as its only organisation); start a new one');

  const orgIds: Record<string, string> = { ORGNAME: existing.body[0].Organisation.id };
  await step('organisations, users and sharing group', async () => {
    for (const org of PARTNER_ORGS) {
      const created = await admin('/admin/organisations/add', {
        ...org,
        description: `${org.name} (sandbox organisation)`,
        local: true,
      });
      orgIds[org.name] = created.Organisation.id;
    }
    const keys: string[] = [];
    for (const user of USERS) {
      const created = await admin('/admin/users/add', {
        email: user.email,
        org_id: orgIds[user.org],
        role_id: user.role_id,
      });
      keys.push(created.User.authkey);
    }
    [target.keys.user, target.keys.readonly, target.keys.partner] = keys as [string, string, string];
    const group = await admin('/sharing_groups/add', {
      name: 'Energy sector trusted circle',
      description: 'ORGNAME and Northwind CERT only',
      releasability: 'Energy sector partners',
      local: true,
      active: true,
    });
    await admin(`/sharing_groups/addOrg/${group.SharingGroup.id}/${orgIds.ORGNAME}`, { extend: 1 });
    await admin(`/sharing_groups/addOrg/${group.SharingGroup.id}/${orgIds['Northwind CERT']}`, { extend: 0 });
  });

  await step('warninglists/update + enable all', async () => {
    await admin('/warninglists/update');
    const lists = await send(target, 'GET', '/warninglists/index');
    const ids = (lists.body?.Warninglists ?? []).map((w: Json) => w.Warninglist.id);
    await admin('/warninglists/toggleEnable', { id: ids, enabled: 1 });
  });
  return { target, timings };
}
