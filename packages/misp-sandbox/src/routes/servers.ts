import { createAuthKey } from '../accounts/auth-keys.js';
import { hasFlag, isSiteAdmin } from '../accounts/permissions.js';
import { NO_PERMISSION } from '../auth.js';
import { prepare } from '../db/statements.js';
import { HttpError, saveFail, saveSuccess } from '../http.js';
import { bool, str } from '../model/format.js';
import type { Route } from '../router.js';
import { readSetting } from '../settings.js';
import { orgcId } from '../sync/import.js';
import { LOCAL_VERSION, pull, RemoteStatusError, remoteHeaders, remoteVersion } from '../sync/pull.js';
import { PushTechniqueError, push } from '../sync/push.js';
import { fetchText, SourceError, syncOptions } from '../sync/source.js';
import type { RequestContext, Row } from '../types.js';
import { bodyObject } from './util.js';

/**
 * Sync servers (MISP's ServersController, site admin only): the connection list, the connection test, a
 * one-way pull and a one-way push (sync/pull.ts, sync/push.ts), both honouring the server's filter rules, the
 * sync configuration exchange (createSync / import) and the worker controls of a MISP that has no workers.
 * Pulls and pushes run before the answer (MISP without workers); MISP with workers answers "Pull queued for
 * background execution. Job ID: N" instead.
 */

const FLAGS = [
  'push',
  'pull',
  'push_sightings',
  'push_galaxy_clusters',
  'push_analyst_data',
  'pull_analyst_data',
  'pull_galaxy_clusters',
  'publish_without_email',
  'unpublish_event',
  'self_signed',
  'internal',
  'skip_proxy',
  'remove_missing_tags',
  'caching_enabled',
] as const;

const PULL_RULES = JSON.stringify({
  tags: { OR: [], NOT: [] },
  orgs: { OR: [], NOT: [] },
  type_attributes: { NOT: [] },
  type_objects: { NOT: [] },
  url_params: '',
});
const PUSH_RULES = JSON.stringify({ tags: { OR: [], NOT: [] }, orgs: { OR: [], NOT: [] } });

const nullableId = (value: unknown) => (value === null || value === undefined ? null : String(value));

export function formatServer(row: Row, withKey: boolean): Record<string, unknown> {
  return {
    id: str(row.id),
    name: row.name,
    url: row.url,
    ...(withKey ? { authkey: row.authkey } : {}),
    org_id: str(row.org_id),
    push: bool(row.push),
    pull: bool(row.pull),
    push_sightings: bool(row.push_sightings),
    push_galaxy_clusters: bool(row.push_galaxy_clusters),
    push_analyst_data: bool(row.push_analyst_data),
    pull_analyst_data: bool(row.pull_analyst_data),
    pull_galaxy_clusters: bool(row.pull_galaxy_clusters),
    lastpulledid: nullableId(row.lastpulledid),
    lastpushedid: nullableId(row.lastpushedid),
    organization: row.organization ?? null,
    remote_org_id: str(row.remote_org_id),
    publish_without_email: bool(row.publish_without_email),
    unpublish_event: bool(row.unpublish_event),
    self_signed: bool(row.self_signed),
    pull_rules: row.pull_rules,
    push_rules: row.push_rules,
    cert_file: row.cert_file ?? null,
    client_cert_file: row.client_cert_file ?? null,
    internal: bool(row.internal),
    skip_proxy: bool(row.skip_proxy),
    remove_missing_tags: bool(row.remove_missing_tags),
    caching_enabled: bool(row.caching_enabled),
    priority: str(row.priority),
  };
}

function orgBrief(ctx: RequestContext, id: unknown): Record<string, unknown> | undefined {
  const org = prepare(ctx.db, 'SELECT id, name, uuid, nationality, sector, type FROM organisations WHERE id = ?').get(
    id,
  ) as Row | undefined;
  if (!org) return undefined;
  return {
    id: str(org.id),
    name: org.name,
    uuid: org.uuid,
    nationality: org.nationality,
    sector: org.sector,
    type: org.type,
  };
}

function index(ctx: RequestContext) {
  const rows = prepare(ctx.db, 'SELECT * FROM servers ORDER BY priority ASC, id ASC').all() as Row[];
  return rows.map((row) => ({
    Server: { ...formatServer(row, false), cache_timestamp: false },
    Organisation: orgBrief(ctx, row.org_id) ?? {},
    RemoteOrg: orgBrief(ctx, row.remote_org_id) ?? {},
    User: [],
  }));
}

