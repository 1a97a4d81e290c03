// The contract → SDK link: every operation in openapi/ is a generated, documented method of the client,
// its route row says what the spec says, and only reads are marked safe to retry.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { routes } from '../src/generated/routes.js';
import { createMispClient } from '../src/index.js';
import { BODY, HTTP200_FAILURES, IDEMPOTENT, PAGINATED, type Route } from '../src/internal/routes.js';

// biome-ignore lint/suspicious/noExplicitAny: the bundled spec is walked generically.
type Json = Record<string, any>;
const spec: Json = JSON.parse(
  readFileSync(createRequire(import.meta.url).resolve('@mispkit/openapi/openapi.json'), 'utf8'),
);
const methodsTs = readFileSync(new URL('../src/generated/methods.ts', import.meta.url), 'utf8');
const operations = Object.entries<Json>(spec.paths).flatMap(([path, item]) =>
  Object.entries<Json>(item)
    .filter(([verb]) => ['get', 'post', 'put', 'patch', 'delete', 'head'].includes(verb))
    .map(([verb, op]) => ({ path, verb: verb.toUpperCase(), op, ext: op['x-mispkit'] as Json })),
);
const misp = createMispClient({ baseUrl: 'http://misp.test', apiKey: 'k'.repeat(40) }) as unknown as Record<
  string,
  Record<string, unknown>
>;

describe('every operation of the contract', () => {
  it('has an x-mispkit and is a method of the client', () => {
    expect(operations.length).toBeGreaterThanOrEqual(43);
    for (const { op, ext } of operations) {
      expect(ext, op.operationId).toBeDefined();
      expect(typeof misp[ext.resource]?.[ext.method], `${op.operationId} → misp.${ext.resource}.${ext.method}`).toBe(
        'function',
      );
    }
  });

  it('has a route row that says what the spec says', () => {
    const tables = routes as unknown as Record<string, Record<string, Route>>;
    const rows = Object.values(tables).reduce((n, t) => n + Object.keys(t).length, 0);
    expect(rows).toBe(operations.length);
    for (const { path, verb, op, ext } of operations) {
      const [rowVerb, rowPath, unwrap, flags] = tables[ext.resource]?.[ext.method] ?? [];
      expect([rowVerb, rowPath, unwrap], op.operationId).toEqual([verb, path, ext.unwrap ?? '']);
      expect(Boolean((flags as number) & IDEMPOTENT), op.operationId).toBe(ext.idempotent);
      expect(Boolean((flags as number) & PAGINATED), op.operationId).toBe(ext.paginated);
      expect(Boolean((flags as number) & BODY), op.operationId).toBe(op.requestBody !== undefined);
      expect(Boolean((flags as number) & HTTP200_FAILURES), op.operationId).toBe(ext.http200Failures === true);
    }
  });

  it('is documented: JSDoc with the summary, the MISP route and the operationId', () => {
    for (const { path, verb, op } of operations) {
      expect(methodsTs, op.operationId).toContain(`\`${verb} ${path}\` (operationId \`${op.operationId}\`)`);
      expect(methodsTs, op.operationId).toContain(String(op.summary).replace(/([^.])$/, '$1.'));
    }
  });

  it('marks reads idempotent, and never a create, delete or publish', () => {
    // GETs that write: MISP's servers/createSync makes the caller a new API key on every call.
    const writingGets = new Set(['getServerSyncConfig']);
    for (const { path, verb, op, ext } of operations) {
      const read =
        (verb === 'GET' && !writingGets.has(op.operationId)) ||
        verb === 'HEAD' ||
        /restSearch|\/index$|checkValue|\/search$/.test(path);
      if (read) expect(ext.idempotent, `${op.operationId} ${verb} ${path}`).toBe(true);
      if (/\/(add|delete|publish)(\/|$)/.test(path))
        expect(ext.idempotent, `${op.operationId} ${verb} ${path}`).toBe(false);
    }
  });
});
