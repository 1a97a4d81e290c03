import { defineConfig } from 'vitest/config';

// `npm run test:oracle`: the comparison with a real MISP (skipped without MISP_ORACLE_URL/KEY) and the
// runner's own tests. Not part of `npm test`, which never needs a real MISP.
export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['oracle/**/*.test.ts'],
    testTimeout: 60_000,
    // The whole corpus runs in one beforeAll against a single-process PHP MISP: minutes on a quiet machine.
    hookTimeout: 1_800_000,
    fileParallelism: false,
  },
});
