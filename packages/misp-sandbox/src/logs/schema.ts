import type { Database } from 'better-sqlite3';

/** MISP's `logs` table (admin/logs/index). Idempotent, applied after the numbered migrations. */
export function migrateLogs(db: Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS logs (
      id INTEGER PRIMARY KEY AUTOINCREMENT, title TEXT NOT NULL DEFAULT '', created TEXT NOT NULL, model TEXT NOT NULL,
      model_id INTEGER NOT NULL DEFAULT 0, action TEXT NOT NULL, user_id INTEGER NOT NULL DEFAULT 0,
      change TEXT NOT NULL DEFAULT '', email TEXT NOT NULL DEFAULT '', org TEXT NOT NULL DEFAULT '',
      description TEXT NOT NULL DEFAULT '', ip TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX IF NOT EXISTS logs_model ON logs (model, model_id);
  `);
}
