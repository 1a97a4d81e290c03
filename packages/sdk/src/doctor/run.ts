// mispkit-doctor: does this MISP answer as the contract says? Read-only by default: the version, the key's user
// and role, then every read-only operation of the generated route table that can be called without input or
// with an id an earlier answer gave (an event's id from events/index, an object's from that event, …), each
// answer checked against the contract's 200 response schema (src/generated/responses.ts). With `write`, on an
// instance the caller names as a test instance, it also creates an event, adds an attribute, tags it and
// deletes the event. Requests go through the SDK's own pipeline, so named parameters, errors and redaction
// are the SDK's.
import { isMispError, type MispError } from '../errors.js';
import { responseContract } from '../generated/responses.js';
import { routes } from '../generated/routes.js';
import { pipelineConfig } from '../internal/options.js';
import { createPipeline, type Pipeline } from '../internal/pipeline.js';
import { BODY, type BoundRoute, IDEMPOTENT, PAGINATED, prepareRoute, type Route, unwrap } from '../internal/routes.js';
import type { FetchFn } from '../internal/transport.js';
import { noRetry } from '../retry.js';
import { checkSchema, type ResponseContract } from './validate.js';

export type Verdict = 'ok' | 'differs' | 'forbidden' | 'missing' | 'skipped' | 'error';

/** Verdicts that make the check fail (exit code 1). */
export const FAILING: ReadonlySet<Verdict> = new Set(['differs', 'missing', 'error']);

export interface DoctorRow {
  /** `resource.method`, as users call it: `events.index`. */
  operation: string;
  /** `GET /events/index/limit:1` — what was sent (no key, no body). */
  request: string;
  status?: number | undefined;
  verdict: Verdict;
  /** Why: the first schema problem, the error message, what was missing to call it. */
  detail?: string | undefined;
  /** Part of the write checks. */
  write?: true;
}

export interface DoctorReport {
  url: string;
  version?: string | undefined;
  user?: { id: string; email: string; organisation: string; role: string } | undefined;
  /** The role's perm_* flags that are true, without the prefix: `add`, `modify`, `publish`, … */
  permissions: string[];
  rows: DoctorRow[];
  summary: Record<Verdict, number>;
  /** No row failed. */
  ok: boolean;
}

export interface DoctorOptions {
  baseUrl: string;
  apiKey: string;
  fetch?: FetchFn | undefined;
  /** Deadline per call. Default 20 000 ms. */
  timeoutMs?: number | undefined;
  /** Also run the write checks. Refused unless `testInstance` is the URL's host name. */
  write?: boolean | undefined;
  testInstance?: string | undefined;
  /** Called after each row (progress output). */
  onRow?: ((row: DoctorRow) => void) | undefined;
  /** The contract to check against; default the one generated with this SDK. */
  contract?: ResponseContract | undefined;
}

/** A failure that ends the check before it starts: said in one line, never as a stack trace. */
export class DoctorError extends Error {
  override name = 'DoctorError';
}

/** POSTs that only read (the route table's `idempotent` also covers safe-to-repeat writes such as enable). */
const READ_ONLY_POST = /\/(?:restSearch|index|search|checkValue)(?:\/|$)/i;
/** GETs that act (MISP has a few): never called by the read-only check. */
const ACTING_GET =
  /\/(?:pull|push|fetch\w*|cache\w*|update|enable|disable|toggle\w*|delete|add|edit|publish|run|reset|purge|import|generate)(?:\/|$)/i;

/** GETs that answer a file for a particular kind of entity (an attachment): not probed with a found id. */
const NEEDS_INPUT_GET = /\/download(?:\/|$)/i;

type Ids = Map<string, string>;
type Probe = (ids: Ids) => { args?: unknown[]; body?: unknown } | string;

/**
 * Inputs for the read-only POSTs whose body is required, by path: the smallest request that reads
 * something. A string explains why it cannot be called yet.
 */
