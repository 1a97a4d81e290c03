// `createMispClient` refuses option values that cannot work instead of accepting them silently
// (`timeoutMs: -1` would otherwise mean "time out at once" or "never", depending on the code path).
import { MispError } from '../errors.js';
import { LOG_LEVELS, type LogLevel } from './request-log.js';

const fail = (message: string): never => {
  throw new MispError('misp_error', `createMispClient: ${message}`);
};

/** Throws a MispError naming the option and what it must be. Unknown keys are left to TypeScript. */
export function checkClientOptions(options: Record<string, unknown>): void {
  const { timeoutMs, fetch, retry, userAgent, headers, logLevel, logger } = options;
  if (logLevel !== undefined && !LOG_LEVELS.includes(logLevel as LogLevel)) {
    fail(`logLevel must be one of ${LOG_LEVELS.join(', ')}, got ${JSON.stringify(logLevel)}`);
  }
  if (logger !== undefined) {
    const candidate = logger as Record<string, unknown> | null;
    if (typeof candidate?.debug !== 'function' || typeof candidate?.warn !== 'function') {
      fail('logger must have debug() and warn() methods (console does)');
    }
  }
  if (timeoutMs !== undefined && (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs < 0)) {
    fail(`timeoutMs must be a number of milliseconds ≥ 0 (0 = no deadline), got ${JSON.stringify(timeoutMs)}`);
  }
  if (fetch !== undefined && typeof fetch !== 'function') fail('fetch must be a fetch-compatible function');
  if (retry !== undefined) {
    const policy = retry as Record<string, unknown> | null;
    if (typeof policy !== 'object' || policy === null || typeof policy.maxRetries !== 'number') {
      fail('retry must be a retry policy: use retryPolicy({...}), defaultRetry or noRetry');
    }
  }
  if (userAgent !== undefined && typeof userAgent !== 'string') fail('userAgent must be a string');
  if (headers !== undefined) {
    if (typeof headers !== 'object' || headers === null || Array.isArray(headers)) fail('headers must be an object');
    for (const [name, value] of Object.entries(headers as Record<string, unknown>)) {
      if (typeof value !== 'string') fail(`headers.${name} must be a string`);
    }
  }
}