function requireServer(ctx: RequestContext): Row {
  const id = ctx.args[0];
  const row =
    id && /^\d+$/.test(id) ? (prepare(ctx.db, 'SELECT * FROM servers WHERE id = ?').get(Number(id)) as Row) : undefined;
  if (!row) throw new HttpError(404, 'Invalid server');
  return row;
}

function validate(values: Row): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  const url = String(values.url ?? '').trim();
  if (url === '') errors.url = ['Value not set.'];
  else if (!/^https?:\/\/[^\s/]+/i.test(url))
    errors.url = ['Invalid baseurl, please make sure that the protocol is set.'];
  const authkey = String(values.authkey ?? '');
  if (authkey === '') errors.authkey = ['Empty authkey found. Make sure you set the 40 character long authkey.'];
  else if (!/^[a-zA-Z0-9]{40}$/.test(authkey)) {
    errors.authkey = ['The authkey has to be exactly 40 characters long and consist of alphanumeric characters.'];
  }
  if (String(values.name ?? '').trim() === '') errors.name = ['This field cannot be left blank'];
  return errors;
}

function columns(input: Row): Row {
  const out: Row = {};
  for (const key of ['name', 'url', 'authkey'] as const)
    if (input[key] !== undefined) out[key] = String(input[key]).trim();
  for (const key of FLAGS) if (input[key] !== undefined) out[key] = bool(input[key]) || input[key] === 'true' ? 1 : 0;
  if (input.priority !== undefined) out.priority = Number(input.priority) || 0;
  for (const key of ['pull_rules', 'push_rules'] as const) {
    if (input[key] !== undefined) out[key] = typeof input[key] === 'string' ? input[key] : JSON.stringify(input[key]);
  }
  return out;
}

function add(ctx: RequestContext) {
  const input = bodyObject(ctx, 'Server');
  if (input.remote_org_id === undefined || input.remote_org_id === '') {
    throw new HttpError(405, 'No remote org ID set. Please pass it as remote_org_id');
  }
  const values: Row = {
    pull_rules: PULL_RULES,
    push_rules: PUSH_RULES,
    priority: Number((prepare(ctx.db, 'SELECT MAX(priority) AS p FROM servers').get() as Row).p ?? 0) + 1,
    ...columns(input),
    org_id: ctx.user.org_id,
    remote_org_id: Number(input.remote_org_id) || 0,
  };
  const errors = validate(values);
  if (Object.keys(errors).length) throw saveFail('Servers', 'add', undefined, errors);
  return insertServer(ctx, values);
}

/** Saves a server row and answers it as servers/add does. */
function insertServer(ctx: RequestContext, values: Row): { Server: Record<string, unknown> } {
  const keys = Object.keys(values);
  const info = prepare(
    ctx.db,
    `INSERT INTO servers (${keys.join(', ')}) VALUES (${keys.map(() => '?').join(', ')})`,
  ).run(...keys.map((k) => values[k]));
  return {
    Server: formatServer(prepare(ctx.db, 'SELECT * FROM servers WHERE id = ?').get(info.lastInsertRowid) as Row, true),
  };
}

function edit(ctx: RequestContext) {
  const row = requireServer(ctx);
  const input = bodyObject(ctx, 'Server');
  const values = columns(input);
  if (values.authkey === '') delete values.authkey; // an empty key keeps the stored one, as in MISP's form
  if (input.remote_org_id !== undefined) values.remote_org_id = Number(input.remote_org_id) || 0;
  const errors = validate({ ...row, ...values });
  if (Object.keys(errors).length) throw saveFail('Servers', 'edit', String(row.id), errors);
  const keys = Object.keys(values);
  if (keys.length) {
    prepare(ctx.db, `UPDATE servers SET ${keys.map((k) => `${k} = ?`).join(', ')} WHERE id = ?`).run(
      ...keys.map((k) => values[k]),
      row.id,
    );
  }
  return { Server: formatServer(prepare(ctx.db, 'SELECT * FROM servers WHERE id = ?').get(row.id) as Row, true) };
}

function remove(ctx: RequestContext) {
  const row = requireServer(ctx);
  prepare(ctx.db, 'DELETE FROM servers WHERE id = ?').run(row.id);
  // MISP passes its message where the id belongs, so url and id both carry it.
  return saveSuccess('Servers', 'delete', 'Server deleted', 'Server deleted');
}

