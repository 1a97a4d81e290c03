/**
 * Socket Mode server. Speaks what `@slack/socket-mode` 3.x expects: a `hello` after connecting,
 * envelopes `{envelope_id, type, payload, accepts_response_payload}`, acks `{envelope_id, payload}`
 * and `{type:'disconnect', reason}` to make the client reconnect through `apps.connections.open`.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { randomId } from './core.js';
import { DEFAULT_ACK_TIMEOUT_MS, type Delivery, type DeliveryResult, type EnvelopeType } from './delivery.js';

export type DisconnectReason = 'refresh_requested' | 'warning' | 'too_many_websockets' | 'link_disabled';

/** Slack allows at most 10 concurrent Socket Mode connections per app. */
export const MAX_SOCKET_CONNECTIONS = 10;
const TICKET_LIFETIME_MS = 30_000;

export class SocketModeServer implements Delivery {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 5 * 1024 * 1024 });
  private readonly tickets = new Map<string, number>();
  private readonly pending = new Map<string, (result: DeliveryResult) => void>();
  private readonly connections = new Set<WebSocket>();
  private nextConnection = 0;

  constructor(
    private readonly appId: string,
    private readonly ackTimeoutMs = DEFAULT_ACK_TIMEOUT_MS,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Issues the URL `apps.connections.open` returns; each ticket is good for one connection. */
  issueUrl(baseWsUrl: string): string {
    const ticket = randomId(16);
    this.tickets.set(ticket, this.clock() + TICKET_LIFETIME_MS);
    return `${baseWsUrl}/link/?ticket=${ticket}&app_id=${this.appId}`;
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  /** Handles an HTTP upgrade on `/link/`; returns false if the request is not ours. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    if (url.pathname !== '/link/' && url.pathname !== '/link') return false;
    const ticket = url.searchParams.get('ticket') ?? '';
    const expires = this.tickets.get(ticket);
    this.tickets.delete(ticket);
    if (expires === undefined || expires < this.clock()) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return true;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws));
    return true;
  }

  private onConnection(ws: WebSocket): void {
    if (this.connections.size >= MAX_SOCKET_CONNECTIONS) {
      ws.send(JSON.stringify({ type: 'disconnect', reason: 'too_many_websockets' }));
      ws.close(1000);
      return;
    }
    this.connections.add(ws);
    ws.on('close', () => this.connections.delete(ws));
    ws.on('error', () => this.connections.delete(ws));
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      let message: unknown;
      try {
        message = JSON.parse(data.toString());
      } catch {
        return; // Slack ignores frames it cannot parse.
      }
      if (typeof message !== 'object' || message === null) return;
      const { envelope_id: envelopeId, payload } = message as { envelope_id?: unknown; payload?: unknown };
      if (typeof envelopeId !== 'string') return;
      const resolve = this.pending.get(envelopeId);
      if (!resolve) return;
      this.pending.delete(envelopeId);
      const body =
        typeof payload === 'object' && payload !== null && Object.keys(payload).length > 0
          ? (payload as Record<string, unknown>)
          : undefined;
      resolve(body ? { acked: true, ackBody: body } : { acked: true });
    });
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: this.connections.size,
        debug_info: {
          host: 'applink-sandbox',
          build_number: 1,
          approximate_connection_time: 18_060,
        },
        connection_info: { app_id: this.appId },
      }),
    );
  }

  deliver(type: EnvelopeType, payload: Record<string, unknown>): Promise<DeliveryResult> {
    const open = [...this.connections].filter((ws) => ws.readyState === ws.OPEN);
    if (open.length === 0) return Promise.resolve({ acked: false, error: 'no_connection' });
    // Each envelope goes to one connection, spread round-robin like Slack spreads them.
    const ws = open[this.nextConnection++ % open.length]!;
    const envelopeId = `${randomId(4)}-${randomId(2)}-${randomId(2)}-${randomId(2)}-${randomId(6)}`;
    const envelope: Record<string, unknown> = {
      envelope_id: envelopeId,
      type,
      payload,
      accepts_response_payload: type !== 'events_api',
    };
    if (type === 'events_api') {
      envelope.retry_attempt = 0;
      envelope.retry_reason = '';
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(envelopeId);
        resolve({ acked: false, error: 'operation_timeout' });
      }, this.ackTimeoutMs);
      this.pending.set(envelopeId, (result) => {
        clearTimeout(timer);
        resolve(result);
      });
      ws.send(JSON.stringify(envelope));
    });
  }

  /** Sends `disconnect` to every client; `@slack/socket-mode` reconnects through apps.connections.open. */
  disconnectAll(reason: DisconnectReason = 'refresh_requested'): void {
    for (const ws of this.connections) ws.send(JSON.stringify({ type: 'disconnect', reason }));
  }

  async close(): Promise<void> {
    for (const resolve of this.pending.values()) resolve({ acked: false, error: 'no_connection' });
    this.pending.clear();
    // A close frame first, so clients see a normal closure rather than a socket error.
    const closing = [...this.connections].map(
      (ws) =>
        new Promise<void>((resolve) => {
          const force = setTimeout(() => {
            ws.terminate();
            resolve();
          }, 500);
          ws.once('close', () => {
            clearTimeout(force);
            resolve();
          });
          ws.close(1001, 'server shutting down');
        }),
    );
    await Promise.all(closing);
    this.connections.clear();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}
