// Feeds, feed correlations, sync servers and a pull through the generated methods (misp.feeds.*, misp.servers.*),
// against the MISP sandbox over HTTP, with a second sandbox as the remote MISP and as a MISP-format feed
// (`serveFeed`). Against a real MISP with workers, fetch, cache and pull only queue jobs: see against-misp.mjs.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type MispSandbox, startMispSandbox } from '@mispkit/misp-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MispClient, MispForbiddenError, MispValidationError } from '../../src/index.js';
import { useSandbox } from './sandbox.js';

const e2e = useSandbox();
let admin: MispClient;
let remote: MispSandbox;
const run = Date.now().toString(36);
const list = join(mkdtempSync(join(tmpdir(), 'sdk-feeds-')), 'values.txt');

beforeAll(async () => {
  admin = e2e.client({ apiKey: e2e.sandbox.adminKey });
  remote = await startMispSandbox({ seed: 'demo', serveFeed: true, log: () => undefined });
  writeFileSync(list, `# sdk e2e ${run}\n192.0.2.${(Date.now() % 200) + 10}\nsdk-feed-${run}.example.org\n`);
});
afterAll(async () => {
  await remote?.close();
});

describe('feeds', () => {
  it('adds a free-text feed from a local file, fetches it into an event and caches it', async () => {
    const feed = await admin.feeds.add({
      name: `SDK list ${run}`,
      provider: 'sdk e2e',
      url: list,
      input_source: 'local',
      source_format: 'freetext',
      caching_enabled: true,
    });
    expect(feed).toMatchObject({
      name: `SDK list ${run}`,
      enabled: false,
      source_format: 'freetext',
      fixed_event: true,
    });
    expect((await admin.feeds.fetch(feed.id)).result).toBe('Feed is currently not enabled. Make sure you enable it.');
    expect((await admin.feeds.enable(feed.id)).message).toBe('Feed enabled.');
    expect((await admin.feeds.fetch(feed.id)).result).toBe('Fetching the feed has successfully completed.');
    const stored = await admin.feeds.get(feed.id);
    expect(stored.event_id).not.toBe('0');
    const event = await admin.events.get(stored.event_id);
    expect(event.info).toBe(`SDK list ${run} feed`);
    expect(event.Attribute?.map((a) => a.type).sort()).toEqual(['hostname', 'ip-dst']);
    expect((await admin.feeds.cache('freetext')).message).toBe('Caching the feeds has successfully completed.');
    expect((await admin.feeds.get(feed.id)).cached_elements).toBe(2);
    expect((await admin.feeds.cache(feed.id)).message).toBe('Caching the feeds has successfully completed.');
  });

  it('shows a cached value as a feed correlation in events/view', async () => {
    const value = `sdk-feed-${run}.example.org`;
    const event = await admin.events.add({
      info: `SDK feed hit ${run}`,
      distribution: '0',
      Attribute: [{ type: 'hostname', value }],
    });
    const viewed = await admin.events.get(event.id);
    const attribute = viewed.Attribute?.find((a) => a.value === value) as { Feed?: { name: string }[] } | undefined;
    expect(attribute?.Feed?.map((f) => f.name)).toEqual([`SDK list ${run}`]);
    await admin.events.delete(event.id);
  });

  it('fetches a MISP-format feed served by a second sandbox', async () => {
    const feed = await admin.feeds.add({
      name: `SDK remote feed ${run}`,
      provider: 'second sandbox',
      url: `${remote.url}/feed`,
      source_format: 'misp',
      distribution: '0',
      enabled: true,
    });
    expect((await admin.feeds.fetch(feed.id)).result).toMatch(
      /^Fetching the feed has successfully completed\.( Downloaded \d+ new event\(s\)\.)?/,
    );
    expect((await admin.feeds.list()).some((f) => f.Feed.id === feed.id)).toBe(true);
    await admin.feeds.disable(feed.id);
    expect((await admin.feeds.delete(feed.id)).saved).toBe(true);
  });

  it('refuses a feed without a name, and feeds administration to a publisher', async () => {
    await expect(admin.feeds.add({ provider: 'x', url: 'http://127.0.0.1:9/' })).rejects.toBeInstanceOf(
      MispValidationError,
    );
    await expect(e2e.misp.feeds.add({ name: 'n', provider: 'p', url: 'http://127.0.0.1:9/' })).rejects.toBeInstanceOf(
      MispForbiddenError,
    );
  });
});

/** The remote's events/index, read with its admin key. */
async function startedRemoteIndex(): Promise<{ id: string; uuid: string; locked: boolean; distribution: string }[]> {
  const response = await fetch(`${remote.url}/events/index`, {
    headers: { Authorization: remote.adminKey, Accept: 'application/json' },
  });
  return (await response.json()) as { id: string; uuid: string; locked: boolean; distribution: string }[];
}

describe('sync servers', () => {
  it('adds a server, tests the connection and pulls from it', async () => {
    const server = await admin.servers.add({
      name: `SDK remote ${run}`,
      url: remote.url,
      authkey: remote.adminKey,
      remote_org_id: '1',
      pull: true,
    });
    expect(server).toMatchObject({ pull: true, authkey: remote.adminKey });
    const test = await admin.servers.testConnection(server.id);
    expect(test).toMatchObject({ status: 1, version: '2.5.1', post: 1 });
    const pulled = await admin.servers.pull(server.id);
    expect(pulled.message).toMatch(/^Pull completed\. \d+ events pulled, 0 events could not be pulled/);
    const listed = await admin.servers.list();
    expect(listed.find((s) => s.Server.id === server.id)?.Server).not.toHaveProperty('authkey');
    expect((await admin.servers.pullWith(server.id, 'update')).saved).toBe(true);
    expect((await admin.servers.delete(server.id)).saved).toBe(true);
  });

  it('pushes to it and pulls one event by id', async () => {
    const server = await admin.servers.add({
      name: `SDK push ${run}`,
      url: remote.url,
      authkey: remote.adminKey,
      remote_org_id: '1',
      push: true,
      pull: true,
    });
    const event = await admin.events.add({
      info: `SDK pushed ${run}`,
      distribution: '3',
      published: true,
      Attribute: [{ type: 'domain', value: `sdk-push-${run}.example.org` }],
    });
    expect((await admin.servers.push(server.id, 'full')).message).toMatch(/^Push complete\. [1-9]\d* events pushed/);
    const there = (await startedRemoteIndex()).find((e) => e.uuid === event.uuid);
    expect(there).toMatchObject({ locked: true, distribution: '3' });
    expect((await admin.servers.push(server.id, event.id)).message).toBe(
      'Push complete. 0 events pushed, 0 events could not be pushed.',
    );
    expect((await admin.servers.pullWith(server.id, there?.id as string)).saved).toBe(true);
    await expect(admin.servers.pullWith(server.id, 'sideways' as 'full')).rejects.toBeInstanceOf(MispValidationError);
    await admin.servers.delete(server.id);
  });

  it('reports a refused key as connection status 4', async () => {
    const server = await admin.servers.add({
      name: `SDK bad key ${run}`,
      url: remote.url,
      authkey: 'a'.repeat(40),
      remote_org_id: '1',
    });
    expect((await admin.servers.testConnection(server.id)).status).toBe(4);
    await admin.servers.delete(server.id);
  });
});
