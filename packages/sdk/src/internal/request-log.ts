// The SDK's debug switch, like openai-node's: `logLevel: 'debug'` (or MISPKIT_LOG=debug in the
// environment) logs every HTTP attempt: method, path, status or network error, attempt number and
// duration. `warn` logs only failed attempts (network errors, 429, 5xx). Never the key, never
// headers or bodies, never the query string (restSearch filters may be sensitive).
import type { Redact } from '../errors.js';
import type { FetchFn } from './transport.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'off';
export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'off'];

/** Where log lines go (default `console`). */
export interface Logger {
  debug(message: string): void;
  warn(message: string): void;
}

/** The level from the option, else from MISPKIT_LOG (Node, Deno, Bun), else 'off'. */
export function resolveLogLevel(option: LogLevel | undefined): LogLevel {
  if (option !== undefined) return option;
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const fromEnv = env?.['MISPKIT_LOG']?.trim().toLowerCase();
  return LOG_LEVELS.includes(fromEnv as LogLevel) ? (fromEnv as LogLevel) : 'off';
}

function describe(input: string | Request, init: RequestInit | undefined, redact: Redact) {
  const method = init?.method ?? (typeof input === 'string' ? 'GET' : input.method);
  let path = typeof input === 'string' ? input : input.url;
  try {
    path = new URL(path).pathname;
  } catch {
    // keep what was given
  }
  return { method: method.toUpperCase(), path: redact(path) };
}

/**
 * Wraps the client's fetch so each attempt is logged. Attempts of one call share its signal (the
 * call's deadline or the caller's), which numbers them; a call with neither is always "attempt 1".
 */
export function withRequestLog(fetch: FetchFn, level: LogLevel, logger: Logger, redact: Redact): FetchFn {
  if (level !== 'debug' && level !== 'warn') return fetch;
  const attempts = new WeakMap<AbortSignal, number>();
  return async (input, init) => {
    const signal = init?.signal ?? (typeof input === 'string' ? undefined : input.signal);
    const attempt = signal ? (attempts.get(signal) ?? 0) + 1 : 1;
    if (signal) attempts.set(signal, attempt);
    const { method, path } = describe(input, init, redact);
    const started = Date.now();
    const line = (outcome: string) =>
      `mispkit-sdk: ${method} ${path} → ${outcome} (attempt ${attempt}, ${Date.now() - started} ms)`;
    try {
      const response = await fetch(input, init);
      const failed = response.status === 429 || response.status >= 500;
      if (level === 'debug') logger.debug(line(String(response.status)));
      else if (failed) logger.warn(line(String(response.status)));
      return response;
    } catch (error) {
      const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
      const code = typeof cause?.code === 'string' ? cause.code : error instanceof Error ? error.name : 'error';
      (level === 'debug' ? logger.debug : logger.warn).call(logger, line(`failed: ${redact(code)}`));
      throw error;
    }
  };
}
