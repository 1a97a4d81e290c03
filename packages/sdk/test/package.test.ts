// Tests the packed artifact, not the source: `npm pack`, unpack into fresh ESM and CJS projects
// (openapi-fetch linked from the monorepo, so no network), import/require both entry points.
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const sdkDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repoModules = path.resolve(sdkDir, '..', '..', 'node_modules');
let work = '';

function project(name: string, type: 'module' | 'commonjs', tarball: string): string {
  const dir = path.join(work, name);
  const target = path.join(dir, 'node_modules', '@mispkit', 'sdk');
  mkdirSync(target, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', target, '--strip-components=1']);
  for (const dep of ['openapi-fetch', 'openapi-typescript-helpers', 'undici']) {
    symlinkSync(path.join(repoModules, dep), path.join(dir, 'node_modules', dep), 'dir');
  }
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, private: true, type }));
  return dir;
}

const run = (dir: string, file: string) =>
  execFileSync(process.execPath, [file], { cwd: dir, encoding: 'utf8' }).trim();

beforeAll(() => {
  if (!existsSync(path.join(sdkDir, 'dist', 'index.js')) || !existsSync(path.join(sdkDir, 'dist', 'index.cjs'))) {
    execFileSync('npx', ['tsup'], { cwd: sdkDir, stdio: 'ignore' });
  }
  work = mkdtempSync(path.join(tmpdir(), 'mispkit-sdk-pack-'));
}, 120_000);
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packed @mispkit/sdk', () => {
  let tarball = '';
  beforeAll(() => {
    const out = execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: sdkDir, encoding: 'utf8' });
    const [info] = JSON.parse(out) as Array<{ filename: string; files: Array<{ path: string }> }>;
    tarball = path.join(work, info?.filename ?? '');
    const files = info?.files.map((f) => f.path) ?? [];
    expect(files).toContain('dist/index.js');
    expect(files.some((f) => f.startsWith('src/') || f.startsWith('test/'))).toBe(false);
  }, 120_000);

  it('imports from an ESM project (main entry and indicators subpath)', () => {
    const dir = project('esm-consumer', 'module', tarball);
    writeFileSync(
      path.join(dir, 'main.js'),
      `import { createMispClient, isMispError, ThreatLevel } from '@mispkit/sdk';
import * as indicators from '@mispkit/sdk/indicators';
const misp = createMispClient({ baseUrl: 'http://misp.invalid', apiKey: 'k'.repeat(40), fetch: async () => new Response(null, { status: 500 }) });
const error = await misp.server.version().catch((e) => e);
console.log(JSON.stringify({ code: error.code, branded: isMispError(error), high: ThreatLevel.labels['1'], extract: typeof indicators.extractIndicators }));`,
    );
    expect(JSON.parse(run(dir, 'main.js'))).toEqual({
      code: 'misp_server',
      branded: true,
      high: 'High',
      extract: 'function',
    });
  });

  it('requires from a CommonJS project (main entry and indicators subpath)', () => {
    const dir = project('cjs-consumer', 'commonjs', tarball);
    writeFileSync(
      path.join(dir, 'main.js'),
      `const { createMispClient, isMispError, MispError } = require('@mispkit/sdk');
const indicators = require('@mispkit/sdk/indicators');
const misp = createMispClient({ baseUrl: 'http://misp.invalid', apiKey: 'k'.repeat(40), fetch: async () => new Response(null, { status: 404 }) });
misp.events.get(1).catch((error) => {
  console.log(JSON.stringify({ code: error.code, branded: isMispError(error), instance: error instanceof MispError, extract: typeof indicators.extractIndicators }));
});`,
    );
    expect(JSON.parse(run(dir, 'main.js'))).toEqual({
      code: 'misp_not_found',
      branded: true,
      instance: true,
      extract: 'function',
    });
  });

  it('recognises errors across the ESM and CJS copies loaded in one process', () => {
    const dir = project('mixed-consumer', 'module', tarball);
    writeFileSync(
      path.join(dir, 'main.js'),
      `import { createRequire } from 'node:module';
import * as esm from '@mispkit/sdk';
const cjs = createRequire(import.meta.url)('@mispkit/sdk');
const fromCjs = new cjs.MispTimeoutError('timed out');
const fromEsm = new esm.MispServerError('boom');
console.log(JSON.stringify({
  twoCopies: esm.MispError !== cjs.MispError,
  esmSeesCjs: esm.isMispError(fromCjs) && esm.isMispErrorCode(fromCjs, 'misp_timeout'),
  cjsSeesEsm: cjs.isMispError(fromEsm) && cjs.isMispErrorCode(fromEsm, 'misp_server'),
  instanceofAcross: fromCjs instanceof esm.MispError,
}));`,
    );
    expect(JSON.parse(run(dir, 'main.js'))).toEqual({
      twoCopies: true,
      esmSeesCjs: true,
      cjsSeesEsm: true,
      instanceofAcross: false,
    });
  });

  it('imports the core and node entry points from an ESM project', () => {
    const dir = project('entries-consumer', 'module', tarball);
    writeFileSync(
      path.join(dir, 'main.js'),
      `import { attributes, createMispClient as core } from '@mispkit/sdk/core';
import { createMispClient, keepAliveFetch } from '@mispkit/sdk/node';
const fail = async () => new Response(null, { status: 503 });
const a = core({ baseUrl: 'http://misp.invalid', apiKey: 'k'.repeat(40), fetch: fail, retry: { maxRetries: 0, baseDelayMs: 0, maxDelayMs: 0, maxRetryAfterMs: 0, retryOn: [], retryNetworkErrors: false, retryWrites: false }, resources: { attributes } });
const error = await a.attributes.search({ value: 'x' }).catch((e) => e);
const transport = keepAliveFetch();
await transport.close();
console.log(JSON.stringify({ code: error.code, node: typeof createMispClient, events: 'events' in a }));`,
    );
    expect(JSON.parse(run(dir, 'main.js'))).toEqual({ code: 'misp_server', node: 'function', events: false });
  });

  it('keeps Node-only modules and console out of every entry but /node (browsers, Deno, Bun)', () => {
    const files = readdirSync(path.join(sdkDir, 'dist'))
      // doctor.js is the mispkit-doctor command (bin/), a Node program that no entry imports.
      .filter((f) => /\.c?js$/.test(f) && !f.startsWith('node.') && !f.startsWith('doctor.'))
      .map((f) => `dist/${f}`);
    expect(files).toEqual(expect.arrayContaining(['dist/index.js', 'dist/index.cjs', 'dist/core.js', 'dist/core.cjs']));
    for (const file of files) {
      const code = readFileSync(path.join(sdkDir, file), 'utf8');
      expect(code, file).not.toMatch(
        /(from\s*|require\(\s*|import\(\s*)["'](node:|fs|path|http|https|net|tls|crypto|util|os|stream|buffer|undici)["'/]/,
      );
      expect(code, file).not.toMatch(/\bconsole\./);
      expect(code, file).not.toMatch(/\bprocess\./);
    }
  });

  // Consumers compile our .d.ts with their own settings; skipLibCheck off so our types are checked too.
  const consumer = `import { type Attribute, createMispClient, isMispError, isMispErrorCode, ThreatLevel } from '@mispkit/sdk';
import { defang, extractIndicators, type Indicator } from '@mispkit/sdk/indicators';

const misp = createMispClient({ baseUrl: 'https://misp.example.org', apiKey: 'k'.repeat(40), timeoutMs: 5000 });

export async function lookup(text: string): Promise<string[]> {
  const found: Indicator[] = extractIndicators(text);
  try {
    const attributes: Attribute[] = await misp.attributes.search({ value: found.map((i) => i.value), to_ids: 1, last: '7d' });
    const { data } = await misp.GET('/attributes/describeTypes');
    const high: string = ThreatLevel.labels['1'];
    return [...attributes.map((a) => defang(a.value)), high, String(data !== undefined)];
  } catch (error) {
    if (isMispErrorCode(error, 'misp_timeout')) return [];
    if (isMispError(error)) throw new Error(error.code);
    throw error;
  }
}
`;
  const configs: [string, 'module' | 'commonjs', Record<string, unknown>][] = [
    [
      'NodeNext, strict, @types/node',
      'module',
      { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, types: ['node'] },
    ],
    [
      'NodeNext CommonJS, strict',
      'commonjs',
      { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, types: ['node'] },
    ],
    [
      'bundler, not strict (strictNullChecks off), DOM lib',
      'module',
      { module: 'ESNext', moduleResolution: 'Bundler', strict: false, lib: ['ES2022', 'DOM'], types: [] },
    ],
    [
      'node10 CommonJS (typesVersions for the subpath)',
      'commonjs',
      { module: 'CommonJS', moduleResolution: 'Node10', strict: true, types: ['node'] },
    ],
    [
      'strictest: exactOptionalPropertyTypes, noUncheckedIndexedAccess',
      'module',
      {
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        exactOptionalPropertyTypes: true,
        noUncheckedIndexedAccess: true,
        types: ['node'],
      },
    ],
  ];
  it.each(configs)(
    'type-checks a TypeScript consumer: %s',
    (name, type, options) => {
      const dir = project(`ts-${configs.findIndex((c) => c[0] === name)}`, type, tarball);
      symlinkSync(path.join(repoModules, '@types'), path.join(dir, 'node_modules', '@types'), 'dir');
      writeFileSync(path.join(dir, 'consumer.ts'), consumer);
      writeFileSync(
        path.join(dir, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: { target: 'ES2022', lib: ['ES2022'], noEmit: true, skipLibCheck: false, ...options },
          files: ['consumer.ts'],
        }),
      );
      const tsc = path.join(repoModules, 'typescript', 'bin', 'tsc');
      let output = '';
      try {
        execFileSync(process.execPath, [tsc, '-p', dir], { cwd: dir, encoding: 'utf8' });
      } catch (error) {
        output = String((error as { stdout?: string }).stdout ?? error);
      }
      expect(output).toBe('');
    },
    60_000,
  );

  it('ships types for both conditions and a README', () => {
    const pkg = JSON.parse(readFileSync(path.join(sdkDir, 'package.json'), 'utf8')) as {
      exports: Record<string, unknown>;
    };
    expect(Object.keys(pkg.exports)).toEqual(['.', './core', './node', './indicators', './package.json']);
    const dir = path.join(work, 'esm-consumer', 'node_modules', '@mispkit', 'sdk');
    for (const file of [
      'dist/index.d.ts',
      'dist/index.d.cts',
      'dist/indicators.d.ts',
      'dist/indicators.d.cts',
      'dist/core.d.ts',
      'dist/core.d.cts',
      'dist/node.d.ts',
      'dist/node.d.cts',
      'README.md',
    ]) {
      expect(existsSync(path.join(dir, file)), file).toBe(true);
    }
  });
});
