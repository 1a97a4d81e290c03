// @mispkit/sdk: per-call cost against raw fetch, side by side in one run, and bundle sizes.
//   1. Sandbox in this process (the historical measure): the sandbox's own work is part of both timings.
//   2. Sandbox in its own process, one lookup per call, as users see it: raw fetch, the SDK on plain
//      fetch, the SDK with keepAliveFetch (@mispkit/sdk/node) and raw undici.request, interleaved.
//   3. min+gzip of (a) createMispClient from @mispkit/sdk/core with the attributes routes only, calling
//      attributes.search, and (b) the whole client (everything the main entry exports).
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoIndicators, startMispSandbox } from '@mispkit/misp-sandbox';
import { createMispClient } from '@mispkit/sdk';
import { bundleSizes } from '../bundle.js';
import { type Row, round, type Section, type Suite, summarise } from '../report.js';

const WARMUP = 200;
const CALLS = 2000;
const here = path.dirname(fileURLToPath(import.meta.url));
const sdkDist = path.resolve(here, '..', '..', '..', 'packages', 'sdk', 'dist');
const sandboxCli = path.resolve(here, '..', '..', '..', 'packages', 'misp-sandbox', 'dist', 'cli.js');
const perCallClient = path.resolve(here, '..', 'per-call-client.mjs');
const KEY = 'BenchSdkKey00000000000000000000000000042';

type Variant = () => Promise<number>;

/** Interleaved timing: every round runs each variant once, in an order that alternates, so none always runs warm. */
async function timeVariants(variants: Record<string, Variant>): Promise<Record<string, number[]>> {
  const names = Object.keys(variants);
  const time = async (fn: Variant) => {
    const started = performance.now();
    const count = await fn();
    const elapsed = performance.now() - started;
    if (count < 1) throw new Error('expected at least one matching attribute');
    return elapsed;
  };
  for (let i = 0; i < WARMUP; i++) for (const name of names) await (variants[name] as Variant)();
  const samples: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let i = 0; i < CALLS; i++) {
    const order = i % 2 === 0 ? names : [...names].reverse();
    for (const name of order) samples[name]?.push(await time(variants[name] as Variant));
  }
  return samples;
}

function lookups(url: string, key: string, value: string) {
  const filters = { value, includeEventTags: true };
  const endpoint = `${url}/attributes/restSearch`;
  const headers = { Authorization: key, Accept: 'application/json', 'Content-Type': 'application/json' };
  const raw = async (signal?: AbortSignal) => {
    const response = await fetch(endpoint, {
      method: 'POST',
      headers,
      body: JSON.stringify(filters),
      redirect: 'manual',
      ...(signal ? { signal } : {}),
    });
    if (!response.ok) throw new Error(`raw fetch: HTTP ${response.status}`);
    return ((await response.json()) as { response: { Attribute: unknown[] } }).response.Attribute.length;
  };
  const rawFetch: Variant = () => raw();
  /** What a careful raw caller writes: the same call with a 30 s deadline, as the SDK has by default. */
  const rawFetchWithDeadline: Variant = () => raw(AbortSignal.timeout(30_000));
  return { filters, endpoint, headers, rawFetch, rawFetchWithDeadline };
}

function ratioRows(samples: Record<string, number[]>, base: string, labels: Record<string, [string, string?]>): Row[] {
  const raw = samples[base] as number[];
  const rows: Row[] = [];
  for (const [name, [label]] of Object.entries(labels)) {
    rows.push({ name: `${label} p50`, value: round(summarise(samples[name] as number[]).p50 * 1000, 0), unit: 'µs' });
  }
  for (const [name, [label, target]] of Object.entries(labels)) {
    if (name === base) continue;
    const s = samples[name] as number[];
    const ratio = summarise(s).p50 / summarise(raw).p50;
    const paired = summarise(s.map((t, i) => t / (raw[i] as number))).p50;
    const limit = target ? Number(target.replace(/[^\d.]/g, '')) : undefined;
    rows.push({
      name: `${label} ÷ raw fetch (median ratio)`,
      value: round(ratio, 3),
      ...(target ? { target, met: ratio <= (limit as number) } : {}),
    });
    rows.push({ name: `${label} ÷ raw fetch (median of paired ratios)`, value: round(paired, 3) });
  }
  return rows;
}

async function inProcess(): Promise<Section> {
  const sandbox = await startMispSandbox({ seed: 'demo', log: () => undefined });
  try {
    const misp = createMispClient({ baseUrl: sandbox.url, apiKey: sandbox.userKey });
    const { filters, rawFetch } = lookups(sandbox.url, sandbox.userKey, demoIndicators.maliciousIp);
    const samples = await timeVariants({
      fetch: rawFetch,
      sdk: async () => (await misp.attributes.search(filters)).length,
    });
    return {
      title: 'SDK per-call cost vs raw fetch, MISP sandbox in the same process',
      rows: ratioRows(samples, 'fetch', { fetch: ['raw fetch'], sdk: ['misp.attributes.search', '≤ 1.10'] }),
      notes: [
        `${CALLS} calls each after ${WARMUP} warm-up calls each, interleaved; the sandbox runs in the bench process, so its own work is part of both timings.`,
      ],
    };
  } finally {
    await sandbox.close();
  }
}

