import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  createRedactor,
  isMispError,
  isMispErrorCode,
  MispAuthenticationError,
  MispError,
  MispForbiddenError,
  MispNotFoundError,
  MispRateLimitError,
  MispResponseError,
  MispServerError,
  MispValidationError,
  mispErrorFromResponse,
  retryAfterSeconds,
  sanitizeCause,
} from '../src/errors.js';

const KEY = 'Zx9ClientKeyForRedactionTests000000000001';
const redact = createRedactor([KEY]);
const headers = (init: Record<string, string> = {}) => new Headers(init);
const fromResponse = (status: number, body: unknown, h: Record<string, string> = {}) =>
  mispErrorFromResponse({ status, body, headers: headers(h), url: 'http://misp.test/events/view/1', redact });

describe('mispErrorFromResponse', () => {
  it('maps MISP 403 "Authentication failed" to MispAuthenticationError', () => {
    const message =
      'Authentication failed. Please make sure you pass the API key of an API enabled user along in the Authorization header.';
    const error = fromResponse(403, { name: message, message, url: '/events/view/1' });
    expect(error).toBeInstanceOf(MispAuthenticationError);
    expect(error.code).toBe('misp_authentication');
    expect(error.status).toBe(403);
    expect(error.message).toBe(message);
  });

  it('maps a permission 403 to MispForbiddenError', () => {
    const error = fromResponse(403, {
      name: 'You do not have permission to do that.',
      message: 'You do not have permission to do that.',
    });
    expect(error).toBeInstanceOf(MispForbiddenError);
    expect(error.code).toBe('misp_forbidden');
  });

  it('maps a 403 save failure to MispValidationError with the field errors', () => {
    const body = {
      saved: false,
      name: 'Could not add Attribute',
      message: 'Could not add Attribute',
      url: '/attributes/add',
      errors: { value: ['IP address has an invalid format.'] },
    };
    const error = fromResponse(403, body);
    expect(error).toBeInstanceOf(MispValidationError);
    expect(error.code).toBe('misp_validation');
    expect((error as MispValidationError).errors).toEqual({ value: ['IP address has an invalid format.'] });
  });

  it('maps 404 and the 405 "Invalid attribute" to MispNotFoundError', () => {
    expect(fromResponse(404, { message: 'Invalid event' })).toBeInstanceOf(MispNotFoundError);
    const attribute = fromResponse(405, { name: 'Invalid attribute', message: 'Invalid attribute' });
    expect(attribute).toBeInstanceOf(MispNotFoundError);
    expect(attribute.code).toBe('misp_not_found');
  });

  it('maps the 405 invalid-JSON answer and a 400 to MispValidationError', () => {
    expect(fromResponse(405, { message: 'Invalid JSON input. Make sure …' })).toBeInstanceOf(MispValidationError);
    expect(fromResponse(400, { message: 'Either specify the search terms…' }).code).toBe('misp_validation');
  });

  it('maps 429 to MispRateLimitError with retryAfter in seconds', () => {
    const error = fromResponse(429, { message: 'Rate limit exceeded.' }, { 'Retry-After': '17' });
    expect(error).toBeInstanceOf(MispRateLimitError);
    expect((error as MispRateLimitError).retryAfter).toBe(17);
    const reset = fromResponse(429, { message: 'Rate limit exceeded.' }, { 'X-Rate-Limit-Reset': '900' });
    expect((reset as MispRateLimitError).retryAfter).toBe(900);
  });

  it('treats an empty-bodied 500 as a MispServerError with a useful message', () => {
    const error = fromResponse(500, undefined);
    expect(error).toBeInstanceOf(MispServerError);
    expect(error.code).toBe('misp_server');
    expect(error.message).toBe('MISP answered HTTP 500 with no error message');
  });

  it('reports a proxy HTML error page as text, truncated', () => {
    const error = fromResponse(502, `<html>${'x'.repeat(2000)}</html>`);
    expect(error.code).toBe('misp_server');
    expect(error.message.length).toBeLessThanOrEqual(500);
  });

  it('reports a redirect as MispResponseError naming the target', () => {
    const error = fromResponse(302, '', { Location: 'https://elsewhere.example/users/login' });
    expect(error).toBeInstanceOf(MispResponseError);
    expect(error.code).toBe('misp_bad_response');
    expect(error.message).toContain('https://elsewhere.example/users/login');
  });

  it("explains MISP's login redirect: the request was not taken for an API call", () => {
    for (const location of ['/users/login', 'http://misp.test/users/login']) {
      const error = fromResponse(302, '<html>login</html>', { Location: location });
      expect(error).toBeInstanceOf(MispResponseError);
      expect(error).toMatchObject({ code: 'misp_bad_response', status: 302 });
      expect(error.message).toMatch(
        /^MISP redirected to \/users\/login: the request was not treated as an API call \(send Accept: application\/json\)/,
      );
    }
    const subPath = fromResponse(302, '', { Location: '/misp/users/login' });
    expect(subPath.message).toContain('not treated as an API call');
    expect(subPath.message).toContain('to /misp/users/login');
  });

  it("does not call a login page on another origin MISP's login redirect", () => {
    const error = fromResponse(302, '', { Location: 'https://sso.example/users/login' });
    expect(error.message).not.toContain('not treated as an API call');
    expect(error.message).toContain('redirect (HTTP 302 to https://sso.example/users/login)');
  });

  it('keeps the x-request-id header as requestId', () => {
    expect(fromResponse(500, '', { 'X-Request-Id': 'abc-123' }).requestId).toBe('abc-123');
  });
});

