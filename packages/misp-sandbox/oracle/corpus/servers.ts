// The rest of servers/* (issue 14): push, the worker controls of a MISP without running workers, the sync
// configuration exchange (createSync / import), server caching and the self-update. The sandbox's own tests
// check the effect of a push against a second sandbox (test/servers-push.test.ts).
import { type Case, id, MISSING, type Saved } from './case.js';

const serverId = (s: Saved, name: string) => id(s, name, 'Server');
const KEY = 'OraclePush'.repeat(4);
const QUEUED =
  'the oracle has background workers enabled and only queues the push; the sandbox pushes before answering ' +
  '(test/servers-push.test.ts checks the effect)';

const push: Case[] = [
  {
    name: 'addServer: a push target on a port nothing listens on',
    method: 'POST',
    path: '/servers/add',
    body: { name: 'Oracle push target', url: 'http://127.0.0.1:9', authkey: KEY, remote_org_id: '1', push: true },
    save: 'pushTarget',
    setup: true,
  },
  {
    name: 'pushServer: full, remote unreachable',
    method: 'GET',
    path: (s) => `/servers/push/${serverId(s, 'pushTarget')}/full`,
    notComparable: QUEUED,
  },
  { name: 'pushServer: unknown id', method: 'GET', path: `/servers/push/${MISSING}/full` },
  { name: 'pushServer: as a publisher', method: 'GET', path: `/servers/push/${MISSING}/full`, as: 'user' },
  {
    name: 'deleteServer: the push target',
    method: 'POST',
    path: (s) => `/servers/delete/${serverId(s, 'pushTarget')}`,
  },
];

const workers: Case[] = [
  {
    name: 'getServerWorkers: no worker runs',
    method: 'GET',
    path: '/servers/getWorkers',
    notComparable:
      'the oracle counts the jobs earlier cases queued for its missing workers (jobCount); the sandbox queues none ' +
      '(checked by hand: every other field is the same)',
  },
  { name: 'getServerWorkers: as a publisher', method: 'GET', path: '/servers/getWorkers', as: 'user' },
  { name: 'startServerWorker: no supervisor', method: 'POST', path: '/servers/startWorker/default' },
  { name: 'startServerWorker: GET', method: 'GET', path: '/servers/startWorker/default', outsideContract: true },
  { name: 'startServerWorker: as a publisher', method: 'POST', path: '/servers/startWorker/default', as: 'user' },
  { name: 'stopServerWorker: no supervisor', method: 'POST', path: '/servers/stopWorker/123' },
  { name: 'restartServerWorkers: no supervisor', method: 'POST', path: '/servers/restartWorkers' },
  { name: 'restartDeadServerWorkers: no supervisor', method: 'POST', path: '/servers/restartDeadWorkers' },
  { name: 'killAllServerWorkers: no worker registry', method: 'POST', path: '/servers/killAllWorkers' },
];

const exchange: Case[] = [
  { name: 'createServerSync: as a site admin', method: 'POST', path: '/servers/createSync' },
  { name: 'createServerSync: as a publisher', method: 'POST', path: '/servers/createSync', as: 'user' },
  {
    name: 'importServer: a createSync answer',
    method: 'POST',
    path: '/servers/import',
    body: {
      Server: {
        url: 'http://127.0.0.1:9',
        uuid: '5f8e4d2a-1111-4222-8333-444455556666',
        authkey: KEY,
        Organisation: { name: 'Oracle sync partner', uuid: '5f8e4d2a-aaaa-4222-8333-444455556666' },
      },
    },
    save: 'imported',
  },
  { name: 'importServer: nothing to import', method: 'POST', path: '/servers/import', body: {} },
  { name: 'importServer: as a publisher', method: 'POST', path: '/servers/import', body: {}, as: 'user' },
  {
    name: 'deleteServer: the imported server',
    method: 'POST',
    path: (s) => `/servers/delete/${serverId(s, 'imported')}`,
  },
  { name: 'cacheServers: all', method: 'POST', path: '/servers/cache' },
  { name: 'cacheServers: as a publisher', method: 'POST', path: '/servers/cache', as: 'user' },
  { name: 'updateServer: not on a branch', method: 'POST', path: '/servers/update' },
  { name: 'updateServer: as a publisher', method: 'POST', path: '/servers/update', as: 'user' },
];

export const servers: Case[] = [...push, ...workers, ...exchange];
