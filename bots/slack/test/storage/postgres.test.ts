import { beforeAll } from 'vitest';
import { openStore } from '../../src/storage/index.js';
import { dropSchema, PG_URL, randomSchema, requirePostgres } from '../alerts/helpers.js';
import { describeStore } from './store-suite.js';

beforeAll(requirePostgres);

describeStore('PostgreSQL', () => {
  const schema = randomSchema();
  return { open: () => openStore(PG_URL, { schema }), cleanup: () => dropSchema(schema) };
});
