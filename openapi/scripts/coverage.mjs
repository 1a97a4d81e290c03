// How many of the paths of MISP's own openapi.yaml (MISP 2.5) this contract covers.
//   node scripts/coverage.mjs           print the count and the uncovered paths
//   node scripts/coverage.mjs --write   also rewrite the count in README.md (between the coverage markers)
//   node scripts/coverage.mjs --check   exit 1 when README.md does not show the current count
// A path counts as covered when ours is the same route once normalised (normalise-path.mjs): case, a
// `.json` suffix, `sharing_groups` vs `sharingGroups`, parameter names, `/tags` = `/tags/index`.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { normalisePath } from './normalise-path.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const mode = process.argv[2];

const upstream = readFileSync(path.join(root, 'upstream', 'misp-2.5-openapi-paths.txt'), 'utf8')
  .split('\n')
  .filter((line) => line.trim() && !line.startsWith('#'))
  .map((line) => {
    const [methods = '', p = ''] = line.split('\t');
    return { path: p.trim(), methods: methods.trim().split(/\s+/) };
  });
const spec = JSON.parse(readFileSync(path.join(root, 'dist', 'openapi.json'), 'utf8'));
const ours = new Set(Object.keys(spec.paths).map(normalisePath));
const covered = upstream.filter((u) => ours.has(normalisePath(u.path)));
const operations = upstream.reduce((n, u) => n + u.methods.length, 0);
const coveredOperations = covered.reduce((n, u) => n + u.methods.length, 0);
const summary =
  `**${covered.length} of the ${upstream.length} paths** (${coveredOperations} of ${operations} operations) of MISP's own ` +
  '`openapi.yaml` (MISP 2.5) are covered by this contract, counted by `npm run coverage -w @mispkit/openapi` ' +
  '(list: `upstream/misp-2.5-openapi-paths.txt`). ' +
  `The contract has ${Object.keys(spec.paths).length} paths in all; the rest are real MISP routes that MISP's own document omits or spells differently ` +
  '(`users/view/me`, `tags/attachTagToObject`, …).';

if (mode === '--write' || mode === '--check') {
  const file = path.join(root, 'README.md');
  const readme = readFileSync(file, 'utf8');
  const block = /<!-- coverage:start -->[\s\S]*?<!-- coverage:end -->/;
  if (!block.test(readme))
    throw new Error('README.md lacks the <!-- coverage:start --> … <!-- coverage:end --> markers');
  const next = readme.replace(block, `<!-- coverage:start -->\n${summary}\n<!-- coverage:end -->`);
  if (mode === '--check' && next !== readme) {
    console.error(
      'openapi/README.md shows a stale coverage count: run `npm run coverage -w @mispkit/openapi -- --write`',
    );
    process.exit(1);
  }
  if (mode === '--write' && next !== readme) writeFileSync(file, next);
}
console.log(
  `coverage: ${covered.length}/${upstream.length} upstream paths, ${coveredOperations}/${operations} operations`,
);
if (!mode)
  for (const u of upstream)
    if (!ours.has(normalisePath(u.path))) console.log(`  not yet: ${u.methods.join(' ')} ${u.path}`);
