import type { IncomingMessage, ServerResponse } from 'node:http';

export class BodyTooLargeError extends Error {
  constructor() {
    super('request body too large');
  }
}

export class BadBodyError extends Error {
  constructor(readonly code: 'invalid_json' | 'json_not_object' | 'invalid_form_data') {
    super(code);
  }
}

export async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > maxBytes) {
      // Keep reading so the client gets our answer instead of a reset connection.
      req.resume();
      throw new BodyTooLargeError();
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/** Request parameters the way Slack accepts them: query string, form body or JSON body. */
export function parseParams(contentType: string | undefined, body: Buffer, query: URLSearchParams) {
  const params: Record<string, unknown> = {};
  for (const [key, value] of query) params[key] = value;
  const text = body.toString('utf8');
  if (text.trim() === '') return params;
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === 'application/json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new BadBodyError('invalid_json');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new BadBodyError('json_not_object');
    return { ...params, ...(parsed as Record<string, unknown>) };
  }
  if (type === 'application/x-www-form-urlencoded' || type === '' || type === 'text/plain') {
    try {
      for (const [key, value] of new URLSearchParams(text)) params[key] = value;
    } catch {
      throw new BadBodyError('invalid_form_data');
    }
    return params;
  }
  if (type === 'multipart/form-data') throw new BadBodyError('invalid_form_data');
  throw new BadBodyError('invalid_form_data');
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** Values that arrive as strings in form bodies but as JSON in JSON bodies (blocks, metadata, booleans). */
export function jsonParam(value: unknown): { ok: true; value: unknown } | { ok: false } {
  if (typeof value !== 'string') return { ok: true, value };
  try {
    return { ok: true, value: JSON.parse(value) };
  } catch {
    return { ok: false };
  }
}

export function boolParam(value: unknown): boolean | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  return ['true', '1'].includes(String(value).toLowerCase());
}

export function stringParam(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}
