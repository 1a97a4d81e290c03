// Shared test helpers for the alert pipeline: sample events and a PostgreSQL schema per run.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { AlertEvent } from '../../src/alerts/types.js';

let seq = 0;

export function makeAlertEvent(overrides: Partial<AlertEvent> = {}): AlertEvent {
  seq += 1;
  const tlp = overrides.tlp ?? 'green';
  return {
    uuid: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    id: String(seq),
    info: `Event ${seq}`,
    date: '2026-11-28',
    threatLevel: 1,
    publishTimestamp: 1_800_000_000 + seq,
    published: true,
    org: 'CIRCL',
    tags: ['tlp:green'],
    galaxies: [],
    attributeCount: 1,
    attributeCounts: { 'ip-dst': 1 },
    indicators: [{ type: 'ip-dst', value: '203.0.113.7', toIds: true }],
    tlp,
    tlpTags: [`tlp:${tlp}`],
    values: ['203.0.113.7'],
    ...overrides,
  };
}

/** The PostgreSQL URL for tests: MISPKIT_TEST_PG, else the local server as the current user. */
export const PG_URL = process.env.MISPKIT_TEST_PG ?? 'postgres://root@127.0.0.1:5432/test';

/** Fails clearly when PostgreSQL is not reachable: these suites must not pass silently without it. */
export async function requirePostgres(): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    throw new Error(
      `PostgreSQL is required for the alert store tests and is not reachable at ${PG_URL.replace(/:[^:@/]+@/, ':***@')} ` +
        `(${(error as Error).message}). Start it (trust auth, database "test") or set MISPKIT_TEST_PG.`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

export function randomSchema(): string {
  return `mispkit_test_${randomBytes(6).toString('hex')}`;
}

export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

/** Waits until `check` returns true, polling; fails with `what` after a generous bound (not a timing assertion). */
export async function eventually(
  check: () => Promise<boolean> | boolean,
  what: string,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for: ${what}`);
}
