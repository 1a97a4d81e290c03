// What the helpers share: the raw typed client, and `send`, the lean path the helpers use. It
// calls fetch with (url, init) and a string body — cheaper than building a Request per call, and
// each retry simply re-sends the same init — then maps every failure to a MispError.
import type { Client } from 'openapi-fetch';
import {
  isMispErrorCode,
  MispAuthenticationError,
  MispResponseError,
  mispErrorFromResponse,
  type Redact,
} from '../errors.js';
import type { paths } from '../generated/schema.js';
import type { RetryPolicy } from '../retry.js';
import type { RequestBody, ResponseBody } from '../types.js';
import { CallContext, type CallOptions, createRawFetch, type FetchFn, type TransportConfig } from './transport.js';

export interface ContextConfig {
  baseUrl: string;
  fetch: FetchFn;
  timeoutMs: number;
  retry: RetryPolicy;
  redact: Redact;
  /** Headers of every request (auth, Accept, User-Agent, extras); Content-Type is added for bodies. */
  headers: Record<string, string>;
  createRawClient: (fetch: (request: Request, init?: RequestInit) => Promise<Response>) => Client<paths>;
}

type Method = 'GET' | 'POST';
type PathsWith<M extends Method | 'HEAD'> = {
  [P in keyof paths]: paths[P] extends Record<Lowercase<M>, object> ? P : never;
}[keyof paths];

export interface SendArgs<B> {
  params?: {
    path?: Record<string, string>;
    query?: Record<string, string | number | boolean | undefined>;
  };
  body?: B;
}

export interface SendResult<D> {
  data: NonNullable<D>;
  response: Response;
}

export interface ClientContext {
  readonly client: Client<paths>;
  readonly redact: Redact;
  send<M extends Method, P extends PathsWith<M>>(
    method: M,
    path: P,
    args: SendArgs<RequestBody<P, Lowercase<M>>>,
    options: CallOptions | undefined,
  ): Promise<SendResult<ResponseBody<P, Lowercase<M>>>>;
  /** MISP's existence check: `HEAD` answered 200 → true, 404 → false; anything else throws its MispError. */
  exists<P extends PathsWith<'HEAD'>>(
    path: P,
    args: { params: { path: Record<string, string> } },
    options: CallOptions | undefined,
  ): Promise<boolean>;
}

function buildUrl(baseUrl: string, template: string, params: SendArgs<unknown>['params']): string {
  const path = template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = params?.path?.[name];
    if (value === undefined) throw new TypeError(`missing path parameter ${name}`);
    return encodeURIComponent(value);
  });
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params?.query ?? {}))
    if (value !== undefined) query.set(key, String(value));
  const search = query.toString();
  return `${baseUrl}${path}${search ? `?${search}` : ''}`;
}

async function readError(response: Response): Promise<unknown> {
  const text = await response.text().catch(() => '');
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return text;
  }
}

export function createContext(config: ContextConfig): ClientContext {
  const transport: TransportConfig = {
    fetch: config.fetch,
    basePath: new URL(config.baseUrl).pathname.replace(/\/+$/, ''),
    timeoutMs: config.timeoutMs,
    retry: config.retry,
    redact: config.redact,
  };
  const client = config.createRawClient(createRawFetch(transport));
  const jsonHeaders = { ...config.headers, 'content-type': 'application/json' };

  async function send(
    method: Method | 'HEAD',
    path: string,
    args: SendArgs<unknown>,
    options: CallOptions | undefined,
  ): Promise<SendResult<unknown>> {
    const call = new CallContext(transport, options ?? {});
    try {
      const url = buildUrl(config.baseUrl, path, args.params);
      const hasBody = args.body !== undefined;
      // `redirect: 'manual'`: a redirect is returned (and reported), never followed with the key.
      const init: RequestInit = { method, headers: hasBody ? jsonHeaders : config.headers, redirect: 'manual' };
      if (hasBody) init.body = JSON.stringify(args.body);
      if (call.signal) init.signal = call.signal;
      for (let attempt = 0; ; attempt++) {
        let response: Response;
        try {
          response = await call.fetchOnce(url, init);
        } catch (error) {
          const delay = call.retryDelay(attempt, { thrown: error });
          if (delay === undefined) throw error;
          await call.sleep(delay);
          continue;
        }
        if (!response.ok) {
          const body = await readError(response);
          const delay = call.retryDelay(attempt, response);
          if (delay !== undefined) {
            await call.sleep(delay);
            continue;
          }
          throw mispErrorFromResponse({
            status: response.status,
            body,
            headers: response.headers,
            url,
            redact: config.redact,
          });
        }
        // A HEAD answer has no body by definition: the status is the answer.
        if (method === 'HEAD') return { data: undefined as unknown as NonNullable<unknown>, response };
        const text = await response.text();
        if (!text.trim()) {
          throw new MispResponseError(`MISP answered HTTP ${response.status} with an empty body`, {
            status: response.status,
            url: config.redact(url),
          });
        }
        return { data: JSON.parse(text) as NonNullable<unknown>, response };
      }
    } catch (error) {
      throw call.mapError(error);
    } finally {
      call.dispose();
    }
  }

  async function exists(path: string, args: SendArgs<never>, options: CallOptions | undefined): Promise<boolean> {
    try {
      await send('HEAD', path, args, options);
      return true;
    } catch (error) {
      if (isMispErrorCode(error, 'misp_not_found') && error.status === 404) return false;
      // A view needs nothing but a valid key, so a (bodiless) 403 to HEAD means the key was refused.
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

  return {
    client,
    redact: config.redact,
    send: send as unknown as ClientContext['send'],
    exists: exists as ClientContext['exists'],
  };
}
