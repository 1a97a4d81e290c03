// Feeds as MISP 2.5 answers them (shapes checked against a real MISP 2.5.1): the two default feeds of a fresh
// install, add/edit/view/delete/enable/disable, fetching a MISP-format feed served by a second sandbox and a
// free-text feed from a local file, caching, and the failures a feed can cause (non-loopback URL, garbage,
// a hang), none of which leaves anything half-imported or half-cached.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MispSandbox } from '../src/index.js';
import { SpecChecker } from './accounts/spec-check.js';
import { type Api, apiFor, withSandbox } from './helpers.js';
import { FEED_OPERATIONS } from './sync-operations.js';

let misp: MispSandbox;
let api: Api;
const checker = new SpecChecker();
let remote: MispSandbox;
const dir = mkdtempSync(join(tmpdir(), 'feeds-test-'));
const listFile = join(dir, 'list.txt');

beforeAll(async () => {
  ({ misp } = await withSandbox());
  api = checker.api(misp);
  ({ misp: remote } = await withSandbox({ seed: 'demo', serveFeed: true }));
  writeFileSync(listFile, '# a comment\n198.51.100.77\nfeed-only.example.com\nnotes.example\nnot a value\n');
});
afterAll(async () => {
  await misp.close();
  await remote.close();
});

const eventCount = async (a: Api = api) => (await a('GET', '/events/index')).body.length as number;

describe('feeds/index and CRUD', () => {
  it('lists the two default feeds of a fresh MISP, disabled', async () => {
    const { status, body } = await api('GET', '/feeds/index');
    expect(status).toBe(200);
    expect(body.map((f: { Feed: { name: string } }) => f.Feed.name)).toEqual([
      'CIRCL OSINT Feed',
      'The Botvrij.eu Data',
    ]);
    expect(body[0].Feed).toMatchObject({
      id: '1',
      enabled: false,
      default: true,
      source_format: 'misp',
      cache_timestamp: false,
    });
  });

  it('adds, views, edits, toggles and deletes a feed with MISP answers', async () => {
    const added = await api('POST', '/feeds/add', { name: 'crud feed', provider: 'test', url: 'http://127.0.0.1:9/x' });
    expect(added.status).toBe(200);
    // REST defaults: free text, fixed event, distribution 0, settings "[]".
    expect(added.body.Feed).toMatchObject({
      source_format: 'freetext',
      fixed_event: true,
      distribution: '0',
      settings: '[]',
      default: false,
    });
    const id = added.body.Feed.id;
    const view = await api('GET', `/feeds/view/${id}`);
    expect(view.body.Feed).toMatchObject({ cached_elements: 0, coverage_by_other_feeds: '0%' });
    const edited = await api('POST', `/feeds/edit/${id}`, { name: 'crud feed 2' });
    expect(edited.body.Feed.name).toBe('crud feed 2');
    expect(await api('POST', `/feeds/enable/${id}`)).toMatchObject({
      status: 200,
      body: { name: 'Feed enabled.', message: 'Feed enabled.' },
    });
    expect((await api('POST', `/feeds/disable/${id}`)).body.message).toBe('Feed disabled.');
    const deleted = await api('POST', `/feeds/delete/${id}`);
    expect(deleted.body).toMatchObject({ saved: true, success: true, message: 'Feed deleted.', id: Number(id) });
    expect((await api('GET', `/feeds/view/${id}`)).status).toBe(404);
  });

  it('refuses what MISP refuses', async () => {
    const blank = await api('POST', '/feeds/add', {});
    expect(blank).toMatchObject({ status: 403, body: { saved: false, message: 'Could not add feed' } });
    expect(blank.body.errors.name).toEqual(['This field cannot be left blank']);
    const missing = await api('POST', '/feeds/add', {
      name: 'x',
      provider: 'p',
      url: '/nope/file',
      input_source: 'local',
    });
    expect(missing.body.errors.url[0]).toMatch(/^Invalid path or file not found/);
    expect((await api('POST', '/feeds/enable/999')).status).toBe(405);
    expect((await api('POST', '/feeds/edit/999', { name: 'a' })).body.message).toBe('Invalid Feed.');
    expect(await api('GET', '/feeds/fetchFromFeed/999')).toMatchObject({
      status: 404,
      body: { message: 'Invalid feed.' },
    });
    expect((await api('GET', '/feeds/fetchFromFeed/1')).body).toEqual({
      result: 'Feed is currently not enabled. Make sure you enable it.',
    });
  });
});

