import type { AddressInfo } from 'node:net';
import Database from 'better-sqlite3';
import { isValidKey } from './auth.js';
import { setCommunities } from './catalogues/communities.js';
import { installCatalogues } from './catalogues/install.js';
import { setNoticelistFolder, updateNoticelists } from './catalogues/noticelists.js';
import { enableDemoTaxonomies } from './catalogues/taxonomies.js';
import { bootstrap, type SandboxUser } from './db/bootstrap.js';
import { migrate } from './db/schema.js';
import { prepare } from './db/statements.js';
import { seedDemoDecaying } from './decaying.js';
import { FaultQueue, type Faults } from './faults.js';
import { buildEvent } from './model/events.js';
import { RateLimiter } from './rate-limit.js';
import { seedDemo } from './seed/demo.js';
import { seedDemoAccounts } from './seed/demo-accounts.js';
import { type ScaleOptions, type ScaleResult, seedScaleDb } from './seed/scale.js';
import { createSandboxServer, DEFAULT_MAX_BODY_BYTES, type Stats } from './server.js';
import { type SyncOptions, setSyncOptions } from './sync/source.js';
import type { AuthUser, Role, Row } from './types.js';
import { deliver, type WebhookOptions, workflowPayload } from './webhook.js';

export type { SandboxUser } from './db/bootstrap.js';
export type { FaultSpec, Faults } from './faults.js';
export { demoIndicators } from './seed/demo.js';
export { DEMO_HOST } from './seed/demo-accounts.js';
export type { CreatePartnersOptions, Partners } from './seed/partners.js';
export { createPartners } from './seed/partners.js';
export type { ScaleOptions, ScaleResult } from './seed/scale.js';
export { scaleSharedValue, scaleValue } from './seed/scale.js';
export type { Stats } from './server.js';
export { DEFAULT_MAX_BODY_BYTES } from './server.js';
export type { SyncOptions } from './sync/source.js';
export type { WebhookOptions } from './webhook.js';
export { SIGNATURE_HEADER, sign } from './webhook.js';

export interface MispSandboxOptions {
  /** Default 0 (any free port). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** ':memory:' (default) or a file path. */
  db?: string;
  /**
   * 'none' (default): what a freshly installed MISP 2.5 has — the site admin admin@admin.test in ORGNAME, the
   * default roles, the catalogues, no other organisation, user, sharing group or event (add them through the
   * API, e.g. with `createPartners`). 'demo': the demo host organisation (DEMO_HOST) with a publisher and a
   * read-only user, four partner organisations, a sharing group and the demo events.
   */
  seed?: 'demo' | 'none';
  /** 40 alphanumeric characters each; generated when absent. `userKey`/`readOnlyKey` only with seed 'demo'. */
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
  /**
   * Serve this sandbox's published, all-communities events as a MISP-format feed at `/feed/manifest.json`,
   * `/feed/<uuid>.json` and `/feed/hashes.csv` (no key), for another MISP or sandbox to fetch. Default false.
   */
  serveFeed?: boolean;
  /**
   * How feeds (feeds/fetchFromFeed, cacheFeeds) and sync servers (servers/testConnection, pull) are reached:
   * `loopbackOnly` (default true) refuses any host but 127.0.0.0/8, ::1 and localhost; `timeoutMs` (default
   * 10 000) time-boxes each request; `fetch` replaces globalThis.fetch.
   */
  sync?: Partial<SyncOptions>;
  /**
   * A folder in misp-noticelist layout (`lists/<name>/list.json`, e.g. a clone of MISP/misp-noticelist): its lists
   * are installed at start, and `noticelists/update` reads it again. Without it the sandbox has no noticelists, as a
   * MISP without that data.
   */
  noticelists?: string;
  /**
   * A community list in MISP's community-metadata format (a JSON array), served by communities/index|view. Without
   * it the list is empty: MISP's own list is part of MISP and not shipped here.
   */
  communities?: string;
}

export interface MispSandbox {
  url: string;
  port: number;
  /** Site admin admin@admin.test, in the host organisation (ORGNAME; DEMO_HOST with seed 'demo'). */
  adminKey: string;
  /**
   * Seed 'demo' only: read-write (publisher) user `user@orgname.example` of the host organisation. With seed
   * 'none' there is no such user and reading this throws: create users through the API (`createPartners`).
   */
  userKey: string;
  /** Seed 'demo' only (throws otherwise): read-only user `readonly@orgname.example` of the host organisation. */
  readOnlyKey: string;
  /** Every user the seed created, with its key: the site admin, and with seed 'demo' the demo users. */
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
  if (options.seed !== 'demo' && (options.userKey !== undefined || options.readOnlyKey !== undefined))
    throw new Error("userKey and readOnlyKey need seed 'demo': seed 'none' has only the site admin");
  const log = options.log ?? ((line: string) => console.error(line));
  const db = new Database(options.db ?? ':memory:');
  migrate(db);
  installCatalogues(db);
  const siteAdmin = bootstrap(db, options.adminKey);
  const users =
    options.seed === 'demo'
      ? seedDemoAccounts(db, siteAdmin, { userKey: options.userKey, readOnlyKey: options.readOnlyKey })
      : [siteAdmin];
  if (options.seed === 'demo') {
    seedDemo(db);
    enableDemoTaxonomies(db);
    seedDemoDecaying(db);
  }

  setSyncOptions(db, options.sync ?? {});
  setNoticelistFolder(db, options.noticelists);
  setCommunities(db, options.communities);
  updateNoticelists(db);
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
    serveFeed: options.serveFeed,
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
  const byEmail = (email: string) => users.find((u) => u.email === email)?.key;
  const sandbox: Omit<MispSandbox, 'userKey' | 'readOnlyKey'> = {
    url: `http://${host}:${address.port}`,
    port: address.port,
    adminKey: users[0]?.key as string,
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
  for (const [name, email] of [
    ['userKey', 'user@orgname.example'],
    ['readOnlyKey', 'readonly@orgname.example'],
  ] as const) {
    const key = byEmail(email);
    // Not enumerable, so that spreading or printing a seed-'none' sandbox does not throw.
    Object.defineProperty(sandbox, name, {
      enumerable: key !== undefined,
      get() {
        if (key === undefined)
          throw new Error(
            `misp.${name}: seed 'none' is a fresh MISP with only the site admin; create users through the API (createPartners) or start with seed 'demo'`,
          );
        return key;
      },
    });
  }
  return sandbox as MispSandbox;
}

/** Bulk-loads N attributes in N/10 events (for benchmarks) into a running sandbox or a database. */
export function seedScale(target: MispSandbox | Database.Database, options: ScaleOptions): ScaleResult {
  const db =
    'db' in target && typeof (target as MispSandbox).close === 'function'
      ? (target as MispSandbox).db
      : (target as Database.Database);
  return seedScaleDb(db, options);
}