const PROBES: Record<string, Probe> = {
  '/attributes/restSearch': () => ({ body: { limit: 1, page: 1, returnFormat: 'json' } }),
  '/events/restSearch': () => ({ body: { limit: 1, page: 1, returnFormat: 'json' } }),
  '/events/index': () => ({ body: { limit: 1, page: 1 } }),
  '/warninglists/checkValue': () => ({ body: ['8.8.8.8'] }),
  '/tags/search': () => ({ body: 'tlp:%' }),
  '/galaxies/index': () => ({ body: { value: 'att' } }),
  // MISP refuses a string id here (400 "Invalid ID `1` provided."): a number.
  '/sightings/restSearch/{context}': (ids) => {
    const id = ids.get('eventId');
    return id ? { args: ['event'], body: { id: Number(id) } } : 'needs an event (none visible)';
  },
  '/admin/logs/index': () => ({ body: { limit: 1, page: 1 } }),
  '/admin/audit_logs/index': () => ({ body: { limit: 1, page: 1 } }),
};

function emptySummary(): Record<Verdict, number> {
  return { ok: 0, differs: 0, forbidden: 0, missing: 0, skipped: 0, error: 0 };
}

interface Entry {
  name: string;
  route: BoundRoute;
  resource: string;
}

function entries(): Entry[] {
  const list: Entry[] = [];
  for (const [resource, table] of Object.entries(routes)) {
    for (const [method, row] of Object.entries(table as Record<string, Route>)) {
      list.push({ name: `${resource}.${method}`, route: prepareRoute(row), resource });
    }
  }
  return list;
}

function readOnly(route: BoundRoute): boolean {
  if (route.verb === 'GET' || route.verb === 'HEAD')
    return (route.flags & IDEMPOTENT) !== 0 && !ACTING_GET.test(route.path);
  return route.verb === 'POST' && (route.flags & IDEMPOTENT) !== 0 && READ_ONLY_POST.test(route.path);
}

