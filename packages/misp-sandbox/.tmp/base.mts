import { createServer } from 'node:http';
const s = createServer((req, res) => { req.resume(); req.on('end', () => res.end('{"ok":1}')); });
await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${(s.address() as any).port}/`;
for (let round = 0; round < 3; round++) {
  const t0 = performance.now();
  for (let i = 0; i < 200; i++) await (await fetch(url)).text();
  console.log('baseline avg ms', (performance.now() - t0) / 200);
}
s.close();
