import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync } from 'node:zlib';

/**
 * MISP's public catalogues, vendored by scripts/vendor-catalogues.mjs into the package's `catalogues/`
 * folder as brotli-compressed JSON. Each file is unpacked once per process, on first use.
 */
const CANDIDATES = [
  // dist/index.js → ../catalogues; src/catalogues/files.ts → ../../catalogues
  new URL('../catalogues/', import.meta.url),
  new URL('../../catalogues/', import.meta.url),
];

let directory: string | undefined = process.env.MISPKIT_CATALOGUES;
const cache = new Map<string, unknown>();

/** Where the vendored catalogues are read from (a folder with the files the vendoring script writes). */
export function catalogueDirectory(): string {
  if (directory) return directory;
  for (const candidate of CANDIDATES) {
    const path = fileURLToPath(candidate);
    if (existsSync(`${path}warninglists.json.br`)) {
      directory = path;
      return path;
    }
  }
  throw new Error('misp-sandbox: the vendored catalogues are missing (run scripts/vendor-catalogues.mjs)');
}

export function readCatalogue<T>(name: string): T {
  const hit = cache.get(name);
  if (hit !== undefined) return hit as T;
  const dir = catalogueDirectory();
  const path = `${dir}${dir.endsWith('/') ? '' : '/'}${name}.json.br`;
  const value = JSON.parse(brotliDecompressSync(readFileSync(path)).toString('utf8')) as T;
  cache.set(name, value);
  return value;
}

export interface WarninglistFile {
  name: string;
  type: string;
  description: string;
  version: number;
  category: string;
  matching_attributes: string[];
  list: string[] | Record<string, string>;
}

export interface TaxonomyFile {
  namespace: string;
  description: string;
  version: number;
  exclusive?: boolean;
  expanded?: string;
  refs?: string[];
  predicates: {
    value: string;
    expanded?: string;
    description?: string;
    colour?: string;
    exclusive?: boolean;
    numerical_value?: number;
  }[];
  values?: {
    predicate: string;
    entry: { value: string; expanded?: string; description?: string; colour?: string; numerical_value?: number }[];
  }[];
}

export interface GalaxyFile {
  uuid: string;
  name: string;
  type: string;
  description: string;
  version: number;
  icon: string;
  namespace?: string;
  kill_chain_order?: Record<string, string[]>;
}

export interface ClusterFile {
  type: string;
  name: string;
  uuid: string;
  source: string;
  authors: string[];
  version: number;
  description: string;
  category?: string;
  values: {
    value: string;
    uuid: string;
    description?: string;
    meta?: Record<string, unknown>;
    related?: { 'dest-uuid': string; type: string; tags?: string[] }[];
  }[];
}
