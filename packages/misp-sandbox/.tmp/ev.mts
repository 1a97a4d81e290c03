import Database from 'better-sqlite3';
import { searchEvents } from '../src/search/events.ts';
import { searchAttributes } from '../src/search/attributes.ts';
import { scaleValue } from '../src/seed/scale.ts';
const db = new Database('/tmp/msb/scale.sqlite');
const user = { id: 1, org_id: 1, role_id: 1, email: 'a', created: 0, role: db.prepare('SELECT * FROM roles WHERE id = 1').get() } as any;
const now = Math.floor(Date.now() / 1000);
const mx = (db.prepare('SELECT MAX(publish_timestamp) m FROM events').get() as any).m;
for (let k = 0; k < 5; k++) {
  const start = mx - Math.floor(Math.random() * 20 * 86400);
  const t = performance.now();
  const r = searchEvents(db, user, { publish_timestamp: [start - 900 * 4, start], published: 1 }, now);
  console.log('window ms', (performance.now() - t).toFixed(2), r.items.length);
}
const t = performance.now();
for (let i = 0; i < 200; i++) searchAttributes(db, user, { value: scaleValue(Math.floor(Math.random() * 200000)).value }, now);
console.log('exact avg', (performance.now() - t) / 200);
