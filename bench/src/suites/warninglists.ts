// warninglists/checkValue on MISP's real lists (misp-warninglists, vendored in the sandbox): 100 values per
// call against every enabled list, over HTTP, plus the one-off cost of unpacking and compiling the lists.
import { startMispSandbox } from '@mispkit/misp-sandbox';
import { round, type Section, type Suite, summarise } from '../report.js';

const SAMPLES = 200;
const VALUES = 100;

/** A realistic batch: resolvers, private and public addresses, top and unknown domains, URLs, hashes. */
function batch(round: number): string[] {
  const values: string[] = [];
  for (let i = 0; values.length < VALUES; i++) {
    const n = round * VALUES + i;
    switch (i % 10) {
      case 0:
        values.push(`10.${n % 256}.${(n >> 8) % 256}.1`);
        break;
      case 1:
        values.push(`45.${(n * 7) % 256}.${(n * 13) % 256}.${n % 250}`);
        break;
      case 2:
        values.push(['8.8.8.8', '1.1.1.1', '9.9.9.9', '208.67.222.222'][n % 4] as string);
        break;
      case 3:
        values.push(['google.com', 'microsoft.com', 'github.com', 'wikipedia.org'][n % 4] as string);
        break;
      case 4:
        values.push(`host-${n}.unknown-${n % 97}.example`);
        break;
      case 5:
        values.push(`https://www.cdn-${n % 50}.net/path/${n}`);
        break;
      case 6:
        values.push(n.toString(16).padStart(32, '0'));
        break;
      case 7:
        values.push(`2001:db8:${(n % 65536).toString(16)}::${(n % 4096).toString(16)}`);
        break;
      case 8:
        values.push(`user${n}@mail-${n % 31}.example.org`);
        break;
      default:
        values.push(`c2-${n}.bad-${n % 13}.top`);
    }
  }
  return values;
}

const suite: Suite = {
  name: 'warninglists',
  async run(): Promise<Section[]> {
    const started = performance.now();
    const misp = await startMispSandbox({ seed: 'none', log: () => {} });
    const startMs = performance.now() - started;
    try {
      const headers = { Authorization: misp.adminKey, Accept: 'application/json', 'Content-Type': 'application/json' };
      const post = async (route: string, body: unknown) => {
        const response = await fetch(`${misp.url}${route}`, { method: 'POST', headers, body: JSON.stringify(body) });
        if (response.status !== 200) throw new Error(`${route} answered ${response.status}`);
        return (await response.json()) as Record<string, unknown[]> | unknown[];
      };
      const lists = (await (await fetch(`${misp.url}/warninglists/index`, { headers })).json()) as {
        Warninglists: { Warninglist: { id: string; warninglist_entry_count: string } }[];
      };
      const ids = lists.Warninglists.map((w) => w.Warninglist.id);
      const entries = lists.Warninglists.reduce((sum, w) => sum + Number(w.Warninglist.warninglist_entry_count), 0);
      await post('/warninglists/toggleEnable', { id: ids, enabled: 1 });
      const firstStarted = performance.now();
      const first = await post('/warninglists/checkValue', batch(0));
      const coldMs = performance.now() - firstStarted;
      for (let i = 1; i <= 20; i++) await post('/warninglists/checkValue', batch(i));
      const samples: number[] = [];
      let hits = 0;
      for (let i = 0; i < SAMPLES; i++) {
        const t = performance.now();
        const result = await post('/warninglists/checkValue', batch(100 + i));
        samples.push(performance.now() - t);
        if (i === 0) hits = Array.isArray(result) ? 0 : Object.keys(result).length;
      }
      const s = summarise(samples);
      return [
        {
          title: 'warninglists/checkValue: 100 values against all enabled real warninglists (HTTP)',
          rows: [
            { name: 'enabled warninglists', value: ids.length },
            { name: 'entries across them', value: entries },
            { name: 'values per call', value: VALUES },
            { name: 'values with hits (first timed batch)', value: hits },
            { name: 'first call, cold (unpack + compile the lists)', value: round(coldMs, 0), unit: 'ms' },
            { name: 'checkValue p50', value: round(s.p50), unit: 'ms' },
            { name: 'checkValue p95', value: round(s.p95), unit: 'ms' },
            { name: 'checkValue p99', value: round(s.p99), unit: 'ms' },
            { name: 'values checked per second (p50)', value: Math.round(VALUES / (s.p50 / 1000)), unit: '/s' },
            { name: 'sandbox start incl. catalogue install', value: round(startMs, 0), unit: 'ms' },
          ],
          notes: [
            `${SAMPLES} timed calls after 20 warm-up calls; the first batch had ${
              Array.isArray(first) ? 0 : Object.keys(first).length
            } values with hits. Matching follows MISP 2.5 per list type (cidr, hostname, string, substring, regex).`,
          ],
        },
      ];
    } finally {
      await misp.close();
    }
  },
};

export default suite;
