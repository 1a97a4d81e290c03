// What a published package's tarball must hold, checked from `npm pack --dry-run --json` (the exact
// file list npm would upload). Each published package's test suite calls `packProblems(dir)` and
// expects no problems; it is plain JavaScript so every package's tests can import it.
//
// Checked: LICENSE (the repository's), README.md and CHANGELOG.md are shipped; every `files` entry,
// `bin`, `types` and `exports` target exists in the tarball; a library ships .d.ts files; no tests or test fixtures; every source
// map's sources are shipped or embedded (`sourcesContent`), and every `sourceMappingURL` names a
// shipped map; every README link works on the registry page: absolute, an in-page anchor, or a
// relative path to a shipped file.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The files `npm pack` would put in the tarball of the package in `dir` (paths relative to it). */
export function packedFiles(dir) {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: dir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const [info] = JSON.parse(out);
  return { files: info.files.map((f) => f.path), size: info.size, unpackedSize: info.unpackedSize };
}

function exportTargets(exports) {
  if (typeof exports === 'string') return [exports];
  if (!exports || typeof exports !== 'object') return [];
  return Object.values(exports).flatMap(exportTargets);
}

const clean = (p) => path.posix.normalize(p.replace(/^\.\//, ''));

/** Markdown links and images: `[text](target)`, `![alt](target)`, `<img src="target">`. */
export function readmeLinks(markdown) {
  const withoutCode = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  const links = [];
  for (const match of withoutCode.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g))
    links.push(match[1]);
  for (const match of withoutCode.matchAll(/<img[^>]+src="([^"]+)"/g)) links.push(match[1]);
  return links;
}

export function packProblems(dir) {
  const problems = [];
  const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const { files } = packedFiles(dir);
  const shipped = new Set(files);
  const has = (file) => shipped.has(clean(file));

  for (const required of ['LICENSE', 'README.md', 'CHANGELOG.md', 'package.json']) {
    if (!has(required)) problems.push(`${required} is not in the tarball`);
  }
  if (has('LICENSE')) {
    const licence = readFileSync(path.join(dir, 'LICENSE'), 'utf8');
    if (licence !== readFileSync(path.join(root, 'LICENSE'), 'utf8'))
      problems.push('LICENSE differs from the repository LICENSE');
  }
  for (const key of ['repository', 'homepage', 'bugs', 'license']) {
    if (!pkg[key]) problems.push(`package.json has no "${key}"`);
  }
  for (const entry of (pkg.files ?? []).filter((f) => !f.startsWith('!'))) {
    const name = clean(entry);
    if (!files.some((f) => f === name || f.startsWith(`${name}/`)))
      problems.push(`"files" names ${entry}, which is not shipped`);
  }
  const bins = typeof pkg.bin === 'string' ? [pkg.bin] : Object.values(pkg.bin ?? {});
  for (const target of [...bins, pkg.types, pkg.main, pkg.module, ...exportTargets(pkg.exports)].filter(Boolean)) {
    if (!has(target)) problems.push(`${target} (package.json) is not in the tarball`);
  }
  // A library (it has an entry point) ships its types; an application with only a bin need not.
  const library = Boolean(pkg.exports || pkg.main || pkg.types);
  if (library && !files.some((f) => f.endsWith('.d.ts'))) problems.push('no type declarations (.d.ts) are shipped');
  for (const file of files) {
    if (/(^|\/)(test|tests|__tests__|fixtures)\//.test(file) || /\.(test|spec|test-d)\.[cm]?[jt]sx?$/.test(file)) {
      problems.push(`test file ${file} is shipped`);
    }
    if (file.endsWith('.map')) {
      const map = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
      map.sources.forEach((source, i) => {
        const target = path.posix.join(path.posix.dirname(file), map.sourceRoot ?? '', source);
        if (!has(target) && typeof map.sourcesContent?.[i] !== 'string') {
          problems.push(`${file} points at ${source}, which is neither shipped nor embedded`);
        }
      });
    }
    if (/\.[cm]?js$/.test(file)) {
      const url = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(readFileSync(path.join(dir, file), 'utf8'))?.[1];
      if (url && !url.startsWith('data:') && !has(path.posix.join(path.posix.dirname(file), url))) {
        problems.push(`${file} names source map ${url}, which is not shipped`);
      }
    }
  }
  const readme = has('README.md') ? readFileSync(path.join(dir, 'README.md'), 'utf8') : '';
  for (const link of readmeLinks(readme)) {
    if (/^(https?:|mailto:|#)/.test(link)) continue;
    const target = clean(decodeURIComponent(link.split('#')[0] ?? ''));
    if (!has(target))
      problems.push(`README links ${link}, which is not shipped (use an absolute URL to the repository)`);
  }
  return problems;
}
