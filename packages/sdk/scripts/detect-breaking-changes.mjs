#!/usr/bin/env node
// Breaking-change guard: code written against the previous release must still type-check against
// this build. Takes that release's README examples and type tests (test/types.test-d.ts) from git,
// points their imports at this package's built `dist/` (the public surface only) and runs tsc.
//
//   node scripts/detect-breaking-changes.mjs            # against the latest @mispkit/sdk@* tag
//   node scripts/detect-breaking-changes.mjs <git ref>  # against any commit, tag or branch
//   node scripts/detect-breaking-changes.mjs --from <dir>  # README.md / *.test-d.ts in a folder
//
// Exit 0: compatible (or no release yet). Exit 1: old code no longer compiles; the errors say where.
// An `@ts-expect-error` that is no longer needed (the API became more permissive) is not a break.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const sdkDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repoDir = path.resolve(sdkDir, '..', '..');
const TAG_PATTERN = '@mispkit/sdk@*';
const UNUSED_EXPECT_ERROR = 'TS2578';

function git(args) {
  return execFileSync('git', args, { cwd: repoDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The previous release's files as { name → text }, and a label for messages. */
function previousFiles(argv) {
  if (argv[0] === '--from') {
    const dir = path.resolve(argv[1] ?? '.');
    const files = {};
    for (const name of readdirSync(dir)) {
      if (name === 'README.md' || name.endsWith('.test-d.ts')) files[name] = readFileSync(path.join(dir, name), 'utf8');
    }
    return { label: dir, files };
  }
  let ref = argv[0];
  if (!ref) {
    ref = git(['tag', '--list', TAG_PATTERN, '--sort=-v:refname']).split('\n').find(Boolean);
    if (!ref) return undefined;
  }
  const files = {};
  for (const [name, file] of [
    ['README.md', 'packages/sdk/README.md'],
    ['types.test-d.ts', 'packages/sdk/test/types.test-d.ts'],
  ]) {
    try {
      files[name] = git(['show', `${ref}:${file}`]);
    } catch {
      // Not in that release: nothing to compare for it.
    }
  }
  return { label: ref, files };
}

/** Imports of the package (or of its source, in tests) point at the built entry points. */
function retarget(source) {
  const dist = (entry) => path.join(sdkDir, 'dist', entry);
  return source
    .replace(/from (['"])(?:@mispkit\/sdk|\.\.\/src\/index\.js)\1/g, `from '${dist('index.js')}'`)
    .replace(/from (['"])(?:@mispkit\/sdk\/core|\.\.\/src\/core\.js)\1/g, `from '${dist('core.js')}'`)
    .replace(/from (['"])(?:@mispkit\/sdk\/node|\.\.\/src\/node\.js)\1/g, `from '${dist('node.js')}'`)
    .replace(
      /from (['"])(?:@mispkit\/sdk\/indicators|\.\.\/src\/indicators\/index\.js)\1/g,
      `from '${dist('indicators.js')}'`,
    );
}

function readmeBlocks(readme) {
  return [...readme.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
}

function main() {
  const previous = previousFiles(process.argv.slice(2));
  if (!previous) {
    console.log(`No release of @mispkit/sdk to compare against yet (no ${TAG_PATTERN} tag): nothing to check.`);
    return 0;
  }
  if (!existsSync(path.join(sdkDir, 'dist', 'index.d.ts'))) {
    console.error('dist/ is missing: build @mispkit/sdk first (npm run build).');
    return 2;
  }
  const sources = {};
  readmeBlocks(previous.files['README.md'] ?? '').forEach((code, i) => {
    sources[`readme-example-${i + 1}.ts`] = `${retarget(code)}\nexport {};\n`;
  });
  for (const [name, text] of Object.entries(previous.files)) {
    if (!name.endsWith('.test-d.ts')) continue;
    if (/from ['"]\.\.?\/(?!src\/index\.js|src\/core\.js|src\/node\.js|src\/indicators\/index\.js)/.test(text)) {
      console.log(`${name}: imports internal modules, skipped (only the public entry points are a contract).`);
      continue;
    }
    sources[name.replace(/\.test-d\.ts$/, '.types.ts')] = retarget(text);
  }
  if (Object.keys(sources).length === 0) {
    console.log(`${previous.label}: no README examples or type tests to check.`);
    return 0;
  }
  // Inside the package, so `vitest` (used by the type tests) resolves from the workspace.
  const work = mkdtempSync(path.join(sdkDir, '.breaking-check-'));
  try {
    for (const [name, text] of Object.entries(sources)) writeFileSync(path.join(work, name), text);
    writeFileSync(
      path.join(work, 'tsconfig.json'),
      JSON.stringify({
        extends: path.join(repoDir, 'tsconfig.base.json'),
        compilerOptions: { noEmit: true, typeRoots: [path.join(repoDir, 'node_modules', '@types')] },
        include: ['*.ts'],
      }),
    );
    const tsc = path.join(repoDir, 'node_modules', 'typescript', 'bin', 'tsc');
    let output = '';
    try {
      execFileSync(process.execPath, [tsc, '-p', work, '--pretty', 'false'], { encoding: 'utf8' });
    } catch (error) {
      output = String(error.stdout ?? error);
    }
    const errors = output
      .split('\n')
      .filter((line) => /error TS\d+/.test(line) && !line.includes(UNUSED_EXPECT_ERROR))
      .map((line) => line.replace(/^.*\.breaking-check-[^/\\]+[/\\]/, ''));
    const checked = Object.keys(sources).length;
    if (errors.length === 0) {
      console.log(`Compatible with ${previous.label}: ${checked} files of its README examples and type tests compile.`);
      return 0;
    }
    console.error(`Breaking change: code written against ${previous.label} no longer type-checks against this build.`);
    for (const line of errors) console.error(`  ${line}`);
    console.error(
      'Restore compatibility, or make the break deliberate: a changeset with a major bump (minor while 0.x) that says how to migrate.',
    );
    return 1;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

process.exitCode = main();
