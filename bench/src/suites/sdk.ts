// @mispkit/sdk: per-call overhead against raw fetch on the same local MISP sandbox (interleaved,
// side by side in one run), and the main entry's minified+gzipped size.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoIndicators, startMispSandbox } from '@mispkit/misp-sandbox';
import { createMispClient } from '@mispkit/sdk';
import { bundleSizes } from '../bundle.js';
import { round, type Section, type Suite, summarise } from '../report.js';

const WARMUP = 100;
const CALLS = 1000;

async function perCallCost(): Promise<Section> {
  const sandbox = await startMispSandbox({ seed: 'demo', log: () => undefined });
  try {
    const misp = createMispClient({ baseUrl: sandbox.url, apiKey: sandbox.userKey });
    const filters = { value: demoIndicators.maliciousIp, includeEventTags: true };
    const url = `${sandbox.url}/attributes/restSearch`;
    const headers = { Authorization: sandbox.userKey, Accept: 'application/json', 'Content-Type': 'application/json' };

    const viaSdk = async () => (await misp.attributes.search(filters)).length;
    const viaFetch = async () => {
      const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(filters), redirect: 'manual' });
      if (!response.ok) throw new Error(`raw fetch: HTTP ${response.status}`);
      return ((await response.json()) as { response: { Attribute: unknown[] } }).response.Attribute.length;
    };
    const time = async (fn: () => Promise<number>) => {
      const started = performance.now();
      const count = await fn();
      const elapsed = performance.now() - started;
      if (count < 1) throw new Error('expected at least one matching attribute');
      return elapsed;
    };

    for (let i = 0; i < WARMUP; i++) {
      await viaSdk();
      await viaFetch();
    }
    const sdk: number[] = [];
    const raw: number[] = [];
    for (let i = 0; i < CALLS; i++) {
      // Alternate which goes first so neither always runs on a warmer connection or heap.
      if (i % 2 === 0) {
        sdk.push(await time(viaSdk));
        raw.push(await time(viaFetch));
      } else {
        raw.push(await time(viaFetch));
        sdk.push(await time(viaSdk));
      }
    }
    const s = summarise(sdk);
    const r = summarise(raw);
    const ratio = s.p50 / r.p50;
    const paired = summarise(sdk.map((t, i) => t / (raw[i] as number))).p50;
    return {
      title: 'SDK per-call cost vs raw fetch (attributes/restSearch, local MISP sandbox)',
      rows: [
        { name: 'misp.attributes.search p50', value: round(s.p50 * 1000, 0), unit: 'µs' },
        { name: 'raw fetch p50', value: round(r.p50 * 1000, 0), unit: 'µs' },
        { name: 'misp.attributes.search p99', value: round(s.p99 * 1000, 0), unit: 'µs' },
        { name: 'raw fetch p99', value: round(r.p99 * 1000, 0), unit: 'µs' },
        { name: 'median ratio SDK / raw fetch', value: round(ratio, 3), target: '≤ 1.10', met: ratio <= 1.1 },
        { name: 'median of paired per-call ratios', value: round(paired, 3) },
      ],
      notes: [
        `${CALLS} calls each after ${WARMUP} warm-up calls each, interleaved (order alternating), same sandbox, same process; ` +
          'the sandbox runs in the same process, so its own work is part of both timings. ' +
          'The SDK call includes the 30 s default deadline (an AbortSignal per call), retry bookkeeping, error mapping and ' +
          'envelope unwrapping; raw fetch sends the same headers and body, with no signal, and reads `response.Attribute`.',
      ],
    };
  } finally {
    await sandbox.close();
  }
}

async function bundleSize(): Promise<Section> {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const entry = path.resolve(here, '..', '..', '..', 'packages', 'sdk', 'dist', 'index.js');
  const { minified, gzipped } = await bundleSizes({ entryPoints: [entry] });
  const kb = gzipped / 1000;
  return {
    title: 'SDK main entry size',
    rows: [
      { name: 'minified (incl. openapi-fetch)', value: round(minified / 1000, 1), unit: 'kB' },
      { name: 'minified + gzipped', value: round(kb, 2), unit: 'kB', target: '≤ 10 kB', met: kb <= 10 },
    ],
    notes: ['esbuild `bundle, minify, format: esm` of packages/sdk/dist/index.js, gzip level 9 (zlib).'],
  };
}

const suite: Suite = {
  name: 'sdk',
  async run() {
    return [await bundleSize(), await perCallCost()];
  },
};

export default suite;
