// The tarball npm would publish: licence, readme, changelog, types, no tests, source maps and README
// links that resolve (see scripts/pack-contents.mjs). Reads dist/, so it runs after the build.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs helper shared by every published package, without declarations
import { packProblems } from '../../../scripts/pack-contents.mjs';

const dir = fileURLToPath(new URL('..', import.meta.url));

describe('the published tarball of @mispkit/sdk', () => {
  it('ships its licence, readme, changelog and types, no tests, and only links that resolve', () => {
    expect(packProblems(dir)).toEqual([]);
  }, 60_000);
});
