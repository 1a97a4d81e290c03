// @mispkit/sdk — typed MISP client. Runs anywhere with fetch (Node ≥ 20, browsers, Deno, Bun).
export { createMispClient, type MispClient, type MispClientOptions } from './client.js';
export {
  isMispError,
  isMispErrorCode,
  MispAuthenticationError,
  MispConnectionError,
  MispError,
  type MispErrorCode,
  type MispFieldErrors,
  MispForbiddenError,
  MispNotFoundError,
  MispRateLimitError,
  MispResponseError,
  MispServerError,
  MispTimeoutError,
  MispValidationError,
  mispErrorFromResponse,
} from './errors.js';
export type * from './generated/methods.js';
export type { MispCapabilities, SightingListQuery, TagTarget } from './helpers.js';
export type { CallOptions, FetchFn } from './internal/transport.js';
export type { Page, PageFetcher, Paginate, PaginateOptions } from './pagination.js';
export {
  defaultRetry,
  noRetry,
  type RetryEvent,
  type RetryPolicy,
  type RetryPolicyOptions,
  retryPolicy,
} from './retry.js';
export * from './types.js';
export { SDK_VERSION } from './version.js';
