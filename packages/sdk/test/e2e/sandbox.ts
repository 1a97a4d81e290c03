// One seeded MISP sandbox per test file, over real HTTP — or, with MISPKIT_E2E_URL and MISPKIT_E2E_KEY set,
// a real MISP prepared the same way (real-misp.ts; `npm run test:e2e:misp`).
import { demoIndicators, startMispSandbox } from '@mispkit/misp-sandbox';
import { afterAll, beforeAll } from 'vitest';
import { createMispClient, type MispClient, type MispClientOptions, retryPolicy } from '../../src/index.js';
import { type E2ETarget, realMispFromEnv, startRealMisp } from './real-misp.js';

export { demoIndicators };

export interface E2E {
  /** The sandbox, or the proxy in front of a real MISP: the same users, keys, stats and faults. */
  sandbox: E2ETarget;
  /** Read-write user. */
  misp: MispClient;
  readOnly: MispClient;
  client(options?: Partial<MispClientOptions>): MispClient;
}

export function useSandbox(): E2E {
  const e2e = {} as E2E;
  const real = realMispFromEnv();
  beforeAll(async () => {
    e2e.sandbox = real
      ? await startRealMisp(real.url, real.key)
      : await startMispSandbox({ seed: 'demo', log: () => undefined });
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

/** What a call that must fail threw: its code, HTTP status and message (fails the test if the call succeeds). */
export async function failure(
  call: Promise<unknown>,
): Promise<{ code: string; status: number | undefined; message: string }> {
  try {
    await call;
  } catch (error) {
    const e = error as Error & { code: string; status?: number };
    return { code: e.code, status: e.status, message: e.message };
  }
  throw new Error('expected the call to fail');
}
