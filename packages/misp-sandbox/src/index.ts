import type { AddressInfo } from 'node:net';
import Database from 'better-sqlite3';
import { isValidKey } from './auth.js';
import { installCatalogues } from './catalogues/install.js';
import { enableDemoTaxonomies } from './catalogues/taxonomies.js';
import { bootstrap, type SandboxUser } from './db/bootstrap.js';
import { migrate } from './db/schema.js';
import { prepare } from './db/statements.js';
import { FaultQueue, type Faults } from './faults.js';
import { buildEvent } from './model/events.js';
import { RateLimiter } from './rate-limit.js';
import { seedDemo } from './seed/demo.js';
import { type ScaleOptions, type ScaleResult, seedScaleDb } from './seed/scale.js';
import { createSandboxServer, DEFAULT_MAX_BODY_BYTES, type Stats } from './server.js';
import type { AuthUser, Role, Row } from './types.js';
import { deliver, type WebhookOptions, workflowPayload } from './webhook.js';

export type { SandboxUser } from './db/bootstrap.js';
export type { FaultSpec, Faults } from './faults.js';
export { demoIndicators } from './seed/demo.js';
export type { ScaleOptions, ScaleResult } from './seed/scale.js';
export { scaleValue } from './seed/scale.js';
export type { Stats } from './server.js';
export { DEFAULT_MAX_BODY_BYTES } from './server.js';
export type { WebhookOptions } from './webhook.js';
export { SIGNATURE_HEADER, sign } from './webhook.js';

export interface MispSandboxOptions {
  /** Default 0 (any free port). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** ':memory:' (default) or a file path. */
  db?: string;
  /** Default 'none'. */
  seed?: 'demo' | 'none';
  /** 40 alphanumeric characters each; generated when absent. */
  adminKey?: string;
  userKey?: string;
  readOnlyKey?: string;
  /** POST the event, signed, to this URL whenever one is published. */
  webhook?: WebhookOptions;
  /** Largest accepted request body (default 10 MiB); larger bodies get 413. */
  maxBodyBytes?: number;
  /**
   * restSearch calls allowed per user per 15 minutes (MISP role rate limiting, with
   * X-Rate-Limit-* headers and 429 when exhausted); site admins are exempt. Default: unlimited.
   */
  rateLimit?: number;
  /** Epoch ms for the rate limit's windows (default Date.now); tests pass a fake clock they advance. */
  clock?: () => number;
  /** Where operational messages go (default console.error). Never receives secrets. */
  log?: (line: string) => void;
}

export interface MispSandbox {
  url: string;
  port: number;
  /** Site admin in organisation "ORGNAME". */
  adminKey: string;
  /** Read-write (publisher) user `user@orgname.example`, same organisation. */
  userKey: string;
  /** Read-only user `readonly@orgname.example`, same organisation (403 on writes). */
  readOnlyKey: string;
  /** Every user with its key, including users of the partner organisations. */
  users: SandboxUser[];
  faults: Faults;
  stats(): Stats;
  /** The underlying better-sqlite3 database (advanced: bulk loading, inspection). */
  db: Database.Database;
  close(): Promise<void>;
}

function checkKey(name: string, key: string | undefined): void {
  if (key !== undefined && !isValidKey(key)) throw new Error(`${name} must be 40 alphanumeric characters`);
}

export async function startMispSandbox(options: MispSandboxOptions = {}): Promise<MispSandbox> {
  checkKey('adminKey', options.adminKey);
  checkKey('userKey', options.userKey);
  checkKey('readOnlyKey', options.readOnlyKey);
  const log = options.log ?? ((line: string) => console.error(line));
  const db = new Database(options.db ?? ':memory:');
  migrate(db);
  installCatalogues(db);
  const users = bootstrap(db, {
    adminKey: options.adminKey,
    userKey: options.userKey,
    readOnlyKey: options.readOnlyKey,
  });
  if (options.seed === 'demo') {
    seedDemo(db);
    enableDemoTaxonomies(db);
  }

  const stats: Stats = { requests: 0, byPath: {} };
  const faults = new FaultQueue();
  const admin: AuthUser = {
    ...(prepare(
      db,
      "SELECT id, org_id, role_id, email, created FROM users WHERE email = 'admin@admin.test'",
    ).get() as Omit<AuthUser, 'role'>),
    role: prepare(db, 'SELECT * FROM roles WHERE id = 1').get() as Role,
  };
  const webhook = options.webhook;
  const server = createSandboxServer({
    db,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    faults,
    stats,
    log,
    rateLimiter: options.rateLimit !== undefined ? new RateLimiter(options.rateLimit, options.clock) : undefined,
    events: {
      published(eventId) {
        if (!webhook) return;
        const row = prepare(db, 'SELECT * FROM events WHERE id = ?').get(eventId) as Row | undefined;
        if (row) deliver(webhook, workflowPayload(buildEvent(db, admin, row, { includeSightings: false })), log);
      },
    },
  });
  const sockets = new Set<import('node:net').Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closed = false;
  const byEmail = (email: string) => users.find((u) => u.email === email)?.key as string;
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    adminKey: byEmail('admin@admin.test'),
    userKey: byEmail('user@orgname.example'),
    readOnlyKey: byEmail('readonly@orgname.example'),
    users,
    faults,
    db,
    stats: () => ({ requests: stats.requests, byPath: { ...stats.byPath } }),
    async close() {
      if (closed) return;
      closed = true;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => {
          for (const socket of sockets) socket.destroy();
        }, 200).unref();
      });
      if (db.open) {
        if (db.name !== ':memory:') db.pragma('wal_checkpoint(TRUNCATE)');
        db.close();
      }
    },
  };
}

/** Bulk-loads N attributes in N/10 events (for benchmarks) into a running sandbox or a database. */
export function seedScale(target: MispSandbox | Database.Database, options: ScaleOptions): ScaleResult {
  const db =
    'db' in target && typeof (target as MispSandbox).close === 'function'
      ? (target as MispSandbox).db
      : (target as Database.Database);
  return seedScaleDb(db, options);
}
