// The two sides of the comparison, brought to the same starting point.
//
// A sandbox at `--seed none` is a freshly installed MISP: ORGNAME, admin@admin.test, the default roles, and
// MISP's warninglists installed (enabled but the VPN ranges); a fresh real MISP has the same accounts. Both
// are given the partner organisations, users and sharing group of `createPartners` (src/seed/partners.ts)
// through MISP's own admin API (`admin/organisations/add`, `admin/users/add`, `sharing_groups/add`, `addOrg`),
// and their catalogues are loaded and enabled the way an administrator does it after installing
// (`warninglists/update` + `toggleEnable`, the latter on both sides; galaxies are loaded later, by an
// oracle-only step of the corpus). Object templates cannot be loaded (`objectTemplates/update` fails on this
// PHP), so the corpus sends objects with their full template information, as PyMISP does.
// ORGNAME itself is left as MISP creates it, so that the sandbox's version of it is compared.
import { createPartners, type MispSandbox, startMispSandbox } from '../src/index.js';
import { type Json, send, type Target } from './http.js';

export async function startSandboxTarget(): Promise<{ sandbox: MispSandbox; target: Target }> {
  const sandbox = await startMispSandbox({ seed: 'none', log: () => undefined });
  const lists = await send(
    { name: 'sandbox', url: sandbox.url, keys: { admin: sandbox.adminKey, user: '', readonly: '', partner: '' } },
    'POST',
    '/warninglists/toggleEnable',
    { name: '%', enabled: 1 },
  );
  if (lists.body?.saved !== true) throw new Error('could not enable the sandbox warninglists');
  const partners = await createPartners(sandbox);
  return {
    sandbox,
    target: {
      name: 'sandbox',
      url: sandbox.url,
      keys: {
        admin: sandbox.adminKey,
        user: partners.userKey,
        readonly: partners.readOnlyKey,
        partner: partners.partnerKey,
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

  await step('organisations, users and sharing group', async () => {
    const partners = await createPartners({ url, adminKey });
    Object.assign(target.keys, {
      user: partners.userKey,
      readonly: partners.readOnlyKey,
      partner: partners.partnerKey,
    });
  });

  await step('warninglists/update + enable all', async () => {
    await admin('/warninglists/update');
    const lists = await send(target, 'GET', '/warninglists/index');
    const ids = (lists.body?.Warninglists ?? []).map((w: Json) => w.Warninglist.id);
    await admin('/warninglists/toggleEnable', { id: ids, enabled: 1 });
  });
  return { target, timings };
}