const TEST_PAYLOAD = 'mispkit POST test: this text must come back unchanged.';

async function postTest(ctx: RequestContext, server: Row): Promise<number> {
  try {
    const url = `${String(server.url).replace(/\/+$/, '')}/servers/postTest`;
    const { text } = await fetchText(url, syncOptions(ctx.db), {
      method: 'POST',
      headers: remoteHeaders(server),
      body: JSON.stringify({ testString: TEST_PAYLOAD }),
    });
    const answer = JSON.parse(text) as Row;
    if ((answer.body as Row | undefined)?.testString !== TEST_PAYLOAD) return 9;
    const headers = (answer.headers ?? {}) as Row;
    return headers.Accept === 'application/json' && headers['Content-type'] === 'application/json' ? 1 : 10;
  } catch {
    return 8;
  }
}

/** MISP's connection test: status 1 ok, 2 unreachable, 3 not a MISP answer, 4 key refused, 7/8 no sync permission. */
async function testConnection(ctx: RequestContext) {
  const server = requireServer(ctx);
  let info: Row;
  try {
    info = await remoteVersion(server, syncOptions(ctx.db));
  } catch (error) {
    if (error instanceof RemoteStatusError) return { status: error.status === 403 ? 4 : 3, client_certificate: null };
    if (error instanceof SourceError && /did not answer JSON/.test(error.message)) {
      return { status: 3, client_certificate: null };
    }
    if (error instanceof SourceError) return { status: 2, client_certificate: null };
    throw error;
  }
  const version = String(info.version ?? '');
  if (!/^\d+\.\d+\.\d+$/.test(version)) return { status: 3, client_certificate: null };
  const post = await postTest(ctx, server);
  if (!info.perm_sync) {
    return { status: info.perm_sighting ? 8 : 7, info, client_certificate: null, post: { status: post } };
  }
  const [major, minor, hotfix] = version.split('.').map(Number) as [number, number, number];
  const [lMajor, lMinor, lHotfix] = LOCAL_VERSION.split('.').map(Number) as [number, number, number];
  let mismatch: string | false = false;
  let newer: string | false = false;
  for (const [remote, local, part] of [
    [major, lMajor, 'major'],
    [minor, lMinor, 'minor'],
    [hotfix, lHotfix, 'hotfix'],
  ] as const) {
    if (mismatch) break;
    if (remote > local) [mismatch, newer] = [part, 'remote'];
    else if (remote < local) [mismatch, newer] = [part, 'local'];
  }
  // MISP flags every hotfix below 111 as too old for proposal sync, 2.5.1 included.
  if (!mismatch && hotfix < 111) mismatch = 'proposal';
  return {
    status: 1,
    local_version: LOCAL_VERSION,
    version,
    mismatch,
    newer,
    post,
    response_encoding: null,
    request_encoding: info.request_encoding ?? null,
    client_certificate: null,
    uuid: info.uuid ?? '?',
  };
}

async function pullRoute(ctx: RequestContext) {
  const server = requireServer(ctx);
  const technique = ctx.args[1] ?? 'full';
  const id = String(server.id);
  if (!Number(server.pull) && (technique === 'full' || technique === 'incremental')) {
    throw saveFail('Servers', 'pull', id, 'Pull setting not enabled for this server.');
  }
  try {
    const result = await pull(ctx.db, ctx.user, server, technique, syncOptions(ctx.db));
    return saveSuccess(
      'Servers',
      'pull',
      id,
      `Pull completed. ${result.pulled} events pulled, ${result.failed} events could not be pulled, 0 proposals pulled, 0 sightings pulled, 0 clusters pulled, 0 analyst data pulled.`,
    );
  } catch (error) {
    if (!(error instanceof SourceError)) throw error;
    throw saveFail('Servers', 'pull', id, error.message);
  }
}

