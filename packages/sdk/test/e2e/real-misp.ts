// The e2e suite against a real MISP instead of the sandbox: MISPKIT_E2E_URL and MISPKIT_E2E_KEY (the key of a
// site admin of a MISP you use for tests only: this adds organisations, users, tags, an event, and loads and
// enables warninglists and galaxies). It gives the tests what the seeded sandbox gives them — the same users
// and organisations, the demo indicators, the catalogues — and puts a small proxy in front of MISP for the
// two things only the sandbox has: request counts (stats) and injected failures (faults).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoIndicators, type FaultSpec, type Faults, type SandboxUser, type Stats } from '@mispkit/misp-sandbox';

/** What the tests use of a sandbox; a real MISP behind the proxy provides the same. */
export interface E2ETarget {
  url: string;
  adminKey: string;
  userKey: string;
  readOnlyKey: string;
  users: SandboxUser[];
  faults: Faults;
  stats(): Stats;
  close(): Promise<void>;
}

export function realMispFromEnv(): { url: string; key: string } | undefined {
  const url = process.env.MISPKIT_E2E_URL?.replace(/\/+$/, '');
  const key = process.env.MISPKIT_E2E_KEY;
  return url && key ? { url, key } : undefined;
}

// biome-ignore lint/suspicious/noExplicitAny: JSON from MISP, read loosely while setting up.
type Json = any;

