// One call's deadline, signals and retry decisions. Helpers retry by re-running the openapi-fetch
// call (a fresh Request per attempt, no body copies: fast); raw typed calls retry inside the fetch
// wrapper handed to openapi-fetch, sending a clone of the Request on each attempt. Redirects are
// never followed, and every failure becomes a MispError except a caller abort (rethrown as-is).
import {
  isMispError,
  MispConnectionError,
  MispResponseError,
  MispTimeoutError,
  type Redact,
  retryAfterSeconds,
  sanitizeCause,
} from '../errors.js';
import { backoffDelay, isReadOnlyRequest, type RetryPolicy } from '../retry.js';

/** Any fetch-compatible function: helpers call it with (url, init), raw typed calls with a Request. */
export type FetchFn = (input: string | Request, init?: RequestInit) => Promise<Response>;

/** Options accepted by every helper call. */
export interface CallOptions {
  /** Aborting rejects the call with the signal's reason (an `AbortError` DOMException by default). */
  signal?: AbortSignal | undefined;
  /** Deadline for the whole call, all retries and waits included. 0 or Infinity: none. */
  timeoutMs?: number | undefined;
  retry?: RetryPolicy | undefined;
}

export interface TransportConfig {
  fetch: FetchFn;
  /** Path part of the base URL without a trailing slash ('' at the root), to find the operation path. */
  basePath: string;
  timeoutMs: number;
  retry: RetryPolicy;
  redact: Redact;
}

const MAX_TIMER_MS = 2_147_483_647;

function anySignal(signals: ReadonlyArray<AbortSignal | undefined>): AbortSignal | undefined {
  const list = signals.filter((s): s is AbortSignal => s !== undefined);
  if (list.length <= 1) return list[0];
  if (typeof AbortSignal.any === 'function') return AbortSignal.any(list);
  const controller = new AbortController();
  for (const signal of list) {
    if (signal.aborted) {
      controller.abort(signal.reason);
      break;
    }
    signal.addEventListener('abort', () => controller.abort(signal.reason), { once: true });
  }
  return controller.signal;
}

export class CallContext {
  /** Caller signal combined with the deadline; undefined when there is neither. */
  readonly signal: AbortSignal | undefined;
  readonly policy: RetryPolicy;
  private readonly timeoutMs: number;
  private readonly deadline: number;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timedOut = false;
  private method = 'GET';
  private requestUrl = '';
  private requestSignal: AbortSignal | undefined;
  private networkError: unknown;

  constructor(
    private readonly config: TransportConfig,
    private readonly options: CallOptions,
  ) {
    this.policy = options.retry ?? config.retry;
    this.timeoutMs = options.timeoutMs ?? config.timeoutMs;
    const hasDeadline = this.timeoutMs > 0 && Number.isFinite(this.timeoutMs);
    this.deadline = hasDeadline ? Date.now() + this.timeoutMs : Number.POSITIVE_INFINITY;
    let deadlineSignal: AbortSignal | undefined;
    if (hasDeadline) {
      const controller = new AbortController();
      deadlineSignal = controller.signal;
      this.timer = setTimeout(
        () => {
          this.timedOut = true;
          controller.abort(new MispTimeoutError(`MISP call timed out after ${this.timeoutMs} ms`));
        },
        Math.min(this.timeoutMs, MAX_TIMER_MS),
      );
    }
    this.signal = anySignal([options.signal, deadlineSignal]);
  }

  /** The request URL (unredacted; redact before reporting). */
  get url(): string {
    return this.requestUrl;
  }

  /** One attempt. The caller puts `signal` and `redirect: 'manual'` in the init or the Request. */
  readonly fetchOnce: FetchFn = async (input, init) => {
    this.method = init?.method ?? (typeof input === 'string' ? 'GET' : input.method);
    this.requestUrl = typeof input === 'string' ? input : input.url;
    this.requestSignal = init?.signal ?? (typeof input === 'string' ? undefined : input.signal);
    this.networkError = undefined;
    try {
      return await this.config.fetch(input, init);
    } catch (error) {
      this.networkError = error;
      throw error;
    }
  };

  /** Milliseconds to wait before retrying after this outcome, or undefined to stop. */
  retryDelay(attempt: number, outcome: Response | { thrown: unknown }): number | undefined {
    const { policy } = this;
    if (!this.requestUrl || attempt >= policy.maxRetries || this.signal?.aborted) return undefined;
    if (!policy.retryWrites && !isReadOnlyRequest(this.method, this.relativePath(this.requestUrl))) return undefined;
    let delay = backoffDelay(policy, attempt + 1);
    if (outcome instanceof Response) {
      if (!policy.retryOn.includes(outcome.status)) return undefined;
      const retryAfter = retryAfterSeconds(outcome.headers);
      if (retryAfter !== undefined) {
        if (retryAfter * 1000 > policy.maxRetryAfterMs) return undefined;
        delay = retryAfter * 1000;
      }
    } else if (!policy.retryNetworkErrors || outcome.thrown !== this.networkError || this.networkError === undefined) {
      return undefined;
    }
    if (Date.now() + delay >= this.deadline) return undefined;
    policy.onRetry?.({
      attempt: attempt + 1,
      delayMs: delay,
      reason: outcome instanceof Response ? outcome.status : 'network',
      method: this.method,
      url: this.config.redact(this.requestUrl),
    });
    return delay;
  }

  sleep(ms: number): Promise<void> {
    const signal = this.signal;
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Turns anything thrown during the call into a MispError, except a caller abort (rethrown as-is). */
  mapError(error: unknown): unknown {
    const url = this.config.redact(this.url);
    if (this.timedOut) return new MispTimeoutError(`MISP call timed out after ${this.timeoutMs} ms`, { url });
    if (isMispError(error)) return error;
    for (const signal of [this.options.signal, this.requestSignal]) if (signal?.aborted) return signal.reason;
    if (error instanceof SyntaxError) {
      return new MispResponseError('MISP returned a response that is not valid JSON', {
        url,
        cause: sanitizeCause(error, this.config.redact),
      });
    }
    const detail = error instanceof Error ? error.message : String(error);
    return new MispConnectionError(this.config.redact(`Could not reach MISP: ${detail}`), {
      url,
      cause: sanitizeCause(error, this.config.redact),
    });
  }

  private relativePath(url: string): string {
    const path = new URL(url).pathname;
    const base = this.config.basePath;
    return base && path.startsWith(base) ? path.slice(base.length) : path;
  }
}

/**
 * The client-level fetch for raw typed calls (misp.GET/POST): the client's deadline and retry
 * policy, the Request's own signal, a clone per attempt when it has a body. The deadline covers
 * the wait for the response headers.
 */
export function createRawFetch(config: TransportConfig): (request: Request, init?: RequestInit) => Promise<Response> {
  return async (request, init) => {
    const call = new CallContext(config, { signal: request.signal });
    try {
      for (let attempt = 0; ; attempt++) {
        const body = request.body !== null;
        const attemptRequest = body && call.policy.maxRetries > 0 ? request.clone() : request;
        let response: Response;
        try {
          // `redirect: 'manual'`: a redirect is returned (and reported), never followed with the key.
          const sent = new Request(attemptRequest, {
            ...init,
            redirect: 'manual',
            ...(call.signal ? { signal: call.signal } : {}),
          });
          response = await call.fetchOnce(sent);
        } catch (error) {
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
    } catch (error) {
      throw call.mapError(error);
    } finally {
      call.dispose();
    }
  };
}