/** servers/push/{id}/{technique}: `full`, `incremental` or a local event id (sync/push.ts). */
async function pushRoute(ctx: RequestContext) {
  const server = requireServer(ctx);
  const body = ctx.body && typeof ctx.body === 'object' && !Array.isArray(ctx.body) ? (ctx.body as Row) : {};
  const technique = String(body.technique ?? ctx.args[1] ?? '');
  let result: Awaited<ReturnType<typeof push>>;
  try {
    result = await push(ctx.db, ctx.user, server, technique, syncOptions(ctx.db));
  } catch (error) {
    // MISP throws on an unknown technique (or none), which its error handler answers as HTTP 500.
    if (error instanceof PushTechniqueError) throw new HttpError(500, 'An Internal Error Has Occurred.');
    throw error;
  }
  if (typeof result === 'string') throw saveFail('Servers', 'push', undefined, result);
  return saveSuccess(
    'Servers',
    'push',
    String(server.id),
    `Push complete. ${result.pushed.length} events pushed, ${result.failed.size} events could not be pushed.`,
  );
}

/**
 * events/filterEventIdsForPush (sync users): of the offered `[{Event: {uuid, timestamp}}]`, the uuids this
 * instance lacks, or holds in an older version that came from a sync (locked).
 */
function filterEventIdsForPush(ctx: RequestContext) {
  if (ctx.method !== 'POST') throw new HttpError(405, 'This endpoint requires a POST request.');
  if (!hasFlag(ctx, 'perm_sync') && !isSiteAdmin(ctx)) throw new HttpError(403, NO_PERMISSION);
  const offered = new Map<string, number>();
  for (const item of Array.isArray(ctx.body) ? (ctx.body as Row[]) : []) {
    const event = (item?.Event ?? {}) as Row;
    if (typeof event.uuid === 'string') offered.set(event.uuid, Number(event.timestamp ?? 0));
  }
  const here = prepare(ctx.db, 'SELECT timestamp, locked FROM events WHERE uuid = ?');
  return [...offered].flatMap(([uuid, timestamp]) => {
    const row = here.get(uuid.toLowerCase()) as Row | undefined;
    if (row && (Number(row.timestamp) >= timestamp || !Number(row.locked))) return [];
    return [uuid];
  });
}

/**
 * The worker controls. The sandbox runs everything before it answers and has no workers, like a MISP whose
 * worker supervisor is not running: getWorkers reports every queue down (or, with `MISP.background_jobs` off,
 * "Background jobs not enabled"), and starting, stopping or restarting workers fails as MISP 2.5 does when it
 * cannot reach supervisord, with HTTP 500.
 */
function getWorkers(ctx: RequestContext) {
  if (!readSetting(ctx.db, 'MISP.background_jobs')) return ['Background jobs not enabled'];
  const queue = { ok: false, jobCount: 0 };
  return {
    cache: { ...queue },
    default: { ...queue },
    email: { ...queue },
    prio: { ...queue },
    update: { ...queue },
    proc_accessible: true,
    controls: true,
    supervisord_status: false,
  };
}

function noSupervisor(ctx: RequestContext): never {
  if (ctx.method !== 'POST') throw new HttpError(405, 'Method Not Allowed');
  throw new HttpError(500, 'An Internal Error Has Occurred.');
}

/**
 * servers/createSync (a sync user, not a site admin): what another MISP needs to add this one as a server —
 * the address, the instance uuid, a new API key of the caller and the host organisation.
 */
function createSync(ctx: RequestContext) {
  if (isSiteAdmin(ctx)) {
    throw new HttpError(405, 'Site admin accounts cannot be used to create server sync configurations.');
  }
  if (!hasFlag(ctx, 'perm_sync')) throw new HttpError(403, NO_PERMISSION);
  const hostOrgId = Number(readSetting(ctx.db, 'MISP.host_org_id')) || 0;
  if (!hostOrgId) throw new HttpError(405, 'Cannot create sync config - no host org ID configured for the instance.');
  const org = prepare(ctx.db, 'SELECT name, uuid FROM organisations WHERE id = ?').get(hostOrgId) as Row | undefined;
  if (!org) {
    throw new HttpError(
      405,
      'Configured host org not found. Please make sure that the setting is current on the instance.',
    );
  }
  const stamp = new Date().toISOString().replace('T', ' ').slice(0, 19);
  const { raw } = createAuthKey(ctx.db, ctx.user.id, { comment: `Auto generated sync key - ${stamp}` });
  return {
    Server: {
      url: String(readSetting(ctx.db, 'MISP.external_baseurl') || readSetting(ctx.db, 'MISP.baseurl') || ''),
      uuid: readSetting(ctx.db, 'MISP.uuid'),
      authkey: raw,
      Organisation: { name: org.name, uuid: org.uuid },
    },
  };
}