describe('fetching a MISP-format feed from a second sandbox', () => {
  let feedId: string;
  it('imports the published, all-communities events with the feed distribution and tag', async () => {
    const manifest = (await fetch(`${remote.url}/feed/manifest.json`).then((r) => r.json())) as Record<string, unknown>;
    expect(Object.keys(manifest).length).toBeGreaterThan(0);
    const tag = await api('POST', '/tags/add', { name: 'feed:source="second-sandbox"', colour: '#123456' });
    const added = await api('POST', '/feeds/add', {
      name: 'second sandbox',
      provider: 'tests',
      url: `${remote.url}/feed`,
      source_format: 'misp',
      distribution: '1',
      enabled: true,
      tag_id: tag.body.Tag.id,
    });
    feedId = added.body.Feed.id;
    const before = await eventCount();
    const fetched = await api('GET', `/feeds/fetchFromFeed/${feedId}`);
    expect(fetched.status).toBe(200);
    expect(fetched.body.result).toBe(
      `Fetching the feed has successfully completed. Downloaded ${Object.keys(manifest).length} new event(s).`,
    );
    expect((await eventCount()) - before).toBe(Object.keys(manifest).length);
    const uuid = Object.keys(manifest)[0] as string;
    const event = (await api('GET', `/events/view/${uuid}`)).body.Event;
    expect(event.distribution).toBe('1');
    expect(event.Orgc.name).toBe((manifest[uuid] as { Orgc: { name: string } }).Orgc.name);
    expect(event.Tag.map((t: { name: string }) => t.name)).toContain('feed:source="second-sandbox"');
    expect(event.Attribute.every((a: { distribution: string }) => a.distribution === '5')).toBe(true);
    // A second fetch, and one of all enabled feeds, finds nothing newer.
    expect((await api('GET', '/feeds/fetchFromAllFeeds')).body).toEqual({
      result: 'Fetching the feed has successfully completed.',
    });
    expect((await api('GET', `/feeds/fetchFromFeed/${feedId}`)).body.result).toBe(
      'Fetching the feed has successfully completed.',
    );
  });

  it('caches a feed and counts its values', async () => {
    await api('POST', `/feeds/edit/${feedId}`, { caching_enabled: true });
    const cached = await api('GET', '/feeds/cacheFeeds/all');
    expect(cached.body).toMatchObject({
      saved: true,
      message: 'Caching the feeds has successfully completed.',
      url: '/feeds/cacheFeed',
    });
    expect((await api('GET', `/feeds/view/${feedId}`)).body.Feed.cached_elements).toBeGreaterThan(0);
    const index = (await api('GET', '/feeds/index')).body;
    expect(index.find((f: { Feed: { id: string } }) => f.Feed.id === feedId).Feed.cache_timestamp).toMatch(/^\d+$/);
  });
});

describe('feed filter rules', () => {
  it('fetches only the manifest entries the tag and organisation rules let through', async () => {
    const manifest = (await fetch(`${remote.url}/feed/manifest.json`).then((r) => r.json())) as Record<
      string,
      { Orgc: { name: string }; Tag?: { name: string }[] }
    >;
    const rules = {
      tags: { OR: ['tlp:green', 'tlp:clear'], NOT: ['PAP:RED'] },
      orgs: { OR: [], NOT: ['Meridian CERT'] },
      url_params: '',
    };
    const wanted = Object.entries(manifest)
      .filter(([, e]) => {
        const tags = (e.Tag ?? []).map((t) => t.name);
        return (
          rules.tags.OR.some((t) => tags.includes(t)) &&
          !rules.tags.NOT.some((t) => tags.includes(t)) &&
          e.Orgc.name !== 'Meridian CERT'
        );
      })
      .map(([uuid]) => uuid);
    // The demo feed has entries on both sides of each rule, so the filter is really exercised.
    expect(wanted.length).toBeGreaterThan(0);
    expect(wanted.length).toBeLessThan(Object.keys(manifest).length / 2);
    const { misp: target } = await withSandbox();
    try {
      const targetApi = apiFor(target);
      const feed = await targetApi('POST', '/feeds/add', {
        name: 'filtered second sandbox',
        provider: 'tests',
        url: `${remote.url}/feed`,
        source_format: 'misp',
        distribution: '1',
        enabled: true,
        rules: JSON.stringify(rules),
      });
      expect(feed.status).toBe(200);
      const fetched = await targetApi('GET', `/feeds/fetchFromFeed/${feed.body.Feed.id}`);
      expect(fetched.body.result).toBe(
        `Fetching the feed has successfully completed. Downloaded ${wanted.length} new event(s).`,
      );
      const held = (await targetApi('GET', '/events/index')).body.map((e: { uuid: string }) => e.uuid).sort();
      expect(held).toEqual([...wanted].sort());
    } finally {
      await target.close();
    }
  });
});

