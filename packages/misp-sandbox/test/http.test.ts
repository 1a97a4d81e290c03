import { randomBytes } from 'node:crypto';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MAX_BODY_BYTES, demoIndicators as I, type MispSandbox } from '../src/index.js';
import { type Api, withSandbox } from './helpers.js';

let misp: MispSandbox;
let api: Api;

beforeAll(async () => {
  ({ misp, api } = await withSandbox({ seed: 'demo' }));
});
afterAll(() => misp.close());

const search = JSON.stringify({ value: I.maliciousDomain });

/** POSTs raw bytes with a Content-Encoding (the JSON helper would serialise a Buffer). */
async function send(body: Buffer | string, encoding: string) {
  const response = await fetch(`${misp.url}/attributes/restSearch`, {
    method: 'POST',
    headers: { Authorization: misp.adminKey, Accept: 'application/json', 'Content-Encoding': encoding },
    body: typeof body === 'string' ? body : new Uint8Array(body),
  });
  return { status: response.status, body: await response.json() };
}

describe('compressed request bodies', () => {
  // First in the file: it asserts on the process's peak memory, which only ever grows.
  it('refuses a gzip bomb with 413 after inflating no more than the limit', async () => {
    // 300 gzip members of 1 MiB of spaces: 300 KiB on the wire, 300 MiB of (valid, empty) JSON inflated.
    const member = gzipSync(Buffer.alloc(1024 * 1024, ' '));
    const bomb = Buffer.concat(Array.from({ length: 300 }, () => member));
    expect(bomb.length).toBeLessThan(400 * 1024);
    const peakBefore = process.resourceUsage().maxRSS * 1024;
    const response = await send(bomb, 'gzip');
    const peakGrowth = process.resourceUsage().maxRSS * 1024 - peakBefore;
    expect(response.status).toBe(413);
    expect(response.body).toEqual({
      name: `Request body too large: the sandbox accepts at most ${DEFAULT_MAX_BODY_BYTES} bytes.`,
      message: `Request body too large: the sandbox accepts at most ${DEFAULT_MAX_BODY_BYTES} bytes.`,
      url: '/attributes/restSearch',
    });
    // Inflating it all took the process to ~1 GB; stopping at the 10 MiB limit keeps it near where it was.
    expect(peakGrowth).toBeLessThan(100 * 1024 * 1024);
    expect((await api('GET', '/servers/getVersion')).status).toBe(200);
  });

  it('applies the limit to the decoded size for br and deflate too', async () => {
    const inflated = Buffer.alloc(DEFAULT_MAX_BODY_BYTES + 1024 * 1024, ' ');
    for (const [encoding, body] of [
      ['br', brotliCompressSync(inflated)],
      ['deflate', deflateSync(inflated)],
    ] as const) {
      expect(body.length, encoding).toBeLessThan(64 * 1024);
      const response = await send(body, encoding);
      expect(response.status, encoding).toBe(413);
      expect(response.body.message, encoding).toContain(`at most ${DEFAULT_MAX_BODY_BYTES} bytes`);
    }
  });

  it('answers a malformed gzip, deflate or br body with 400, not a dropped connection', async () => {
    const garbage = randomBytes(500);
    garbage[0] = 0x1f; // a gzip magic number that does not go on
    garbage[1] = 0x8b;
    for (const encoding of ['gzip', 'deflate', 'br']) {
      const response = await send(garbage, encoding);
      expect(response.status, encoding).toBe(400);
      expect(response.body.message, encoding).toMatch(
        new RegExp(`^Invalid request body: it is not valid ${encoding} data`),
      );
      expect(response.body.url).toBe('/attributes/restSearch');
    }
    const truncated = gzipSync(search).subarray(0, 20);
    expect((await send(truncated, 'gzip')).status).toBe(400);
  });

  it('answers an unknown Content-Encoding with 415 instead of reading the body as JSON', async () => {
    const response = await send(search, 'compress');
    expect(response.status).toBe(415);
    expect(response.body.message).toBe(
      'Unsupported Content-Encoding "compress": the sandbox accepts gzip, deflate and br.',
    );
  });

  it('decodes gzip, x-gzip, deflate, br, identity and stacked codings', async () => {
    for (const [encoding, body] of [
      ['gzip', gzipSync(search)],
      ['x-gzip', gzipSync(search)],
      ['deflate', deflateSync(search)],
      ['br', brotliCompressSync(search)],
      ['identity', search],
      ['gzip, br', brotliCompressSync(gzipSync(search))],
    ] as const) {
      const response = await send(body, encoding);
      expect(response.status, encoding).toBe(200);
      expect(
        response.body.response.Attribute.map((a: { value: string }) => a.value),
        encoding,
      ).toEqual([I.maliciousDomain]);
    }
  });

  it('reads an empty body with a Content-Encoding as empty', async () => {
    // An empty restSearch searches everything (MISP 2.5.1), so the answer is a normal 200.
    const response = await send('', 'gzip');
    expect(response.status).toBe(200);
    expect(response.body.response).toBeDefined();
  });
});
