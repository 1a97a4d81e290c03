// Small tools for the helpers: envelope unwrapping that fails loudly (MispResponseError) when
// MISP answers with a shape the API does not promise, and the X-Result-Count total.
import { MispResponseError, MispValidationError } from '../errors.js';

export type { ClientContext } from '../internal/context.js';
export type { CallOptions } from '../internal/transport.js';

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object'
    ? `an object with keys ${Object.keys(value).slice(0, 5).join(', ') || '(none)'}`
    : typeof value;
}

export function unexpected(expected: string, value: unknown, response: Response): MispResponseError {
  return new MispResponseError(`Unexpected MISP response: expected ${expected}, got ${describe(value)}`, {
    status: response.status,
  });
}

/** `data[key]`, which must be an object (or array when `array` is set). */
export function field<T>(data: unknown, key: string, response: Response, array = false): T {
  const value =
    data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>)[key] : undefined;
  const ok = array ? Array.isArray(value) : value !== null && typeof value === 'object';
  if (!ok) throw unexpected(`an object with "${key}"`, data, response);
  return value as T;
}

export function list<T>(data: unknown, response: Response): T[] {
  if (!Array.isArray(data)) throw unexpected('an array', data, response);
  return data as T[];
}

/** `[{Key: x}, …]` → `[x, …]` */
export function unwrapEach<T>(items: unknown, key: string, response: Response): T[] {
  return list<Record<string, T>>(items, response).map((item) => {
    const value = item?.[key];
    if (value === undefined) throw unexpected(`[{${key}}]`, item, response);
    return value;
  });
}

export function resultCount(response: Response): number | undefined {
  const header = response.headers.get('x-result-count');
  if (header === null || !/^\d+$/.test(header.trim())) return undefined;
  return Number(header);
}

/** MISP answers some failures with HTTP 200 and `{saved:false, errors}` or a lone `{message}`. */
export function okOrValidationError(
  data: unknown,
  response: Response,
  ok: (data: Record<string, unknown>) => boolean,
): void {
  const record = (data && typeof data === 'object' ? data : {}) as Record<string, unknown>;
  if (ok(record)) return;
  const errors = record['errors'];
  const message =
    (typeof record['message'] === 'string' && record['message']) ||
    (typeof errors === 'string' && errors) ||
    (typeof record['name'] === 'string' && record['name']) ||
    'MISP did not save the change';
  throw new MispValidationError(message, {
    status: response.status,
    body: data,
    errors:
      errors && typeof errors === 'object'
        ? (errors as Record<string, unknown>)
        : typeof errors === 'string'
          ? { _: [errors] }
          : {},
  });
}

export function idParam(id: string | number): string {
  const text = String(id).trim();
  if (!/^[0-9]+$/.test(text) && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text)) {
    throw new MispValidationError(`Invalid id ${JSON.stringify(text.slice(0, 64))}: expected a numeric id or a UUID`);
  }
  return text;
}
