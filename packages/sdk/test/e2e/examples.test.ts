// Every script in examples/ runs, as written (imports pointed at this package's source), against the
// MISP sandbox, prints something, never prints the key, and type-checks under the strict settings.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type MispSandbox, startMispSandbox } from '@mispkit/misp-sandbox';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const sdkDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const examples = readdirSync(path.join(sdkDir, 'examples')).filter((f) => f.endsWith('.ts'));
const retarget = (code: string, ext: string) =>
  code.replace(/from '@mispkit\/sdk(\/core|\/node)?'/g, (_, sub: string | undefined) => {
    const file = sub === '/core' ? 'core' : sub === '/node' ? 'node' : 'index';
    return `from '${path.join(sdkDir, 'src', `${file}.${ext}`)}'`;
  });

let sandbox: MispSandbox;
/** The second MISP of catalogues-and-feeds.ts: a sync remote that also serves its events as a MISP feed. */
let remote: MispSandbox;
let dir = '';
beforeAll(async () => {
  sandbox = await startMispSandbox({ seed: 'demo', log: () => undefined });
  remote = await startMispSandbox({ seed: 'demo', serveFeed: true, log: () => undefined });
  dir = mkdtempSync(path.join(tmpdir(), 'mispkit-examples-'));
});
afterAll(async () => {
  await sandbox?.close();
  await remote?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('examples/', () => {
  it('has the examples the README lists', () => {
    const readme = readFileSync(path.join(sdkDir, 'examples', 'README.md'), 'utf8');
    expect(examples.length).toBeGreaterThanOrEqual(7);
    for (const file of examples) expect(readme).toContain(`\`${file}\``);
  });

  it('type-check (strict, NodeNext, exactOptionalPropertyTypes)', () => {
    const typesDir = mkdtempSync(path.join(tmpdir(), 'mispkit-examples-types-'));
    try {
      for (const file of examples) {
        const code = readFileSync(path.join(sdkDir, 'examples', file), 'utf8');
        writeFileSync(path.join(typesDir, file), `${retarget(code, 'js')}\nexport {};\n`);
      }
      writeFileSync(
        path.join(typesDir, 'tsconfig.json'),
        JSON.stringify({
          extends: path.resolve(sdkDir, '..', '..', 'tsconfig.base.json'),
          compilerOptions: { typeRoots: [path.resolve(sdkDir, '..', '..', 'node_modules', '@types')] },
          include: ['*.ts'],
        }),
      );
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

  for (const file of examples) {
    it(`runs examples/${file} against the sandbox`, async () => {
      process.env['MISP_URL'] = sandbox.url;
      process.env['MISP_KEY'] = sandbox.userKey;
      process.env['MISP_ADMIN_KEY'] = sandbox.adminKey; // onboard-partner.ts administers
      process.env['MISP_REMOTE_URL'] = remote.url; // catalogues-and-feeds.ts pulls from it
      process.env['MISP_REMOTE_KEY'] = remote.adminKey;
      const target = path.join(dir, file);
      writeFileSync(
        target,
        `${retarget(readFileSync(path.join(sdkDir, 'examples', file), 'utf8'), 'ts')}\nexport {};\n`,
      );
      const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
      const argv = process.argv;
      process.argv = [process.execPath, target]; // as `npx tsx examples/<file>` with no arguments
      try {
        await import(target);
        expect(log.mock.calls.length).toBeGreaterThan(0);
        expect(JSON.stringify(log.mock.calls)).not.toContain(sandbox.userKey);
        expect(JSON.stringify(log.mock.calls)).not.toContain(sandbox.adminKey);
        expect(JSON.stringify(log.mock.calls)).not.toContain(remote.adminKey);
      } finally {
        process.argv = argv;
        log.mockRestore();
      }
    });
  }
});
