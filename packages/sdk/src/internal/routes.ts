// The factory that turns generated route tables (generated/routes.ts, data only) into methods, the
// way octokit's endpoint-methods plugin does: one row per operation, one small closure per row.
// Arguments follow the row: path parameters in path order, then the JSON body if the operation takes
// one, then one options object (query parameters plus the call options). The result is unwrapped
// from MISP's envelope as the row's `unwrap` path says (see openapi/x-mispkit.schema.json).
import { isMispErrorCode, MispAuthenticationError, MispResponseError, MispValidationError } from '../errors.js';
import type { Pipeline } from './pipeline.js';

export type Verb = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';

/**
 * One operation: [verb, path template, unwrap path, flags, allowed values of enum path parameters, how MISP
 * reads options, the path MISP redirects to on success (x-mispkit.successRedirect)]. MISP ignores the query string of API calls: every option that is not a call option is sent
 * as a CakePHP named parameter `/option:value`, under the name `params` gives (x-mispkit.named:
 * `{eventinfo: 'searcheventinfo'}`), or, for an index (x-mispkit.positional), as that positional path argument
 * after the path parameters (`{hard: 0}`: `/objects/delete/12/1`).
 */
export type Route = readonly [
  verb: Verb,
  path: string,
  unwrap: string,
  flags: number,
  enums?: Readonly<Record<string, readonly string[]>> | undefined,
  params?: Readonly<Record<string, string | number>> | undefined,
  redirect?: string,
];

export const IDEMPOTENT = 1;
export const PAGINATED = 2;
export const BODY = 4;
export const HTTP200_FAILURES = 8;
/** The 200 answer is declared as text (restSearch exports: csv, text, hashes), not JSON. */
export const TEXT = 16;
/** The 200 answer is raw bytes (attachment downloads), returned as a Uint8Array. */
export const BINARY = 32;
/** Success is a redirect to the row's `redirect` path (attributes/restore's 302), not a 2xx. */
export const REDIRECT = 64;

declare const methodsOf: unique symbol;
/** A generated route table whose rows become the methods M. */
export type ResourceTable<M> = { readonly [K in keyof M]: Route } & { readonly [methodsOf]?: M };
export type MethodsOf<T> = T extends ResourceTable<infer M> ? M : never;

/** A route prepared once at bind time, so a call does no parsing. */
export interface BoundRoute {
  readonly verb: Verb;
  readonly path: string;
  readonly flags: number;
  /** The path template split around its parameters: parts.length === names.length + 1. */
  readonly parts: readonly string[];
  readonly names: readonly string[];
  readonly enums: Readonly<Record<string, readonly string[]>> | undefined;
  readonly unwrap: readonly string[];
  /** Options MISP reads under another named-parameter name (string) or as a positional path argument (index). */
  readonly params: Readonly<Record<string, string | number>> | undefined;
  /** The success redirect's path template split around its parameters, with their argument indexes. */
  readonly redirect: { readonly parts: readonly string[]; readonly args: readonly number[] } | undefined;
}

export function prepareRoute([verb, path, unwrap, flags, enums, params, redirect]: Route): BoundRoute {
  const names = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string);
  return {
    verb,
    path,
    flags,
    parts: path.split(/\{[^}]+\}/),
    names,
    enums,
    unwrap: unwrap ? unwrap.split('.') : [],
    params,
    redirect: redirect
      ? {
          parts: redirect.split(/\{[^}]+\}/),
          args: [...redirect.matchAll(/\{([^}]+)\}/g)].map((m) => names.indexOf(m[1] as string)),
        }
      : undefined,
  };
}

/**
 * Whether `response` is the route's success redirect (x-mispkit.successRedirect): a 3xx whose `Location` path
 * ends with the redirect template filled with this call's path arguments (the root template `/`: is the root). Anything else — the login page,
 * another path, a browser's opaque redirect whose `Location` cannot be read — is not.
 */
export function isSuccessRedirect(route: BoundRoute, args: readonly unknown[], response: Response): boolean {
  if (!route.redirect || response.status < 300 || response.status >= 400) return false;
  const location = response.headers.get('location');
  if (location === null) return false;
  let expected = route.redirect.parts[0] as string;
  route.redirect.args.forEach((index, i) => {
    expected += encodeURIComponent(String(args[index] ?? '').trim()) + route.redirect?.parts[i + 1];
  });
  try {
    const path = new URL(location, 'http://misp.invalid/').pathname.replace(/\/+$/, '');
    const want = expected.replace(/\/+$/, '').toLowerCase();
    // A redirect to the root (`/`, taxonomies/disableTag) must be the root: every path ends with ''.
    return want === '' ? path === '' : path.toLowerCase().endsWith(want);
  } catch {
    return false;
  }
}

