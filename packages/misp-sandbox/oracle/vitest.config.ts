import { defineConfig } from 'vitest/config';

// `npm run test:oracle`: the comparison with a real MISP (skipped without MISP_ORACLE_URL/KEY) and the
// runner's own tests. Not part of `npm test`, which never needs a real MISP.
export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['oracle/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 600_000,
    fileParallelism: false,
  },
});
