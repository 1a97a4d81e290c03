// The one request pipeline. Generated methods, the helpers built on them and the raw typed client
// (misp.GET/POST…, through openapi-fetch) all send through it, so for every call:
//   - middleware added with misp.use() sees the request, the response and the error;
//   - the deadline, the caller's signal and the retry policy apply, and whether a request may be sent
//     again comes from the spec (x-mispkit.idempotent of the matching route);
//   - failures become the same MispError classes, with the API key redacted.
// Without middleware a method call hands fetch a URL and an init (no Request object: measurably cheaper,
// see bench/); with middleware installed it builds the Request the middleware is given.
import type { Middleware, MiddlewareCallbackParams } from 'openapi-fetch';
import { MispResponseError, MispValidationError, mispErrorFromResponse, type Redact } from '../errors.js';
import type { RetryPolicy } from '../retry.js';
import { BINARY, BODY, type BoundRoute, IDEMPOTENT, isSuccessRedirect, pathValue, TEXT } from './routes.js';
import { CallContext, type CallOptions, type FetchFn, type TransportConfig } from './transport.js';

export interface PipelineConfig {
  /** Normalised instance root, no trailing slash. */
  baseUrl: string;
  fetch: FetchFn;
  timeoutMs: number;
  retry: RetryPolicy;
  redact: Redact;
  /** Lower-case header names: authorization, accept, user-agent and the caller's extras. */
  headers: Record<string, string>;
}

export interface CallResult {
  data: unknown;
  response: Response;
}

export interface Pipeline {
  readonly baseUrl: string;
  readonly headers: Readonly<Record<string, string>>;
  use(...middleware: Middleware[]): void;
  eject(...middleware: Middleware[]): void;
  /**
   * A generated method's request: `args` starts with the path parameters; `options` holds query
   * parameters and call options. Resolves with the parsed 2xx body; any other answer throws its MispError.
   */
  call(route: BoundRoute, args: readonly unknown[], body: unknown, options: object | undefined): Promise<CallResult>;
  /**
   * A raw typed call's Request (openapi-fetch's fetch): returns every HTTP answer, throws MispErrors
   * otherwise. `route` is the operation it matched (internal/raw.ts), for `idempotent` and `schemaPath`.
   */
  fetchRequest(request: Request, route: BoundRoute | undefined): Promise<Response>;
}

const CALL_OPTIONS = new Set(['signal', 'timeoutMs', 'retry']);
const NO_OPTIONS: CallOptions = Object.freeze({});

function namedValue(option: string, value: unknown): string {
  const text = Array.isArray(value) ? value.map(scalar).join('|') : scalar(value);
  // MISP turns %2F (even %252F) back into a path separator and splits the value there (Apache refuses %2F).
  if (text.includes('/')) {
    throw new MispValidationError(
      `Invalid ${option} ${JSON.stringify(text.slice(0, 64))}: MISP reads it from the URL path, where a value cannot contain "/"`,
    );
  }
  // MISP decodes a named value twice (percent-decoding, then PHP's urldecode): `+` and `%` must survive the
  // second pass, so they go encoded twice (`%252B`, `%2525`); the second pass leaves everything else as it is.
  return encodeURIComponent(text).replace(/%(2B|25)/gi, '%25$1');
}

function scalar(value: unknown): string {
  return value === true ? '1' : value === false ? '0' : String(value);
}

/**
 * The options object's parameters as MISP reads them: CakePHP named parameters (`/limit:50/page:2`) — MISP
 * ignores the query string of API calls, and PyMISP sends them so too — under the name the route gives
 * (`eventinfo` → `/searcheventinfo:…`), or positional path arguments for the options the route numbers
 * (`/objects/delete/12/1`). Everything but the call options; booleans as MISP's 1/0; a list as MISP's
 * `a|b` (OR; a repeated named parameter makes MISP fail with a 500).
 */
export function namedParameters(route: BoundRoute, options: object | undefined): string {
  if (!options) return '';
  let named = '';
  const positional: string[] = [];
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined || CALL_OPTIONS.has(key)) continue;
    const as = route.params?.[key];
    if (typeof as === 'number') positional[as] = namedValue(key, value);
    else named += `/${encodeURIComponent(as ?? key)}:${namedValue(key, value)}`;
  }
  for (let i = 0; i < positional.length; i++) {
    if (positional[i] === undefined) {
      const name = Object.keys(route.params ?? {}).find((k) => route.params?.[k] === i) ?? String(i);
      throw new MispValidationError(`Missing ${name}: MISP reads the options after it by position`);
    }
  }
  return (positional.length ? `/${positional.join('/')}` : '') + named;
}

