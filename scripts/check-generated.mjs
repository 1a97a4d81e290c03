// Fails when regenerating from openapi/ changes anything that is committed as generated: the SDK's
// src/generated (types, route table, methods), its PyMISP parity table and methods table (README), and
// the upstream coverage count in openapi/README.md. Generated code is never edited by hand and must always match the spec.
// Compares the files before and after `turbo run generate`, so it also works on uncommitted work.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const GENERATED = [
  'packages/sdk/src/generated',
  'packages/sdk/docs/pymisp-parity.md',
  'packages/sdk/README.md',
  'openapi/README.md',
];

function snapshot() {
  const files = new Map();
  const walk = (p) => {
    if (!existsSync(p)) return;
    if (statSync(p).isDirectory()) for (const name of readdirSync(p)) walk(path.join(p, name));
    else files.set(p, readFileSync(p, 'utf8'));
  };
  for (const p of GENERATED) walk(p);
  return files;
}

const before = snapshot();
const run = spawnSync('npx', ['turbo', 'run', 'generate', '--force'], { stdio: 'inherit' });
if ((run.status ?? 1) !== 0) process.exit(1);
const after = snapshot();
const changed = [...new Set([...before.keys(), ...after.keys()])].filter((f) => before.get(f) !== after.get(f));
if (changed.length) {
  console.error('Generated files were out of date with openapi/ (now regenerated). Review and commit:');
  for (const file of changed) console.error(`  ${file}`);
  process.exit(1);
}
console.log(`generated code matches openapi/ (${GENERATED.join(', ')})`);
