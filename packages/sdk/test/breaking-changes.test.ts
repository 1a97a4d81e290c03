// The breaking-change guard (scripts/detect-breaking-changes.mjs): old README examples and type
// tests must compile against this build. Checked here against this very commit (must pass) and
// against hand-made "previous releases" that a break must fail and a loosening must not.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const sdkDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const script = path.join(sdkDir, 'scripts', 'detect-breaking-changes.mjs');
let previous = '';

function guard(...args: string[]): { code: number; out: string } {
  try {
    const out = execFileSync(process.execPath, [script, ...args], { cwd: sdkDir, encoding: 'utf8', stdio: 'pipe' });
    return { code: 0, out };
  } catch (error) {
    const e = error as { status: number; stdout: string; stderr: string };
    return { code: e.status, out: `${e.stdout}${e.stderr}` };
  }
}

const readme = (code: string) => `# old README\n\n\`\`\`ts\n${code}\n\`\`\`\n`;

beforeAll(() => {
  if (!existsSync(path.join(sdkDir, 'dist', 'index.d.ts')))
    execFileSync('npx', ['tsup'], { cwd: sdkDir, stdio: 'ignore' });
  previous = mkdtempSync(path.join(tmpdir(), 'mispkit-previous-'));
}, 120_000);
afterAll(() => rmSync(previous, { recursive: true, force: true }));

describe('the breaking-change guard', () => {
  it('passes against the committed README examples and type tests of this commit', () => {
    const result = guard('HEAD');
    expect(result.out).toMatch(/Compatible with HEAD: \d+ files/);
    expect(result.code).toBe(0);
  }, 120_000);

  it('fails, naming the file and the missing API, when old usage no longer compiles', () => {
    writeFileSync(
      path.join(previous, 'README.md'),
      readme(`import { createMispClient } from '@mispkit/sdk';
const misp = createMispClient({ baseUrl: 'https://misp.example.org', apiKey: 'k'.repeat(40) });
await misp.attributes.searchAll({ value: '1.2.3.4' });`),
    );
    const result = guard('--from', previous);
    expect(result.code).toBe(1);
    expect(result.out).toContain('Breaking change');
    expect(result.out).toMatch(/readme-example-1\.ts\(3,\d+\): error TS\d+: .*searchAll/);
  }, 120_000);

  it('accepts an API that became more permissive (an @ts-expect-error no longer needed)', () => {
    writeFileSync(
      path.join(previous, 'README.md'),
      readme(`import { extractIndicators } from '@mispkit/sdk/indicators';
// @ts-expect-error (pretend an older release required an argument that is now optional)
extractIndicators('evil[.]example');`),
    );
    const result = guard('--from', previous);
    expect(result.out).toContain('Compatible with');
    expect(result.code).toBe(0);
  }, 120_000);

  it('leaves out old type tests that reach into internal modules', () => {
    writeFileSync(
      path.join(previous, 'README.md'),
      readme(`import { SDK_VERSION } from '@mispkit/sdk';\nSDK_VERSION.trim();`),
    );
    writeFileSync(
      path.join(previous, 'internal.test-d.ts'),
      `import { something } from '../src/internal/transport.js';\nsomething();\n`,
    );
    const result = guard('--from', previous);
    expect(result.out).toContain('internal.test-d.ts: imports internal modules, skipped');
    expect(result.code).toBe(0);
  }, 120_000);
});
