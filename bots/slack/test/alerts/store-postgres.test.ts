import { beforeAll } from 'vitest';
import { openPostgresAlertStore } from '../../src/alerts/store-postgres.js';
import { dropSchema, PG_URL, randomSchema, requirePostgres } from './helpers.js';
import { describeAlertStore } from './store-suite.js';

beforeAll(requirePostgres);

describeAlertStore('PostgreSQL', () => {
  const schema = randomSchema();
  return {
    open: () => openPostgresAlertStore(PG_URL, { schema }),
    cleanup: () => dropSchema(schema),
  };
});
