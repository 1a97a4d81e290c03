// The path forms PyMISP uses where the contract also describes another spelling of the same MISP action, through
// the generated methods against the MISP sandbox over HTTP (or a real MISP, see sandbox.ts): sharing group
// members named in the body, attribute statistics by context, GET servers/createSync, the redirects of
// taxonomies/disableTag and noticelists/enableNoticelist, objectReferences/add without an object id, and
// objectTemplates/getRaw.
import { beforeAll, describe, expect, it } from 'vitest';
import type { MispClient } from '../../src/index.js';
import { failure, useSandbox } from './sandbox.js';

const DOMAIN_IP = '43b3b146-77eb-4931-b4cc-b66c60f28734';
const e2e = useSandbox();
const run = Date.now().toString(36);
let admin: MispClient;

beforeAll(() => {
  admin = e2e.client({ apiKey: e2e.sandbox.adminKey });
});

describe('sharingGroups.addOrgByBody / removeOrgByBody / addServerByBody / removeServerByBody', () => {
  it('adds and removes an organisation named in the body, and reports MISP’s refusals', async () => {
    const group = (await admin.sharingGroups.add({ name: `SDK parity ${run}`, releasability: 'sdk' })).SharingGroup;
    const org = await admin.organisations.add({ name: `SDK parity org ${run}` });
    const added = await admin.sharingGroups.addOrgByBody({ sg_id: group.id, org_id: org.id, extend: true });
    expect(added.message).toBe('Organisation added to the sharing group.');
    expect(await failure(admin.sharingGroups.addOrgByBody({ sg_uuid: group.uuid, org_name: org.name }))).toMatchObject({
      status: 403,
    });
    const removed = await admin.sharingGroups.removeOrgByBody({ uuid: group.uuid, org_uuid: org.uuid });
    expect(removed.message).toBe('Organisation removed from the sharing group.');
    expect(await failure(admin.sharingGroups.addOrgByBody({ org_id: org.id }))).toMatchObject({
      status: 405,
      message: expect.stringContaining('No valid sharing group ID provided.'),
    });
    for (const call of [
      admin.sharingGroups.addServerByBody({ sg_id: group.id, server_id: '999999', all_orgs: true }),
      admin.sharingGroups.removeServerByBody({ sg_id: group.id, server_id: '999999' }),
    ]) {
      expect(await failure(call)).toMatchObject({ status: 405, message: expect.stringContaining('Invalid Server.') });
    }
  });
});

describe('attributes.statisticsOf', () => {
  it('counts per type, or gives shares with percentage (sent as the positional /1)', async () => {
    const counts = await e2e.misp.attributes.statisticsOf('type');
    expect(Object.values(counts).every((v) => /^\d+$/.test(v as string))).toBe(true);
    expect(counts).toEqual(await e2e.misp.attributes.statistics('type', '0'));
    const shares = await e2e.misp.attributes.statisticsOf('category', { percentage: true });
    expect(Object.values(shares).every((v) => /%$/.test(v as string))).toBe(true);
    expect(shares).toEqual(await e2e.misp.attributes.statistics('category', '1'));
  });
});

describe('servers.syncConfig (GET servers/createSync)', () => {
  it('is refused to a site admin as MISP refuses it', async () => {
    expect(await failure(admin.servers.syncConfig())).toMatchObject({
      status: 405,
      message: expect.stringContaining('Site admin accounts cannot be used to create server sync configurations.'),
    });
  });
});

describe('redirects: taxonomies.disableTags and noticelists.setEnabled', () => {
  it('resolves on disableTag’s redirect to the root, never following it', async () => {
    await expect(admin.taxonomies.disableTags('11')).resolves.toBeUndefined();
  });

  it('reports an unknown noticelist as not found', async () => {
    expect(await failure(admin.noticelists.setEnabled('999999', { enable: true }))).toMatchObject({
      code: 'misp_not_found',
      status: 404,
    });
  });
});

describe('objectReferences.addBySource and objectTemplates.getRaw', () => {
  it('adds a reference whose source object is named in the body', async () => {
    const event = await e2e.misp.events.add({ info: `SDK parity ${run}`, distribution: '0' });
    const object = await e2e.misp.objects.addFromTemplate(event.id, DOMAIN_IP, {
      Object: { Attribute: [{ object_relation: 'ip', type: 'ip-dst', value: '10.8.8.8' }] },
    });
    const target = await e2e.misp.attributes.add(event.id, { type: 'domain', value: `${run}.parity.example` });
    const reference = await e2e.misp.objectReferences.addBySource({
      object_uuid: object.uuid,
      referenced_uuid: target.uuid,
      relationship_type: 'resolves-to',
    });
    expect(reference).toMatchObject({ object_id: object.id, referenced_uuid: target.uuid });
  });

  it('gets a template’s definition.json by name (perm_object_template); an unknown one is not found', async () => {
    const raw = await admin.objectTemplates.getRaw('domain-ip');
    expect(raw).toMatchObject({ name: 'domain-ip', uuid: DOMAIN_IP });
    expect(await failure(admin.objectTemplates.getRaw('no-such-template'))).toMatchObject({ status: 404 });
    // Only roles with perm_object_template (the admin role of a fresh MISP) may read the raw files.
    expect(await failure(e2e.misp.objectTemplates.getRaw('domain-ip'))).toMatchObject({
      code: 'misp_forbidden',
      status: 403,
    });
  });
});
