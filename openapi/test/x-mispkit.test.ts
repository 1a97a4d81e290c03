// The lint rule mispkit/x-mispkit, run as CI runs it (`redocly lint`) on a copy of the contract:
// an operation without x-mispkit, a malformed one, or two operations with the same resource.method fail.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const redocly = path.resolve(root, '..', 'node_modules', '@redocly', 'cli', 'bin', 'cli.js');
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function lintCopy(edit: (dir: string) => void): { ok: boolean; output: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'mispkit-lint-'));
  dirs.push(dir);
  for (const entry of ['openapi.yaml', 'redocly.yaml', 'x-mispkit.schema.json', 'paths', 'components', 'plugins']) {
    cpSync(path.join(root, entry), path.join(dir, entry), { recursive: true });
  }
  symlinkSync(path.resolve(root, '..', 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  edit(dir);
  const run = spawnSync(process.execPath, [redocly, 'lint', 'openapi.yaml'], { cwd: dir, encoding: 'utf8' });
  return { ok: run.status === 0, output: `${run.stdout}${run.stderr}` };
}

function rewrite(dir: string, file: string, from: RegExp | string, to: string): void {
  const target = path.join(dir, file);
  const text = readFileSync(target, 'utf8');
  const next = text.replace(from, to);
  expect(next).not.toBe(text);
  writeFileSync(target, next);
}

describe('lint rule mispkit/x-mispkit', () => {
  it('passes on the contract as committed', () => {
    const { ok, output } = lintCopy(() => undefined);
    expect(output).toContain('valid');
    expect(ok).toBe(true);
  }, 60_000);

  it('fails an operation that does not say how the SDK calls it', () => {
    const { ok, output } = lintCopy((dir) => rewrite(dir, 'paths/users.yaml', / {4}x-mispkit:\n(?: {6}.*\n)+/, ''));
    expect(ok).toBe(false);
    expect(output).toContain('Operation getCurrentUser has no `x-mispkit`');
  }, 60_000);

  it('fails a malformed unwrap path and a resource.method used twice', () => {
    const { ok, output } = lintCopy((dir) => {
      rewrite(dir, 'paths/tags.yaml', 'unwrap: "Tag[]"', 'unwrap: "Tag[["');
      rewrite(dir, 'paths/tags.yaml', 'method: remove', 'method: attach');
    });
    expect(ok).toBe(false);
    expect(output).toContain('x-mispkit/unwrap must match pattern');
    expect(output).toContain('x-mispkit tags.attach is already used by attachTag');
  }, 60_000);
});