describe('free-text feed from a local file', () => {
  it('creates the fixed event once and adds only new values', async () => {
    const added = await api('POST', '/feeds/add', {
      name: 'local list',
      provider: 'tests',
      url: listFile,
      input_source: 'local',
      source_format: 'freetext',
      enabled: true,
      caching_enabled: true,
    });
    const id = added.body.Feed.id;
    expect((await api('GET', `/feeds/fetchFromFeed/${id}`)).body.result).toBe(
      'Fetching the feed has successfully completed.',
    );
    const eventId = (await api('GET', `/feeds/view/${id}`)).body.Feed.event_id;
    const event = (await api('GET', `/events/view/${eventId}`)).body.Event;
    expect(event.info).toBe('local list feed');
    // Typed as MISP's free-text import types them: a dotted value whose last label is no IANA TLD is a filename.
    expect(event.Attribute.map((a: { type: string; value: string }) => `${a.type}:${a.value}`).sort()).toEqual([
      'filename:notes.example',
      'hostname:feed-only.example.com',
      'ip-dst:198.51.100.77',
    ]);
    await api('GET', `/feeds/fetchFromFeed/${id}`);
    expect((await api('GET', `/events/view/${eventId}`)).body.Event.Attribute).toHaveLength(3);
    expect((await api('GET', `/feeds/cacheFeeds/${id}`)).status).toBe(200);
    expect((await api('GET', `/feeds/view/${id}`)).body.Feed.cached_elements).toBe(3);
  });
});

describe('feed correlations', () => {
  it('shows cached feed values on events/view and events/restSearch, not on attributes/restSearch', async () => {
    const event = await api('POST', '/events/add', {
      info: 'feed correlation target',
      distribution: 1,
      Attribute: [
        { type: 'ip-dst', value: '198.51.100.77' },
        { type: 'domain', value: 'no-feed-has-this.example' },
      ],
    });
    const id = event.body.Event.id;
    const view = (await api('GET', `/events/view/${id}`)).body.Event;
    const hit = {
      name: 'local list',
      url: listFile,
      provider: 'tests',
      source_format: 'freetext',
      lookup_visible: false,
    };
    expect(view.Feed).toEqual([expect.objectContaining(hit)]);
    expect(Object.keys(view).indexOf('Feed')).toBe(Object.keys(view).indexOf('Org') - 1);
    const [ip, domain] = view.Attribute;
    expect(ip.Feed).toEqual([expect.objectContaining(hit)]);
    expect(domain.Feed).toBeUndefined();
    expect((await api('GET', `/events/view/${id}/includeFeedCorrelations:0`)).body.Event.Feed).toBeUndefined();
    const search = await api('POST', '/events/restSearch', { eventid: id, includeFeedCorrelations: 1 });
    expect(search.body.response[0].Event.Attribute[0].Feed).toHaveLength(1);
    const plain = await api('POST', '/events/restSearch', { eventid: id });
    expect(plain.body.response[0].Event.Feed).toBeUndefined();
    const attributes = await api('POST', '/attributes/restSearch', {
      value: '198.51.100.77',
      includeFeedCorrelations: 1,
    });
    expect(attributes.body.response.Attribute[0].Feed).toBeUndefined();
  });

  it('needs perm_view_feed_correlations, which only the admin role has', async () => {
    const user = await api('POST', '/admin/users/add', { email: 'feed-reader@orgname.test', role_id: '3' });
    const key = user.body.User.authkey as string;
    const id = (
      await api('POST', '/events/add', {
        info: 'feed for a user',
        distribution: 1,
        Attribute: [{ type: 'ip-dst', value: '198.51.100.77' }],
      })
    ).body.Event.id;
    const view = (await api('GET', `/events/view/${id}`, undefined, { key })).body.Event;
    expect(view.Feed).toBeUndefined();
    expect(view.Attribute[0].Feed).toBeUndefined();
  });
});