/** servers/import: a createSync answer (`{Server: …}`, or `{json: "<that JSON>"}`) saved as a new server. */
function importServer(ctx: RequestContext) {
  if (ctx.method !== 'POST') throw new HttpError(500, 'An Internal Error Has Occurred.');
  let input = bodyObject(ctx, 'Server');
  if (typeof input.json === 'string') {
    try {
      input = ((JSON.parse(input.json) as Row).Server ?? {}) as Row;
    } catch {
      input = {};
    }
  }
  const organisation = input.Organisation as Row | undefined;
  const values: Row = {
    push: 0,
    pull: 0,
    caching_enabled: 0,
    push_rules: '[]',
    pull_rules: '[]',
    self_signed: 0,
    org_id: ctx.user.org_id,
    name: String(input.name || input.url || ''),
    url: String(input.url ?? ''),
    authkey: String(input.authkey ?? ''),
    priority: Number((prepare(ctx.db, 'SELECT MAX(priority) AS p FROM servers').get() as Row).p ?? 0) + 1,
  };
  const errors = validate(values);
  if (Object.keys(errors).length) {
    throw new HttpError(403, 'Could not addFromJson Server', { saved: false, url: '/servers/addFromJson', errors });
  }
  return ctx.db.transaction(() => {
    values.remote_org_id =
      organisation && typeof organisation === 'object' ? orgcId(ctx.db, { Orgc: organisation }, ctx.user) : 0;
    return insertServer(ctx, values);
  })();
}

/**
 * servers/cache: MISP caches the remote servers' attribute values for server correlations in a background job.
 * The sandbox keeps no server caches; it answers as MISP does when it queues the job.
 */
function cacheServers() {
  return saveSuccess('Servers', 'cache', undefined, 'Server caching job initiated.');
}

/** servers/update: MISP updates itself with git; the sandbox is not a git checkout, like a MISP off any branch. */
function updateServer(ctx: RequestContext) {
  if (ctx.method !== 'POST') throw new HttpError(500, 'An Internal Error Has Occurred.');
  return { results: ['Update failed, you are not on branch'] };
}

/**
 * servers/postTest (any user): echoes the body, and the JSON content types a connection test checks. The sandbox
 * reaches its handlers only for JSON API requests, so it reports those types rather than reading the headers.
 */
function postTestRoute(ctx: RequestContext) {
  if (ctx.method !== 'POST') throw new HttpError(405, 'Invalid request, expecting a POST request.');
  return {
    body: ctx.body ?? [],
    headers: { 'Content-type': 'application/json', Accept: 'application/json', Authorization: 'OK' },
  };
}

const admin = { permission: 'site_admin' as const };

export const serverRoutes: Route[] = [
  { controller: 'servers', action: 'index', methods: ['GET'], handler: index, ...admin },
  { controller: 'servers', action: 'add', methods: ['POST'], handler: add, ...admin },
  { controller: 'servers', action: 'edit', methods: ['POST', 'PUT'], handler: edit, ...admin },
  { controller: 'servers', action: 'delete', methods: ['POST', 'DELETE'], handler: remove, ...admin },
  { controller: 'servers', action: 'testConnection', methods: ['GET', 'POST'], handler: testConnection, ...admin },
  { controller: 'servers', action: 'pull', methods: ['GET', 'POST'], handler: pullRoute, ...admin },
  { controller: 'servers', action: 'push', methods: ['GET', 'POST'], handler: pushRoute, ...admin },
  { controller: 'servers', action: 'postTest', methods: ['POST'], handler: postTestRoute },
  { controller: 'events', action: 'filterEventIdsForPush', methods: ['GET', 'POST'], handler: filterEventIdsForPush },
  { controller: 'servers', action: 'getWorkers', methods: ['GET', 'POST'], handler: getWorkers, ...admin },
  ...['startWorker', 'stopWorker', 'restartWorkers', 'restartDeadWorkers', 'killAllWorkers'].map(
    (action): Route => ({ controller: 'servers', action, methods: ['GET', 'POST'], handler: noSupervisor, ...admin }),
  ),
  { controller: 'servers', action: 'createSync', methods: ['GET', 'POST'], handler: createSync },
  { controller: 'servers', action: 'import', methods: ['GET', 'POST'], handler: importServer, ...admin },
  { controller: 'servers', action: 'cache', methods: ['GET', 'POST'], handler: cacheServers, ...admin },
  { controller: 'servers', action: 'update', methods: ['GET', 'POST'], handler: updateServer, ...admin },
];
