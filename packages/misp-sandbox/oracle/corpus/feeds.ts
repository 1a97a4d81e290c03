// Feeds and sync servers (issue 14): the list a fresh MISP starts with (its two default feeds), adding,
// changing, toggling and deleting feeds and servers with valid and invalid input, a connection test to a port
// nothing listens on, and what needs a reachable feed or remote. The oracle has no background workers: it only
// queues fetches, caches and pulls ("Pull queued for background execution."), which the sandbox runs before
// answering, so those answers are compared only for the cases MISP answers without queueing (feed disabled,
// unknown ids, pull setting off); the sandbox's own tests check their effect (test/feeds.test.ts, servers.test.ts).
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Case, id, MISSING, type Saved } from './case.js';

/**
 * A free-text feed file both sides can read (they run on the same machine); values on no warninglist, and one
 * (`notes.example`, no IANA TLD) that MISP types as a filename.
 */
const LIST = join(tmpdir(), 'mispkit-oracle-feed.txt');
const listFile = () => {
  writeFileSync(LIST, '# mispkit oracle feed\n45.155.205.201\nmispkit-oracle-feed.net\nnotes.example\n');
  return LIST;
};
const feedId = (s: Saved, name: string) => id(s, name, 'Feed');
const serverId = (s: Saved, name: string) => id(s, name, 'Server');
const KEY = 'OracleRemote'.repeat(4).slice(0, 40);
const QUEUED =
  'MISP here has no workers: it queues the fetch, cache or pull and answers that it did; the sandbox runs it ' +
  'before answering and says what happened (test/feeds.test.ts and test/servers.test.ts check the effect)';

