// Client options, checked once: the base URL normalised, the key trimmed, and the headers every
// request carries (lower-case names, so a caller's `authorization`/`accept` cannot sit beside ours).
import { createRedactor, MispError } from '../errors.js';
import { defaultRetry, type RetryPolicy } from '../retry.js';
import { SDK_VERSION } from '../version.js';
import { checkClientOptions } from './check-options.js';
import type { PipelineConfig } from './pipeline.js';
import { type Logger, type LogLevel, resolveLogLevel, withRequestLog } from './request-log.js';
import type { FetchFn } from './transport.js';

export interface MispClientOptions {
  /** Instance root, e.g. `https://misp.example.org` (a sub-path is fine). */
  baseUrl: string;
  /** The user's API key (40 characters), sent as the raw `Authorization` header. */
  apiKey: string;
  /**
   * A fetch-compatible function. Called as `fetch(url, init)`, or `fetch(request)` when middleware is
   * installed and for raw typed calls. Default `globalThis.fetch`; on Node, `keepAliveFetch()` from
   * `@mispkit/sdk/node` is faster.
   */
  fetch?: FetchFn | undefined;
  /** Deadline per call, all retries included. Default 30 000 ms; 0 disables. */
  timeoutMs?: number | undefined;
  /** Default `defaultRetry` (idempotent calls only, as the spec marks them). */
  retry?: RetryPolicy | undefined;
  userAgent?: string | undefined;
  /** Extra headers sent with every request. */
  headers?: Record<string, string> | undefined;
  /**
   * `debug` logs every HTTP attempt (method, path, status, attempt, duration; never the key, headers,
   * query or body); `warn` only failed attempts. Default: the MISPKIT_LOG environment variable, else `off`.
   */
  logLevel?: LogLevel | undefined;
  /** Where log lines go (default `console`). */
  logger?: Logger | undefined;
}

const DEFAULT_TIMEOUT_MS = 30_000;

function checkBaseUrl(options: MispClientOptions): string {
  if (!options || typeof options !== 'object') throw new TypeError('createMispClient: options are required');
  checkClientOptions(options as unknown as Record<string, unknown>);
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

export function pipelineConfig(options: MispClientOptions): PipelineConfig {
  const baseUrl = checkBaseUrl(options);
  const apiKey = options.apiKey.trim();
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(options.headers ?? {})) headers[name.toLowerCase()] = value;
  Object.assign(headers, {
    authorization: apiKey,
    accept: 'application/json',
    'user-agent': options.userAgent ?? headers['user-agent'] ?? `mispkit-sdk/${SDK_VERSION}`,
  });
  const redact = createRedactor([apiKey]);
  const baseFetch: FetchFn = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  return {
    baseUrl,
    fetch: withRequestLog(baseFetch, resolveLogLevel(options.logLevel), options.logger ?? console, redact),
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    retry: options.retry ?? defaultRetry,
    redact,
    headers,
  };
}
