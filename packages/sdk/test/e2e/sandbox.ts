// One seeded MISP sandbox per test file, over real HTTP.
import { demoIndicators, type MispSandbox, startMispSandbox } from '@mispkit/misp-sandbox';
import { afterAll, beforeAll } from 'vitest';
import { createMispClient, type MispClient, type MispClientOptions, retryPolicy } from '../../src/index.js';

export { demoIndicators };

export interface E2E {
  sandbox: MispSandbox;
  /** Read-write user. */
  misp: MispClient;
  readOnly: MispClient;
  client(options?: Partial<MispClientOptions>): MispClient;
}

export function useSandbox(): E2E {
  const e2e = {} as E2E;
  beforeAll(async () => {
    e2e.sandbox = await startMispSandbox({ seed: 'demo', log: () => undefined });
    const fast = retryPolicy({ baseDelayMs: 5, maxDelayMs: 20 });
    e2e.client = (options = {}) =>
      createMispClient({ baseUrl: e2e.sandbox.url, apiKey: e2e.sandbox.userKey, retry: fast, ...options });
    e2e.misp = e2e.client();
    e2e.readOnly = e2e.client({ apiKey: e2e.sandbox.readOnlyKey });
  });
  afterAll(async () => {
    await e2e.sandbox?.close();
  });
  return e2e;
}
