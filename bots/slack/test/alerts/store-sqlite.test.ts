import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteAlertStore } from '../../src/alerts/store-sqlite.js';
import { describeAlertStore } from './store-suite.js';

describeAlertStore('SQLite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mispkit-alerts-'));
  const file = join(dir, 'alerts.sqlite');
  return {
    open: async () => openSqliteAlertStore(file),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});
