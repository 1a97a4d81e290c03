// Numbered migrations for the bot's and the alerts' tables, one runner per database kind. Each store
// passes its own list and bookkeeping table; version N is the N-th SQL string and never changes once shipped.
import type Database from 'better-sqlite3';
import type pg from 'pg';

export interface Migrations {
  /** Table recording which versions ran (`version`, `applied_at`). */
  table: string;
  /** Version N is `sql[N - 1]`; a string may hold several statements. */
  sql: readonly string[];
}

function checkedName(name: string, what: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(name)) throw new Error(`invalid ${what}: ${name}`);
  return name;
}

/** `name` double-quoted for PostgreSQL, after checking it is a plain identifier. */
export function quoteIdent(name: string): string {
  return `"${checkedName(name, 'PostgreSQL schema name')}"`;
}

/**
 * Runs the missing migrations inside one IMMEDIATE transaction, so a second process opening the same
 * file waits and then finds nothing to do. `appliedAt` is what `applied_at` records.
 */
export function migrateSqlite(db: Database.Database, migrations: Migrations & { appliedAt: () => number }): void {
  const table = checkedName(migrations.table, 'migrations table');
  db.exec(`CREATE TABLE IF NOT EXISTS ${table} (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)`);
  db.transaction(() => {
    const applied = new Set(
      (db.prepare(`SELECT version FROM ${table}`).all() as { version: number }[]).map((r) => r.version),
    );
    migrations.sql.forEach((sql, i) => {
      if (applied.has(i + 1)) return;
      db.exec(sql);
      db.prepare(`INSERT INTO ${table} (version, applied_at) VALUES (?, ?)`).run(i + 1, migrations.appliedAt());
    });
  }).immediate();
}

/**
 * Creates `schema` if needed and runs the missing migrations in it, in one transaction under an advisory
 * lock named `lockName:schema`: replicas starting together wait for the first and then find nothing to do.
 */
export async function migratePostgres(
  pool: pg.Pool,
  migrations: Migrations & { schema: string; lockName: string },
): Promise<void> {
  const table = checkedName(migrations.table, 'migrations table');
  const schema = quoteIdent(migrations.schema);
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`${migrations.lockName}:${migrations.schema}`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(`SET LOCAL search_path TO ${schema}`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${table} (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)`);
    const applied = new Set((await client.query(`SELECT version FROM ${table}`)).rows.map((r) => Number(r.version)));
    for (const [i, sql] of migrations.sql.entries()) {
      if (applied.has(i + 1)) continue;
      await client.query(sql);
      await client.query(`INSERT INTO ${table} (version, applied_at) VALUES ($1, $2)`, [i + 1, Date.now()]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