async function call(url: string, key: string, method: string, path: string, body?: unknown): Promise<Json> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { Authorization: key, Accept: 'application/json', 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`e2e setup: ${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : undefined;
}

/** The sandbox's users (see the misp-sandbox README), by MISP default role name. */
const USERS = [
  { email: 'user@orgname.example', org: 'ORGNAME', role: 'Publisher' },
  { email: 'readonly@orgname.example', org: 'ORGNAME', role: 'Read Only' },
  { email: 'analyst@northwind.example', org: 'Northwind CERT', role: 'Publisher' },
  { email: 'analyst@bluefin.example', org: 'Bluefin ISAC', role: 'Publisher' },
  { email: 'analyst@redwood.example', org: 'Redwood Telecom CSIRT', role: 'Publisher' },
];
const PARTNER_ORGS = ['Northwind CERT', 'Bluefin ISAC', 'Redwood Telecom CSIRT', 'Harbor City Police Cyber Unit'];
const SEED_INFO = 'mispkit e2e: demo indicators';

/** A new key for an existing user: `users/resetauthkey` (classic keys) or `auth_keys/add` (advanced keys). */
async function newKey(url: string, admin: string, userId: string): Promise<string> {
  const reset = await call(url, admin, 'POST', `/users/resetauthkey/${userId}`, {}).catch(() => undefined);
  const fromMessage = String(reset?.message ?? '').match(/[A-Za-z0-9]{40}/)?.[0];
  if (fromMessage) return fromMessage;
  const added = await call(url, admin, 'POST', `/auth_keys/add/${userId}`, {});
  return added.AuthKey.authkey_raw;
}

async function keyWorks(url: string, key: string): Promise<boolean> {
  const response = await fetch(`${url}/users/view/me`, { headers: { Authorization: key, Accept: 'application/json' } });
  await response.arrayBuffer();
  return response.ok;
}

/**
 * Brings the MISP to the state the tests expect, once per instance: test files run one after another and
 * share the result through a file in the temp directory (keys are re-issued only when they stopped working).
 */
async function provision(url: string, admin: string): Promise<SandboxUser[]> {
  const cache = join(
    tmpdir(),
    `mispkit-e2e-${createHash('sha256').update(`${url} ${admin}`).digest('hex').slice(0, 16)}.json`,
  );
  if (existsSync(cache)) {
    const users = JSON.parse(readFileSync(cache, 'utf8')) as SandboxUser[];
    if ((await Promise.all(users.map((u) => keyWorks(url, u.key)))).every(Boolean)) return users;
  }

  const me = await call(url, admin, 'GET', '/users/view/me');
  if (!me.Role?.perm_site_admin) throw new Error('MISPKIT_E2E_KEY must belong to a site admin of a test MISP');
  const host = me.Organisation.name as string;

  const orgs = new Map<string, string>(
    (await call(url, admin, 'GET', '/organisations/index/scope:all')).map((o: Json) => [
      o.Organisation.name,
      o.Organisation.id,
    ]),
  );
  for (const name of PARTNER_ORGS.filter((n) => !orgs.has(n))) {
    const created = await call(url, admin, 'POST', '/admin/organisations/add', { name, local: true });
    orgs.set(name, created.Organisation.id);
  }
  orgs.set('ORGNAME', orgs.get(host) as string);

  const roles = new Map<string, string>(
    (await call(url, admin, 'GET', '/roles/index')).map((r: Json) => [r.Role.name, r.Role.id]),
  );
  const existing = new Map<string, string>(
    (await call(url, admin, 'GET', '/admin/users/index')).map((u: Json) => [u.User.email, u.User.id]),
  );
  const users: SandboxUser[] = [{ email: me.User.email, org: host, role: me.Role.name, key: admin }];
  for (const user of USERS) {
    let key: string;
    const id = existing.get(user.email);
    if (id) key = await newKey(url, admin, id);
    else {
      const created = await call(url, admin, 'POST', '/admin/users/add', {
        email: user.email,
        org_id: orgs.get(user.org),
        role_id: roles.get(user.role),
      });
      key = created.User.authkey ?? (await newKey(url, admin, created.User.id));
    }
    users.push({ email: user.email, org: user.org === 'ORGNAME' ? host : user.org, role: user.role, key });
  }

  // Catalogues, loaded and enabled the way an administrator does it after installing.
  const hits = await call(url, admin, 'POST', '/warninglists/checkValue', [demoIndicators.warninglistedIp]);
  if (!Object.keys(hits ?? {}).length) {
    let lists = (await call(url, admin, 'GET', '/warninglists/index')).Warninglists ?? [];
    if (!lists.length) {
      await call(url, admin, 'POST', '/warninglists/update', {});
      lists = (await call(url, admin, 'GET', '/warninglists/index')).Warninglists ?? [];
    }
    const ids = lists.map((w: Json) => w.Warninglist.id);
    await call(url, admin, 'POST', '/warninglists/toggleEnable', { id: ids, enabled: 1 });
  }
  if (!(await call(url, admin, 'GET', '/galaxies/index')).length)
    await call(url, admin, 'POST', '/galaxies/update', {});

  // The demo indicators the tests look up, in one event every user can read.
  for (const name of ['tlp:green', 'tlp:amber', 'tlp:red']) await call(url, admin, 'POST', '/tags/add', { name });
  const seeded = await call(url, admin, 'POST', '/events/index', { eventinfo: SEED_INFO });
  if (!seeded.length) {
    const I = demoIndicators;
    await call(url, admin, 'POST', '/events/add', {
      Event: {
        info: SEED_INFO,
        distribution: '3',
        threat_level_id: '1',
        analysis: '2',
        Tag: [{ name: 'tlp:green' }],
        Attribute: [
          { type: 'ip-dst', value: I.maliciousIp, comment: 'C2 server' },
          { type: 'ip-dst|port', value: I.maliciousIpPort },
          { type: 'domain', value: I.maliciousDomain },
          { type: 'url', value: I.maliciousUrl },
          { type: 'ip-dst', value: I.warninglistedIp, to_ids: false },
        ],
      },
    });
  }
  writeFileSync(cache, JSON.stringify(users), { mode: 0o600 });
  return users;
}

const normalise = (path: string) =>
  `/${path
    .replace(/^\/+/, '')
    .replace(/\.json$/, '')
    .replace(/\/+$/, '')}`;

/** `/controller/action` as the sandbox counts it (snake_case controller, no suffix, no arguments). */
function canonical(pathname: string): string {
  const [controller = '', action = 'index'] = normalise(pathname).split('/').filter(Boolean);
  const snake = controller.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
  return `/${snake}/${action.replace(/\.json$/, '')}`;
}

function faultResponse(res: ServerResponse, url: string, fault: FaultSpec): void {
  const headers: Record<string, string> = { 'Content-Type': 'application/json; charset=UTF-8' };
  if (fault.retryAfter !== undefined) headers['Retry-After'] = String(fault.retryAfter);
  const message = fault.status === 429 ? 'Rate limit exceeded.' : `HTTP ${fault.status}`;
  res.writeHead(fault.status, headers);
  res.end(fault.body ?? JSON.stringify({ name: message, message, url }));
}

/**
 * MISP's directory (MISPKIT_E2E_MISP_DIR: the DIR given to ../shared/real-misp/start, or its MISP/app), for a
 * MISP without background workers: publishing only queues a job there, so after each publish the proxy runs
 * the queued job with MISP's own console command, as a worker would.
 */
function publishJobRunner(url: string, admin: string): (() => Promise<void>) | undefined {
  const dir = process.env.MISPKIT_E2E_MISP_DIR;
  const app = dir && [join(dir, 'MISP', 'app'), dir].find((d) => existsSync(join(d, 'Console', 'cake')));
  if (!app) return undefined;
  return async () => {
    const jobs = await call(url, admin, 'GET', '/jobs/index');
    for (const job of (jobs as Json[]).filter(
      (j) => j.Job?.job_type === 'publish_event' && String(j.Job.status) === '0',
    )) {
      const eventId = String(job.Job.job_input ?? '').match(/\d+/)?.[0];
      if (!eventId) continue;
      // Event publish <event id> <pass along> <job id> <user id>
      execFileSync(join(app, 'Console', 'cake'), ['Event', 'publish', eventId, '0', String(job.Job.id), '1'], {
        cwd: app,
        stdio: 'ignore',
        timeout: 60_000,
      });
    }
  };
}

/** A pass-through proxy to MISP that counts requests per path and answers injected faults first. */
async function startProxy(
  target: string,
  afterPublish?: () => Promise<void>,
): Promise<{ url: string; faults: Faults; stats(): Stats; close(): Promise<void> }> {
  const pending: { spec: FaultSpec; left: number }[] = [];
  const stats: Stats = { requests: 0, byPath: {} };
  const upstream = new URL(target);
  const send = upstream.protocol === 'https:' ? httpsRequest : httpRequest;

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const pathname = new URL(req.url ?? '/', 'http://proxy').pathname;
    const path = canonical(pathname);
    stats.requests += 1;
    stats.byPath[path] = (stats.byPath[path] ?? 0) + 1;
    const index = pending.findIndex((p) => [path, normalise(pathname)].includes(normalise(p.spec.path)));
    if (index >= 0) {
      const entry = pending[index] as { spec: FaultSpec; left: number };
      entry.left -= 1;
      if (entry.left <= 0) pending.splice(index, 1);
      req.resume();
      setTimeout(() => faultResponse(res, pathname, entry.spec), entry.spec.delayMs ?? 0);
      return;
    }
    const forward = send(
      new URL(`${upstream.pathname.replace(/\/$/, '')}${req.url ?? '/'}`, upstream.origin),
      { method: req.method, headers: { ...req.headers, host: upstream.host } },
      (answer) => {
        if (!(afterPublish && path === '/events/publish' && answer.statusCode === 200)) {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
          return;
        }
        // Hold the answer until the queued publish job has run, so the next read sees the event published.
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          afterPublish()
            .catch((error: unknown) => console.error(`e2e: running the publish job failed: ${String(error)}`))
            .finally(() => {
              res.writeHead(200, answer.headers);
              res.end(Buffer.concat(chunks));
            });
        });
      },
    );
    forward.on('error', (error) => {
      res.writeHead(502, { 'Content-Type': 'text/plain' });
      res.end(String(error));
    });
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    faults: {
      add: (spec) => void pending.push({ spec, left: spec.times ?? 1 }),
      clear: () => void pending.splice(0),
    },
    stats: () => ({ requests: stats.requests, byPath: { ...stats.byPath } }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export async function startRealMisp(url: string, adminKey: string): Promise<E2ETarget> {
  const users = await provision(url, adminKey);
  const proxy = await startProxy(url, publishJobRunner(url, adminKey));
  const key = (email: string) => users.find((u) => u.email === email)?.key as string;
  return {
    url: proxy.url,
    adminKey,
    userKey: key('user@orgname.example'),
    readOnlyKey: key('readonly@orgname.example'),
    users,
    faults: proxy.faults,
    stats: proxy.stats,
    close: proxy.close,
  };
}