/** A raw call's query string moved where MISP reads it (see namedParameters); the URL as it is without one. */
function rawUrl(request: Request, route: BoundRoute | undefined): string {
  const url = new URL(request.url);
  if (!route || !url.search) return request.url;
  const options: Record<string, string | string[]> = {};
  for (const [key, value] of url.searchParams) {
    const previous = options[key];
    options[key] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
  }
  url.search = '';
  return url.toString().replace(/\/+$/, '') + namedParameters(route, options);
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text().catch(() => '');
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return text;
  }
}

const randomId = () => Math.random().toString(36).slice(2, 11);

export function createPipeline(config: PipelineConfig): Pipeline {
  const transport: TransportConfig = {
    fetch: config.fetch,
    timeoutMs: config.timeoutMs,
    retry: config.retry,
    redact: config.redact,
  };
  const jsonHeaders = { ...config.headers, 'content-type': 'application/json' };
  const middlewares: Middleware[] = [];
  // What middleware gets as `options`; the serializers are the ones the pipeline uses.
  const mergedOptions = Object.freeze({
    baseUrl: config.baseUrl,
    parseAs: 'json' as const,
    querySerializer: (query: object) =>
      new URLSearchParams(withoutCallOptions(query) as Record<string, string>).toString(),
    bodySerializer: (body: unknown) => JSON.stringify(body),
    pathSerializer: (path: string) => path,
    fetch: config.fetch as typeof globalThis.fetch,
  });

  /** Sends, retrying as the policy and the route allow; resolves with the last answer, whatever its status. */
  async function exchange(call: CallContext, send: () => Promise<Response>): Promise<Response> {
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      call.startAttempt();
      try {
        response = await send();
      } catch (error) {
        call.attemptFailed(error);
        const delay = call.retryDelay(attempt, { thrown: error });
        if (delay === undefined) throw error;
        await call.sleep(delay);
        continue;
      }
      const delay = response.ok ? undefined : call.retryDelay(attempt, response);
      if (delay === undefined) return response;
      await response.body?.cancel().catch(() => undefined);
      await call.sleep(delay);
    }
  }

  /**
   * With middleware: onRequest (in order) may replace the request or answer it; the retried exchange;
   * onResponse (in reverse) may replace the answer; onError (in reverse) may recover from a failure.
   * Same order and contract as openapi-fetch's own middleware.
   */
  async function withMiddleware(
    call: CallContext,
    request: Request,
    signed: boolean,
    context: { schemaPath: string; params: MiddlewareCallbackParams['params'] },
  ): Promise<Response> {
    const list = [...middlewares];
    const base = { ...context, id: randomId(), options: mergedOptions };
    let current = request;
    let sendAsIs = signed;
    for (const m of list) {
      const result: unknown = await m.onRequest?.({ ...base, request: current });
      if (result instanceof Response) return result;
      if (result instanceof Request) {
        current = result;
        sendAsIs = false;
      } else if (result)
        throw new Error('onRequest: must return new Request() or Response() when modifying the request');
    }
    let response: Response | undefined;
    try {
      response = await exchange(call, requestSender(call, current, sendAsIs));
    } catch (error) {
      let failure: unknown = error;
      for (const m of [...list].reverse()) {
        if (!m.onError) continue;
        const result: unknown = await m.onError({ ...base, request: current, error: failure });
        if (result instanceof Response) {
          response = result;
          failure = undefined;
          break;
        }
        if (result instanceof Error) failure = result;
        else if (result) throw new Error('onError: must return new Response() or instance of Error');
      }
      if (!response) throw failure;
    }
    for (const m of [...list].reverse()) {
      const result: unknown = await m.onResponse?.({ ...base, request: current, response: response as Response });
      if (result instanceof Response) response = result;
      else if (result) throw new Error('onResponse: must return new Response() when modifying the response');
    }
    return response;
  }

  /**
   * Sends a Request: a clone per attempt when it has a body and may be retried (a body is read once);
   * rebuilt around the call's signal and `redirect: 'manual'` unless the pipeline built it that way.
   */
  function requestSender(call: CallContext, request: Request, signed: boolean): () => Promise<Response> {
    const reusable = request.body !== null && call.policy.maxRetries > 0;
    return () => {
      const source = reusable ? request.clone() : request;
      const sent = signed
        ? source
        : new Request(source, { redirect: 'manual', ...(call.signal ? { signal: call.signal } : {}) });
      return call.fetchOnce(sent);
    };
  }

  async function call(
    route: BoundRoute,
    args: readonly unknown[],
    body: unknown,
    options: CallOptions | undefined,
  ): Promise<CallResult> {
    const call = new CallContext(transport, options ?? NO_OPTIONS, (route.flags & IDEMPOTENT) !== 0);
    try {
      let url = config.baseUrl + route.parts[0];
      for (let i = 0; i < route.names.length; i++) {
        url += encodeURIComponent(pathValue(route, i, args[i])) + route.parts[i + 1];
      }
      url += namedParameters(route, options);
      const hasBody = body !== undefined && (route.flags & BODY) !== 0;
      // `redirect: 'manual'`: a redirect is returned (and reported), never followed with the key.
      const init: RequestInit = {
        method: route.verb,
        headers: hasBody ? jsonHeaders : config.headers,
        redirect: 'manual',
      };
      if (hasBody) init.body = JSON.stringify(body);
      if (call.signal) init.signal = call.signal;
      const response = middlewares.length
        ? await withMiddleware(call, new Request(url, init), true, {
            schemaPath: route.path,
            params: {
              path: Object.fromEntries(route.names.map((name, i) => [name, String(args[i]).trim()])),
              query: options ? withoutCallOptions(options) : {},
            },
          })
        : await exchange(call, () => call.fetchOnce(url, init));
      // An operation whose success is a redirect (attributes/restore): that redirect, seen and not followed.
      if (route.redirect && isSuccessRedirect(route, args, response)) {
        await response.body?.cancel().catch(() => undefined);
        return { data: undefined, response };
      }
      if (!response.ok) {
        throw mispErrorFromResponse({
          status: response.status,
          body: await readBody(response),
          headers: response.headers,
          url,
          redact: config.redact,
        });
      }
      // A HEAD answer has no body by definition: the status is the answer.
      if (route.verb === 'HEAD') return { data: undefined, response };
      // A downloaded file stays bytes whatever type MISP gives it (a malware sample is a zip, a `.json` file is
      // JSON); MISP's refusals are not 2xx and were handled above.
      if (route.flags & BINARY) return { data: new Uint8Array(await response.arrayBuffer()), response };
      const text = await response.text();
      // restSearch exports (csv, text, hashes) are text, also when empty ("\n") or JSON-looking (`1.5\n`); only
      // operations that declare a text answer take one (MISP's text/html relation saves too), so a PHP notice
      // where JSON is due is still an error.
      if (route.flags & TEXT && /^text\/(csv|plain|html)/i.test(response.headers.get('content-type') ?? ''))
        return { data: text, response };
      if (!text.trim()) {
        throw new MispResponseError(`MISP answered HTTP ${response.status} with an empty body`, {
          status: response.status,
          url: config.redact(url),
        });
      }
      return { data: JSON.parse(text), response };
    } catch (error) {
      throw call.mapError(error);
    } finally {
      call.dispose();
    }
  }

  /** Raw typed calls: the deadline covers the wait for the response headers; openapi-fetch reads the body. */
  async function fetchRequest(original: Request, route: BoundRoute | undefined): Promise<Response> {
    const url = rawUrl(original, route);
    const request = url === original.url ? original : new Request(url, original);
    const idempotent = route ? (route.flags & IDEMPOTENT) !== 0 : ['GET', 'HEAD', 'OPTIONS'].includes(request.method);
    const call = new CallContext(transport, { signal: request.signal }, idempotent);
    try {
      if (!middlewares.length) return await exchange(call, requestSender(call, request, false));
      const asked = new URL(original.url);
      return await withMiddleware(call, request, false, {
        schemaPath: route?.path ?? asked.pathname,
        params: { query: Object.fromEntries(asked.searchParams) },
      });
    } catch (error) {
      throw call.mapError(error);
    } finally {
      call.dispose();
    }
  }

  return {
    baseUrl: config.baseUrl,
    headers: config.headers,
    use: (...list) => {
      for (const m of list) if (m) middlewares.push(m);
    },
    eject: (...list) => {
      for (const m of list) {
        const index = middlewares.indexOf(m);
        if (index !== -1) middlewares.splice(index, 1);
      }
    },
    call,
    fetchRequest,
  };
}

function withoutCallOptions(options: object): Record<string, unknown> {
  const query: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) if (!CALL_OPTIONS.has(key)) query[key] = value;
  return query;
}
