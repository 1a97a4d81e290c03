import Database from 'better-sqlite3';
import { searchAttributes } from '../src/search/attributes.ts';
import { scaleValue } from '../src/seed/scale.ts';
const db = new Database('/tmp/msb/scale.sqlite');
const user = { id: 1, org_id: 1, role_id: 1, email: 'a', created: 0, role: db.prepare('SELECT * FROM roles WHERE id = 1').get() } as any;
for (let round = 0; round < 3; round++) {
  const t0 = performance.now();
  for (let i = 0; i < 300; i++) searchAttributes(db, user, { value: scaleValue(Math.floor(Math.random() * 200000)).value }, Date.now() / 1000);
  console.log('direct avg ms', (performance.now() - t0) / 300);
}
const user2 = { ...user, org_id: 2, role: db.prepare('SELECT * FROM roles WHERE id = 4').get() };
const t1 = performance.now();
for (let i = 0; i < 300; i++) searchAttributes(db, user2, { value: scaleValue(Math.floor(Math.random() * 200000)).value }, Date.now() / 1000);
console.log('non-admin avg ms', (performance.now() - t1) / 300);
