// `npx slack-sandbox` in this repository: npm links a package's bin at `npm ci`, before anything is built,
// so the bin must be a committed file (bin/slack-sandbox.js) that loads dist/cli.js when run.
import { execFileSync } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dir = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(`${dir}package.json`, 'utf8')) as { bin: Record<string, string> };

describe('the slack-sandbox command', () => {
  it('is a committed, executable shim outside dist/, so npm links it on a fresh clone', () => {
    const target = pkg.bin['slack-sandbox'] ?? '';
    expect(target).toBe('./bin/slack-sandbox.js');
    const file = `${dir}${target.slice(2)}`;
    accessSync(file, constants.X_OK);
    expect(readFileSync(file, 'utf8')).toMatch(/^#!\/usr\/bin\/env node\n/);
  });

  it('runs the built CLI', () => {
    const help = execFileSync(process.execPath, [`${dir}bin/slack-sandbox.js`, '--help'], { encoding: 'utf8' });
    expect(help).toMatch(/Usage: slack-sandbox/);
  });
});
