// One error base class, a subclass per failure kind, a stable `code`, and the API key
// redacted before anything is stored on the error (so message, stack, toJSON, util.inspect
// and cause are all clean without special cases).

export type MispErrorCode =
  | 'misp_error'
  | 'misp_authentication'
  | 'misp_forbidden'
  | 'misp_not_found'
  | 'misp_validation'
  | 'misp_rate_limited'
  | 'misp_server'
  | 'misp_timeout'
  | 'misp_connection'
  | 'misp_bad_response';

/** Field → messages, as MISP returns them in `errors` (nested per item for batch adds). */
export type MispFieldErrors = Record<string, unknown>;

export interface MispErrorOptions {
  status?: number | undefined;
  url?: string | undefined;
  requestId?: string | undefined;
  cause?: unknown;
  /** The parsed error body MISP sent, if any. */
  body?: unknown;
}

const BRAND = Symbol.for('mispkit.MispError');

export class MispError extends Error {
  readonly code: MispErrorCode;
  /** HTTP status, when MISP answered at all. */
  readonly status: number | undefined;
  /** Request URL (path and query), redacted. */
  readonly url: string | undefined;
  readonly requestId: string | undefined;
  readonly body: unknown;

  constructor(code: MispErrorCode, message: string, options: MispErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    // Literal names (not `new.target.name`): a minifier renames classes, and `error.name` would read `mt`.
    this.name = ERROR_NAMES[code] ?? 'MispError';
    this.code = code;
    this.status = options.status;
    this.url = options.url;
    this.requestId = options.requestId;
    this.body = options.body;
    Object.defineProperty(this, BRAND, { value: true, enumerable: false });
    Object.setPrototypeOf(this, new.target.prototype);
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      status: this.status,
      url: this.url,
      requestId: this.requestId,
      body: this.body,
      cause: causeJson(this.cause),
    };
  }
}

const ERROR_NAMES: Partial<Record<MispErrorCode, string>> = {
  misp_error: 'MispError',
  misp_authentication: 'MispAuthenticationError',
  misp_forbidden: 'MispForbiddenError',
  misp_not_found: 'MispNotFoundError',
  misp_validation: 'MispValidationError',
  misp_rate_limited: 'MispRateLimitError',
  misp_server: 'MispServerError',
  misp_timeout: 'MispTimeoutError',
  misp_connection: 'MispConnectionError',
  misp_bad_response: 'MispResponseError',
};

/** The cause chain as plain data (name, message, code), so logs of `toJSON()` keep the real reason. */
function causeJson(cause: unknown, depth = 0): unknown {
  if (cause === undefined || depth > 4) return undefined;
  if (!(cause instanceof Error)) return typeof cause === 'string' ? cause : undefined;
  const code = (cause as { code?: unknown }).code;
  return {
    name: cause.name,
    message: cause.message,
    ...(typeof code === 'string' ? { code } : {}),
    ...(cause.cause !== undefined ? { cause: causeJson(cause.cause, depth + 1) } : {}),
  };
}

/** The innermost error of a cause chain: for `fetch failed`, the socket, DNS or TLS error behind it. */
function rootCause(cause: unknown): Error | undefined {
  let current: unknown = cause;
  let root: Error | undefined;
  for (let depth = 0; current instanceof Error && depth < 6; depth++) {
    root = current;
    current = current.cause;
  }
  return root;
}

const TLS_CODES =
  /^(CERT_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_(GET|VERIFY)_|ERR_TLS_|ERR_SSL_|ERR_OSSL_)/;
/** What browsers say for a refused cross-origin request (and for a server that is down). */
const BROWSER_FETCH_FAILURE = /^(Failed to fetch|NetworkError when attempting to fetch resource\.?|Load failed)$/;

/**
 * A browser's opaque fetch failure ("Failed to fetch"): a CORS refusal looks exactly like this, and
 * sending the same request again is refused the same way, so it is not retried blindly.
 */
export function isOpaqueBrowserFailure(error: unknown): boolean {
  return (
    typeof document !== 'undefined' && error instanceof TypeError && BROWSER_FETCH_FAILURE.test(error.message.trim())
  );
}

