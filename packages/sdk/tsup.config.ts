import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

export default defineConfig([
  {
    entry: {
      index: 'src/index.ts',
      core: 'src/core.ts',
      node: 'src/node.ts',
      indicators: 'src/indicators/index.ts',
    },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'es2022',
    platform: 'neutral',
    external: ['undici'],
    define: { __SDK_VERSION__: JSON.stringify(version) },
  },
  // The mispkit-doctor command (bin/mispkit-doctor.js): ESM only, no types, not an export of the package.
  {
    entry: { doctor: 'src/doctor/bin.ts' },
    format: ['esm'],
    dts: false,
    sourcemap: true,
    clean: false,
    target: 'es2022',
    platform: 'node',
    external: ['undici'],
    define: { __SDK_VERSION__: JSON.stringify(version) },
  },
]);