const feeds: Case[] = [
  { name: 'listFeeds: the default feeds of a fresh MISP', method: 'GET', path: '/feeds/index' },
  {
    name: 'addFeed: a MISP-format feed over the network',
    method: 'POST',
    path: '/feeds/add',
    body: {
      name: 'Oracle MISP feed',
      provider: 'oracle',
      url: 'http://127.0.0.1:9/feed',
      source_format: 'misp',
      distribution: '1',
    },
    save: 'feedMisp',
    setup: true,
  },
  {
    name: 'addFeed: a free-text feed from a local file, cached',
    method: 'POST',
    path: '/feeds/add',
    body: () => ({
      Feed: {
        name: 'Oracle local list',
        provider: 'oracle',
        url: listFile(),
        input_source: 'local',
        source_format: 'freetext',
        caching_enabled: true,
      },
    }),
    save: 'feedLocal',
    setup: true,
  },
  { name: 'addFeed: an empty body', method: 'POST', path: '/feeds/add', body: {} },
  {
    name: 'addFeed: an empty name and provider',
    method: 'POST',
    path: '/feeds/add',
    body: { name: '', provider: '', url: 'http://127.0.0.1:9/' },
  },
  {
    name: 'addFeed: a name only (MISP fails to save it: 500)',
    method: 'POST',
    path: '/feeds/add',
    body: { name: 'Oracle name only' },
  },
  {
    name: 'addFeed: an empty provider',
    method: 'POST',
    path: '/feeds/add',
    body: { name: 'Oracle no provider', provider: '', url: 'http://127.0.0.1:9/' },
  },
  {
    name: 'addFeed: a local file that does not exist',
    method: 'POST',
    path: '/feeds/add',
    body: {
      name: 'Oracle missing',
      provider: 'oracle',
      url: '/nonexistent/oracle.csv',
      input_source: 'local',
      source_format: 'csv',
    },
  },
  {
    name: 'addFeed: a URL without a scheme',
    method: 'POST',
    path: '/feeds/add',
    body: { name: 'Oracle bad url', provider: 'oracle', url: 'not a url', source_format: 'csv' },
  },
  {
    name: 'addFeed: as a publisher (site admin only)',
    method: 'POST',
    path: '/feeds/add',
    as: 'user',
    body: { name: 'Oracle user feed', provider: 'oracle', url: 'http://127.0.0.1:9/' },
  },
  { name: 'listFeeds: with the new feeds', method: 'GET', path: '/feeds/index' },
  { name: 'listFeeds: as a publisher (lookup_visible feeds only)', method: 'GET', path: '/feeds/index', as: 'user' },
  { name: 'getFeed: the MISP feed', method: 'GET', path: (s) => `/feeds/view/${feedId(s, 'feedMisp')}` },
  { name: 'getFeed: unknown id', method: 'GET', path: `/feeds/view/${MISSING}` },
  {
    name: 'editFeed: rename the MISP feed (it gets the default pull rules)',
    method: 'POST',
    path: (s) => `/feeds/edit/${feedId(s, 'feedMisp')}`,
    body: { name: 'Oracle MISP feed renamed', lookup_visible: true },
  },
  { name: 'editFeed: unknown id', method: 'POST', path: `/feeds/edit/${MISSING}`, body: { name: 'x' } },
  { name: 'enableFeed: the local feed', method: 'POST', path: (s) => `/feeds/enable/${feedId(s, 'feedLocal')}` },
  { name: 'disableFeed: the local feed', method: 'POST', path: (s) => `/feeds/disable/${feedId(s, 'feedLocal')}` },
  { name: 'enableFeed: unknown id', method: 'POST', path: `/feeds/enable/${MISSING}` },
  { name: 'disableFeed: a non-numeric id', method: 'POST', path: '/feeds/disable/abc' },
  {
    name: 'fetchFeed: a disabled feed',
    method: 'GET',
    path: (s) => `/feeds/fetchFromFeed/${feedId(s, 'feedLocal')}`,
  },
  { name: 'fetchFeed: unknown id', method: 'GET', path: `/feeds/fetchFromFeed/${MISSING}` },
  { name: 'fetchAllFeeds: no feed enabled', method: 'GET', path: '/feeds/fetchFromAllFeeds' },
  { name: 'enableFeed: the local feed again', method: 'POST', path: (s) => `/feeds/enable/${feedId(s, 'feedLocal')}` },
  {
    name: 'fetchFeed: the enabled local feed',
    method: 'GET',
    path: (s) => `/feeds/fetchFromFeed/${feedId(s, 'feedLocal')}`,
    notComparable: QUEUED,
    // Server fetchFeed <user id> <feed id> <job id>: the site admin (user 1) queued it.
    queuesServerJob: { jobType: 'fetch_feeds', args: (s) => ['fetchFeed', '1', feedId(s, 'feedLocal')] },
  },
  {
    name: 'getFeed: the local feed after the fetch, with its fixed event',
    method: 'GET',
    path: (s) => `/feeds/view/${feedId(s, 'feedLocal')}`,
    save: 'feedLocalFetched',
    needsJob: true,
  },
  {
    name: 'getEvent: the event the free-text feed filled',
    method: 'GET',
    path: (s) => `/events/view/${String(s.feedLocalFetched?.Feed?.event_id ?? MISSING)}`,
    needsJob: true,
    unordered: ['$.Event.Attribute'],
  },
  {
    name: 'cacheFeeds: all',
    method: 'GET',
    path: '/feeds/cacheFeeds/all',
    notComparable: QUEUED,
    queuesServerJob: { jobType: 'cache_feeds', args: () => ['cacheFeed', '1', 'all'] },
  },
  {
    name: 'addEvent: an event with a value the cached feed holds (starting data)',
    method: 'POST',
    path: '/events/add',
    body: {
      info: 'Oracle feed correlation',
      distribution: '0',
      Attribute: [
        { type: 'ip-dst', value: '45.155.205.201' },
        { type: 'domain', value: 'in-no-feed.oracle.example' },
      ],
    },
    save: 'feedHit',
    setup: true,
  },
  {
    name: 'getEvent: feed correlations on an event',
    method: 'GET',
    path: (s) => `/events/view/${id(s, 'feedHit', 'Event')}`,
    needsJob: true,
  },
  {
    name: 'getEvent: feed correlations turned off (includeFeedCorrelations:0)',
    method: 'GET',
    path: (s) => `/events/view/${id(s, 'feedHit', 'Event')}/includeFeedCorrelations:0`,
    needsJob: true,
    outsideContract: true,
  },
  {
    name: 'searchEvents: includeFeedCorrelations',
    method: 'POST',
    path: '/events/restSearch',
    body: (s: Saved) => ({ eventid: id(s, 'feedHit', 'Event'), includeFeedCorrelations: 1 }),
    needsJob: true,
  },
  {
    name: 'searchAttributes: no feed correlations even when asked',
    method: 'POST',
    path: '/attributes/restSearch',
    body: (s: Saved) => ({ eventid: id(s, 'feedHit', 'Event'), includeFeedCorrelations: 1 }),
    needsJob: true,
  },
  {
    name: 'getFeed: the cached local feed (cached_elements)',
    method: 'GET',
    path: (s) => `/feeds/view/${feedId(s, 'feedLocal')}`,
    needsJob: true,
  },
  { name: 'cacheFeeds: as a publisher', method: 'GET', path: '/feeds/cacheFeeds/all', as: 'user' },
  { name: 'deleteFeed: the local feed', method: 'POST', path: (s) => `/feeds/delete/${feedId(s, 'feedLocal')}` },
  { name: 'deleteFeed: unknown id', method: 'POST', path: `/feeds/delete/${MISSING}` },
];