/**
 * "fetch failed" names nothing: the reason is in the cause chain (`connect ECONNREFUSED 127.0.0.1:8080`,
 * `getaddrinfo ENOTFOUND misp.example`, a certificate error). Added to the message, with a hint for
 * TLS problems and for a browser's opaque failure, which is most often CORS.
 */
export function describeConnectionFailure(message: string, cause: unknown): string {
  const root = rootCause(cause);
  if (!root) return message;
  const code = (root as { code?: unknown }).code;
  const codeText = typeof code === 'string' ? code : '';
  let detail = root.message && !message.includes(root.message) ? root.message : '';
  if (codeText && !detail.includes(codeText) && !message.includes(codeText))
    detail = detail ? `${codeText}: ${detail}` : codeText;
  let hint = '';
  if (TLS_CODES.test(codeText) || /certificate|SSL routines|wrong version number/i.test(root.message)) {
    hint =
      ' (TLS: check that baseUrl uses the right scheme and port, and that the certificate is valid for the host or its CA is trusted, e.g. NODE_EXTRA_CA_CERTS)';
  } else if (BROWSER_FETCH_FAILURE.test(root.message) && typeof document !== 'undefined') {
    hint =
      ' (in a browser this usually means CORS: MISP must allow this origin and the Authorization header; or MISP is not reachable)';
  }
  return `${message}${detail ? `: ${detail}` : ''}${hint}`;
}

/** Field errors as one line: `value: Invalid IP; type: Options depend on the selected category`. */
export function describeFieldErrors(errors: MispFieldErrors | undefined, max = 500): string {
  if (!errors) return '';
  const parts: string[] = [];
  const walk = (value: unknown, path: string, depth: number): void => {
    if (depth > 4) return;
    if (typeof value === 'string') parts.push(path ? `${path}: ${value}` : value);
    else if (Array.isArray(value)) for (const item of value) walk(item, path, depth + 1);
    else if (value && typeof value === 'object') {
      for (const [key, item] of Object.entries(value))
        walk(item, key === '_' ? path : path ? `${path}.${key}` : key, depth + 1);
    }
  };
  walk(errors, '', 0);
  const text = [...new Set(parts)].join('; ');
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** 403 "Authentication failed…" (MISP answers 403, not 401, for a bad or missing key). */
export class MispAuthenticationError extends MispError {
  constructor(message: string, options?: MispErrorOptions) {
    super('misp_authentication', message, options);
  }
}

/** 403 for a valid key that lacks the permission (e.g. a read-only key on a write). */
export class MispForbiddenError extends MispError {
  constructor(message: string, options?: MispErrorOptions) {
    super('misp_forbidden', message, options);
  }
}

/** 404, and MISP's 405 "Invalid attribute" for a missing attribute. */
export class MispNotFoundError extends MispError {
  constructor(message: string, options?: MispErrorOptions) {
    super('misp_not_found', message, options);
  }
}

/** MISP refused the input: 403 `{saved:false, errors}`, 400, invalid JSON, HTTP-200 sighting failures. */
export class MispValidationError extends MispError {
  readonly errors: MispFieldErrors;
  /** The message names the field errors too ("Could not add Attribute: type: …"); `errors` has them all. */
  constructor(message: string, options?: MispErrorOptions & { errors?: MispFieldErrors | undefined }) {
    const fields = describeFieldErrors(options?.errors);
    super('misp_validation', fields && !message.includes(fields) ? `${message}: ${fields}` : message, options);
    this.errors = options?.errors ?? {};
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), errors: this.errors };
  }
}

/** 429; `retryAfter` is in seconds when the server said (Retry-After or X-Rate-Limit-Reset). */
export class MispRateLimitError extends MispError {
  readonly retryAfter: number | undefined;
  constructor(message: string, options?: MispErrorOptions & { retryAfter?: number | undefined }) {
    super('misp_rate_limited', message, options);
    this.retryAfter = options?.retryAfter;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), retryAfter: this.retryAfter };
  }
}

