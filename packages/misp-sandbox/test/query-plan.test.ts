// Guards the query plans of value searches. A plan that scans `attributes` is invisible to behaviour
// tests and only shows at scale (a 50-indicator lookup once took 2.6 s on 1,000,000 attributes
// instead of 28 ms). The database gets 20,000 scale rows so that SQLite has ANALYZE statistics,
// as it does after the bench's million-row seed. Each search here runs over
// HTTP; every SQL statement it runs that reads `attributes` is then EXPLAINed with the same bound
// values (SQLite's LIKE optimisation depends on them), and none may scan that table (or a whole
// index of it) instead of searching it.
import type { Database, Statement } from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoIndicators as I, type MispSandbox, seedScale } from '../src/index.js';
import { type Api, apiFor, withSandbox } from './helpers.js';

let misp: MispSandbox;
let api: Api;
let executed: { sql: string; params: unknown[] }[] = [];

beforeAll(async () => {
  ({ misp } = await withSandbox({ seed: 'demo' }));
  // The bot's key: a plain user, whose searches carry the visibility conditions too.
  api = apiFor(misp, misp.userKey);
  // Enough rows for ANALYZE statistics (the scale seeder runs `PRAGMA optimize`), which is what
  // steers SQLite's planner at a million rows.
  seedScale(misp, { attributes: 20_000, events: 2_000 });
  const db = misp.db as Database;
  const original = db.prepare.bind(db);
  db.prepare = ((sql: string) => {
    const statement = original(sql) as Statement;
    for (const method of ['all', 'get', 'iterate'] as const) {
      const run = statement[method].bind(statement) as (...params: unknown[]) => unknown;
      Object.assign(statement, {
        [method]: (...params: unknown[]) => {
          executed.push({ sql, params });
          return run(...params);
        },
      });
    }
    return statement;
  }) as Database['prepare'];
});
afterAll(() => misp.close());

/** A plan line that reads the whole attributes table or a whole index of it. */
const SCAN = /^SCAN (a|x|attributes)\b/;

/** Plan lines matching `bad` (by default: scans of attributes). */
function scansOfAttributes(sql: string, params: unknown[] = [], bad = SCAN): string[] {
  const db = misp.db as Database;
  const plan = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[];
  return plan.map((p) => p.detail).filter((d) => bad.test(d));
}

async function planOf(path: string, body: Record<string, unknown>, bad = SCAN): Promise<string[]> {
  executed = [];
  const response = await api('POST', path, body);
  expect(response.status).toBe(200);
  const reads = executed.filter(({ sql }) => /\bFROM attributes\b/.test(sql) && /\bvalue[12]\b/.test(sql));
  expect(reads.length).toBeGreaterThan(0);
  return reads.flatMap(({ sql, params }) => scansOfAttributes(sql, params, bad));
}

// The bot's lookup: many exact values, URL-host patterns and a composite, in one list.
const lookupValues = [
  I.maliciousIp,
  I.maliciousDomain,
  I.unknownIp,
  ...Array.from({ length: 40 }, (_, i) => `198.51.100.${i + 1}`),
  'http://bad.example/%',
  'https://bad.example/%',
  'evil.exe|0123456789abcdef0123456789abcdef',
];

describe('value searches use indexes, never a scan of attributes', () => {
  it.each([
    ['one exact value', { value: I.maliciousIp }],
    ['a list of exact values', { value: lookupValues.slice(0, 43) }],
    ['a list mixing exact values, prefix patterns and a composite', { value: lookupValues }],
    ['a prefix pattern alone', { value: 'http://bad.example/%' }],
    ['an OR object with NOT', { value: { OR: lookupValues, NOT: [I.maliciousDomain] } }],
    [
      'a 50,000-value list',
      { value: [...lookupValues, ...Array.from({ length: 50_000 }, (_, i) => `absent-${i}.example`)] },
    ],
    ['600 prefix patterns', { value: Array.from({ length: 600 }, (_, i) => `http://u${i}.scale.example/%`) }],
    ['an AND list', { value: { AND: [I.maliciousIp, `${I.maliciousIp}|443`, '185.220.%'] } }],
  ])('attributes/restSearch: %s', async (_name, filters) => {
    const lookup = {
      includeEventTags: true,
      includeContext: true,
      includeSightings: true,
      includeWarninglistHits: true,
    };
    expect(await planOf('/attributes/restSearch', { returnFormat: 'json', limit: 200, ...lookup, ...filters })).toEqual(
      [],
    );
  });

  it('events/restSearch by a mixed value list', async () => {
    expect(await planOf('/events/restSearch', { returnFormat: 'json', value: lookupValues })).toEqual([]);
  });

  it('events/restSearch looks a value list up once, not once per event', async () => {
    // Matching `a.event_id = e.id AND a.id IN (…)` event by event probes every listed attribute id for
    // every event (no scan, but 107 s for 50,000 values over 1,000,000 attributes).
    const perEvent = /\(event_id=\? AND rowid=\?\)/;
    expect(await planOf('/events/restSearch', { value: lookupValues, limit: 10 }, perEvent)).toEqual([]);
  });

  it('detects a scan (the guard itself works)', () => {
    expect(scansOfAttributes("SELECT id FROM attributes WHERE comment LIKE '%x%'")).not.toEqual([]);
  });
});