const servers: Case[] = [
  { name: 'listServers: none yet', method: 'GET', path: '/servers/index' },
  {
    name: 'addServer: a remote on a port nothing listens on',
    method: 'POST',
    path: '/servers/add',
    body: { name: 'Oracle remote', url: 'http://127.0.0.1:9', authkey: KEY, remote_org_id: '1' },
    save: 'server',
    setup: true,
  },
  { name: 'addServer: without remote_org_id', method: 'POST', path: '/servers/add', body: { name: 'x' } },
  {
    name: 'addServer: bad url, short key, empty name',
    method: 'POST',
    path: '/servers/add',
    body: { name: '', url: 'nope', authkey: 'short', remote_org_id: '1' },
  },
  { name: 'listServers: the new server, without its key', method: 'GET', path: '/servers/index' },
  { name: 'listServers: as a publisher', method: 'GET', path: '/servers/index', as: 'user' },
  { name: 'pullServer: pull not enabled', method: 'GET', path: (s) => `/servers/pull/${serverId(s, 'server')}` },
  {
    name: 'pullServerWith: full, pull not enabled',
    method: 'GET',
    path: (s) => `/servers/pull/${serverId(s, 'server')}/full`,
  },
  { name: 'pullServer: unknown id', method: 'GET', path: `/servers/pull/${MISSING}` },
  {
    name: 'editServer: enable pull',
    method: 'POST',
    path: (s) => `/servers/edit/${serverId(s, 'server')}`,
    body: { pull: true, name: 'Oracle remote (pull)' },
  },
  { name: 'editServer: unknown id', method: 'POST', path: `/servers/edit/${MISSING}`, body: { pull: true } },
  {
    name: 'pullServer: pull enabled, remote unreachable',
    method: 'GET',
    path: (s) => `/servers/pull/${serverId(s, 'server')}`,
    notComparable: QUEUED,
  },
  {
    name: 'testServerConnection: nothing listens',
    method: 'POST',
    path: (s) => `/servers/testConnection/${serverId(s, 'server')}`,
  },
  { name: 'testServerConnection: unknown id', method: 'POST', path: `/servers/testConnection/${MISSING}` },
  { name: 'deleteServer: the server', method: 'POST', path: (s) => `/servers/delete/${serverId(s, 'server')}` },
  { name: 'deleteServer: unknown id', method: 'POST', path: `/servers/delete/${MISSING}` },
];

export const feedsAndServers: Case[] = [...feeds, ...servers];