/** 5xx, including an empty-bodied 500. */
export class MispServerError extends MispError {
  constructor(message: string, options?: MispErrorOptions) {
    super('misp_server', message, options);
  }
}

/** The call's `timeoutMs` elapsed (across all attempts). */
export class MispTimeoutError extends MispError {
  constructor(message: string, options?: MispErrorOptions) {
    super('misp_timeout', message, options);
  }
}

/** No HTTP answer: DNS, refused connection, reset, TLS failure. The message names the cause. */
export class MispConnectionError extends MispError {
  constructor(message: string, options?: MispErrorOptions) {
    super('misp_connection', describeConnectionFailure(message, options?.cause), options);
  }
}

/** MISP answered, but not with what the API promises: malformed JSON, unexpected shape, a redirect. */
export class MispResponseError extends MispError {
  constructor(message: string, options?: MispErrorOptions) {
    super('misp_bad_response', message, options);
  }
}

/** True for any MispError, including one thrown by another copy of this package (ESM vs CJS). */
export function isMispError(value: unknown): value is MispError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}

export function isMispErrorCode<C extends MispErrorCode>(value: unknown, code: C): value is MispError & { code: C } {
  return isMispError(value) && value.code === code;
}

// ---------------------------------------------------------------------------------------------

export type Redact = (text: string) => string;

export const REDACTED = '[redacted]';

/** Replaces every occurrence of the given secrets. Secrets shorter than 8 chars are ignored (never a real key). */
export function createRedactor(secrets: ReadonlyArray<string | undefined>): Redact {
  const list = secrets.filter((s): s is string => typeof s === 'string' && s.length >= 8);
  if (list.length === 0) return (text) => text;
  return (text) => {
    let out = text;
    for (const secret of list) out = out.split(secret).join(REDACTED);
    return out;
  };
}

function redactDeep(value: unknown, redact: Redact, depth = 0): unknown {
  if (typeof value === 'string') return redact(value);
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, redact, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = redactDeep(item, redact, depth + 1);
  return out;
}

/**
 * A copy of a thrown value that is safe to attach as `cause`: same name and message, redacted,
 * with a redacted stack. Native errors (e.g. undici's `TypeError: fetch failed`) are copied
 * because their own `cause` chain may embed request details.
 */
export function sanitizeCause(cause: unknown, redact: Redact, depth = 0): unknown {
  if (!(cause instanceof Error)) return typeof cause === 'string' ? redact(cause) : cause;
  const copy = new Error(redact(cause.message));
  copy.name = cause.name;
  if (cause.stack !== undefined) copy.stack = redact(cause.stack);
  const code = (cause as { code?: unknown }).code;
  if (typeof code === 'string') Object.defineProperty(copy, 'code', { value: code, enumerable: true });
  if (cause.cause !== undefined && depth < 4) copy.cause = sanitizeCause(cause.cause, redact, depth + 1);
  return copy;
}

function pickMessage(body: unknown): string | undefined {
  if (typeof body === 'string') return body.trim() ? body.trim().slice(0, 500) : undefined;
  if (body && typeof body === 'object') {
    const record = body as Record<string, unknown>;
    for (const key of ['message', 'name', 'errors']) {
      if (typeof record[key] === 'string' && record[key]) return record[key] as string;
    }
  }
  return undefined;
}

function fieldErrors(body: unknown): MispFieldErrors | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const errors = (body as Record<string, unknown>)['errors'];
  if (errors && typeof errors === 'object' && !Array.isArray(errors)) return errors as MispFieldErrors;
  if (typeof errors === 'string') return { _: [errors] };
  return undefined;
}

