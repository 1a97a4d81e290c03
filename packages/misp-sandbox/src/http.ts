import type { IncomingMessage, ServerResponse } from 'node:http';

/** An error rendered the way CakePHP's ExceptionRenderer does: `{name, message, url}`, name == message. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** A save failure (MISP saveFailResponse): HTTP 403 with `saved:false` and a field → messages map. */
export function saveFailure(name: string, url: string, errors: Record<string, unknown>): HttpError {
  return new HttpError(403, name, { saved: false, errors, url });
}

export const INVALID_JSON =
  'Invalid JSON input. Make sure that the JSON input is a correctly formatted JSON string. This request has been blocked to avoid an unfiltered request.';

export function errorBody(status: number, message: string, url: string, extra: Record<string, unknown> = {}) {
  void status;
  return { ...('saved' in extra ? { saved: extra.saved } : {}), name: message, message, url, ...omit(extra, 'saved') };
}

function omit(object: Record<string, unknown>, key: string): Record<string, unknown> {
  const { [key]: _dropped, ...rest } = object;
  return rest;
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string | number> = {},
  head = false,
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=UTF-8',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(head ? undefined : text);
}

export class BodyTooLarge extends Error {}

/** Reads the request body, refusing more than `limit` bytes without buffering them. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      req.resume();
      reject(new BodyTooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      if (tooLarge) return;
      size += chunk.length;
      if (size > limit) {
        tooLarge = true;
        chunks.length = 0;
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => (tooLarge ? reject(new BodyTooLarge()) : resolve(Buffer.concat(chunks))));
    req.on('error', reject);
  });
}
