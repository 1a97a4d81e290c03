// One call's deadline, signals and retry decisions, used by the request pipeline (pipeline.ts) for
// every call: generated methods, helpers and raw typed calls alike. Whether a call may be retried
// comes from the spec (x-mispkit.idempotent), never from guessing at its path. Every failure becomes a
// MispError except a caller abort (rethrown as-is).
import {
  isMispError,
  isOpaqueBrowserFailure,
  MispConnectionError,
  MispResponseError,
  MispTimeoutError,
  type Redact,
  retryAfterSeconds,
  sanitizeCause,
} from '../errors.js';
import { backoffDelay, type RetryPolicy } from '../retry.js';

/** Any fetch-compatible function: called with (url, init) when no middleware is installed, else with a Request. */
export type FetchFn = (input: string | Request, init?: RequestInit) => Promise<Response>;

/** Options accepted by every method call, after its arguments. */
export interface CallOptions {
  /** Aborting rejects the call with the signal's reason (an `AbortError` DOMException by default). */
  signal?: AbortSignal | undefined;
  /** Deadline for the whole call, all retries and waits included. 0 or Infinity: none. */
  timeoutMs?: number | undefined;
  retry?: RetryPolicy | undefined;
}

export interface TransportConfig {
  fetch: FetchFn;
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
  private inFetch = false;

  constructor(
    private readonly config: TransportConfig,
    private readonly options: CallOptions,
    /** From the route's x-mispkit.idempotent: may this request be sent again? */
    private readonly idempotent: boolean,
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
    this.signal =
      options.signal && deadlineSignal
        ? anySignal([options.signal, deadlineSignal])
        : (options.signal ?? deadlineSignal);
  }

  /** The request URL (unredacted; redact before reporting). */
  get url(): string {
    return this.requestUrl;
  }

  /** One attempt. The caller puts `signal` and `redirect: 'manual'` in the init or the Request. */
  fetchOnce(input: string | Request, init?: RequestInit): Promise<Response> {
    this.method = init?.method ?? (typeof input === 'string' ? 'GET' : input.method);
    this.requestUrl = typeof input === 'string' ? input : input.url;
    this.requestSignal = init?.signal ?? (typeof input === 'string' ? undefined : input.signal);
    this.networkError = undefined;
    this.inFetch = true;
    return this.config.fetch(input, init);
  }

  /** Before each attempt: nothing has been handed to fetch yet. */
  startAttempt(): void {
    this.inFetch = false;
  }

  /** Records a failure of the attempt: only what fetch itself threw may be retried as a network error. */
  attemptFailed(error: unknown): void {
    if (this.inFetch) this.networkError = error;
  }

  /** Milliseconds to wait before retrying after this outcome, or undefined to stop. */
  retryDelay(attempt: number, outcome: Response | { thrown: unknown }): number | undefined {
    const { policy } = this;
    if (!this.requestUrl || attempt >= policy.maxRetries || this.signal?.aborted) return undefined;
    if (!policy.retryWrites && !this.idempotent) return undefined;
    let delay = backoffDelay(policy, attempt + 1);
    if (outcome instanceof Response) {
      if (!policy.retryOn.includes(outcome.status)) return undefined;
      const retryAfter = retryAfterSeconds(outcome.headers);
      if (retryAfter !== undefined) {
        if (retryAfter * 1000 > policy.maxRetryAfterMs) return undefined;
        delay = retryAfter * 1000;
      }
    } else if (
      !policy.retryNetworkErrors ||
      outcome.thrown !== this.networkError ||
      this.networkError === undefined ||
      isOpaqueBrowserFailure(this.networkError) // most often CORS: the same request is refused again
    ) {
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
}
