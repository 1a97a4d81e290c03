// Readable type names in errors: a mistake in a call names the spec's type (AttributeSearchFilters),
// not a 67-property anonymous object. Compiles snippets with tsc, as a user's editor would.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const sdkDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = mkdtempSync(path.join(tmpdir(), 'mispkit-type-names-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function compile(source: string): string {
  writeFileSync(
    path.join(dir, 'snippet.ts'),
    `import { createMispClient } from '${path.join(sdkDir, 'src', 'index.js')}';\n${source}\nexport {};\n`,
  );
  writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({
      extends: path.resolve(sdkDir, '..', '..', 'tsconfig.base.json'),
      compilerOptions: { typeRoots: [path.resolve(sdkDir, '..', '..', 'node_modules', '@types')] },
      include: ['snippet.ts'],
    }),
  );
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
  try {
    execFileSync(
      process.execPath,
      [path.resolve(sdkDir, '..', '..', 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir],
      { encoding: 'utf8' },
    );
    return '';
  } catch (error) {
    return String((error as { stdout?: string }).stdout ?? error);
  }
}

describe('type errors', () => {
  it('name the schema of a mistyped body and the query type of a mistyped option', () => {
    const output = compile(`
const misp = createMispClient({ baseUrl: 'https://misp.example', apiKey: 'k' });
void misp.attributes.search({ vaule: '1.2.3.4' });
void misp.events.index({ limt: 5 });
`);
    expect(output).toContain("'vaule' does not exist in type 'AttributeSearchFilters'");
    expect(output).toContain("'limt' does not exist in type 'ListEventsQuery & CallOptions'");
  }, 120_000);
});
