import { randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { createIndexes, dropIndexes } from '../db/schema.js';
import { createCorrelationTriggers, dropCorrelationTriggers, rebuildCorrelations } from '../model/correlations.js';

export interface ScaleOptions {
  attributes: number;
  /** Default: attributes / 10. */
  events?: number;
  /** Organisation owning the events (default 1, the host organisation). */
  orgId?: number;
  /** Spread of publish timestamps back from now, in seconds (default 30 days). */
  spanSeconds?: number;
  /**
   * Every `correlateEvery`-th attribute repeats a value of a small shared pool (`scaleSharedValue`), so
   * events correlate with each other as real feeds do (default 0: every value unique).
   */
  correlateEvery?: number;
  /** Which shared values: `size` values from number `offset` (default 1,000 from 0). */
  sharedValues?: { size: number; offset: number };
}

export interface ScaleResult {
  attributes: number;
  events: number;
  seconds: number;
  attributesPerSecond: number;
  /** Of `seconds`, the time spent building the correlations (one bulk pass after the load). */
  correlationSeconds: number;
}

const TYPES = ['ip-dst', 'domain', 'sha256', 'url'] as const;
const CATEGORY: Record<(typeof TYPES)[number], string> = {
  'ip-dst': 'Network activity',
  domain: 'Network activity',
  sha256: 'Payload delivery',
  url: 'Network activity',
};

/**
 * UUIDs that grow with the row number: inserting them appends to the unique uuid indexes instead
 * of scattering writes across a million-entry B-tree, which is what makes random v4 UUIDs slow here.
 */
function sequentialUuid(kind: 'a' | 'e', n: number, salt: string): string {
  const hex = n.toString(16).padStart(12, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${kind === 'a' ? 'a' : 'e'}00-8000-${salt}`;
}

/** The value of scale attribute `i` (deterministic, so benchmarks can look values up). */
export function scaleValue(i: number): { type: (typeof TYPES)[number]; value: string } {
  const type = TYPES[i % TYPES.length] as (typeof TYPES)[number];
  switch (type) {
    case 'ip-dst': {
      const n = 0x2d000000 + i; // from 45.0.0.0 upwards: public space, no warninglist hits
      return { type, value: `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}` };
    }
    case 'domain':
      return { type, value: `d${i}.scale.example` };
    case 'sha256':
      return { type, value: (i.toString(16).padStart(16, '0') + 'a'.repeat(48)).slice(0, 64) };
    default:
      return { type, value: `http://u${i}.scale.example/path` };
  }
}

/** Shared (correlating) value `k` of a pool of `size` values starting at `offset`. */
export function scaleSharedValue(
  k: number,
  pool: { size: number; offset: number } = { size: 1000, offset: 0 },
): string {
  return `shared${pool.offset + (k % pool.size)}.scale.example`;
}

/**
 * Bulk-loads `attributes` attributes spread over `events` events in one transaction with
 * prepared statements; secondary indexes are dropped first and rebuilt afterwards (much faster
 * than maintaining them row by row).
 */
export function seedScaleDb(db: Database, options: ScaleOptions): ScaleResult {
  const attributes = Math.max(0, Math.floor(options.attributes));
  const events = Math.max(1, Math.floor(options.events ?? Math.ceil(attributes / 10)));
  const orgId = options.orgId ?? 1;
  const span = options.spanSeconds ?? 30 * 86400;
  const started = process.hrtime.bigint();
  const salt = randomBytes(6).toString('hex');
  const now = Math.floor(Date.now() / 1000);
  const firstAttribute = (db.prepare('SELECT COALESCE(MAX(id), 0) AS n FROM attributes').get() as { n: number }).n;
  const firstEvent = (db.prepare('SELECT COALESCE(MAX(id), 0) AS n FROM events').get() as { n: number }).n;
  dropIndexes(db);
  // Correlations are rebuilt in one statement afterwards instead of by the per-row triggers.
  dropCorrelationTriggers(db);
  const every = Math.max(0, Math.floor(options.correlateEvery ?? 0));
  // Bulk-load settings: a large page cache for the index rebuild, and no fsync per commit
  // (restored afterwards; the load is one transaction, so a crash leaves the old state).
  const previousCache = db.pragma('cache_size', { simple: true });
  const previousSync = db.pragma('synchronous', { simple: true });
  db.pragma('cache_size = -131072');
  db.pragma('synchronous = OFF');
  db.transaction(() => {
    const insertEvent = db.prepare(
      `INSERT INTO events (uuid, org_id, orgc_id, user_id, date, info, published, analysis, threat_level_id, distribution,
       sharing_group_id, timestamp, publish_timestamp, attribute_count) VALUES (?, ?, ?, 1, ?, ?, 1, 2, ?, 3, 0, ?, ?, ?)`,
    );
    const insertAttribute = db.prepare(
      `INSERT INTO attributes (event_id, category, type, value1, to_ids, uuid, timestamp, distribution)
       VALUES (?, ?, ?, ?, 1, ?, ?, 5)`,
    );
    const perEvent = Math.ceil(attributes / events);
    let written = 0;
    for (let e = 0; e < events; e++) {
      const publish = now - Math.floor((span * (events - e)) / events);
      const count = Math.min(perEvent, attributes - written);
      const eventId = Number(
        insertEvent.run(
          sequentialUuid('e', firstEvent + e, salt),
          orgId,
          orgId,
          new Date(publish * 1000).toISOString().slice(0, 10),
          `Scale event ${e}`,
          1 + (e % 4),
          publish,
          publish,
          Math.max(0, count),
        ).lastInsertRowid,
      );
      for (let k = 0; k < count; k++) {
        const index = firstAttribute + written + k;
        const shared = every > 0 && index % every === 0;
        const { type, value } = shared
          ? { type: 'domain' as const, value: scaleSharedValue(index / every, options.sharedValues) }
          : scaleValue(index);
        insertAttribute.run(eventId, CATEGORY[type], type, value, sequentialUuid('a', index, salt), publish);
      }
      written += Math.max(0, count);
    }
  })();
  createIndexes(db);
  const correlating = process.hrtime.bigint();
  rebuildCorrelations(db);
  createCorrelationTriggers(db);
  const correlationSeconds = Number(process.hrtime.bigint() - correlating) / 1e9;
  db.pragma(`cache_size = ${Number(previousCache)}`);
  db.pragma(`synchronous = ${Number(previousSync)}`);
  db.pragma('optimize');
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return {
    attributes,
    events,
    seconds,
    attributesPerSecond: attributes / Math.max(seconds, 1e-9),
    correlationSeconds,
  };
}
