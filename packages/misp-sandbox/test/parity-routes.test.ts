// The path forms PyMISP uses where the contract first described another spelling of the same MISP action
// (sharingGroups/addOrg with ids in the body, objectReferences/add without an object id, GET servers/createSync,
// …), as MISP 2.5.1 answers them (each expectation was checked against a real MISP 2.5.1, except getRaw, see
// oracle/corpus/parity-routes.ts). Every answer is validated against the contract.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MispSandbox } from '../src/index.js';
import { SpecChecker } from './accounts/spec-check.js';
import { type Api, withSandbox } from './helpers.js';
import { PARITY_OPERATIONS } from './parity-operations.js';

const DOMAIN_IP = '43b3b146-77eb-4931-b4cc-b66c60f28734';

let misp: MispSandbox;
let api: Api;
const checker = new SpecChecker();

beforeAll(async () => {
  ({ misp } = await withSandbox({ seed: 'none' }));
  api = checker.api(misp);
});
afterAll(() => misp.close());

describe('sharing group members named in the body (PyMISP add_org_to_sharing_group & co.)', () => {
  let sg: string;
  beforeAll(async () => {
    sg = (await api('POST', '/sharing_groups/add', { name: 'parity group', releasability: 'test' })).body.SharingGroup
      .id;
  });

  it('adds and removes an organisation named by sg_id and org_id, refusing a second add', async () => {
    const org = (await api('POST', '/admin/organisations/add', { name: 'Parity org' })).body.Organisation;
    const added = await api('POST', '/sharing_groups/addOrg', { sg_id: sg, org_id: org.id, extend: true });
    expect(added).toMatchObject({
      status: 200,
      body: { saved: true, message: 'Organisation added to the sharing group.', url: '/sharing_groups/addOrg' },
    });
    const row = misp.db
      .prepare('SELECT extend FROM sharing_group_orgs WHERE sharing_group_id = ? AND org_id = ?')
      .get(sg, org.id) as { extend: number };
    expect(row.extend).toBe(1);
    const again = await api('POST', '/sharing_groups/addOrg', { sg_id: sg, org_id: org.id });
    expect(again).toMatchObject({
      status: 403,
      body: { saved: false, errors: 'Organisation is already in the sharing group.' },
    });
    const removed = await api('POST', '/sharing_groups/removeOrg', { sg_id: sg, org_id: org.id });
    expect(removed.body.message).toBe('Organisation removed from the sharing group.');
    const notThere = await api('POST', '/sharing_groups/removeOrg', { sg_id: sg, org_id: org.id });
    expect([notThere.status, notThere.body.errors]).toEqual([403, 'Organisation is not in the sharing group.']);
  });

  it('finds the group by uuid and the organisation by uuid or name', async () => {
    const group = (await api('GET', `/sharing_groups/view/${sg}`)).body.SharingGroup;
    const org = (await api('POST', '/admin/organisations/add', { name: 'Parity named org' })).body.Organisation;
    expect((await api('POST', '/sharing_groups/addOrg', { sg_uuid: group.uuid, org_name: org.name })).status).toBe(200);
    expect((await api('POST', '/sharing_groups/removeOrg', { uuid: group.uuid, org_uuid: org.uuid })).status).toBe(200);
  });

  it('is 405 without a group, for an unknown group or organisation, and for an unknown server', async () => {
    const noGroup = await api('POST', '/sharing_groups/addOrg', { org_id: '1' });
    expect([noGroup.status, noGroup.body.message]).toEqual([405, 'No valid sharing group ID provided.']);
    const unknownGroup = await api('POST', '/sharing_groups/addOrg', { sg_id: '999', org_id: '1' });
    expect(unknownGroup.body.message).toBe('Invalid sharing group or no editing rights.');
    const unknownOrg = await api('POST', '/sharing_groups/addOrg', { sg_id: sg, org_id: '999' });
    expect([unknownOrg.status, unknownOrg.body.message]).toEqual([405, 'Invalid organisation.']);
    for (const action of ['addServer', 'removeServer']) {
      const server = await api('POST', `/sharing_groups/${action}`, { sg_id: sg, server_id: '999', all_orgs: false });
      expect([server.status, server.body.message]).toEqual([405, 'Invalid Server.']);
    }
  });
});

describe('attributes/attributeStatistics/{context}[/{percentage}] (PyMISP attributes_statistics)', () => {
  it('counts without the second segment and gives shares with any value but 0 (PyMISP sends true)', async () => {
    expect((await api('GET', '/attributes/attributeStatistics/type')).body).toEqual([]);
    const event = (await api('POST', '/events/add', { info: 'statistics', distribution: '0' })).body.Event;
    await api('POST', `/attributes/add/${event.id}`, { type: 'domain', value: 'parity.example' });
    await api('POST', `/attributes/add/${event.id}`, { type: 'domain', value: 'other.example' });
    await api('POST', `/attributes/add/${event.id}`, { type: 'ip-dst', value: '10.0.0.1' });
    expect((await api('GET', '/attributes/attributeStatistics/type')).body).toEqual({ domain: '2', 'ip-dst': '1' });
    expect((await api('GET', '/attributes/attributeStatistics/category/true')).body).toEqual({
      'Network activity': '100%',
    });
    expect((await api('GET', '/attributes/attributeStatistics/type/false')).body.domain).toBe('66.667%');
    expect((await api('GET', '/attributes/attributeStatistics/type/0')).body.domain).toBe('2');
    const bad = await api('GET', '/attributes/attributeStatistics/value');
    expect([bad.status, bad.body.message]).toEqual([405, 'Invalid type requested.']);
  });
});

