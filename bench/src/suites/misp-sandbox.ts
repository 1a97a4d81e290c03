// MISP sandbox at scale: 1,000,000 attributes in 100,000 events in a file database, queried over HTTP.
import { statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { scaleValue, seedScale } from '@mispkit/misp-sandbox';
import { round, type Section, type Suite, summarise } from '../report.js';
import { loadNote, timed, withScaleSandbox } from '../scale-sandbox.js';

const ATTRIBUTES = 1_000_000;
const EVENTS = Math.ceil(ATTRIBUTES / 10);
const SAMPLES = 400;

/** A bare node:http round trip on the same machine, measured in the same run, as the floor for every HTTP number. */
async function bareHttpFloor(): Promise<number[]> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.end('{"response":{"Attribute":[]}}'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/attributes/restSearch`;
  const samples = await timed(
    async () => {
      await (await fetch(url, { method: 'POST', body: '{"value":"x"}' })).text();
    },
    SAMPLES,
    20,
  );
  await new Promise((resolve) => server.close(resolve));
  return samples;
}

const suite: Suite = {
  name: 'misp-sandbox',
  async run(): Promise<Section[]> {
    return withScaleSandbox('misp-sandbox-bench-', async ({ misp, file, call }) => {
      const rssBefore = process.memoryUsage().rss;
      const ingest = seedScale(misp, { attributes: ATTRIBUTES, events: EVENTS });
      const rssAfterLoad = process.memoryUsage().rss;
      const post = async (route: string, body: unknown) =>
        (await call('POST', route, body)) as { response: { Attribute: unknown[] } & unknown[] };
      const pick = () => scaleValue(Math.floor(Math.random() * ATTRIBUTES)).value;

      // Sanity: an exact value finds exactly its attribute.
      const probe = await post('/attributes/restSearch', { value: scaleValue(12345).value });
      if (probe.response.Attribute.length !== 1) throw new Error('exact-value probe did not find its attribute');

      const floor = summarise(await bareHttpFloor());
      const exact = summarise(
        await timed(() => post('/attributes/restSearch', { value: pick() }).then(() => undefined), SAMPLES, 20),
      );
      const batch = summarise(
        await timed(
          () => post('/attributes/restSearch', { value: Array.from({ length: 100 }, pick) }).then(() => undefined),
          100,
          5,
        ),
      );
      const now = Math.floor(Date.now() / 1000);
      const windowSeconds = 15 * 60;
      let eventsInWindow = 0;
      const window = summarise(
        await timed(
          async () => {
            const start = now - Math.floor(Math.random() * 29 * 86400) - windowSeconds;
            const result = await post('/events/restSearch', {
              publish_timestamp: [start, start + windowSeconds],
              published: 1,
            });
            eventsInWindow = result.response.length;
          },
          100,
          5,
        ),
      );
      const rssAfterQueries = process.memoryUsage().rss;
      const mib = (bytes: number) => round(bytes / 2 ** 20, 1);
      const dbSize = statSync(file).size + (statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0);
      return [
        {
          title: `MISP sandbox: ${ATTRIBUTES.toLocaleString('en')} attributes in ${EVENTS.toLocaleString('en')} events (SQLite file, HTTP on 127.0.0.1)`,
          rows: [
            {
              name: 'ingest rate (one transaction, indexes rebuilt after)',
              value: Math.round(ingest.attributesPerSecond),
              unit: 'attributes/s',
              target: '≥ 20000',
              met: ingest.attributesPerSecond >= 20000,
            },
            { name: 'ingest wall time incl. index build', value: round(ingest.seconds, 1), unit: 's' },
            {
              name: 'attributes/restSearch exact value p50',
              value: round(exact.p50),
              unit: 'ms',
              target: '≤ 5',
              met: exact.p50 <= 5,
            },
            {
              name: 'attributes/restSearch exact value p99',
              value: round(exact.p99),
              unit: 'ms',
              target: '≤ 25',
              met: exact.p99 <= 25,
            },
            {
              name: 'attributes/restSearch 100-value batch p50',
              value: round(batch.p50),
              unit: 'ms',
              target: '≤ 25',
              met: batch.p50 <= 25,
            },
            { name: 'attributes/restSearch 100-value batch p99', value: round(batch.p99), unit: 'ms' },
            {
              name: 'events/restSearch publish_timestamp 15-min window p50',
              value: round(window.p50),
              unit: 'ms',
              target: '≤ 20',
              met: window.p50 <= 20,
            },
            { name: 'events/restSearch publish_timestamp 15-min window p99', value: round(window.p99), unit: 'ms' },
            { name: 'events returned per window (last sample, ~10 attributes each)', value: eventsInWindow },
            { name: 'bare node:http round trip p50 (floor, same run)', value: round(floor.p50), unit: 'ms' },
            { name: 'resident memory after load', value: mib(rssAfterLoad), unit: 'MiB' },
            { name: 'resident memory after queries', value: mib(rssAfterQueries), unit: 'MiB' },
            { name: 'resident memory growth from load', value: mib(rssAfterLoad - rssBefore), unit: 'MiB' },
            { name: 'database file size', value: mib(dbSize), unit: 'MiB' },
          ],
          notes: [
            'Sandbox and client share one process; the floor row is a bare node:http server in the same run, so (value − floor) is the sandbox’s own cost.',
            loadNote(),
          ],
        },
      ];
    });
  },
};

export default suite;
