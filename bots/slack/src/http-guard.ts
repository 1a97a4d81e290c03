// HTTP mode: what Bolt's own check leaves open (reference conventions §A4). Bolt verifies the
// signature and rejects stale timestamps, but accepts timestamps from the future and replays of a
// request it already handled. This guard runs in front of Bolt's HTTPReceiver and rejects:
// a bad or missing signature, a timestamp more than 5 minutes off in either direction, and a
// signature seen before (kept in the store until it could no longer pass the timestamp check).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type App, HTTPReceiver, type Receiver } from '@slack/bolt';
import type { Logger } from './logger.js';
import type { Store } from './storage/types.js';

export const MAX_SKEW_SECONDS = 300;
const MAX_BODY_BYTES = 1024 * 1024;

export type GuardVerdict = { ok: true } | { ok: false; status: 401 | 413; reason: string };

export interface GuardOptions {
  signingSecret: string;
  store: Store;
  /** Milliseconds since the epoch. */
  now: () => number;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

export function sign(signingSecret: string, timestamp: number | string, body: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/** Checks one request; records its signature on success so a replay is refused. */
export async function checkRequest(
  headers: { signature: string | undefined; timestamp: string | undefined },
  rawBody: string,
  options: GuardOptions,
): Promise<GuardVerdict> {
  const { signature, timestamp } = headers;
  if (!signature || !timestamp) return { ok: false, status: 401, reason: 'missing signature headers' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, status: 401, reason: 'malformed timestamp' };
  const nowSeconds = Math.floor(options.now() / 1000);
  const skew = Number(timestamp) - nowSeconds;
  if (skew < -MAX_SKEW_SECONDS) return { ok: false, status: 401, reason: 'stale timestamp' };
  if (skew > MAX_SKEW_SECONDS) return { ok: false, status: 401, reason: 'timestamp in the future' };
  const expected = Buffer.from(sign(options.signingSecret, timestamp, rawBody));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, status: 401, reason: 'bad signature' };
  // A signature stays valid while its timestamp is within the window on either side.
  const fresh = await options.store.rememberRequest(`sig:${signature}`, 2 * MAX_SKEW_SECONDS, nowSeconds);
  if (!fresh) return { ok: false, status: 401, reason: 'replayed request' };
  return { ok: true };
}

export interface GuardedReceiverOptions extends GuardOptions {
  logger: Logger;
  port: number;
  host?: string | undefined;
  /** Path Slack posts to (Request URL). */
  endpoint?: string;
}

export interface GuardedReceiver extends Receiver {
  /** The bound port after start (useful with port 0). */
  port(): number;
}

/** Bolt's HTTPReceiver behind the guard, on our own http.Server; also serves GET /healthz. */
export function createGuardedReceiver(options: GuardedReceiverOptions): GuardedReceiver {
  const endpoint = options.endpoint ?? '/slack/events';
  const inner = new HTTPReceiver({
    signingSecret: options.signingSecret,
    endpoints: endpoint,
    logger: options.logger,
    processBeforeResponse: false,
  });
  let server: Server | undefined;

  const reject = (res: ServerResponse, status: number, reason: string) => {
    options.logger.event('warn', 'http_request_rejected', { reason });
    res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 413 ? 'Payload too large' : 'Unauthorized');
  };

  const listener = (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method === 'GET' && path === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    if (req.method !== 'POST' || path !== endpoint) {
      res.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('error', () => res.destroy());
    req.on('end', () => {
      if (tooLarge) return reject(res, 413, 'body too large');
      const raw = Buffer.concat(chunks);
      const text = raw.toString('utf8');
      const pass = (buffered: IncomingMessage & { rawBody?: Buffer }) => {
        buffered.rawBody = raw;
        inner.requestListener(buffered, res);
      };
      if (text === 'ssl_check=1') return pass(req);
      checkRequest(
        { signature: header(req, 'x-slack-signature'), timestamp: header(req, 'x-slack-request-timestamp') },
        text,
        options,
      )
        .then((verdict) => (verdict.ok ? pass(req) : reject(res, verdict.status, verdict.reason)))
        .catch((error: unknown) => {
          options.logger.event('error', 'http_guard_failed', { error });
          if (!res.headersSent) res.writeHead(500).end();
        });
    });
  };

  return {
    init(app: App) {
      inner.init(app);
    },
    async start(port?: number) {
      server = createServer(listener);
      await new Promise<void>((resolve, reject) => {
        server?.once('error', reject);
        server?.listen(port ?? options.port, options.host ?? '0.0.0.0', () => resolve());
      });
      return server;
    },
    async stop() {
      const s = server;
      server = undefined;
      if (!s) return;
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    },
    port() {
      return (server?.address() as AddressInfo | null)?.port ?? 0;
    },
  };
}
