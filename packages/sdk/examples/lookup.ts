// Look indicators up: one batched restSearch, plus MISP's warninglists for known-benign values.
// Run: MISP_URL=… MISP_KEY=… npx tsx examples/lookup.ts 185.220.101.4 bad.example
import { createMispClient } from '@mispkit/sdk';

const misp = createMispClient({ baseUrl: process.env.MISP_URL!, apiKey: process.env.MISP_KEY! });
const values = process.argv.slice(2).length ? process.argv.slice(2) : ['185.220.101.4', 'bad.example', '8.8.8.8'];

const [hits, benign] = await Promise.all([
  misp.attributes.search({ value: values, includeEventTags: true, to_ids: 1 }),
  misp.warninglists.check(values),
]);
for (const value of values) {
  const found = hits.filter((a) => a.value === value || a.value.startsWith(`${value}|`));
  const lists = (benign[value] ?? []).map((hit) => hit.name);
  console.log(
    value,
    found.length ? `${found.length} hit(s) in ${found.map((a) => a.Event?.info).join('; ')}` : 'no hit',
    lists.length ? `(warninglists: ${lists.join(', ')})` : '',
  );
}
