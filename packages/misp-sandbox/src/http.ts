import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable, Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

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

/** `Events` → `Event`, `objects` → `object`: MISP's messages keep the spelling its controller passed. */
const singular = (controller: string) => controller.replace(/ies$/, 'y').replace(/s$/, '');
const plural = (controller: string) => controller.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();

/**
 * MISP's RestResponse saveFailResponse: 403 `{saved: false, name, message, url, errors, id?}` with name
 * "Could not <action> <Model>" and a url built from controller, action and id (not the request path).
 */
export function saveFail(controller: string, action: string, id: string | number | undefined, errors: unknown) {
  const message = `Could not ${action} ${singular(controller)}`;
  const url = `/${plural(controller)}/${action}${id !== undefined ? `/${id}` : ''}`;
  return new HttpError(403, message, { saved: false, url, errors, ...(id !== undefined ? { id: String(id) } : {}) });
}

/** MISP's saveSuccessResponse: `{saved: true, success: true, name, message, url, id?}`. */
export function saveSuccess(controller: string, action: string, id: string | number | undefined, message: string) {
  return {
    saved: true,
    success: true,
    name: message,
    message,
    url: `/${plural(controller)}/${action}${id !== undefined ? `/${id}` : ''}`,
    ...(id !== undefined ? { id: String(id) } : {}),
  };
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

/** Decoders for the request codings `getVersion.request_encoding` advertises (`x-gzip` is gzip, RFC 9110). */
const DECODERS: Record<string, () => Transform> = {
  gzip: () => createGunzip(),
  'x-gzip': () => createGunzip(),
  deflate: () => createInflate(),
  br: () => createBrotliDecompress(),
};

/**
 * Reads the request body and undoes its Content-Encoding as it streams in. `limit` bounds both the
 * bytes on the wire and the decoded bytes, and decoding stops at the first chunk past it, so a small
 * compressed body cannot inflate into memory (413). An unknown coding is 415, an undecodable body 400.
 * On failure the rest of the body is drained unread, so the client gets to read the answer.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const tooLarge = () => new HttpError(413, `Request body too large: the sandbox accepts at most ${limit} bytes.`);
    const codings = String(req.headers['content-encoding'] ?? '')
      .split(',')
      .map((coding) => coding.trim().toLowerCase())
      .filter((coding) => coding !== '' && coding !== 'identity');
    const unknown = codings.find((coding) => !Object.hasOwn(DECODERS, coding));
    if (unknown !== undefined) {
      req.resume();
      reject(
        new HttpError(415, `Unsupported Content-Encoding "${unknown}": the sandbox accepts gzip, deflate and br.`),
      );
      return;
    }
    if (Number(req.headers['content-length'] ?? 0) > limit) {
      req.resume();
      reject(tooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let wireBytes = 0;
    let decodedBytes = 0;
    let wireEnded = false;
    let failure: HttpError | undefined;
    const decoders: Transform[] = [];
    const stop = () => {
      req.unpipe();
      for (const decoder of decoders) decoder.destroy();
      req.resume();
    };
    const fail = (error: HttpError) => {
      if (failure) return;
      failure = error;
      chunks.length = 0;
      stop();
      if (wireEnded) reject(error);
    };
    // Codings are listed in the order they were applied, so they are undone from the last one.
    for (const coding of codings.reverse()) {
      const decoder = (DECODERS[coding] as () => Transform)();
      decoder.on('error', (error) =>
        fail(new HttpError(400, `Invalid request body: it is not valid ${coding} data (${error.message}).`)),
      );
      decoders.push(decoder);
    }
    const decoded = decoders.reduce<Readable>((stream, decoder) => stream.pipe(decoder), req);
    req.on('data', (chunk: Buffer) => {
      wireBytes += chunk.length;
      if (wireBytes > limit) fail(tooLarge());
    });
    req.on('end', () => {
      wireEnded = true;
      if (failure) reject(failure);
      else if (wireBytes === 0) {
        // An empty body is empty whatever its declared coding (a decoder would call it truncated).
        stop();
        resolve(Buffer.alloc(0));
      }
    });
    req.on('error', reject);
    decoded.on('data', (chunk: Buffer) => {
      if (failure) return;
      decodedBytes += chunk.length;
      if (decodedBytes > limit) fail(tooLarge());
      else chunks.push(chunk);
    });
    decoded.on('end', () => {
      if (!failure) resolve(Buffer.concat(chunks));
    });
  });
}
