import { defineConfig } from 'vitest/config';

// Compiling 114 schemas with ajv takes seconds on a loaded machine; correctness, not speed, is tested here.
export default defineConfig({ test: { testTimeout: 60_000 } });
