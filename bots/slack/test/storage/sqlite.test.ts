import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openSqliteStore } from '../../src/storage/sqlite.js';
import { describeStore } from './store-suite.js';

describeStore('SQLite', () => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'mispkit-')), 'bot.sqlite');
  return { open: async () => openSqliteStore(file) };
});