describe('feeds that fail', () => {
  it('refuses a feed URL that is not loopback, before any request', async () => {
    const added = await api('POST', '/feeds/add', {
      name: 'remote',
      provider: 'p',
      url: 'https://feeds.example.org/misp',
      source_format: 'misp',
      enabled: true,
    });
    const result = (await api('GET', `/feeds/fetchFromFeed/${added.body.Feed.id}`)).body.result;
    expect(result).toMatch(/^Fetching the feed has failed\. Refused to connect to feeds\.example\.org/);
  });

  it('answers garbage with a clear error and imports nothing', async () => {
    const uuid = 'b0b0b0b0-0000-4000-8000-000000000001';
    const garbage = createServer((req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(
        req.url === '/feed/manifest.json' ? JSON.stringify({ [uuid]: { timestamp: '1700000000' } }) : '<html>not json',
      );
    });
    await new Promise<void>((resolve) => garbage.listen(0, '127.0.0.1', resolve));
    const port = (garbage.address() as AddressInfo).port;
    try {
      const added = await api('POST', '/feeds/add', {
        name: 'garbage',
        provider: 'p',
        url: `http://127.0.0.1:${port}/feed`,
        source_format: 'misp',
        enabled: true,
        caching_enabled: true,
      });
      const id = added.body.Feed.id;
      const before = await eventCount();
      const fetched = await api('GET', `/feeds/fetchFromFeed/${id}`);
      expect(fetched.body.result).toBe(
        `Fetching the feed has failed. Event ${uuid} of feed ${id} did not answer JSON.`,
      );
      expect(await eventCount()).toBe(before);
      const cached = await api('GET', `/feeds/cacheFeeds/${id}`);
      expect(cached).toMatchObject({ status: 403, body: { saved: false, message: 'Caching the feeds has failed.' } });
      expect((await api('GET', `/feeds/view/${id}`)).body.Feed.cached_elements).toBe(0);
    } finally {
      await new Promise((resolve) => garbage.close(resolve));
    }
  });

  it('time-boxes a feed that hangs (injected timeout) and caches nothing', async () => {
    const silent = createServer(() => {}); // accepts and never answers
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { misp: boxed } = await withSandbox({ sync: { timeoutMs: 200 } });
    try {
      const boxedApi = checker.api(boxed);
      const added = await boxedApi('POST', '/feeds/add', {
        name: 'silent',
        provider: 'p',
        url: `http://127.0.0.1:${(silent.address() as AddressInfo).port}/feed`,
        source_format: 'misp',
        enabled: true,
        caching_enabled: true,
      });
      const id = added.body.Feed.id;
      const hang = await boxedApi('GET', `/feeds/cacheFeeds/${id}`);
      expect(hang).toMatchObject({ status: 403, body: { saved: false, message: 'Caching the feeds has failed.' } });
      expect(hang.body.errors).toMatch(/did not answer within 200 ms\.$/);
      expect((await boxedApi('GET', `/feeds/fetchFromFeed/${id}`)).body.result).toMatch(/did not answer within 200 ms/);
      expect((await boxedApi('GET', `/feeds/view/${id}`)).body.Feed.cached_elements).toBe(0);
    } finally {
      await boxed.close();
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});

describe('the contract', () => {
  it('was exercised for every feeds operation, and every answer matched it', () => {
    expect(FEED_OPERATIONS.filter((id) => !checker.exercised.has(id))).toEqual([]);
    const ids = new Set<string>(FEED_OPERATIONS);
    expect(checker.problems.filter((p) => ids.has(p.split(/[: ]/)[0] ?? '') || p.includes('no operation'))).toEqual([]);
  });
});
