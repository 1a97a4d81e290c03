import { cpSync, existsSync, rmSync } from 'node:fs';
import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', cli: 'src/cli.ts' },
  format: ['esm'],
  dts: { entry: { index: 'src/index.ts' } },
  sourcemap: true,
  clean: true,
  target: 'node20',
  platform: 'node',
  // The playground page is static files next to the bundle: src/playground → dist/playground.
  onSuccess: async () => {
    rmSync('dist/playground', { recursive: true, force: true });
    if (existsSync('src/playground')) cpSync('src/playground', 'dist/playground', { recursive: true });
  },
});
