import { HttpError, saveFailure } from '../http.js';
import { readSetting } from '../settings.js';
import type { RequestContext, Row } from '../types.js';

/** Whether a lookup that throws MISP's not-found error (404, or 405 "Invalid attribute") finds something. */
export function found(lookup: () => unknown): boolean {
  try {
    lookup();
    return true;
  } catch (error) {
    if (error instanceof HttpError && (error.status === 404 || error.status === 405)) return false;
    throw error;
  }
}

/** The JSON body as an object, with a model wrapper (`{Event: {...}}`) removed when present. */
export function bodyObject(ctx: RequestContext, wrapper?: string): Row {
  let body = ctx.body;
  if (wrapper && body && typeof body === 'object' && !Array.isArray(body) && wrapper in (body as Row)) {
    body = (body as Row)[wrapper];
  }
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) {
    // MISP reports unusable input as a failed save (403), not as a 400.
    throw saveFailure('Could not save: invalid request body.', ctx.url, { body: ['A JSON object was expected.'] });
  }
  return body as Row;
}

/** restSearch filters: JSON body merged over URL (query / named) params. */
export function filters(ctx: RequestContext): Row {
  const body = ctx.body;
  if (body !== undefined && (typeof body !== 'object' || body === null || Array.isArray(body))) {
    throw new HttpError(400, 'Invalid request body: a JSON object of filters was expected.');
  }
  return { ...ctx.named, ...((body as Row | undefined) ?? {}) };
}

export function arg(ctx: RequestContext, index = 0): string | undefined {
  return ctx.args[index];
}

/**
 * MISP's base URL, which it writes into redirects and some `url` fields: the `MISP.baseurl` setting, or while
 * that is empty (as on a fresh MISP) the origin the request came to.
 */
export function baseUrl(ctx: RequestContext): string {
  return String(readSetting(ctx.db, 'MISP.baseurl') ?? '').replace(/\/+$/, '') || ctx.origin;
}
