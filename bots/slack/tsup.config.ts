import { defineConfig } from 'tsup';

export default defineConfig({
  // demo: the npm start publisher (scripts/start.mjs); never imported by main or index.
  entry: { main: 'src/main.ts', index: 'src/index.ts', demo: 'src/alerts/demo.ts' },
  format: ['esm'],
  sourcemap: true,
  clean: true,
  target: 'node20',
  platform: 'node',
});