describe('retryAfterSeconds', () => {
  it('reads delta-seconds', () => {
    expect(retryAfterSeconds(headers({ 'Retry-After': '3' }))).toBe(3);
  });
  it('reads an HTTP date relative to now', () => {
    const now = Date.parse('2026-11-28T12:00:00Z');
    expect(retryAfterSeconds(headers({ 'Retry-After': 'Sat, 28 Nov 2026 12:00:05 GMT' }), now)).toBe(5);
    expect(retryAfterSeconds(headers({ 'Retry-After': 'Sat, 28 Nov 2026 11:00:00 GMT' }), now)).toBe(0);
  });
  it('ignores garbage', () => {
    expect(retryAfterSeconds(headers({ 'Retry-After': 'soon' }))).toBeUndefined();
    expect(retryAfterSeconds(headers())).toBeUndefined();
  });
});

describe('redaction', () => {
  const error = mispErrorFromResponse({
    status: 500,
    body: { message: `boom ${KEY}`, nested: { echo: [KEY] } },
    headers: headers(),
    url: `http://misp.test/events/index/apikey:${KEY}`,
    redact,
  });

  it('removes the key from message, url, body and stack', () => {
    expect(error.message).toBe('boom [redacted]');
    expect(error.url).not.toContain(KEY);
    expect(JSON.stringify(error.body)).not.toContain(KEY);
    expect(error.stack ?? '').not.toContain(KEY);
  });

  it('removes the key from JSON.stringify and util.inspect', () => {
    expect(JSON.stringify(error)).not.toContain(KEY);
    expect(inspect(error, { depth: 10, showHidden: true })).not.toContain(KEY);
  });

  it('sanitises a cause chain', () => {
    const inner = new TypeError(`connect failed for ${KEY}`);
    const outer = new Error(`fetch failed (${KEY})`, { cause: inner });
    const cause = sanitizeCause(outer, redact);
    const wrapped = new MispError('misp_connection', 'Could not reach MISP', { cause });
    expect(inspect(wrapped, { depth: 10 })).not.toContain(KEY);
    expect((cause as Error).message).toBe('fetch failed ([redacted])');
    expect(((cause as Error).cause as Error).name).toBe('TypeError');
  });
});

describe('isMispError', () => {
  it('recognises every subclass and rejects look-alikes', () => {
    expect(isMispError(new MispServerError('x'))).toBe(true);
    expect(isMispError(new Error('x'))).toBe(false);
    expect(isMispError({ code: 'misp_server', message: 'x' })).toBe(false);
    expect(isMispError(null)).toBe(false);
  });

  it('recognises an error branded by another copy of the package', () => {
    const foreign = Object.assign(new Error('from the CJS build'), { code: 'misp_timeout' });
    Object.defineProperty(foreign, Symbol.for('mispkit.MispError'), { value: true });
    expect(isMispError(foreign)).toBe(true);
    expect(isMispErrorCode(foreign, 'misp_timeout')).toBe(true);
    expect(isMispErrorCode(foreign, 'misp_server')).toBe(false);
  });

  it('sets name to the subclass name and keeps instanceof', () => {
    const error = new MispNotFoundError('Invalid event', { status: 404 });
    expect(error.name).toBe('MispNotFoundError');
    expect(error).toBeInstanceOf(MispError);
    expect(error).toBeInstanceOf(Error);
  });
});
