// Warninglists through the SDK against the sandbox, which serves MISP's real lists (misp-warninglists,
// vendored): reading them, checking values the way MISP matches each list type, enabling and disabling,
// and custom lists (add, edit, export; MISP's delete answers with a redirect, which the SDK does not follow).
import { describe, expect, it } from 'vitest';
import type { MispClient } from '../../src/index.js';
import { demoIndicators, useSandbox } from './sandbox.js';

const e2e = useSandbox();
const admin = (): MispClient => e2e.client({ apiKey: e2e.sandbox.adminKey });
const PUBLIC_DNS = 'List of known IPv4 public DNS resolvers';
const RFC1918 = 'List of RFC 1918 CIDR blocks';

async function listId(name: string): Promise<string> {
  const list = (await e2e.misp.warninglists.list()).find((l) => l.name === name);
  if (!list) throw new Error(`no warninglist named ${name}`);
  return list.id;
}

describe('warninglists: MISP’s real lists', () => {
  it('lists the default lists newest first, with entry counts and attribute types', async () => {
    const lists = await e2e.misp.warninglists.list();
    expect(lists.length).toBeGreaterThanOrEqual(136);
    expect(Number(lists[0]?.id)).toBeGreaterThan(Number(lists.at(-1)?.id));
    const rfc1918 = lists.find((l) => l.name === RFC1918);
    expect(rfc1918).toMatchObject({ type: 'cidr', default: true, category: 'false_positive' });
    expect(rfc1918?.warninglist_entry_count).toBe('3');
    expect(rfc1918?.valid_attributes).toContain('ip-dst');
  });

  it('gets one list with its entries and types, and exports it in the list.json format', async () => {
    const id = await listId(RFC1918);
    const list = await e2e.misp.warninglists.get(id);
    expect(list.WarninglistEntry.map((e) => e.value)).toEqual(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']);
    expect(list.WarninglistType.map((t) => t.type)).toContain('ip-src');
    const exported = await e2e.misp.warninglists.export(id);
    expect(exported).toMatchObject({
      name: RFC1918,
      type: 'cidr',
      list: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'],
    });
    await expect(e2e.misp.warninglists.get('999999')).rejects.toMatchObject({ code: 'misp_not_found', status: 404 });
  });

  it('checks values the way MISP matches each list type', async () => {
    const hits = await e2e.misp.warninglists.checkValue([
      demoIndicators.warninglistedIp,
      demoIndicators.privateIp,
      demoIndicators.warninglistedDomain,
      'https://www.google.com/search',
      'Google.com',
      'd41d8cd98f00b204e9800998ecf8427e',
      '10.1.0.0/8',
    ]);
    if (Array.isArray(hits)) throw new Error('expected hits');
    expect(hits[demoIndicators.warninglistedIp]).toContainEqual(
      expect.objectContaining({ name: PUBLIC_DNS, matched: '8.8.8.8/32' }),
    );
    expect(hits[demoIndicators.privateIp]).toContainEqual(
      expect.objectContaining({ name: RFC1918, matched: '10.0.0.0/8' }),
    );
    expect(hits[demoIndicators.warninglistedDomain]?.length).toBeGreaterThan(3); // top-domain lists
    expect(hits['https://www.google.com/search']?.[0]?.matched).toBe('google.com'); // hostname list, URL host
    expect(hits['Google.com']).toBeUndefined(); // MISP does not lower-case the value
    expect(hits.d41d8cd98f00b204e9800998ecf8427e?.length).toBeGreaterThan(0); // empty-file MD5 (string list)
    expect(hits['10.1.0.0/8']).toContainEqual(expect.objectContaining({ name: RFC1918 })); // range inside a range
    expect(await e2e.misp.warninglists.checkValue([demoIndicators.unknownIp])).toEqual([]);
  });
});

describe('warninglists: administration', () => {
  it('disables and re-enables a list by name, and says when no list matches', async () => {
    const misp = admin();
    const off = await misp.warninglists.toggleEnable({ name: PUBLIC_DNS, enabled: 0 });
    expect(off).toEqual({ saved: true, success: '1 warninglist(s) disabled' });
    const without = await misp.warninglists.checkValue([demoIndicators.warninglistedIp]);
    expect(
      Array.isArray(without) ? [] : (without[demoIndicators.warninglistedIp] ?? []).map((h) => h.name),
    ).not.toContain(PUBLIC_DNS);
    await misp.warninglists.toggleEnable({ name: '%ipv4 public dns%', enabled: 1 });
    const again = await misp.warninglists.checkValue([demoIndicators.warninglistedIp]);
    expect(Array.isArray(again) ? [] : again[demoIndicators.warninglistedIp]?.map((h) => h.name)).toContain(PUBLIC_DNS);
    await expect(misp.warninglists.toggleEnable({ name: 'no such list', enabled: 1 })).rejects.toMatchObject({
      code: 'misp_validation',
    });
  });

  it('refuses list administration to a user who is not a site admin', async () => {
    await expect(e2e.misp.warninglists.toggleEnable({ id: '1', enabled: 1 })).rejects.toMatchObject({
      code: 'misp_forbidden',
      status: 403,
    });
  });

  it('adds a custom list, enables it, edits its entries, exports it and disables it again', async () => {
    const misp = admin();
    const added = await misp.warninglists.add({
      name: 'e2e partner resolvers',
      description: 'Resolvers of a partner network',
      type: 'cidr',
      category: 'known',
      entries: '198.51.100.0/24 # partner A\n203.0.113.53',
      matching_attributes: ['ip-dst', 'ip-src'],
    });
    expect(added).toMatchObject({ name: 'e2e partner resolvers', enabled: false, default: false, version: '1' });
    expect(await misp.warninglists.toggleEnable({ id: added.id })).toEqual({
      saved: true,
      success: '1 warninglist(s) enabled',
    });
    const enabled = await misp.warninglists.get(added.id);
    expect(enabled.enabled).toBe(true);
    expect(enabled.WarninglistEntry).toEqual([
      expect.objectContaining({ value: '198.51.100.0/24', comment: 'partner A' }),
      expect.objectContaining({ value: '203.0.113.53', comment: null }),
    ]);
    const hit = await misp.warninglists.checkValue(['198.51.100.7']);
    expect(Array.isArray(hit) ? [] : hit['198.51.100.7']).toContainEqual({
      id: added.id,
      name: 'e2e partner resolvers',
      matched: '198.51.100.0/24',
    });
    const edited = await misp.warninglists.edit(added.id, { entries: '192.0.2.0/24' });
    expect(edited.Warninglist.version).toBe(2);
    expect((await misp.warninglists.export(added.id)).list).toEqual(['192.0.2.0/24']);
    await expect(misp.warninglists.edit(added.id, { entries: 'not-a-cidr' })).rejects.toMatchObject({
      code: 'misp_validation',
      status: 403,
    });
    await misp.warninglists.toggleEnable({ id: added.id, enabled: 0 });
    const after = await misp.warninglists.checkValue(['192.0.2.1']);
    expect(Array.isArray(after) ? [] : after['192.0.2.1']?.map((h) => h.name)).not.toContain('e2e partner resolvers');
  });

  it('refuses a duplicate name and edits of default lists, as MISP does', async () => {
    const misp = admin();
    await expect(
      misp.warninglists.add({ name: RFC1918, description: 'copy', type: 'cidr', entries: '10.0.0.0/8' }),
    ).rejects.toMatchObject({ code: 'misp_validation', status: 403 });
    await expect(misp.warninglists.edit(await listId(RFC1918), { description: 'x' })).rejects.toMatchObject({
      code: 'misp_not_found',
    });
    expect((await misp.warninglists.update()).saved).toBe(true);
  });
});