/** Seconds from `Retry-After` (delta-seconds or HTTP date), else from `X-Rate-Limit-Reset`. */
export function retryAfterSeconds(headers: Headers, now = Date.now()): number | undefined {
  const value = headers.get('retry-after') ?? headers.get('x-rate-limit-reset');
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

export interface ResponseErrorInput {
  status: number;
  body: unknown;
  headers: Headers;
  url?: string | undefined;
  redact?: Redact | undefined;
}

/**
 * MISP answers a request it does not take for an API call (no `Accept: application/json`, no `.json`
 * suffix, not a restSearch) with a 302 to its own `/users/login` page, whatever the key. A login page
 * on another origin is not that: it is reported as a plain redirect (probably a wrong baseUrl).
 */
function isLoginRedirect(location: string, requestUrl: string | undefined): boolean {
  try {
    const base = requestUrl ?? 'http://misp.invalid/';
    const target = new URL(location, base);
    return target.origin === new URL(base).origin && /\/users\/login\/?$/.test(target.pathname);
  } catch {
    return false;
  }
}

/**
 * MISP's own "not found" names the thing (`Invalid event`). A bare `Not Found`, or a body that is not
 * MISP's `{name, message, url}`, usually means the request never reached MISP's API: a baseUrl with
 * `/api` or a path after the root, or another server at that address.
 */
function notFoundMessage(message: string, body: unknown, url: string | undefined): string {
  const record = body && typeof body === 'object' ? (body as Record<string, unknown>) : undefined;
  const mispShaped = typeof record?.['message'] === 'string' && typeof record?.['url'] === 'string';
  if (mispShaped && !/^not found$/i.test(String(record?.['message']).trim())) return message;
  let path = '';
  try {
    path = url === undefined ? '' : new URL(url).pathname;
  } catch {
    path = '';
  }
  const apiSuffix = /(^|\/)api(\/|$)/.test(path) ? ' (without /api: MISP has no /api prefix)' : '';
  return `${message}. Check baseUrl: it must be MISP's root URL, e.g. https://misp.example.org${apiSuffix}${mispShaped ? '' : '; the answer does not look like MISP'}`;
}

/** Maps a non-2xx MISP answer to the matching MispError subclass. */
export function mispErrorFromResponse({
  status,
  body,
  headers,
  url,
  redact = (t) => t,
}: ResponseErrorInput): MispError {
  const misp = pickMessage(body);
  const message = redact(misp ?? `MISP answered HTTP ${status} with no error message`);
  const options: MispErrorOptions = {
    status,
    url: url === undefined ? undefined : redact(url),
    requestId: headers.get('x-request-id') ?? undefined,
    body: redactDeep(body, redact),
  };
  // Browsers report a manual redirect as an opaque response with status 0.
  if (status === 0 || (status >= 300 && status < 400)) {
    const location = headers.get('location');
    if (location !== null && isLoginRedirect(location, url)) {
      const where = location === '/users/login' ? '' : ` (HTTP ${status} to ${location})`;
      return new MispResponseError(
        redact(
          `MISP redirected to /users/login: the request was not treated as an API call (send Accept: application/json)${where}`,
        ),
        options,
      );
    }
    return new MispResponseError(
      redact(
        `MISP answered with a redirect (HTTP ${status}${location ? ` to ${location}` : ''}); the SDK does not follow redirects so the API key is never sent elsewhere. Check baseUrl.`,
      ),
      options,
    );
  }
  if (status === 401) return new MispAuthenticationError(message, options);
  if (status === 403) {
    if (misp?.startsWith('Authentication failed')) return new MispAuthenticationError(message, options);
    const errors = fieldErrors(body);
    const saved = body && typeof body === 'object' ? (body as Record<string, unknown>)['saved'] : undefined;
    if (errors || saved === false) return new MispValidationError(message, { ...options, errors });
    return new MispForbiddenError(message, options);
  }
  if (status === 404 || status === 410) return new MispNotFoundError(notFoundMessage(message, body, url), options);
  if (status === 405 && misp?.startsWith('Invalid ') && !misp.startsWith('Invalid JSON')) {
    return new MispNotFoundError(message, options);
  }
  if (status === 400 || status === 405 || status === 413 || status === 422) {
    return new MispValidationError(message, { ...options, errors: fieldErrors(body) });
  }
  if (status === 429) {
    return new MispRateLimitError(message, { ...options, retryAfter: retryAfterSeconds(headers) });
  }
  if (status >= 500) return new MispServerError(message, options);
  return new MispError('misp_error', message, options);
}
