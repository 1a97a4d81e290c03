// `npm run bench`: runs every suite in src/suites and writes bench/results/latest.md and
// latest.json, so the figures there always come from one run, side by side. Naming suites
// (`npm run bench -- alerts sdk`) runs only those and writes results/partial-<names>.* instead.
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderMarkdown, type Section, type Suite } from './report.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const files = (await readdir(path.join(here, 'suites'))).filter((f) => f.endsWith('.ts')).sort();
const sections: Section[] = [];
for (const file of files) {
  const suite = (await import(path.join(here, 'suites', file))).default as Suite;
  if (wanted.length > 0 && !wanted.includes(suite.name)) continue;
  console.log(`bench: ${suite.name} ...`);
  const started = performance.now();
  try {
    sections.push(...(await suite.run()));
  } catch (error) {
    sections.push({ title: suite.name, rows: [], notes: [`Suite failed: ${(error as Error).message}`] });
    process.exitCode = 1;
  }
  console.log(`bench: ${suite.name} done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
const meta = {
  date: new Date().toISOString(),
  node: process.version,
  cpu: `${os.cpus()[0]?.model ?? 'unknown'} × ${os.cpus().length}`,
  memory: `${Math.round(os.totalmem() / 2 ** 30)} GiB`,
};
const out = path.join(here, '..', 'results');
const name = wanted.length > 0 ? `partial-${wanted.join('-')}` : 'latest';
await mkdir(out, { recursive: true });
await writeFile(path.join(out, `${name}.json`), `${JSON.stringify({ meta, sections }, null, 2)}\n`);
await writeFile(path.join(out, `${name}.md`), renderMarkdown(sections, meta));
console.log(`bench: wrote ${path.join(out, `${name}.md`)}`);
