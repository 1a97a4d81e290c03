// createMispClient = openapi-fetch's typed client over `paths` (auth headers by middleware, a
// retrying, timing-out fetch wrapper) + the thin helpers of src/resources + paginate.

import type { Client, Middleware } from 'openapi-fetch';
import * as openapiFetch from 'openapi-fetch';
import { createRedactor, MispError } from './errors.js';
import type { paths } from './generated/schema.js';
import { type ClientContext, createContext } from './internal/context.js';
import type { FetchFn } from './internal/transport.js';
import { createPaginate, type Paginate } from './pagination.js';
import { createResources, type Resources } from './resources/index.js';
import { defaultRetry, type RetryPolicy } from './retry.js';
import { SDK_VERSION } from './version.js';

export interface MispClientOptions {
  /** Instance root, e.g. `https://misp.example.org` (a sub-path is fine). */
  baseUrl: string;
  /** The user's API key (40 characters), sent as the raw `Authorization` header. */
  apiKey: string;
  /** A fetch-compatible function, called as `fetch(url, init)` by helpers and `fetch(request)` by raw calls. Default `globalThis.fetch`. */
  fetch?: FetchFn | undefined;
  /** Deadline per call, all retries included. Default 30 000 ms; 0 disables. */
  timeoutMs?: number | undefined;
  /** Default `defaultRetry` (read-only calls only). */
  retry?: RetryPolicy | undefined;
  userAgent?: string | undefined;
  /** Extra headers sent with every request. */
  headers?: Record<string, string> | undefined;
}

export type MispClient = Client<paths> &
  Resources & {
    paginate: Paginate;
    /** The normalised base URL (no trailing slash). */
    readonly baseUrl: string;
  };

const DEFAULT_TIMEOUT_MS = 30_000;

// openapi-fetch has only a default export; our CJS build sees its CJS `module.exports` (Node
// interop), where the function sits one level down, under `.default`.
const createClient: typeof openapiFetch.default =
  typeof openapiFetch.default === 'function'
    ? openapiFetch.default
    : (openapiFetch.default as unknown as { default: typeof openapiFetch.default }).default;

function checkOptions(options: MispClientOptions): string {
  if (!options || typeof options !== 'object') throw new TypeError('createMispClient: options are required');
  const { baseUrl, apiKey } = options;
  if (typeof apiKey !== 'string' || apiKey.trim() === '') {
    throw new MispError('misp_error', 'createMispClient: apiKey must be a non-empty string');
  }
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new MispError('misp_error', 'createMispClient: baseUrl must be an absolute http(s) URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new MispError('misp_error', 'createMispClient: baseUrl must use http: or https:');
  }
  if (url.username || url.password) {
    throw new MispError('misp_error', 'createMispClient: baseUrl must not contain credentials');
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

export function createMispClient(options: MispClientOptions): MispClient {
  const baseUrl = checkOptions(options);
  const apiKey = options.apiKey.trim();
  // Lower-case names, so a caller's `authorization`/`accept` cannot sit beside ours and be merged.
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(options.headers ?? {})) headers[name.toLowerCase()] = value;
  Object.assign(headers, {
    authorization: apiKey,
    accept: 'application/json',
    'user-agent': options.userAgent ?? headers['user-agent'] ?? `mispkit-sdk/${SDK_VERSION}`,
  });
  // Raw typed calls get the same headers through a middleware (so user middleware added with
  // misp.use() sees and may adjust them); helpers send them directly.
  const auth: Middleware = {
    onRequest({ request }) {
      for (const [name, value] of Object.entries(headers)) request.headers.set(name, value);
      if (request.body !== null && !request.headers.has('Content-Type')) {
        request.headers.set('Content-Type', 'application/json');
      }
      return request;
    },
  };

  const ctx: ClientContext = createContext({
    baseUrl,
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    retry: options.retry ?? defaultRetry,
    redact: createRedactor([apiKey]),
    headers,
    createRawClient: (fetch) => createClient<paths>({ baseUrl, fetch, redirect: 'manual' }),
  });
  ctx.client.use(auth);

  const client = ctx.client;
  const { resources, pageSources } = createResources(ctx);
  return {
    GET: client.GET,
    PUT: client.PUT,
    POST: client.POST,
    DELETE: client.DELETE,
    OPTIONS: client.OPTIONS,
    HEAD: client.HEAD,
    PATCH: client.PATCH,
    TRACE: client.TRACE,
    request: client.request,
    use: client.use,
    eject: client.eject,
    ...resources,
    paginate: createPaginate(pageSources),
    baseUrl,
  };
}
