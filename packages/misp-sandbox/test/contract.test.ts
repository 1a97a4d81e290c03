import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoIndicators as I, type MispSandbox } from '../src/index.js';
import { accountOperations, operations, SpecChecker } from './accounts/spec-check.js';
import { ADMIN_OPERATIONS, DECAYING_OPERATIONS } from './admin-operations.js';
import { ATTRIBUTE_OPERATIONS } from './attribute-operations.js';
import { GALAXY_CLUSTER_OPERATIONS, GALAXY_RELATION_OPERATIONS } from './galaxy-cluster-operations.js';
import { type Api, type ApiResponse, type Json, withSandbox } from './helpers.js';
import { OBJECT_OPERATIONS } from './object-operations.js';
import { PARITY_OPERATIONS } from './parity-operations.js';
import { REPORT_OPERATIONS } from './report-operations.js';
import { SYNC_OPERATIONS } from './sync-operations.js';
import { TAG_ATTACH_OPERATIONS } from './tag-attach-operations.js';

/** Every response is validated against the bundled spec (openapi/dist/openapi.json), errors included. */
const checker = new SpecChecker();
const { exercised, problems } = checker;
const check = (method: string, path: string, response: ApiResponse) => checker.check(method, path, response);

/**
 * Where the sandbox answers as a real MISP 2.5.1 does (checked by `npm run test:oracle`) and the bundled spec
 * does not say so yet: each entry is the spec change that closes it (openapi/ is changed by its owners).
 */
const AWAITING_SPEC_CHANGE: { problem: RegExp; change: string }[] = [];

let misp: MispSandbox;
let raw: Api;
const call = async (method: string, path: string, body?: unknown, key?: string | null) =>
  check(method, path, await raw(method, path, body, key === undefined ? {} : { key }));
/** HEAD existence check: the status only (the checker also refuses any body). */
const exists = async (path: string) => (await call('HEAD', path)).status;

/** A second sandbox with a tiny body limit, to provoke 413 without sending megabytes. */
const BODY_LIMIT = 512;
let small: MispSandbox;
let smallRaw: Api;
const oversized = { value: Array.from({ length: 100 }, (_, i) => `198.51.100.${i}`) };

beforeAll(async () => {
  ({ misp, api: raw } = await withSandbox({ seed: 'demo' }));
  ({ misp: small, api: smallRaw } = await withSandbox({ maxBodyBytes: BODY_LIMIT }));
});
afterAll(async () => {
  await misp.close();
  await small.close();
});

