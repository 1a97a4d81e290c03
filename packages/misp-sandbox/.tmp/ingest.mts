import { rmSync } from 'node:fs';
import { startMispSandbox, seedScale } from '../src/index.ts';
rmSync('/tmp/msb/ing.sqlite', { force: true });
const m = await startMispSandbox({ db: '/tmp/msb/ing.sqlite', log: () => {} });
console.log(seedScale(m, { attributes: 200000 }));
await m.close();
