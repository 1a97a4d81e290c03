// The tarball npm would publish: licence, readme, changelog, types, no tests, source maps and README
// links that resolve (see scripts/pack-contents.mjs). Reads dist/, so it runs after the build.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs helper shared by every published package, without declarations
import { packedFiles, packProblems } from '../../../scripts/pack-contents.mjs';

const dir = fileURLToPath(new URL('..', import.meta.url));

describe('the published tarball of @mispkit/slack-bot', () => {
  it('ships its licence, readme, changelog and manifests, no tests, and only links that resolve', () => {
    expect(packProblems(dir)).toEqual([]);
  }, 60_000);

  it('ships what an operator needs to run it, and not the playground demo publisher', () => {
    const { files } = packedFiles(dir) as { files: string[] };
    for (const file of [
      'bin/mispkit-slack-bot.js',
      'dist/main.js',
      'manifest.yaml',
      'manifest.http.yaml',
      '.env.example',
    ]) {
      expect(files).toContain(file);
    }
    expect(files.filter((f) => f.startsWith('dist/demo'))).toEqual([]);
  }, 60_000);
});
