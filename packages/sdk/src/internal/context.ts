// What the helpers share: the raw typed client, the transport settings, and `call`, which runs
// one raw-client request with per-call options and turns every failure into a MispError.
import type { Client } from 'openapi-fetch';
import { MispResponseError, mispErrorFromResponse, type Redact } from '../errors.js';
import type { paths } from '../generated/schema.js';
import type { RetryPolicy } from '../retry.js';
import { type CallOptions, CallContext, createRawFetch, type FetchFn, type TransportConfig } from './transport.js';

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

/** What a helper passes to openapi-fetch so the attempt runs under this call's rules. */
// A type literal (not an interface) so it fits openapi-fetch's index-signature init type.
export type AttemptInit = { fetch: FetchFn; signal?: AbortSignal };

export interface ClientContext {
  readonly client: Client<paths>;
  readonly redact: Redact;
  /**
   * Runs one helper call: re-runs `run` for each attempt (openapi-fetch builds a fresh Request each
   * time), and turns non-2xx answers, empty bodies and thrown errors into MispErrors.
   */
  call<R extends RawResult>(options: CallOptions | undefined, run: (init: AttemptInit) => Promise<R>): Promise<CallResult<R>>;
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

  async function call<R extends RawResult>(
    options: CallOptions | undefined,
    run: (init: AttemptInit) => Promise<R>,
  ): Promise<CallResult<R>> {
    const context = new CallContext(transport, options ?? {});
    const init: AttemptInit = context.signal ? { fetch: context.fetchOnce, signal: context.signal } : { fetch: context.fetchOnce };
    try {
      for (let attempt = 0; ; attempt++) {
        let result: R;
        try {
          result = await run(init);
        } catch (error) {
          const delay = context.retryDelay(attempt, { thrown: error });
          if (delay === undefined) throw error;
          await context.sleep(delay);
          continue;
        }
        const { response } = result;
        if (!response.ok) {
          const delay = context.retryDelay(attempt, response);
          if (delay !== undefined) {
            await context.sleep(delay);
            continue;
          }
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
      }
    } catch (error) {
      throw context.mapError(error);
    } finally {
      context.dispose();
    }
  }

  return { client, redact: config.redact, call };
}
