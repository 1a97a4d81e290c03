// The client side of the SDK's per-call measurement, in a fresh Node process of its own (as a user's
// program is): `node per-call-client.mjs <misp url> <key> <value> <calls> <warmup>` times one
// attributes/restSearch lookup per call for each variant, interleaved, and prints the samples (ms) as JSON.
import { createMispClient } from '@mispkit/sdk';
import { keepAliveFetch } from '@mispkit/sdk/node';
import { Pool } from 'undici';

const [url = '', key = '', value = '', calls = '2000', warmup = '200'] = process.argv.slice(2);
const filters = { value, includeEventTags: true };
const endpoint = `${url}/attributes/restSearch`;
const headers = { Authorization: key, Accept: 'application/json', 'Content-Type': 'application/json' };
const raw = async (signal) => {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers,
    body: JSON.stringify(filters),
    redirect: 'manual',
    ...(signal ? { signal } : {}),
  });
  if (!response.ok) throw new Error(`raw fetch: HTTP ${response.status}`);
  return (await response.json()).response.Attribute.length;
};
const keepAlive = keepAliveFetch();
const pool = new Pool(url, { connections: 10 });
const viaFetch = createMispClient({ baseUrl: url, apiKey: key });
const viaFetchNoDeadline = createMispClient({ baseUrl: url, apiKey: key, timeoutMs: 0 });
const viaKeepAlive = createMispClient({ baseUrl: url, apiKey: key, fetch: keepAlive });
const variants = {
  fetch: () => raw(),
  fetchDeadline: () => raw(AbortSignal.timeout(30_000)),
  sdk: async () => (await viaFetch.attributes.search(filters)).length,
  sdkNoDeadline: async () => (await viaFetchNoDeadline.attributes.search(filters)).length,
  keepAlive: async () => (await viaKeepAlive.attributes.search(filters)).length,
  undici: async () => {
    const answer = await pool.request({
      path: '/attributes/restSearch',
      method: 'POST',
      headers,
      body: JSON.stringify(filters),
    });
    return (await answer.body.json()).response.Attribute.length;
  },
};
const names = Object.keys(variants);
for (let i = 0; i < Number(warmup); i++) for (const name of names) await variants[name]();
const samples = Object.fromEntries(names.map((n) => [n, []]));
for (let i = 0; i < Number(calls); i++) {
  for (const name of i % 2 === 0 ? names : [...names].reverse()) {
    const started = performance.now();
    const count = await variants[name]();
    samples[name].push(performance.now() - started);
    if (count < 1) throw new Error(`${name}: expected at least one matching attribute`);
  }
}
await keepAlive.close();
await pool.close();
process.stdout.write(JSON.stringify(samples));