describe('GET servers/createSync (PyMISP get_sync_config)', () => {
  it('answers GET as POST: 405 for a site admin, the configuration for a sync user', async () => {
    const admin = await api('GET', '/servers/createSync');
    expect([admin.status, admin.body.message]).toEqual([
      405,
      'Site admin accounts cannot be used to create server sync configurations.',
    ]);
    const user = await api('POST', '/admin/users/add', { email: 'sync@parity.test', org_id: '1', role_id: '5' });
    const key = user.body.User.authkey as string;
    expect((await api('GET', '/servers/createSync', undefined, { key })).status).toBe(405);
    await api('POST', '/servers/serverSettingsEdit/MISP.host_org_id', { value: '1' });
    const config = await api('GET', '/servers/createSync', undefined, { key });
    expect(config.status).toBe(200);
    expect(config.body.Server.authkey).toMatch(/^[a-zA-Z0-9]{40}$/);
  });
});

describe('taxonomies/disableTag and noticelists/enableNoticelist: redirects, as in MISP', () => {
  it('hides the tags of a taxonomy and answers a 302 to the root, even for an unknown taxonomy', async () => {
    const tlp = (await api('GET', '/taxonomies/view/tlp')).body.Taxonomy.id;
    await api('POST', `/taxonomies/enable/${tlp}`);
    await api('POST', `/taxonomies/addTag/${tlp}`);
    const hidden = () =>
      (
        misp.db.prepare("SELECT COUNT(*) AS n FROM tags WHERE name LIKE 'tlp:%' AND hide_tag = 1").get() as {
          n: number;
        }
      ).n;
    expect(hidden()).toBe(0);
    const r = await api('POST', `/taxonomies/disableTag/${tlp}`);
    expect([r.status, r.text, new URL(r.headers.get('location') ?? '', misp.url).pathname]).toEqual([302, '', '/']);
    expect(hidden()).toBeGreaterThan(0);
    expect((await api('POST', '/taxonomies/disableTag/999999')).status).toBe(302);
  });

  it('sets a noticelist from the positional argument and redirects to its view; unknown is 404', async () => {
    // The sandbox (like the oracle) ships no misp-noticelist data: a list as noticelists/update would install it.
    misp.db
      .prepare(
        "INSERT INTO noticelists (id, name, expanded_name, ref, geographical_area, version, enabled) VALUES (1, 'gdpr', 'GDPR', '[]', '[]', 1, 0)",
      )
      .run();
    const enabled = () =>
      (misp.db.prepare('SELECT enabled FROM noticelists WHERE id = 1').get() as { enabled: number }).enabled;
    const on = await api('POST', '/noticelists/enableNoticelist/1/true');
    expect([on.status, new URL(on.headers.get('location') ?? '', misp.url).pathname]).toEqual([
      302,
      '/noticelists/view/1',
    ]);
    expect(enabled()).toBe(1);
    expect((await api('POST', '/noticelists/enableNoticelist/1')).status).toBe(302);
    expect(enabled()).toBe(0);
    const missing = await api('POST', '/noticelists/enableNoticelist/999/true');
    expect([missing.status, missing.body.message]).toEqual([404, 'Noticelist not found.']);
  });
});

describe('objectReferences/add without an object id (PyMISP add_object_reference)', () => {
  it('takes the source object from the top-level object_uuid; none is 404 "No object defined."', async () => {
    const event = (await api('POST', '/events/add', { info: 'references', distribution: '0' })).body.Event;
    const object = (
      await api('POST', `/objects/add/${event.id}/${DOMAIN_IP}`, {
        Object: { Attribute: [{ object_relation: 'ip', type: 'ip-dst', value: '10.7.7.7' }] },
      })
    ).body.Object;
    const target = (await api('POST', `/attributes/add/${event.id}`, { type: 'domain', value: 'ref.example' })).body
      .Attribute;
    const r = await api('POST', '/object_references/add', {
      object_uuid: object.uuid,
      referenced_uuid: target.uuid,
      relationship_type: 'resolves-to',
    });
    expect(r.status).toBe(200);
    expect(r.body.ObjectReference).toMatchObject({
      object_id: object.id,
      referenced_uuid: target.uuid,
      relationship_type: 'resolves-to',
    });
    const none = await api('POST', '/object_references/add', { referenced_uuid: target.uuid });
    expect([none.status, none.body.message]).toEqual([404, 'No object defined.']);
  });
});

describe('objectTemplates/getRaw (PyMISP get_raw_object_template)', () => {
  it('answers the definition.json by name or uuid; anything else is 404 "Template not found"', async () => {
    const byName = await api('GET', '/object_templates/getRaw/domain-ip');
    expect(byName.status).toBe(200);
    expect(byName.body).toMatchObject({ name: 'domain-ip', uuid: DOMAIN_IP, 'meta-category': 'network' });
    expect(byName.body.attributes.ip['misp-attribute']).toBe('ip-dst');
    expect((await api('GET', `/object_templates/getRaw/${DOMAIN_IP}`)).body.name).toBe('domain-ip');
    const missing = await api('GET', '/object_templates/getRaw/no-such-template');
    expect([missing.status, missing.body.message]).toEqual([404, 'Template not found']);
  });
});

describe('the contract', () => {
  it('exercised every parity route and found its answers as declared', () => {
    expect(PARITY_OPERATIONS.filter((id) => !checker.exercised.has(id))).toEqual([]);
    expect(checker.problems).toEqual([]);
  });
});
