import { defineConfig } from 'tsup';

export default defineConfig({
  // demo: the npm start publisher, node-flags: how it starts the bot (scripts/start.mjs); neither is
  // imported by main or index.
  entry: {
    main: 'src/main.ts',
    index: 'src/index.ts',
    demo: 'src/alerts/demo.ts',
    'node-flags': 'src/node-flags.ts',
  },
  format: ['esm'],
  sourcemap: true,
  clean: true,
  target: 'node20',
  platform: 'node',
});
