// Fails when regenerating the SDK types from openapi/ changes anything: generated code is
// committed, never edited by hand, and must always match the spec.
import { spawnSync } from 'node:child_process';

const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit' }).status ?? 1;
if (run('npx', ['turbo', 'run', 'generate', '--force']) !== 0) process.exit(1);
const diff = spawnSync('git', ['status', '--porcelain', '--', 'packages/sdk/src/generated'], { encoding: 'utf8' });
if (diff.stdout.trim()) {
  console.error('packages/sdk/src/generated is out of date with openapi/. Run `npm run generate` and commit:');
  console.error(diff.stdout);
  spawnSync('git', ['--no-pager', 'diff', '--stat', '--', 'packages/sdk/src/generated'], { stdio: 'inherit' });
  process.exit(1);
}
console.log('generated code matches openapi/');
