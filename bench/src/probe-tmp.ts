import http from 'node:http';
import { createMispClient, noRetry } from '@mispkit/sdk';
const payload = JSON.stringify({ response: { Attribute: [{ id: '1', value: '185.220.101.4', type: 'ip-dst' }] } });
const server = http.createServer((req, res) => { req.resume(); req.on('end', () => { res.setHeader('content-type', 'application/json'); res.end(payload); }); });
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${(server.address() as any).port}`;
const url = `${base}/attributes/restSearch`;
const headers = { Authorization: 'k'.repeat(40), Accept: 'application/json', 'Content-Type': 'application/json' };
const filters = { value: '185.220.101.4', includeEventTags: true };
const misp = createMispClient({ baseUrl: base, apiKey: 'k'.repeat(40) });
const mispNoTimeout = createMispClient({ baseUrl: base, apiKey: 'k'.repeat(40), timeoutMs: 0 });
const variants: Record<string, () => Promise<unknown>> = {
  raw: async () => (await (await fetch(url, { method: 'POST', headers, body: JSON.stringify(filters) })).json()),
  rawSignal: async () => { const c = new AbortController(); const t = setTimeout(() => c.abort(), 30000); try { return (await (await fetch(url, { method: 'POST', headers, body: JSON.stringify(filters), signal: c.signal })).json()); } finally { clearTimeout(t); } },
  sdk: () => misp.attributes.search(filters),
  sdkNoTimeout: () => mispNoTimeout.attributes.search(filters),
};
const times: Record<string, number[]> = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
for (let i = 0; i < 300; i++) for (const fn of Object.values(variants)) await fn();
for (let i = 0; i < 2000; i++) for (const [k, fn] of Object.entries(variants)) { const t = performance.now(); await fn(); times[k]!.push(performance.now() - t); }
const med = (a: number[]) => a.sort((x, y) => x - y)[a.length >> 1]!;
for (const [k, v] of Object.entries(times)) console.log(k.padEnd(14), (med(v) * 1000).toFixed(0), 'µs');
server.close();
