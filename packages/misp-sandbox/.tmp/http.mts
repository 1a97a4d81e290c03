import { startMispSandbox, scaleValue } from '../src/index.ts';
const m = await startMispSandbox({ db: '/tmp/msb/scale.sqlite', log: () => {} });
const k = m.adminKey;
for (let round = 0; round < 3; round++) {
  const t0 = performance.now();
  for (let i = 0; i < 200; i++) {
    const v = scaleValue(Math.floor(Math.random() * 200000)).value;
    const res = await fetch(m.url + '/attributes/restSearch', { method: 'POST', headers: { Authorization: k, 'Content-Type': 'application/json' }, body: JSON.stringify({ value: v }) });
    await res.json();
  }
  console.log('avg ms', (performance.now() - t0) / 200);
}
await m.close();
