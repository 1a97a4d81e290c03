// Minified + gzipped size of a bundle, measured the same way for every entry point we report.
import { gzipSync } from 'node:zlib';
import { type BuildOptions, build } from 'esbuild';

/** Bundles `entry` (esbuild, minified, platform-neutral ESM) and returns its raw and gzip -9 sizes in bytes. */
export async function bundleSizes(
  entry: Pick<BuildOptions, 'entryPoints' | 'stdin'>,
): Promise<{ minified: number; gzipped: number }> {
  const result = await build({
    ...entry,
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  return { minified: code.length, gzipped: gzipSync(code, { level: 9 }).length };
}
