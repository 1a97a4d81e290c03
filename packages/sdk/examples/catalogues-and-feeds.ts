// Catalogues and feeds, as a MISP administrator sets them up: enable a taxonomy and a warninglist and check
// values against the lists, connect a second MISP and pull its events, then add it as a MISP-format feed and
// cache it so that its values show as feed correlations. Needs a site admin's key in MISP_ADMIN_KEY (or
// MISP_KEY), and a second MISP in MISP_REMOTE_URL / MISP_REMOTE_KEY (its feed at MISP_REMOTE_URL/feed, as a
// sandbox started with `--serve-feed` serves it).
import { createMispClient } from '@mispkit/sdk';

const misp = createMispClient({
  baseUrl: process.env.MISP_URL!,
  apiKey: process.env.MISP_ADMIN_KEY ?? process.env.MISP_KEY!,
});
const remoteUrl = process.env.MISP_REMOTE_URL;
const remoteKey = process.env.MISP_REMOTE_KEY;

// 1. A taxonomy and a warninglist.
const pap = (await misp.taxonomies.list()).find((t) => t.Taxonomy.namespace === 'PAP');
if (pap) console.log(`taxonomy PAP: ${(await misp.taxonomies.enable(pap.Taxonomy.id)).message}`);
const toggled = await misp.warninglists.toggleEnable({ name: '%ipv4 public dns%', enabled: 1 });
console.log(`warninglists: ${'success' in toggled ? toggled.success : toggled.errors}`);
const hits = await misp.warninglists.checkValue(['8.8.8.8', '203.0.113.9']);
for (const value of ['8.8.8.8', '203.0.113.9']) {
  const lists = Array.isArray(hits) ? [] : (hits[value] ?? []).map((h) => h.name);
  console.log(`  ${value}: ${lists.length ? lists.join(', ') : 'on no warninglist'}`);
}

if (!remoteUrl || !remoteKey) {
  console.log('MISP_REMOTE_URL / MISP_REMOTE_KEY not set: no remote to pull from or to use as a feed');
} else {
  // 2. A sync server: test the connection, then pull (one way) what the remote's user may see.
  const me = await misp.users.me();
  const server = await misp.servers.add({
    name: `remote MISP ${Date.now().toString(36)}`,
    url: remoteUrl,
    authkey: remoteKey,
    remote_org_id: me.Organisation.id,
    pull: true,
  });
  const test = await misp.servers.testConnection(server.id);
  console.log(`connection to ${remoteUrl}: status ${test.status}, remote version ${test.version ?? '?'}`);
  console.log((await misp.servers.pull(server.id)).message);

  // 3. The remote's public events as a MISP-format feed, cached for feed correlations.
  const feed = await misp.feeds.add({
    name: `remote feed ${Date.now().toString(36)}`,
    provider: 'remote MISP',
    url: `${remoteUrl}/feed`,
    source_format: 'misp',
    enabled: true,
    caching_enabled: true,
  });
  console.log(`feed cache: ${(await misp.feeds.cache('misp')).message}`);
  console.log(`feed ${feed.name}: ${(await misp.feeds.get(feed.id)).cached_elements ?? 0} values cached`);

  await misp.feeds.delete(feed.id);
  await misp.servers.delete(server.id);
}
