// The fetch wrapper handed to openapi-fetch: one deadline per call (covering every attempt and
// every wait), the caller's AbortSignal, retries of read-only requests (each attempt sends a
// clone of the Request), redirects never followed, network failures mapped to MispErrors.
import {
  MispConnectionError,
  MispTimeoutError,
  type Redact,
  isMispError,
  MispResponseError,
  retryAfterSeconds,
  sanitizeCause,
} from '../errors.js';
import { backoffDelay, isReadOnlyRequest, type RetryPolicy } from '../retry.js';

export type FetchFn = (input: Request, init?: RequestInit) => Promise<Response>;

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

function anySignal(signals: ReadonlyArray<AbortSignal | undefined>): AbortSignal {
  const list = signals.filter((s): s is AbortSignal => s !== undefined);
  if (list.length === 1) return list[0] as AbortSignal;
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

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** One call's state: its deadline timer, its signals, and the last response seen. */
export class CallContext {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timedOut = false;
  private readonly callerSignals: Array<AbortSignal | undefined> = [];
  private requestUrl = '';
  /** The last HTTP response returned to openapi-fetch (for status/headers in error reports). */
  response: Response | undefined;

  constructor(
    private readonly config: TransportConfig,
    private readonly options: CallOptions,
    /** Keep the deadline running after the response headers arrive (helpers dispose after reading the body). */
    private readonly holdDeadline: boolean,
  ) {}

  readonly fetch: FetchFn = async (request, init) => {
    this.requestUrl = request.url;
    try {
      const response = await this.send(request, init);
      this.response = response;
      return response;
    } catch (error) {
      throw this.mapError(error);
    } finally {
      if (!this.holdDeadline) this.dispose();
    }
  };

  /** The request URL (unredacted; redact before reporting). */
  get url(): string {
    return this.requestUrl;
  }

  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Turns anything thrown during the call into a MispError, except a caller abort (rethrown as-is). */
  mapError(error: unknown): unknown {
    const url = this.config.redact(this.requestUrl);
    if (this.timedOut) {
      const ms = this.options.timeoutMs ?? this.config.timeoutMs;
      return new MispTimeoutError(`MISP call timed out after ${ms} ms`, { url });
    }
    if (isMispError(error)) return error;
    for (const signal of this.callerSignals) if (signal?.aborted) return signal.reason;
    if (error instanceof SyntaxError) {
      return new MispResponseError('MISP returned a response that is not valid JSON', {
        url,
        status: this.response?.status,
        cause: sanitizeCause(error, this.config.redact),
      });
    }
    const detail = error instanceof Error ? error.message : String(error);
    return new MispConnectionError(this.config.redact(`Could not reach MISP: ${detail}`), {
      url,
      cause: sanitizeCause(error, this.config.redact),
    });
  }

  private async send(request: Request, init: RequestInit | undefined): Promise<Response> {
    const { config, options } = this;
    const policy = options.retry ?? config.retry;
    const timeoutMs = options.timeoutMs ?? config.timeoutMs;
    this.callerSignals.push(options.signal, request.signal);

    const deadlineController = new AbortController();
    const hasDeadline = timeoutMs > 0 && Number.isFinite(timeoutMs);
    const deadline = hasDeadline ? Date.now() + timeoutMs : Number.POSITIVE_INFINITY;
    if (hasDeadline && this.timer === undefined) {
      this.timer = setTimeout(
        () => {
          this.timedOut = true;
          deadlineController.abort(new MispTimeoutError(`MISP call timed out after ${timeoutMs} ms`));
        },
        Math.min(timeoutMs, MAX_TIMER_MS),
      );
    }
    const signal = anySignal([options.signal, request.signal, deadlineController.signal]);

    const canRetry =
      policy.maxRetries > 0 && (policy.retryWrites || isReadOnlyRequest(request.method, this.relativePath(request.url)));

    for (let attempt = 0; ; attempt++) {
      const attemptRequest = canRetry ? request.clone() : request;
      let response: Response;
      try {
        // `redirect: 'manual'`: a redirect is returned (and reported), never followed with the key.
        response = await config.fetch(attemptRequest, { ...init, signal, redirect: 'manual' });
      } catch (error) {
        if (signal.aborted || !canRetry || !policy.retryNetworkErrors || attempt >= policy.maxRetries) throw error;
        const delay = backoffDelay(policy, attempt + 1);
        if (Date.now() + delay >= deadline) throw error;
        policy.onRetry?.({ attempt: attempt + 1, delayMs: delay, reason: 'network', method: request.method, url: this.config.redact(request.url) });
        await sleep(delay, signal);
        continue;
      }

      if (!canRetry || attempt >= policy.maxRetries || !policy.retryOn.includes(response.status)) return response;
      const retryAfter = retryAfterSeconds(response.headers);
      let delay = backoffDelay(policy, attempt + 1);
      if (retryAfter !== undefined) {
        if (retryAfter * 1000 > policy.maxRetryAfterMs) return response;
        delay = retryAfter * 1000;
      }
      if (Date.now() + delay >= deadline) return response;
      await response.body?.cancel().catch(() => undefined);
      policy.onRetry?.({
        attempt: attempt + 1,
        delayMs: delay,
        reason: response.status,
        method: request.method,
        url: this.config.redact(request.url),
      });
      await sleep(delay, signal);
    }
  }

  private relativePath(url: string): string {
    const path = new URL(url).pathname;
    const base = this.config.basePath;
    return base && path.startsWith(base) ? path.slice(base.length) : path;
  }
}