describe('responses conform to the OpenAPI contract', () => {
  it('the checker itself rejects a response that breaks the contract', () => {
    const before = problems.length;
    check('GET', '/events/view/1', {
      status: 200,
      headers: new Headers(),
      body: { Event: { id: 1, published: 'yes' } },
      text: '',
    });
    check('GET', '/events/view/1', { status: 418, headers: new Headers(), body: {}, text: '' });
    check('HEAD', '/events/view/1', { status: 200, headers: new Headers(), body: undefined, text: '{}' });
    expect(problems.length).toBe(before + 3);
    problems.length = before;
    exercised.clear();
  });

  it('server, user and type catalogue', async () => {
    await call('GET', '/servers/getVersion');
    await call('GET', '/servers/getVersion', undefined, null);
    await call('GET', '/servers/getInstanceUUID');
    await call('GET', '/servers/getInstanceUUID', undefined, misp.readOnlyKey);
    await call('GET', '/servers/getPyMISPVersion.json');
    await call('GET', '/users/view/me');
    await call('GET', '/users/view/me', undefined, misp.readOnlyKey);
    await call('GET', '/attributes/describeTypes.json');
  });

  it('taxonomy tags, tag search by term, first-time password reset, TOTP removal', async () => {
    await call('GET', '/taxonomies/taxonomy_tags/tlp');
    await call('GET', '/taxonomies/taxonomy_tags/tlp/limit:2/page:2');
    await call('GET', '/taxonomies/taxonomy_tags/999999');
    await call('GET', '/tags/search/tlp%25');
    await call('GET', '/tags/search/tlp%25/1');
    await call('POST', '/users/initiatePasswordReset/1/1', {});
    await call('POST', '/users/initiatePasswordReset/999999/1', {});
    await call('POST', '/users/totp_delete/1', {});
    await call('POST', '/users/totp_delete/999999', {});
  });

  it('events', async () => {
    const added = await call('POST', '/events/add', {
      Event: { info: 'contract', Attribute: [{ type: 'ip-dst', value: '198.51.100.9' }], Tag: [{ name: 'tlp:green' }] },
    });
    const id = added.body.Event.id;
    await call('POST', '/events/add', { Event: { info: '' } });
    await call('POST', '/events/add', '{broken');
    await call('POST', '/events/add', { Event: 'not an object' });
    await call('POST', '/tags/add', 42);
    await call('POST', '/events/add', { info: 'x' }, misp.readOnlyKey);
    await call('GET', `/events/view/${id}`);
    await call('GET', '/events/view/1');
    await call('GET', '/events/view/999999');
    await call('GET', `/events/view/${id}`, undefined, 'A'.repeat(40));
    expect(await exists(`/events/view/${id}`)).toBe(200);
    expect(await exists(`/events/view/${added.body.Event.uuid}`)).toBe(200);
    expect(await exists('/events/view/999999')).toBe(404);
    await call('POST', `/events/edit/${id}`, { Event: { info: 'contract (edited)' } });
    await call('POST', `/events/edit/${id}`, { Event: { threat_level_id: 9 } });
    await call('POST', '/events/edit/999999', { info: 'x' });
    await call('POST', `/events/publish/${id}`);
    await call('POST', '/events/publish/999999');
    await call('POST', `/events/unpublish/${id}`);
    await call('GET', '/events/index');
    await call('GET', '/events/index?limit=2&page=1');
    await call('POST', '/events/index', { minimal: 1 });
    await call('POST', '/events/index', { tags: ['tlp:red'], published: 1 });
    await call('POST', '/events/restSearch', { value: I.maliciousDomain });
    await call('POST', '/events/restSearch', { tags: 'tlp:red', metadata: true });
    await call('POST', '/events/restSearch', { last: '30d', includeSightings: 1, includeWarninglistHits: 1, limit: 3 });
    await call('POST', '/events/restSearch');
    await call('POST', '/events/restSearch', '{nope');
    misp.faults.add({ path: '/events/restSearch', status: 429, retryAfter: 1 });
    await call('POST', '/events/restSearch', { last: '1d' });
    misp.faults.add({ path: '/events/restSearch', status: 500 });
    await call('POST', '/events/restSearch', { last: '1d' });
    await call('POST', `/events/delete/${id}`);
    await call('POST', `/events/delete/${id}`);
  });

  it('attributes', async () => {
    const event = (await raw('POST', '/events/add', { info: 'attribute contract' })).body.Event;
    const added = await call('POST', `/attributes/add/${event.id}`, {
      type: 'domain',
      value: 'contract.example',
      Tag: [{ name: 'PAP:GREEN' }],
    });
    await call('POST', `/attributes/add/${event.id}`, [
      { type: 'url', value: 'http://contract.example/x' },
      { type: 'md5', value: 'zz' },
    ]);
    await call('POST', `/attributes/add/${event.id}`, { type: 'ip-dst', value: 'not-an-ip' });
    await call('POST', '/attributes/add/999999', { type: 'domain', value: 'x.example' });
    await call('POST', `/attributes/add/${event.id}`, '[[[');
    const id = added.body.Attribute.id;
    await call('GET', `/attributes/view/${id}`);
    await call('GET', '/attributes/view/999999');
    expect(await exists(`/attributes/view/${id}`)).toBe(200);
    expect(await exists('/attributes/view/999999')).toBe(404);
    await call('POST', `/attributes/edit/${id}`, { comment: 'edited' });
    await call('POST', `/attributes/edit/${id}`, { value: 'not a domain' });
    await call('POST', '/attributes/edit/999999', { comment: 'x' });
    await call('POST', '/attributes/restSearch', {
      value: I.maliciousIp,
      includeEventTags: 1,
      includeContext: 1,
      includeSightings: 1,
    });
    await call('POST', '/attributes/restSearch', { value: I.warninglistedIp, includeWarninglistHits: 1 });
    await call('POST', '/attributes/restSearch', { value: I.unknownValue });
    await call('POST', '/attributes/restSearch', { type: 'domain', limit: 2, page: 1, includeEventUuid: 1 });
    await call('POST', '/attributes/restSearch');
    await call('POST', '/attributes/restSearch', '{');
    await call('POST', '/attributes/restSearch', { value: 'x' }, 'B'.repeat(40));
    misp.faults.add({ path: '/attributes/restSearch', status: 429, retryAfter: 3 });
    await call('POST', '/attributes/restSearch', { value: 'x' });
    await call('POST', `/attributes/delete/${id}`);
    await call('POST', '/attributes/delete/999999');
  });

  it('objects', async () => {
    const event = (await raw('POST', '/events/add', { info: 'object contract' })).body.Event;
    const object = await call('POST', `/objects/add/${event.id}`, {
      Object: {
        name: 'domain-ip',
        'meta-category': 'network',
        // Without a matching installed template MISP needs all five template fields, description included.
        description: 'A domain and its IP addresses.',
        template_uuid: '43b3b146-77eb-4931-b4cc-b66c60f28734',
        template_version: '9',
        Attribute: [
          { object_relation: 'domain', type: 'domain', value: 'object.example' },
          { object_relation: 'ip', type: 'ip-dst', value: '198.51.100.20' },
        ],
      },
    });
    await call('POST', `/objects/add/${event.id}`, { Object: { Attribute: [] } });
    await call('POST', '/objects/add/999999', { Object: { name: 'x' } });
    await call('GET', `/objects/view/${object.body.Object.id}`);
    await call('GET', '/objects/view/999999');
    expect(await exists(`/objects/view/${object.body.Object.id}`)).toBe(200);
    expect(await exists('/objects/view/999999')).toBe(404);
    await call('POST', `/objects/delete/${object.body.Object.id}`);
    await call('POST', '/objects/delete/999999');
  });

  it('sightings', async () => {
    const sighting = await call('POST', '/sightings/add', { value: I.maliciousDomain, source: 'contract', type: '0' });
    await call('POST', '/sightings/add', { value: I.unknownValue });
    await call('POST', '/sightings/add', { value: I.maliciousDomain }, misp.readOnlyKey);
    await call('POST', `/sightings/add/${sighting.body.Sighting.attribute_id}`, { type: '1' });
    await call('POST', '/sightings/add/999999', {});
    await call('POST', '/sightings/restSearch/attribute', { id: Number(sighting.body.Sighting.attribute_id) });
    await call('POST', '/sightings/restSearch/event', {
      id: Number(sighting.body.Sighting.event_id),
      includeUuid: 1,
    });
    await call('GET', `/sightings/index/${sighting.body.Sighting.event_id}`);
    await call('GET', '/sightings/index/999999');
    await call('POST', `/sightings/delete/${sighting.body.Sighting.id}`, {}, misp.readOnlyKey);
    await call('POST', `/sightings/delete/${sighting.body.Sighting.id}`, {});
    await call('POST', '/sightings/delete/999999', {});
  });

  it('tags', async () => {
    const list = await call('GET', '/tags/index');
    await call('GET', '/tags/index?searchall=tlp');
    await call('GET', `/tags/view/${list.body.Tag[0].id}`);
    await call('GET', '/tags/view/999999');
    await call('POST', '/tags/add', { Tag: { name: 'contract:tag', colour: '#abcdef' } });
    await call('POST', '/tags/add', { name: 'contract:tag' });
    await call('POST', '/tags/search', JSON.stringify('tlp:%'));
    await call('POST', '/tags/search', { tagname: 'PELICAN' });
    const event = (await raw('POST', '/events/add', { info: 'tag contract', Tag: [{ name: 'tlp:amber' }] })).body.Event;
    await call('POST', '/tags/attachTagToObject', { uuid: event.uuid, tag: 'PAP:AMBER' });
    await call('POST', '/tags/attachTagToObject', { uuid: event.uuid, tag: 'tlp:red' });
    await call('POST', '/tags/attachTagToObject', { uuid: '00000000-0000-4000-8000-000000000000', tag: 'tlp:red' });
    await call('POST', '/tags/removeTagFromObject', { uuid: event.uuid, tag: 'PAP:AMBER' });
  });

  it('warninglists, galaxies, organisations and sharing groups', async () => {
    await call('GET', '/warninglists/index');
    await call('POST', '/warninglists/checkValue', [I.warninglistedIp, I.privateIp, I.maliciousDomain]);
    await call('POST', '/warninglists/checkValue', [I.maliciousDomain]);
    await call('POST', '/warninglists/checkValue', []);
    await call('GET', '/warninglists/view/101');
    await call('GET', '/warninglists/view/999999');
    await call('GET', '/warninglists/export/101');
    await call('POST', '/warninglists/toggleEnable', { id: '96', enabled: 0 });
    await call('POST', '/warninglists/toggleEnable', { name: 'no such list' });
    await call('POST', '/warninglists/toggleEnable', { id: '96' }, misp.userKey);
    await call('POST', '/warninglists/update', {});
    const list = await call('POST', '/warninglists/add', {
      name: 'c',
      description: 'c',
      type: 'cidr',
      entries: '192.0.2.0/24',
    });
    await call('POST', '/warninglists/add', { name: 'c', description: 'c', type: 'cidr', entries: 'x' });
    await call('POST', `/warninglists/edit/${list.body.Warninglist.id}`, { entries: '192.0.2.0/25' });
    await call('POST', '/warninglists/edit/101', { description: 'x' });
    const taxonomies = await call('GET', '/taxonomies/index');
    const tlp = taxonomies.body.find((t: Json) => t.Taxonomy.namespace === 'tlp').Taxonomy.id;
    await call('GET', `/taxonomies/view/${tlp}`);
    await call('GET', '/taxonomies/view/999999');
    await call('GET', `/taxonomies/export/${tlp}`);
    await call('GET', '/taxonomies/export/999999');
    await call('POST', `/taxonomies/enable/${tlp}`, {});
    await call('POST', '/taxonomies/enable/999999', {});
    await call('POST', `/taxonomies/addTag/${tlp}`, {});
    await call('POST', `/taxonomies/toggleRequired/${tlp}`, { Taxonomy: { required: 0 } });
    await call('POST', `/taxonomies/disable/${tlp}`, {}, misp.userKey);
    await call('POST', `/taxonomies/disable/${tlp}`, {});
    await call('POST', '/taxonomies/update', {});
    await call('GET', '/noticelists/index');
    await call('GET', '/noticelists/view/1');
    await call('POST', '/noticelists/toggleEnable/1', {});
    await call('POST', '/noticelists/update', {});
    await call('POST', '/galaxies/update', {});
    const made = await call('POST', '/tags/add', { Tag: { name: 'contract:edit-me' } });
    await call('POST', `/tags/edit/${made.body.Tag.id}`, { Tag: { colour: '#445566', hide_tag: 1 } });
    await call('POST', `/tags/edit/${made.body.Tag.id}`, { Tag: { name: 'tlp:green' } });
    await call('POST', '/tags/edit/999999', { Tag: { name: 'x' } });
    await call('POST', `/tags/delete/${made.body.Tag.id}`, {});
    await call('POST', '/tags/delete/999999', {});
    const target = await call('POST', '/events/add', { info: 'contract: attachCluster', distribution: '0' });
    await call('POST', `/galaxies/attachCluster/${target.body.Event.id}/event`, { Galaxy: { target_id: '5' } });
    await call('POST', `/galaxies/attachCluster/${target.body.Event.id}/event`, { Galaxy: { target_id: '999999' } });
    await call('POST', '/galaxies/attachCluster/999999/event', { Galaxy: { target_id: '5' } });
    const galaxies = await call('GET', '/galaxies/index');
    await call('POST', '/galaxies/index', { value: 'threat' });
    const actors = galaxies.body.find((g: Json) => g.Galaxy.type === 'threat-actor') ?? galaxies.body[0];
    const galaxy = await call('GET', `/galaxies/view/${actors.Galaxy.id}`);
    await call('GET', '/galaxies/view/999999');
    await call('GET', `/galaxy_clusters/view/${galaxy.body.GalaxyCluster[0].id}`);
    await call('GET', '/galaxy_clusters/view/999999');
    const orgs = await call('GET', '/organisations/index');
    await call('GET', `/organisations/view/${orgs.body[0].Organisation.id}`);
    await call('GET', '/organisations/view/999999');
    expect(await exists(`/organisations/view/${orgs.body[0].Organisation.id}`)).toBe(200);
    expect(await exists('/organisations/view/999999')).toBe(404);
    await call('GET', '/sharing_groups/index');
    await call('GET', '/sharing_groups/index', undefined, misp.users[4]?.key);
  });

  it('correlation exclusions and restSearch exports', async () => {
    const added = await call('POST', '/correlation_exclusions/add', { value: 'contract.example', comment: 'c' });
    await call('POST', '/correlation_exclusions/add', { value: 'contract.example' });
    await call('POST', '/correlation_exclusions/add', { value: 'x' }, misp.userKey);
    const id = added.body.CorrelationExclusion.id;
    await call('GET', '/correlation_exclusions/index');
    await call('GET', `/correlation_exclusions/view/${id}`);
    await call('GET', '/correlation_exclusions/view/999999');
    await call('POST', `/correlation_exclusions/edit/${id}`, { comment: 'edited' });
    await call('POST', '/correlation_exclusions/edit/999999', { comment: 'edited' });
    await call('POST', '/correlation_exclusions/clean');
    await call('POST', `/correlation_exclusions/delete/${id}`);
    await call('POST', '/correlation_exclusions/delete/999999');
    for (const format of ['json', 'csv', 'text', 'hashes']) {
      await call('POST', `/attributes/restSearch/${format}`, { value: I.maliciousIp });
      await call('POST', `/events/restSearch/${format}`, { value: I.maliciousIp });
    }
    await call('POST', '/attributes/restSearch/stix2', { value: I.maliciousIp });
    await call('POST', '/events/restSearch/bogus', { value: I.maliciousIp });
    await call('POST', '/attributes/restSearch', { value: I.maliciousIp, includeCorrelations: 1 });
  });

  it('bodies above the limit get a MISP-shaped 413 on restSearch and add operations', async () => {
    expect(JSON.stringify(oversized).length).toBeGreaterThan(BODY_LIMIT);
    const paths = [
      '/attributes/restSearch',
      '/events/restSearch',
      '/events/add',
      '/attributes/add/1',
      '/objects/add/1',
    ];
    for (const path of paths) {
      const response = check('POST', path, await smallRaw('POST', path, oversized));
      expect(response.status, path).toBe(413);
      expect(response.body.message).toContain(`at most ${BODY_LIMIT} bytes`);
    }
    for (const id of ['searchAttributes', 'searchEvents', 'addEvent', 'addAttribute', 'addObject']) {
      expect(exercised.get(id)?.has(413), id).toBe(true);
    }
  });

  it('exercised every operation of the spec and found no violations', () => {
    // Organisations, users, roles, auth keys, user settings and sharing groups: test/accounts/operations.test.ts.
    // Feeds and sync servers: test/feeds.test.ts and test/servers.test.ts.
    const elsewhere = new Set([
      ...accountOperations.map((o) => o.id),
      ...SYNC_OPERATIONS,
      ...OBJECT_OPERATIONS,
      // events/attributes addTag and removeTag: test/tag-attach.test.ts.
      ...TAG_ATTACH_OPERATIONS,
      ...ADMIN_OPERATIONS,
      ...DECAYING_OPERATIONS,
      // Event reports and analyst data: test/event-reports.test.ts and test/analyst-data.test.ts.
      ...REPORT_OPERATIONS,
      // Attribute restore and index, report from a URL: test/attributes-index-restore.test.ts.
      ...ATTRIBUTE_OPERATIONS,
      // Galaxy cluster administration: test/galaxy-clusters.test.ts.
      ...GALAXY_CLUSTER_OPERATIONS,
      // Cluster relations, cluster lists, galaxy delete/export/import: test/galaxy-relations.test.ts.
      ...GALAXY_RELATION_OPERATIONS,
      // Proposals (shadow attributes): test/proposals.test.ts.
      'proposeAttribute',
      'proposeAttributeChange',
      'proposeAttributeDeletion',
      'acceptProposal',
      'discardProposal',
      'getProposal',
      'listProposals',
      'listEventProposals',
      // Event blocklists and attachment downloads: test/blocklists.test.ts and test/attachments.test.ts.
      'listEventBlocklists',
      'addEventBlocklists',
      'editEventBlocklist',
      'deleteEventBlocklist',
      'downloadAttachment',
      // Organisation blocklists: test/org-blocklists.test.ts.
      'listOrgBlocklists',
      'addOrgBlocklists',
      'editOrgBlocklist',
      'deleteOrgBlocklist',
      // Tag statistics: test/tag-statistics.test.ts.
      'getTagStatistics',
      // Statistics pages: test/user-statistics.test.ts.
      'getUserStatisticsPage',
      // Free-text import: test/free-text.test.ts.
      'freeTextImport',
      // Sharing communities: test/communities.test.ts.
      'listCommunities',
      'getCommunity',
      // PyMISP's path forms of actions described under another spelling: test/parity-routes.test.ts.
      ...PARITY_OPERATIONS,
    ]);
    const missing = operations.map((o) => o.id).filter((id) => !exercised.has(id) && !elsewhere.has(id));
    expect(missing).toEqual([]);
    const awaited = AWAITING_SPEC_CHANGE.filter((gap) => problems.some((p) => gap.problem.test(p)));
    expect(problems.filter((p) => !AWAITING_SPEC_CHANGE.some((gap) => gap.problem.test(p)))).toEqual([]);
    // A gap the spec has closed must leave this list, as an allow-list entry that matches nothing would.
    expect(awaited.map((gap) => gap.change)).toEqual(AWAITING_SPEC_CHANGE.map((gap) => gap.change));
  });
});