/** The path parameter a resource's ids go in: from its `…/view/{x}` route (`events` → `eventId`). */
function idParameters(list: Entry[]): Map<string, string> {
  const byResource = new Map<string, string>();
  for (const e of list) {
    if (e.route.verb === 'GET' && e.route.names.length === 1 && /\/view\/\{/.test(e.route.path))
      if (!byResource.has(e.resource)) byResource.set(e.resource, e.route.names[0] as string);
  }
  return byResource;
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/** An item's id: its own, or that of its model (`{Taxonomy: {id}, total_count}`, `{AuthKey: {id}, User: {…}}`). */
function idOf(item: unknown, resource?: string): string | undefined {
  if (!item || typeof item !== 'object' || Array.isArray(item)) return undefined;
  const record = item as Record<string, unknown>;
  if (typeof record.id === 'string' || typeof record.id === 'number') return String(record.id);
  const models = Object.keys(record).filter((k) => /^[A-Z]/.test(k));
  const own = models.find((k) => `${lowerFirst(k)}s` === resource) ?? (models.length === 1 ? models[0] : undefined);
  return own ? idOf(record[own]) : undefined;
}

/** Remembers ids an answer shows: a list's first item (for its resource), and nested models (`Object`, `GalaxyCluster`, `User`). */
function harvest(ids: Ids, idParam: Map<string, string>, resource: string, value: unknown): void {
  const remember = (res: string, id: string | undefined) => {
    const param = idParam.get(res);
    if (param && id && !ids.has(param)) ids.set(param, id);
  };
  if (Array.isArray(value)) {
    remember(resource, idOf(value[0], resource));
    return;
  }
  if (!value || typeof value !== 'object') return;
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    if (!/^[A-Z]/.test(key)) continue;
    const res = `${lowerFirst(key)}s`;
    remember(res, Array.isArray(child) ? idOf(child[0]) : idOf(child));
  }
}

function describeError(error: MispError): string {
  const text = error.message.replace(/\s+/g, ' ').trim();
  return text.length > 160 ? `${text.slice(0, 157)}…` : text;
}

function shownPath(route: BoundRoute, args: readonly unknown[], options: Record<string, unknown>): string {
  let path = route.parts[0] ?? '';
  for (let i = 0; i < route.names.length; i++) path += String(args[i]) + (route.parts[i + 1] ?? '');
  for (const [key, value] of Object.entries(options)) {
    const as = route.params?.[key];
    path += typeof as === 'number' ? `/${String(value)}` : `/${as ?? key}:${String(value)}`;
  }
  return `${route.verb} ${path}`;
}

/** How a refusal or failure reads as a verdict. */
function verdictOfError(route: BoundRoute, error: unknown): Pick<DoctorRow, 'status' | 'verdict' | 'detail'> {
  if (!isMispError(error)) return { verdict: 'error', detail: String(error) };
  const status = error.status;
  if (error.code === 'misp_timeout' || error.code === 'misp_connection')
    return { status, verdict: 'error', detail: describeError(error) };
  if (status === 403) return { status, verdict: 'forbidden', detail: 'forbidden for this role' };
  if (status === 405 && /not allowed|permission|denied/i.test(error.message))
    return { status, verdict: 'forbidden', detail: `forbidden for this role (${describeError(error)})` };
  if (status === 404 && (route.names.length === 0 || !/^invalid /i.test(error.message)))
    return { status, verdict: 'missing', detail: 'not in this MISP version (404)' };
  return { status, verdict: 'differs', detail: `HTTP ${status ?? '?'}: ${describeError(error)}` };
}

export async function runDoctor(options: DoctorOptions): Promise<DoctorReport> {
  const contract = options.contract ?? responseContract;
  if (options.write) {
    const host = new URL(options.baseUrl).hostname.toLowerCase();
    if (!options.testInstance)
      throw new DoctorError(
        `--write creates and deletes an event: add --test-instance ${host} to confirm that this MISP is a test instance`,
      );
    if (options.testInstance.toLowerCase() !== host)
      throw new DoctorError(
        `--write refused: --test-instance ${options.testInstance} is not the host of the MISP URL (${host})`,
      );
  }
  let pipeline: Pipeline;
  try {
    pipeline = createPipeline(
      pipelineConfig({
        baseUrl: options.baseUrl,
        apiKey: options.apiKey,
        fetch: options.fetch,
        timeoutMs: options.timeoutMs ?? 20_000,
        retry: noRetry,
        userAgent: 'mispkit-doctor',
      }),
    );
  } catch (error) {
    throw new DoctorError(error instanceof Error ? error.message.replace(/^createMispClient: /, '') : String(error));
  }
  const report: DoctorReport = {
    url: pipeline.baseUrl,
    permissions: [],
    rows: [],
    summary: emptySummary(),
    ok: true,
  };
  const add = (row: DoctorRow) => {
    report.rows.push(row);
    report.summary[row.verdict]++;
    if (FAILING.has(row.verdict)) report.ok = false;
    options.onRow?.(row);
  };

  /** One call: its verdict row, and the unwrapped answer when it was a 2xx the contract accepts. */
  async function probe(
    name: string,
    route: BoundRoute,
    args: unknown[],
    body: unknown,
    query: Record<string, unknown>,
    extra: Partial<DoctorRow> = {},
    guessed = false,
  ): Promise<{ data: unknown; ok: boolean }> {
    const request = shownPath(route, args, query);
    try {
      const { data, response } = await pipeline.call(route, args, body, query);
      const schema = contract.responses[`${route.verb} ${route.path}`];
      const problem = schema ? checkSchema(contract, schema, data) : undefined;
      add({
        operation: name,
        request,
        status: response.status,
        verdict: problem ? 'differs' : 'ok',
        detail: problem ? `${problem.path} ${problem.message}` : undefined,
        ...extra,
      });
      let value: unknown = data;
      try {
        value = route.verb === 'HEAD' ? undefined : unwrap(data, route.unwrap, response);
      } catch {
        // the schema check has said what is wrong
      }
      return { data: value, ok: !problem };
    } catch (error) {
      const verdict = verdictOfError(route, error);
      // A value the check picked from an enum (a setting's name) that this MISP has nothing for.
      if (guessed && verdict.status === 404)
        add({
          operation: name,
          request,
          status: 404,
          verdict: 'skipped',
          detail: `nothing to read (${verdict.detail})`,
          ...extra,
        });
      else add({ operation: name, request, ...verdict, ...extra });
      return { data: undefined, ok: false };
    }
  }

  const list = entries();
  const find = (name: string) => list.find((e) => e.name === name);
  const version = find('server.version');
  const me = find('users.me');
  if (!version || !me) throw new DoctorError('this SDK build lacks server.version or users.me');

  // The first call says whether there is a MISP at all, and whether it takes the key.
  let versionBody: Record<string, unknown>;
  try {
    const { data } = await pipeline.call(version.route, [], undefined, {});
    if (!data || typeof data !== 'object' || typeof (data as Record<string, unknown>).version !== 'string')
      throw new DoctorError(`${report.url} does not answer like a MISP: /servers/getVersion has no version`);
    versionBody = data as Record<string, unknown>;
  } catch (error) {
    if (error instanceof DoctorError) throw error;
    throw new DoctorError(fatalMessage(report.url, error));
  }
  report.version = String(versionBody.version);
  const versionSchema = contract.responses[`GET ${version.route.path}`];
  const versionProblem = versionSchema ? checkSchema(contract, versionSchema, versionBody) : undefined;
  add({
    operation: version.name,
    request: `GET ${version.route.path}`,
    status: 200,
    verdict: versionProblem ? 'differs' : 'ok',
    detail: versionProblem ? `${versionProblem.path} ${versionProblem.message}` : undefined,
  });

  const ids: Ids = new Map();
  const idParam = idParameters(list);
  const who = await probe(me.name, me.route, [], undefined, {});
  const whoBody = who.data as Record<string, Record<string, unknown> | undefined> | undefined;
  if (whoBody?.User) {
    const role = whoBody.Role ?? {};
    report.user = {
      id: String(whoBody.User.id ?? ''),
      email: String(whoBody.User.email ?? ''),
      organisation: String(whoBody.Organisation?.name ?? ''),
      role: String(role.name ?? ''),
    };
    report.permissions = Object.entries(role)
      .filter(([key, value]) => key.startsWith('perm_') && value === true)
      .map(([key]) => key.slice(5));
    harvest(ids, idParam, 'users', whoBody);
  }

  // Every other read-only operation, in rounds: those whose path parameters are known, until none is left
  // that an earlier answer could unlock.
  let pending = list.filter((e) => e !== version && e !== me && readOnly(e.route));
  for (let progressed = true; progressed && pending.length; ) {
    progressed = false;
    const next: Entry[] = [];
    for (const entry of pending) {
      const { route } = entry;
      const custom = PROBES[route.path];
      const probeInput = route.verb === 'POST' && custom ? custom(ids) : undefined;
      const args: unknown[] = [];
      let missing: string | undefined;
      let guessed = false;
      for (const [i, name] of route.names.entries()) {
        const fixed = typeof probeInput === 'object' ? probeInput.args?.[i] : undefined;
        const known = fixed ?? ids.get(name);
        const value = known ?? route.enums?.[name]?.[0];
        if (value === undefined) missing = name;
        if (known === undefined) guessed = true;
        args.push(value);
      }
      if (missing || typeof probeInput === 'string' || NEEDS_INPUT_GET.test(route.path)) {
        next.push(entry);
        continue;
      }
      const hasBody = (route.flags & BODY) !== 0;
      const paginated = (route.flags & PAGINATED) !== 0;
      // A searching POST without a probe: one item when it pages, else no body (MISP lists everything).
      const body =
        typeof probeInput === 'object' ? probeInput.body : hasBody && paginated ? { limit: 1, page: 1 } : undefined;
      const query: Record<string, unknown> = !hasBody && paginated ? { limit: 1 } : {};
      const result = await probe(entry.name, route, args, body, query, {}, guessed);
      if (result.data !== undefined) harvest(ids, idParam, entry.resource, result.data);
      progressed = true;
    }
    pending = next;
  }
  for (const entry of pending) {
    const custom = PROBES[entry.route.path];
    const reason = custom && entry.route.verb === 'POST' ? custom(ids) : undefined;
    const missing = entry.route.names.filter((n) => !ids.has(n) && !entry.route.enums?.[n]);
    add({
      operation: entry.name,
      request: `${entry.route.verb} ${entry.route.path}`,
      verdict: 'skipped',
      detail:
        typeof reason === 'string'
          ? reason
          : missing.length
            ? `needs ${missing.join(', ')}: none found on this MISP`
            : NEEDS_INPUT_GET.test(entry.route.path)
              ? 'answers a file for a particular entity (an attachment): not probed'
              : 'needs input the check does not invent',
    });
  }

  if (options.write) await writeChecks(list, probe, ids);
  return report;
}

type ProbeFn = (
  name: string,
  route: BoundRoute,
  args: unknown[],
  body: unknown,
  query: Record<string, unknown>,
  extra?: Partial<DoctorRow>,
) => Promise<{ data: unknown; ok: boolean }>;

/** Creates an event, adds an attribute, tags it with a tag the read checks found, and deletes the event. */
async function writeChecks(list: Entry[], probe: ProbeFn, ids: Ids): Promise<void> {
  const route = (name: string) => {
    const entry = list.find((e) => e.name === name);
    if (!entry) throw new DoctorError(`this SDK build lacks ${name}`);
    return entry.route;
  };
  const w = { write: true } as const;
  const stamp = new Date().toISOString();
  const event = await probe(
    'events.add',
    route('events.add'),
    [],
    { info: `mispkit doctor write check ${stamp}`, distribution: '0', threat_level_id: '4', analysis: '0' },
    {},
    w,
  );
  const eventId = idOf(event.data);
  if (!eventId) return;
  try {
    const attribute = await probe(
      'attributes.add',
      route('attributes.add'),
      [eventId],
      { type: 'ip-dst', value: '192.0.2.1', to_ids: false, comment: 'mispkit doctor write check' },
      {},
      w,
    );
    const uuid = (attribute.data as Record<string, unknown> | undefined)?.uuid;
    const tagId = ids.get('tagId');
    if (typeof uuid === 'string' && tagId)
      await probe('tags.attach', route('tags.attach'), [], { uuid, tag: tagId }, {}, w);
  } finally {
    await probe('events.delete', route('events.delete'), [eventId], undefined, {}, w);
  }
}

/** Why the very first call failed, in one line. */
export function fatalMessage(url: string, error: unknown): string {
  if (!isMispError(error)) return `${url}: ${error instanceof Error ? error.message : String(error)}`;
  const detail = describeError(error);
  switch (error.code) {
    case 'misp_connection':
      return /certificate|self[- ]signed|SSL|TLS/i.test(
        `${detail} ${String((error.cause as Error | undefined)?.message)}`,
      )
        ? `cannot reach ${url}: its TLS certificate is not trusted (pass --insecure for a test instance with a self-signed certificate)`
        : `cannot reach ${url}: ${detail}`;
    case 'misp_timeout':
      return `no answer from ${url} in time: ${detail}`;
    case 'misp_authentication':
      return `MISP at ${url} refused the API key (HTTP ${error.status ?? 403}): check MISP_API_KEY`;
    case 'misp_forbidden':
      return `MISP at ${url} refused the API key (HTTP ${error.status ?? 403}: ${detail}): check MISP_API_KEY`;
    case 'misp_not_found':
      return `${url} has no /servers/getVersion (HTTP 404): is this the root URL of a MISP?`;
    case 'misp_bad_response':
      return `${url} does not answer like a MISP API: ${detail}`;
    default:
      return `${url}: ${detail}`;
  }
}
