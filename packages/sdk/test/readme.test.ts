// README examples are tests: every ```ts block of README.md runs, as written, against the MISP
// sandbox (MISP_URL / MISP_KEY point at it), importing this package's source.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type MispSandbox, startMispSandbox } from '@mispkit/misp-sandbox';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const sdkDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const readme = readFileSync(path.join(sdkDir, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/^## (.+)$|^```ts\n([\s\S]*?)^```$/gm)]
  .reduce<{ section: string; code: string }[]>((acc, match) => {
    if (match[1]) acc.push({ section: match[1], code: '' });
    else if (match[2]) acc.push({ section: acc.at(-1)?.section ?? 'top', code: match[2] });
    return acc;
  }, [])
  .filter((b) => b.code);

/** Imports of the package and its subpaths point at this package's source. */
const retarget = (code: string, ext: string) =>
  code.replace(/from '@mispkit\/sdk(\/core|\/node)?'/g, (_, sub: string | undefined) => {
    const file = sub === '/core' ? 'core' : sub === '/node' ? 'node' : 'index';
    return `from '${path.join(sdkDir, 'src', `${file}.${ext}`)}'`;
  });

let sandbox: MispSandbox;
let dir = '';
beforeAll(async () => {
  sandbox = await startMispSandbox({ seed: 'demo', log: () => undefined });
  dir = mkdtempSync(path.join(tmpdir(), 'mispkit-readme-'));
});
afterAll(async () => {
  await sandbox?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('README examples', () => {
  it('has examples to run', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(7);
  });

  it('type-check as written (strict, NodeNext, exactOptionalPropertyTypes)', () => {
    const typesDir = mkdtempSync(path.join(tmpdir(), 'mispkit-readme-types-'));
    try {
      blocks.forEach(({ code }, index) => {
        const source = retarget(code, 'js');
        writeFileSync(path.join(typesDir, `example-${index + 1}.ts`), `${source}\nexport {};\n`);
      });
      const tsconfig = {
        extends: path.resolve(sdkDir, '..', '..', 'tsconfig.base.json'),
        compilerOptions: { typeRoots: [path.resolve(sdkDir, '..', '..', 'node_modules', '@types')] },
        include: ['*.ts'],
      };
      writeFileSync(path.join(typesDir, 'tsconfig.json'), JSON.stringify(tsconfig));
      writeFileSync(path.join(typesDir, 'package.json'), JSON.stringify({ type: 'module' }));
      const tsc = path.resolve(sdkDir, '..', '..', 'node_modules', 'typescript', 'bin', 'tsc');
      let output = '';
      try {
        execFileSync(process.execPath, [tsc, '-p', typesDir], { encoding: 'utf8' });
      } catch (error) {
        output = String((error as { stdout?: string }).stdout ?? error);
      }
      expect(output).toBe('');
    } finally {
      rmSync(typesDir, { recursive: true, force: true });
    }
  }, 120_000);

  blocks.forEach(({ section, code }, index) => {
    it(`README: ${section} (example ${index + 1})`, async () => {
      process.env['MISP_URL'] = sandbox.url;
      process.env['MISP_KEY'] = sandbox.userKey;
      const source = retarget(code, 'ts');
      const file = path.join(dir, `example-${index + 1}.ts`);
      writeFileSync(file, `${source}\nexport {};\n`);
      const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
      try {
        await import(file);
        const usesLog = code.includes('console.log');
        expect(log.mock.calls.length > 0).toBe(usesLog);
        expect(JSON.stringify(log.mock.calls)).not.toContain(sandbox.userKey);
      } finally {
        log.mockRestore();
      }
    });
  });
});
