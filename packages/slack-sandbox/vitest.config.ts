import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // expect.poll waits for something to happen; its 1 s default is too short on a loaded machine.
    expect: { poll: { timeout: 15_000 } },
  },
});