const ID = /^(?:[0-9]+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** A path parameter, checked before anything is sent: ids must be numeric or UUIDs, enums one of their values. */
export function pathValue(route: BoundRoute, index: number, raw: unknown): string {
  const name = route.names[index] as string;
  const text = String(raw ?? '').trim();
  const allowed = route.enums?.[name];
  // `{text}`: a free string (`tags/search/{term}`, a setting name); MISP would cut the path at a "/".
  if (allowed?.includes('{text}')) {
    if (text !== '' && !text.includes('/')) return text;
    throw new MispValidationError(`Invalid ${name} ${JSON.stringify(text.slice(0, 64))}: expected a value without "/"`);
  }
  // `{id}` in an enum list: the parameter also takes an id (`feeds/cacheFeeds/{scope}`: `all` … or a feed id).
  const takesId = !allowed || allowed.includes('{id}');
  if (!(allowed?.includes(text) && text !== '{id}') && !(takesId && ID.test(text))) {
    const named = allowed?.filter((v) => v !== '{id}') ?? [];
    const expected = allowed ? `one of ${named.join(', ')}${takesId ? ' or an id' : ''}` : 'a numeric id or a UUID';
    throw new MispValidationError(`Invalid ${name} ${JSON.stringify(text.slice(0, 64))}: expected ${expected}`);
  }
  return text;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object'
    ? `an object with keys ${Object.keys(value).slice(0, 5).join(', ') || '(none)'}`
    : typeof value;
}

function unexpected(expected: string, value: unknown, response: Response): MispResponseError {
  return new MispResponseError(`Unexpected MISP response: expected ${expected}, got ${describe(value)}`, {
    status: response.status,
  });
}

/** Follows the route's unwrap steps (`Key`, `Key[]`, `[]`; steps after an array apply to each item). */
export function unwrap(data: unknown, steps: readonly string[], response: Response, from = 0): unknown {
  let value = data;
  for (let i = from; i < steps.length; i++) {
    const step = steps[i] as string;
    const isArray = step.endsWith('[]');
    const key = isArray ? step.slice(0, -2) : step;
    if (key) {
      const next =
        value && typeof value === 'object' && !Array.isArray(value)
          ? (value as Record<string, unknown>)[key]
          : undefined;
      const ok = isArray ? Array.isArray(next) : next !== null && typeof next === 'object';
      if (!ok) throw unexpected(`${isArray ? 'an array' : 'an object'} in "${key}"`, value, response);
      value = next;
    } else if (!Array.isArray(value)) throw unexpected('an array', value, response);
    if (isArray && i + 1 < steps.length) {
      return (value as unknown[]).map((item) => unwrap(item, steps, response, i + 1));
    }
  }
  return value;
}

/** MISP answers some failures with HTTP 200: `{saved: false, errors}`, or a lone `{message}` instead of the result. */
export function checkHttp200Failure(data: unknown, route: BoundRoute, response: Response): void {
  const record = (data && typeof data === 'object' && !Array.isArray(data) ? data : {}) as Record<string, unknown>;
  const first = route.unwrap[0]?.replace(/\[\]$/, '');
  if (record['saved'] !== false && record['errors'] === undefined && (!first || record[first] !== undefined)) return;
  const errors = record['errors'];
  const message =
    (typeof record['message'] === 'string' && record['message']) ||
    (typeof errors === 'string' && errors) ||
    (typeof record['name'] === 'string' && record['name']) ||
    'MISP did not save the change';
  throw new MispValidationError(message, {
    status: response.status,
    body: data,
    errors:
      errors && typeof errors === 'object'
        ? (errors as Record<string, unknown>)
        : typeof errors === 'string'
          ? { _: [errors] }
          : {},
  });
}

/** Methods bound by bindResource, so `misp.paginate(misp.events.search, …)` can find their route. */
export const boundRoutes = new WeakMap<object, { route: BoundRoute; pipeline: Pipeline }>();

function bindRoute(pipeline: Pipeline, route: BoundRoute): (...args: unknown[]) => Promise<unknown> {
  const count = route.names.length;
  const hasBody = (route.flags & BODY) !== 0;
  const method = async (...args: unknown[]): Promise<unknown> => {
    const body = hasBody ? args[count] : undefined;
    const options = args[hasBody ? count + 1 : count] as Record<string, unknown> | undefined;
    if (route.verb === 'HEAD') return exists(pipeline, route, args, options);
    const { data, response } = await pipeline.call(route, args, body, options);
    if (route.flags & HTTP200_FAILURES) checkHttp200Failure(data, route, response);
    return unwrap(data, route.unwrap, response);
  };
  boundRoutes.set(method, { route, pipeline });
  return method;
}

/** MISP's existence check: `HEAD` answered 200 → true, 404 → false; anything else throws its MispError. */
async function exists(
  pipeline: Pipeline,
  route: BoundRoute,
  args: unknown[],
  options: Record<string, unknown> | undefined,
): Promise<boolean> {
  try {
    await pipeline.call(route, args, undefined, options);
    return true;
  } catch (error) {
    if (isMispErrorCode(error, 'misp_not_found') && error.status === 404) return false;
    // Any valid key may view, so a (bodiless) 403 to HEAD means the key was refused.
    if (isMispErrorCode(error, 'misp_forbidden')) {
      throw new MispAuthenticationError('Authentication failed: MISP answered HTTP 403 to an existence check', {
        status: error.status,
        url: error.url,
        requestId: error.requestId,
      });
    }
    throw error;
  }
}

/** Every row of a generated route table as a method on one object: `bindResource(pipeline, events).search(…)`. */
export function bindResource<T extends ResourceTable<unknown>>(pipeline: Pipeline, table: T): MethodsOf<T> {
  const methods: Record<string, unknown> = {};
  for (const [name, row] of Object.entries(table as Record<string, Route>)) {
    methods[name] = bindRoute(pipeline, prepareRoute(row));
  }
  return methods as MethodsOf<T>;
}
