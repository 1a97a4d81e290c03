// Receives MISP's workflow webhook (`{Event:{…, _AttributeFlattened}}`), signed with
// `X-Mispkit-Signature: sha256=<hex HMAC-SHA256 of the raw body>`, and feeds the same intake as
// the poller. It is the fast path; the poller stays on as the safety net, so a webhook that MISP
// never sent (or that we refused) is still delivered, once.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TlpPolicy } from '../tlp.js';
import { BadEventError, toAlertEvent } from './event.js';
import type { Intake } from './intake.js';

export const WEBHOOK_SIGNATURE_HEADER = 'x-mispkit-signature';

export interface WebhookOptions {
  secret: string;
  intake: Intake;
  /** The bot's TLP policy (the same object the sender and lookups use). */
  policy: TlpPolicy;
  port?: number;
  host?: string;
  /** Default `/misp/webhook`. */
  path?: string;
  /** Default 5 MiB. */
  maxBodyBytes?: number;
  onError?: (error: unknown) => void;
}

export interface WebhookReceiver {
  start(): Promise<{ port: number; url: string }>;
  stop(): Promise<void>;
  /** Node request handler, to mount the receiver inside an existing server. */
  handle(req: IncomingMessage, res: ServerResponse): void;
  stats(): { accepted: number; rejected: number };
}

export function verifySignature(body: Buffer, header: string | undefined, secret: string): boolean {
  if (!header || !secret) return false;
  const match = /^sha256=([0-9a-f]{64})$/i.exec(header.trim());
  if (!match?.[1]) return false;
  const expected = createHmac('sha256', secret).update(body).digest();
  const given = Buffer.from(match[1], 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function reply(res: ServerResponse, status: number, body: Record<string, unknown>): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export function createWebhookReceiver(options: WebhookOptions): WebhookReceiver {
  if (!options.secret) throw new Error('the MISP webhook needs a shared secret (MISPKIT_WEBHOOK_SECRET)');
  const path = options.path ?? '/misp/webhook';
  const maxBytes = options.maxBodyBytes ?? 5 * 1024 * 1024;
  const counts = { accepted: 0, rejected: 0 };
  let server: Server | undefined;

  async function process(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://receiver');
    if (url.pathname !== path) return reply(res, 404, { error: 'not_found' });
    if (req.method !== 'POST') return reply(res, 405, { error: 'method_not_allowed' });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > maxBytes) {
        counts.rejected += 1;
        res.setHeader('connection', 'close');
        return reply(res, 413, { error: 'payload_too_large' });
      }
      chunks.push(chunk as Buffer);
    }
    const body = Buffer.concat(chunks);
    const header = req.headers[WEBHOOK_SIGNATURE_HEADER];
    if (!verifySignature(body, Array.isArray(header) ? header[0] : header, options.secret)) {
      counts.rejected += 1;
      return reply(res, 401, { error: 'invalid_signature' });
    }
    let event: ReturnType<typeof toAlertEvent>;
    try {
      event = toAlertEvent(JSON.parse(body.toString('utf8')), options.policy);
    } catch (error) {
      counts.rejected += 1;
      const message = error instanceof BadEventError ? error.message : 'body is not JSON';
      return reply(res, 400, { error: 'invalid_event', message });
    }
    // Only published events are alerts; other workflow triggers are acknowledged and ignored.
    if (!event.published || event.publishTimestamp <= 0) return reply(res, 202, { ignored: 'not published' });
    try {
      const result = await options.intake([event]);
      counts.accepted += 1;
      return reply(res, 200, { enqueued: result.enqueued });
    } catch (error) {
      options.onError?.(error);
      return reply(res, 503, { error: 'temporarily_unavailable' });
    }
  }

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    process(req, res).catch((error) => {
      options.onError?.(error);
      if (!res.headersSent) reply(res, 500, { error: 'internal_error' });
      else res.destroy();
    });
  };

  return {
    handle,
    async start() {
      server = createServer(handle);
      await new Promise<void>((resolve, reject) => {
        server?.once('error', reject);
        server?.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
      });
      const address = server.address() as AddressInfo;
      return { port: address.port, url: `http://${options.host ?? '127.0.0.1'}:${address.port}${path}` };
    },
    async stop() {
      const s = server;
      server = undefined;
      if (!s) return;
      await new Promise<void>((resolve) => {
        s.close(() => resolve());
        s.closeAllConnections();
      });
    },
    stats: () => ({ ...counts }),
  };
}
