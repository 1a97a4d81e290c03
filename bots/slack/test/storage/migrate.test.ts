import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migratePostgres, migrateSqlite } from '../../src/storage/migrate.js';
import { dropSchema, PG_URL, randomSchema, requirePostgres } from '../alerts/helpers.js';

const v1 = 'CREATE TABLE a (id INTEGER PRIMARY KEY)';
const v2 = 'CREATE TABLE b (id INTEGER PRIMARY KEY)';

describe('migrateSqlite', () => {
  it('runs only the versions not yet recorded, in order, and records when', () => {
    const db = new Database(':memory:');
    migrateSqlite(db, { table: 'm', sql: [v1], appliedAt: () => 7 });
    migrateSqlite(db, { table: 'm', sql: [v1, v2], appliedAt: () => 8 });
    migrateSqlite(db, { table: 'm', sql: [v1, v2], appliedAt: () => 9 });
    expect(db.prepare('SELECT version, applied_at FROM m ORDER BY version').all()).toEqual([
      { version: 1, applied_at: 7 },
      { version: 2, applied_at: 8 },
    ]);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('a', 'b')").all()).toHaveLength(
      2,
    );
  });

  it('records nothing of a run whose migration fails', () => {
    const db = new Database(':memory:');
    expect(() => migrateSqlite(db, { table: 'm', sql: [v1, 'NOT SQL'], appliedAt: Date.now })).toThrow();
    expect(db.prepare('SELECT version FROM m').all()).toEqual([]);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'a'").all()).toEqual([]);
  });

  it('refuses a bookkeeping table name that is not a plain identifier', () => {
    const db = new Database(':memory:');
    expect(() => migrateSqlite(db, { table: 'm; DROP TABLE x', sql: [], appliedAt: Date.now })).toThrow(
      'invalid migrations table',
    );
  });
});

describe('migratePostgres', () => {
  const schema = randomSchema();
  let pool: pg.Pool;
  beforeAll(async () => {
    await requirePostgres();
    pool = new pg.Pool({ connectionString: PG_URL, max: 4 });
  });
  afterAll(async () => {
    await pool?.end();
    await dropSchema(schema);
  });

  it('creates the schema and runs each version once, also when replicas start together', async () => {
    const run = (sql: string[]) => migratePostgres(pool, { table: 'm', sql, schema, lockName: 'migrate-test' });
    await Promise.all([run([v1]), run([v1]), run([v1])]);
    await run([v1, v2]);
    const { rows } = await pool.query(`SELECT version FROM "${schema}".m ORDER BY version`);
    expect(rows.map((r) => Number(r.version))).toEqual([1, 2]);
    const tables = await pool.query('SELECT table_name FROM information_schema.tables WHERE table_schema = $1', [
      schema,
    ]);
    expect(tables.rows.map((r) => r.table_name).sort()).toEqual(['a', 'b', 'm']);
  });

  it('rolls back a run whose migration fails', async () => {
    const other = randomSchema();
    try {
      await expect(
        migratePostgres(pool, { table: 'm', sql: [v1, 'NOT SQL'], schema: other, lockName: 'migrate-test' }),
      ).rejects.toThrow();
      const { rows } = await pool.query('SELECT 1 FROM information_schema.schemata WHERE schema_name = $1', [other]);
      expect(rows).toEqual([]);
    } finally {
      await dropSchema(other);
    }
  });
});
