// @mispkit/sdk/node — a faster transport for Node: undici's `request` over a keep-alive `Agent`, behind
// the fetch signature the client already takes. It skips the WHATWG fetch machinery (Request objects,
// body streams, CORS bookkeeping) that plain `fetch` runs per call; errors, timeouts and aborts are the
// client's own, so they behave exactly as with `fetch`. Needs the `undici` package (an optional peer
// dependency); browsers, Deno and Bun keep using the main entry with plain `fetch`.
//
//   import { createMispClient } from '@mispkit/sdk/node';   // keep-alive transport by default
//   const misp = createMispClient({ baseUrl, apiKey });
import { Agent, type Dispatcher } from 'undici';
import { createMispClient as createFetchClient, type MispClient, type MispClientOptions } from './client.js';
import type { FetchFn } from './internal/transport.js';

export * from './index.js';

export interface KeepAliveOptions {
  /** Connections kept per origin. Default 10. */
  connections?: number | undefined;
  /** How long an idle connection is kept open. Default 30 000 ms (MISP's Apache default `KeepAliveTimeout` is 5 s; idle sockets the server closed are replaced). */
  keepAliveTimeoutMs?: number | undefined;
  /** Your own undici dispatcher (an `Agent` with a private CA, a `ProxyAgent`, …); used as is. */
  dispatcher?: Dispatcher | undefined;
}

/** A fetch-compatible function that is also closable: `close()` ends its idle connections. */
export interface KeepAliveFetch extends FetchFn {
  close(): Promise<void>;
}

const NULL_BODY = new Set([101, 204, 205, 304]);

/**
 * A Response whose body is already read (undici has the whole text): `text()`/`json()` answer from it
 * without building a web ReadableStream, the costliest part of a Response (≈ 11 µs a call). `body`,
 * `clone()` and the other readers create the stream on first use, so it behaves as any Response.
 */
class TextResponse extends Response {
  #text: string;
  #used = false;
  #full: Response | undefined;
  constructor(text: string, init: ResponseInit) {
    super(null, init);
    this.#text = text;
  }
  #consume(): string {
    if (this.#used) throw new TypeError('Body is unusable: Body has already been read');
    this.#used = true;
    return this.#text;
  }
  /** The same answer as an ordinary Response, for what needs a stream. */
  #ordinary(): Response {
    this.#full ??= new Response(this.#text, {
      status: this.status,
      statusText: this.statusText,
      headers: this.headers,
    });
    return this.#full;
  }
  override get body(): Response['body'] {
    return this.#used && !this.#full ? null : this.#ordinary().body;
  }
  override get bodyUsed(): boolean {
    return this.#used || (this.#full?.bodyUsed ?? false);
  }
  override text(): Promise<string> {
    if (this.#full) return this.#full.text();
    try {
      return Promise.resolve(this.#consume());
    } catch (error) {
      return Promise.reject(error);
    }
  }
  override json(): Promise<unknown> {
    return this.text().then((text) => JSON.parse(text));
  }
  override arrayBuffer(): Promise<ArrayBuffer> {
    return this.#ordinary().arrayBuffer();
  }
  override bytes(): ReturnType<Response['bytes']> {
    return this.#ordinary().bytes();
  }
  override blob(): Promise<Blob> {
    return this.#ordinary().blob();
  }
  override formData(): Promise<FormData> {
    return this.#ordinary().formData();
  }
  override clone(): Response {
    if (this.bodyUsed) throw new TypeError('Response.clone: Body has already been consumed.');
    return new TextResponse(this.#text, { status: this.status, statusText: this.statusText, headers: this.headers });
  }
}

function plainHeaders(headers: HeadersInit | undefined): Record<string, string> {
  if (!headers) return {};
  if (headers instanceof Headers) return Object.fromEntries(headers);
  if (Array.isArray(headers)) return Object.fromEntries(headers);
  return headers as Record<string, string>;
}

/** undici's header object as Response headers: as is, unless a header came more than once (an array). */
function responseHeaders(raw: Record<string, string | string[] | undefined>): HeadersInit {
  let list: [string, string][] | undefined;
  for (const value of Object.values(raw)) {
    if (typeof value === 'string') continue;
    list = [];
    break;
  }
  if (!list) return raw as Record<string, string>;
  for (const [name, value] of Object.entries(raw)) {
    if (Array.isArray(value)) for (const v of value) list.push([name, v]);
    else if (value !== undefined) list.push([name, value]);
  }
  return list;
}

/**
 * A keep-alive transport for `createMispClient({ fetch })`. Redirects are never followed (as the
 * client requires); the caller's `signal` aborts the request and rejects with the signal's reason.
 */
export function keepAliveFetch(options: KeepAliveOptions = {}): KeepAliveFetch {
  const dispatcher =
    options.dispatcher ??
    new Agent({ connections: options.connections ?? 10, keepAliveTimeout: options.keepAliveTimeoutMs ?? 30_000 });
  // `dispatcher.request({ origin, path })` skips the URL parsing of undici's top-level `request()`.
  const split = (url: string): [origin: string, path: string] => {
    const slash = url.indexOf('/', url.indexOf('//') + 2);
    return slash === -1 ? [url, '/'] : [url.slice(0, slash), url.slice(slash)];
  };
  const send = async (input: string | Request, init?: RequestInit): Promise<Response> => {
    let url: string;
    let method: string;
    let headers: Record<string, string>;
    let body: string | Uint8Array | undefined;
    let signal: AbortSignal | null | undefined;
    if (typeof input === 'string') {
      url = input;
      method = init?.method ?? 'GET';
      headers = plainHeaders(init?.headers);
      body = init?.body as string | undefined;
      signal = init?.signal;
    } else {
      url = input.url;
      method = input.method;
      headers = Object.fromEntries(input.headers);
      body = input.body ? new Uint8Array(await input.arrayBuffer()) : undefined;
      signal = init?.signal ?? input.signal;
    }
    const [origin, path] = split(url);
    const answer = await dispatcher.request({
      origin,
      path,
      method: method as Dispatcher.HttpMethod,
      headers,
      body: body ?? null,
      signal: signal ?? null,
    });
    const answerInit = {
      status: answer.statusCode,
      statusText: (answer as { statusText?: string }).statusText ?? '',
      headers: responseHeaders(answer.headers),
    };
    if (method === 'HEAD' || NULL_BODY.has(answer.statusCode)) {
      await answer.body.dump();
      return new Response(null, answerInit);
    }
    return new TextResponse(await answer.body.text(), answerInit);
  };
  return Object.assign(send, { close: () => dispatcher.close() });
}

let shared: KeepAliveFetch | undefined;

/** `createMispClient` from the main entry, with `keepAliveFetch()` (one shared agent) unless you pass `fetch`. */
export function createMispClient(options: MispClientOptions): MispClient {
  if (options?.fetch) return createFetchClient(options);
  shared ??= keepAliveFetch();
  return createFetchClient({ ...options, fetch: shared });
}