async function startSandboxProcess(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [sandboxCli, '--port', '0', '--seed', 'demo', '--user-key', KEY], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (\S+)/.exec(out);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`misp-sandbox exited (${code}) before listening`)));
  });
  return { url, child };
}

async function separateProcess(): Promise<Section> {
  const { url, child } = await startSandboxProcess();
  try {
    // The client runs in a fresh process too, so the heaps of earlier suites do not weigh on it.
    const samples = await new Promise<Record<string, number[]>>((resolve, reject) => {
      const client = spawn(
        process.execPath,
        [perCallClient, url, KEY, demoIndicators.maliciousIp, String(CALLS), String(WARMUP)],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      let out = '';
      client.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
      });
      client.once('exit', (code) =>
        code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`per-call client exited ${code}`)),
      );
    });
    return {
      title: 'SDK per-call cost vs raw fetch, MISP sandbox in its own process (as users see it)',
      rows: ratioRows(samples, 'fetch', {
        fetch: ['raw fetch'],
        fetchDeadline: ['raw fetch with a 30 s AbortSignal.timeout'],
        sdk: ['misp.attributes.search on fetch', '≤ 1.05'],
        sdkNoDeadline: ['misp.attributes.search on fetch, timeoutMs: 0'],
        keepAlive: ['misp.attributes.search on keepAliveFetch()', '≤ 0.80'],
        undici: ['raw undici Pool.request (floor, no SDK)'],
      }),
      notes: [
        `One attributes/restSearch lookup of one value per call against \`misp-sandbox --seed demo\` in a child process, from a client in a fresh process of its own (bench/src/per-call-client.mjs); ${CALLS} calls of each variant after ${WARMUP} warm-up calls each, interleaved (order alternating) in one run.`,
        'The SDK calls include everything a user gets: the 30 s default deadline (an AbortSignal per call), retry bookkeeping, error mapping and envelope unwrapping. Raw fetch sends the same headers and body with no signal and reads `response.Attribute`; the row with `AbortSignal.timeout` is the same call with the deadline a careful raw caller would add.',
        'keepAliveFetch() is `@mispkit/sdk/node`: undici over a keep-alive Agent behind the fetch signature, with the same errors, deadline and abort behaviour (tested in packages/sdk/test/e2e/node-transport.test.ts).',
      ],
    };
  } finally {
    child.kill('SIGTERM');
  }
}

async function bundleSize(): Promise<Section> {
  const size = async (contents: string) => {
    const { minified, gzipped } = await bundleSizes({ stdin: { contents, resolveDir: sdkDist, loader: 'js' } });
    return { minified: round(minified / 1000, 1), gzipped: round(gzipped / 1000, 2) };
  };
  const searchOnly = await size(
    "import { attributes, createMispClient } from './core.js';\n" +
      "const misp = createMispClient({ baseUrl: 'https://misp.example', apiKey: 'k', resources: { attributes } });\n" +
      'export const search = (value) => misp.attributes.search({ value });\n',
  );
  const whole = await size("export * from './index.js';\n");
  return {
    title: 'SDK bundle size (what a user ships)',
    rows: [
      { name: '(a) @mispkit/sdk/core, attributes routes only, minified', value: searchOnly.minified, unit: 'kB' },
      {
        name: '(a) … minified + gzipped',
        value: searchOnly.gzipped,
        unit: 'kB',
        target: '≤ 8 kB',
        met: searchOnly.gzipped <= 8,
      },
      { name: '(b) the whole client (main entry, incl. openapi-fetch), minified', value: whole.minified, unit: 'kB' },
      {
        name: '(b) … minified + gzipped',
        value: whole.gzipped,
        unit: 'kB',
        target: '≤ 25 kB',
        met: whole.gzipped <= 25,
      },
    ],
    notes: [
      'esbuild `bundle, minify, format: esm, platform: neutral` of an entry that imports the built packages/sdk/dist files, gzip level 9 (zlib). (a) calls attributes.search through createMispClient from @mispkit/sdk/core bound to the attributes route table only; (b) is everything the main entry exports: every generated method, the helpers, paginate and openapi-fetch.',
    ],
  };
}

const suite: Suite = {
  name: 'sdk',
  async run() {
    return [await bundleSize(), await separateProcess(), await inProcess()];
  },
};

export default suite;
