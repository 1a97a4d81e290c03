// What the helpers share: the raw typed client, the transport settings, and `call`, which runs
// one raw-client request with per-call options and turns every failure into a MispError.
import type { Client } from 'openapi-fetch';
import { MispResponseError, mispErrorFromResponse, type Redact } from '../errors.js';
import type { paths } from '../generated/schema.js';
import type { RetryPolicy } from '../retry.js';
import { type CallOptions, CallContext, type FetchFn, type TransportConfig } from './transport.js';

export interface ContextConfig {
  baseUrl: string;
  fetch: FetchFn;
  timeoutMs: number;
  retry: RetryPolicy;
  redact: Redact;
  createRawClient: (fetch: FetchFn) => Client<paths>;
}

interface RawResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}

export interface CallResult<R extends RawResult> {
  data: NonNullable<R['data']>;
  response: Response;
}

export interface ClientContext {
  readonly client: Client<paths>;
  readonly redact: Redact;
  call<R extends RawResult>(options: CallOptions | undefined, run: (fetch: FetchFn) => Promise<R>): Promise<CallResult<R>>;
}

export function createContext(config: ContextConfig): ClientContext {
  const transport: TransportConfig = {
    fetch: config.fetch,
    basePath: new URL(config.baseUrl).pathname.replace(/\/+$/, ''),
    timeoutMs: config.timeoutMs,
    retry: config.retry,
    redact: config.redact,
  };
  // Raw typed calls (misp.GET/POST) get the client defaults; their deadline ends with the headers.
  const client = config.createRawClient((request, init) => new CallContext(transport, {}, false).fetch(request, init));

  async function call<R extends RawResult>(
    options: CallOptions | undefined,
    run: (fetch: FetchFn) => Promise<R>,
  ): Promise<CallResult<R>> {
    const context = new CallContext(transport, options ?? {}, true);
    try {
      const result = await run(context.fetch);
      const { response } = result;
      if (!response.ok) {
        throw mispErrorFromResponse({
          status: response.status,
          body: result.error,
          headers: response.headers,
          url: response.url || context.url,
          redact: config.redact,
        });
      }
      if (result.data === undefined || result.data === null) {
        throw new MispResponseError(`MISP answered HTTP ${response.status} with an empty body`, {
          status: response.status,
          url: config.redact(response.url || context.url),
        });
      }
      return { data: result.data as NonNullable<R['data']>, response };
    } catch (error) {
      throw context.mapError(error);
    } finally {
      context.dispose();
    }
  }

  return { client, redact: config.redact, call };
}
