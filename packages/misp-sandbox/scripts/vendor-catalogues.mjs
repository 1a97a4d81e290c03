#!/usr/bin/env node
// Copies the MISP catalogues the sandbox serves (warninglists, taxonomies, galaxies and their clusters, object
// templates) from a checkout of MISP's public data repositories into `catalogues/`, as brotli-compressed JSON. Run
// it by hand when the upstream catalogues move; the sandbox never reads the source folder, only the vendored files.
//
//   node scripts/vendor-catalogues.mjs [SOURCE_DIR]   (default ../../../shared/data/misp-catalogues)
//
// The source layout is the one of the repositories themselves: warninglists/<name>/list.json,
// taxonomies/<namespace>/machinetag.json, galaxy/galaxies/*.json, galaxy/clusters/*.json,
// objects/objects/<name>/definition.json. The data is CC0 1.0.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const source = resolve(process.argv[2] ?? join(here, '../../../../shared/data/misp-catalogues'));
const target = join(here, '../catalogues');
if (!existsSync(source)) {
  console.error(`vendor-catalogues: no catalogues at ${source}`);
  process.exit(1);
}
mkdirSync(target, { recursive: true });

const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));
// MISP installs catalogues in glob order (byte order of the folder names); ids follow that order.
const sortedDirs = (path) =>
  readdirSync(path, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
const sortedFiles = (path) =>
  readdirSync(path)
    .filter((f) => f.endsWith('.json'))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

function write(name, data) {
  const json = Buffer.from(JSON.stringify(data));
  const packed = brotliCompressSync(json, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_LGWIN]: 24,
      [constants.BROTLI_PARAM_SIZE_HINT]: json.length,
    },
  });
  writeFileSync(join(target, name), packed);
  console.log(`${name}: ${(json.length / 1e6).toFixed(2)} MB JSON -> ${(packed.length / 1e6).toFixed(2)} MB`);
}

// Warninglists: every folder with a list.json; the fields MISP reads on update.
const warninglists = [];
for (const dir of sortedDirs(join(source, 'warninglists'))) {
  const file = join(source, 'warninglists', dir, 'list.json');
  if (!existsSync(file)) continue;
  const list = readJson(file);
  warninglists.push({
    name: list.name,
    type: Array.isArray(list.type) ? list.type[0] : (list.type ?? 'string'),
    description: list.description ?? '',
    version: list.version ?? 1,
    category: list.category ?? 'false_positive',
    matching_attributes: list.matching_attributes ?? [],
    list: list.list,
  });
}
write('warninglists.json.br', warninglists);

// Taxonomies: machinetag.json as published (predicates, values, exclusivity, colours, numerical values).
const taxonomies = [];
for (const dir of sortedDirs(join(source, 'taxonomies'))) {
  const file = join(source, 'taxonomies', dir, 'machinetag.json');
  if (existsSync(file)) taxonomies.push(readJson(file));
}
write('taxonomies.json.br', taxonomies);

// Galaxies (definitions) and clusters, kept apart so that listing galaxies never unpacks the clusters.
const galaxies = sortedFiles(join(source, 'galaxy/galaxies')).map((f) => readJson(join(source, 'galaxy/galaxies', f)));
write('galaxies.json.br', galaxies);
const clusters = sortedFiles(join(source, 'galaxy/clusters')).map((f) => readJson(join(source, 'galaxy/clusters', f)));
write('galaxy-clusters.json.br', clusters);

// Object templates (MISP/misp-objects objects/<name>/definition.json), in folder byte order, which is the order
// (and so the ids) MISP's objectTemplates/update installs them in; only the fields MISP reads on update.
const objectTemplates = [];
for (const dir of sortedDirs(join(source, 'objects/objects'))) {
  const file = join(source, 'objects/objects', dir, 'definition.json');
  if (!existsSync(file)) continue;
  const t = readJson(file);
  objectTemplates.push({
    uuid: t.uuid,
    name: t.name,
    'meta-category': t['meta-category'],
    description: t.description ?? '',
    version: t.version ?? 1,
    ...(t.required ? { required: t.required } : {}),
    ...(t.requiredOneOf ? { requiredOneOf: t.requiredOneOf } : {}),
    attributes: t.attributes ?? {},
  });
}
write('object-templates.json.br', objectTemplates);

const sources = existsSync(join(source, 'SOURCES.txt')) ? readFileSync(join(source, 'SOURCES.txt'), 'utf8') : '';
writeFileSync(
  join(target, 'README.md'),
  `# Vendored MISP catalogues

Written by \`scripts/vendor-catalogues.mjs\`; do not edit by hand. Brotli-compressed JSON:

| file | what |
| --- | --- |
| \`warninglists.json.br\` | ${warninglists.length} warninglists of MISP/misp-warninglists (\`lists/*/list.json\`) |
| \`taxonomies.json.br\` | ${taxonomies.length} taxonomies of MISP/misp-taxonomies (\`*/machinetag.json\`) |
| \`galaxies.json.br\` | ${galaxies.length} galaxy definitions of MISP/misp-galaxy (\`galaxies/*.json\`) |
| \`galaxy-clusters.json.br\` | cluster files of MISP/misp-galaxy: ${clusters.map((c) => c.type).join(', ')} |
| \`object-templates.json.br\` | ${objectTemplates.length} object templates of MISP/misp-objects (\`objects/*/definition.json\`) |

Licence: the catalogues are published under CC0 1.0 (taxonomies and galaxies are dual-licensed CC0 / CC-BY-SA;
they are used here under CC0). Upstream commits:

\`\`\`
${sources.trim()}
\`\`\`
`,
);
