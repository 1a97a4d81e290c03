// What each failure says, over real sockets where there is one: the message must name the cause,
// so that "Could not reach MISP: fetch failed" or a bare "Not Found" never leaves a user guessing.
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startMispSandbox } from '@mispkit/misp-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createMispClient,
  isMispError,
  MispAuthenticationError,
  MispConnectionError,
  MispError,
  MispForbiddenError,
  MispNotFoundError,
  MispRateLimitError,
  MispResponseError,
  MispServerError,
  MispTimeoutError,
  MispValidationError,
  noRetry,
  retryPolicy,
} from '../src/index.js';

type Sandbox = Awaited<ReturnType<typeof startMispSandbox>>;
const KEY = 'Zx9ErrorMessageTestsKey00000000000000001';

async function failure(promise: Promise<unknown>): Promise<MispError> {
  try {
    await promise;
  } catch (error) {
    if (isMispError(error)) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

function listen(handler: RequestListener): Promise<Server> {
  const server = createServer(handler);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
const portOf = (server: Server) => (server.address() as AddressInfo).port;

describe('connection failures name their cause', () => {
  it('a refused connection: ECONNREFUSED and the address, in the message and in toJSON()', async () => {
    const closed = await listen(() => undefined);
    const port = portOf(closed);
    await new Promise((resolve) => closed.close(resolve));
    const misp = createMispClient({ baseUrl: `http://127.0.0.1:${port}`, apiKey: KEY, retry: noRetry });
    const error = await failure(misp.server.version());
    expect(error).toBeInstanceOf(MispConnectionError);
    expect(error.message).toContain(`ECONNREFUSED 127.0.0.1:${port}`);
    expect(JSON.stringify(error.toJSON())).toContain('"code":"ECONNREFUSED"');
  });

  it('a name that does not resolve: the DNS error and the host', async () => {
    const misp = createMispClient({ baseUrl: 'http://misp.mispkit-test.invalid', apiKey: KEY, retry: noRetry });
    const error = await failure(misp.server.version({ timeoutMs: 10_000 }));
    expect(error).toBeInstanceOf(MispConnectionError);
    expect(error.message).toMatch(/(ENOTFOUND|EAI_AGAIN) misp\.mispkit-test\.invalid/);
  }, 15_000);

  it('TLS to a plain HTTP port: the TLS error, with a hint about scheme, port and certificates', async () => {
    const plain = await listen((_req, res) => res.end('plain http'));
    try {
      const misp = createMispClient({ baseUrl: `https://127.0.0.1:${portOf(plain)}`, apiKey: KEY, retry: noRetry });
      const error = await failure(misp.server.version());
      expect(error).toBeInstanceOf(MispConnectionError);
      expect(error.message).toMatch(/SSL|TLS|wrong version number/i);
      expect(error.message).toContain('check that baseUrl uses the right scheme and port');
    } finally {
      await new Promise((resolve) => plain.close(resolve));
    }
  });

  it('a browser’s opaque "Failed to fetch" says it may be CORS', () => {
    const global = globalThis as { document?: unknown };
    global.document = {};
    try {
      const error = new MispConnectionError('Could not reach MISP: Failed to fetch', {
        cause: new TypeError('Failed to fetch'),
      });
      expect(error.message).toContain('in a browser this usually means CORS');
    } finally {
      delete global.document;
    }
  });
});

describe('MISP answers', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startMispSandbox({ seed: 'demo', log: () => undefined });
  });
  afterAll(() => sandbox?.close());

  it('an invalid attribute: the field messages are in the message, not only in .errors', async () => {
    const misp = createMispClient({ baseUrl: sandbox.url, apiKey: sandbox.userKey, retry: noRetry });
    const event = await misp.events.add({ info: 'error message test' } as never);
    const id = (event as { id: string }).id;
    const error = await failure(misp.attributes.add(id, { type: 'not-a-type', value: 'x' } as never));
    expect(error).toBeInstanceOf(MispValidationError);
    const fields = (error as MispValidationError).errors;
    const first = Object.entries(fields)[0] as [string, string[]];
    expect(error.message).toContain(`${first[0]}: ${first[1][0]}`);
  });

  it('a baseUrl with /api: a hint at the base URL', async () => {
    const misp = createMispClient({ baseUrl: `${sandbox.url}/api`, apiKey: sandbox.userKey, retry: noRetry });
    const error = await failure(misp.server.version());
    expect(error).toBeInstanceOf(MispNotFoundError);
    expect(error.message).toContain("Check baseUrl: it must be MISP's root URL");
    expect(error.message).toContain('without /api');
  });

  it('another server at the base URL: a hint that the answer is not MISP', async () => {
    const other = await listen((_req, res) => {
      res.writeHead(404, { 'Content-Type': 'text/html' });
      res.end('<h1>404</h1>');
    });
    try {
      const misp = createMispClient({ baseUrl: `http://127.0.0.1:${portOf(other)}`, apiKey: KEY, retry: noRetry });
      const error = await failure(misp.server.version());
      expect(error).toBeInstanceOf(MispNotFoundError);
      expect(error.message).toContain('the answer does not look like MISP');
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
  });

  it('MISP’s own "Invalid event" stays as MISP said it', async () => {
    const misp = createMispClient({ baseUrl: sandbox.url, apiKey: sandbox.userKey, retry: noRetry });
    const error = await failure(misp.events.get(999_999));
    expect(error).toBeInstanceOf(MispNotFoundError);
    expect(error.message).toBe('Invalid event');
  });
});

describe('error names survive minification', () => {
  it.each([
    [MispError, 'MispError', ['misp_error', 'x']],
    [MispAuthenticationError, 'MispAuthenticationError', ['x']],
    [MispForbiddenError, 'MispForbiddenError', ['x']],
    [MispNotFoundError, 'MispNotFoundError', ['x']],
    [MispValidationError, 'MispValidationError', ['x']],
    [MispRateLimitError, 'MispRateLimitError', ['x']],
    [MispServerError, 'MispServerError', ['x']],
    [MispTimeoutError, 'MispTimeoutError', ['x']],
    [MispConnectionError, 'MispConnectionError', ['x']],
    [MispResponseError, 'MispResponseError', ['x']],
  ] as const)('%o is named %s even when its class is renamed', (Class, name, args) => {
    // A bundler renames classes (`class mt extends …`); the name must not follow.
    const Renamed = { mt: class extends (Class as new (...a: unknown[]) => MispError) {} }.mt;
    expect(Renamed.name).toBe('mt');
    expect(new Renamed(...args).name).toBe(name);
  });
});

describe('invalid client options are refused with a clear error', () => {
  const base = { baseUrl: 'http://127.0.0.1:8080', apiKey: KEY };
  it.each([
    [{ timeoutMs: -1 }, 'timeoutMs must be a number of milliseconds ≥ 0 (0 = no deadline), got -1'],
    [{ timeoutMs: Number.NaN }, 'timeoutMs must be a number of milliseconds ≥ 0'],
    [{ timeoutMs: '5000' }, 'timeoutMs must be a number of milliseconds ≥ 0 (0 = no deadline), got "5000"'],
    [{ fetch: 'fetch' }, 'fetch must be a fetch-compatible function'],
    [{ retry: { retries: 3 } }, 'retry must be a retry policy'],
    [{ headers: { 'X-Team': 42 } }, 'headers.X-Team must be a string'],
    [{ userAgent: 1 }, 'userAgent must be a string'],
  ])('%o', (bad, message) => {
    expect(() => createMispClient({ ...base, ...(bad as object) })).toThrow(message);
  });

  it('accepts timeoutMs 0 (no deadline) and the documented defaults', () => {
    expect(() => createMispClient({ ...base, timeoutMs: 0, retry: noRetry })).not.toThrow();
  });
});

describe('logLevel: the debug switch', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startMispSandbox({ seed: 'demo', log: () => undefined });
  });
  afterAll(() => sandbox?.close());

  function capture() {
    const lines: string[] = [];
    return {
      lines,
      logger: { debug: (l: string) => lines.push(`debug ${l}`), warn: (l: string) => lines.push(`warn ${l}`) },
    };
  }

  it('debug logs every attempt: method, path, status, attempt and duration, never the key', async () => {
    const { lines, logger } = capture();
    sandbox.faults.add({ path: '/servers/getVersion', status: 503 });
    const misp = createMispClient({
      baseUrl: sandbox.url,
      apiKey: sandbox.userKey,
      logLevel: 'debug',
      logger,
      retry: retryPolicy({ baseDelayMs: 1, maxDelayMs: 2 }),
    });
    await misp.server.version();
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^debug mispkit-sdk: GET \/servers\/getVersion → 503 \(attempt 1, \d+ ms\)$/);
    expect(lines[1]).toMatch(/^debug mispkit-sdk: GET \/servers\/getVersion → 200 \(attempt 2, \d+ ms\)$/);
    expect(lines.join('\n')).not.toContain(sandbox.userKey);
  });

  it('warn logs only failed attempts; off (the default) logs nothing', async () => {
    const warn = capture();
    sandbox.faults.add({ path: '/servers/getVersion', status: 503 });
    const opts = {
      baseUrl: sandbox.url,
      apiKey: sandbox.userKey,
      retry: retryPolicy({ baseDelayMs: 1, maxDelayMs: 2 }),
    };
    await createMispClient({ ...opts, logLevel: 'warn', logger: warn.logger }).server.version();
    expect(warn.lines).toEqual([
      expect.stringMatching(/^warn mispkit-sdk: GET \/servers\/getVersion → 503 \(attempt 1/),
    ]);
    const off = capture();
    await createMispClient({ ...opts, logger: off.logger }).server.version();
    expect(off.lines).toEqual([]);
  });

  it('reads MISPKIT_LOG when logLevel is not given', async () => {
    const { lines, logger } = capture();
    const previous = process.env.MISPKIT_LOG;
    process.env.MISPKIT_LOG = 'debug';
    try {
      await createMispClient({ baseUrl: sandbox.url, apiKey: sandbox.userKey, logger }).server.version();
    } finally {
      if (previous === undefined) delete process.env.MISPKIT_LOG;
      else process.env.MISPKIT_LOG = previous;
    }
    expect(lines).toEqual([expect.stringMatching(/^debug mispkit-sdk: GET \/servers\/getVersion → 200 \(attempt 1/)]);
  });

  it('refuses an unknown level', () => {
    expect(() =>
      createMispClient({ baseUrl: sandbox.url, apiKey: sandbox.userKey, logLevel: 'verbose' as never }),
    ).toThrow('logLevel must be one of debug, info, warn, error, off, got "verbose"');
  });
});

describe('a browser’s opaque fetch failure', () => {
  it('is not retried blindly (a CORS refusal fails the same way every time), and says it may be CORS', async () => {
    const global = globalThis as { document?: unknown };
    global.document = {};
    let calls = 0;
    try {
      const misp = createMispClient({
        baseUrl: 'https://misp.example.org',
        apiKey: KEY,
        retry: retryPolicy({ baseDelayMs: 1, maxDelayMs: 2 }),
        fetch: async () => {
          calls += 1;
          throw new TypeError('Failed to fetch');
        },
      });
      const error = await failure(misp.server.version());
      expect(error).toBeInstanceOf(MispConnectionError);
      expect(error.message).toContain('CORS');
      expect(calls).toBe(1);
    } finally {
      delete global.document;
    }
  });

  it('outside a browser, a network error is still retried', async () => {
    let calls = 0;
    const misp = createMispClient({
      baseUrl: 'https://misp.example.org',
      apiKey: KEY,
      retry: retryPolicy({ baseDelayMs: 1, maxDelayMs: 2, maxRetries: 2 }),
      fetch: async () => {
        calls += 1;
        throw new TypeError('fetch failed');
      },
    });
    await failure(misp.server.version());
    expect(calls).toBe(3);
  });
});
