import { startMispSandbox } from '../src/index.ts';
const m = await startMispSandbox({ log: () => {} });
const k = m.adminKey;
for (const [label, init] of [['GET', { headers: { Authorization: k, Accept: 'application/json' } }], ['POST', { method: 'POST', headers: { Authorization: k, 'Content-Type': 'application/json' }, body: '{"value":"x"}' }]] as const) {
  const path = label === 'GET' ? '/servers/getVersion' : '/attributes/restSearch';
  for (let round = 0; round < 2; round++) {
    const t0 = performance.now();
    for (let i = 0; i < 200; i++) await (await fetch(m.url + path, init as RequestInit)).text();
    console.log(label, 'avg ms', (performance.now() - t0) / 200);
  }
}
await m.close();
