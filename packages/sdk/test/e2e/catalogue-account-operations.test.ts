// The small catalogue and account operations through the generated methods, against the MISP sandbox over HTTP
// (or a real MISP): a taxonomy's tags with usage counts, tag search by a term in the path, a user setting named
// in the path, the first-time password reset, TOTP removal, and noticelists loaded from a misp-noticelist folder.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startMispSandbox } from '@mispkit/misp-sandbox';
import { describe, expect, it } from 'vitest';
import { createMispClient, type MispClient } from '../../src/index.js';
import { realMispFromEnv } from './real-misp.js';
import { useSandbox } from './sandbox.js';

const e2e = useSandbox();
const run = Date.now().toString(36);
const admin = (): MispClient => e2e.client({ apiKey: e2e.sandbox.adminKey });
const userId = async (client: MispClient) => (await client.users.me()).User.id;

async function taxonomyId(namespace: string): Promise<string> {
  const found = (await e2e.misp.taxonomies.list()).find((t) => t.Taxonomy.namespace === namespace);
  if (!found) throw new Error(`no taxonomy ${namespace}`);
  return found.Taxonomy.id;
}

describe('taxonomies.tags', () => {
  it('lists a taxonomy’s tags sorted by tag, with usage counts, paged', async () => {
    const id = await taxonomyId('tlp');
    const tag = (await admin().tags.add({ name: 'tlp:amber' })).id;
    const event = await e2e.misp.events.add({ Event: { info: `taxonomy tags e2e ${run}`, distribution: '0' } });
    await e2e.misp.events.addTag(event.id, tag);
    const { entries } = await e2e.misp.taxonomies.tags(id, { page: 0 });
    const names = entries.map((e) => e.tag);
    expect(names).toEqual([...names].sort());
    expect(names).toContain('tlp:red');
    const amber = entries.find((e) => e.tag === 'tlp:amber');
    expect(Number(amber?.events)).toBeGreaterThan(0);
    expect(amber?.existing_tag).toMatchObject({ Tag: { name: 'tlp:amber' } });
    const page = await e2e.misp.taxonomies.tags(id, { limit: 2, page: 2 });
    expect(page.entries.map((e) => e.tag)).toEqual(names.slice(2, 4));
    await expect(e2e.misp.taxonomies.tags('999999')).rejects.toMatchObject({ code: 'misp_not_found', status: 404 });
  });
});

describe('tags.searchByTerm', () => {
  it('finds tags by an SQL LIKE pattern in the path, or by exact name or id with strict', async () => {
    const name = `e2e-search-${run}`;
    const created = await admin().tags.add({ name });
    const hits = await e2e.misp.tags.searchByTerm(`e2e-search-${run.slice(0, 3)}%`);
    expect(hits.map((h) => h.Tag.name)).toContain(name);
    expect(await e2e.misp.tags.searchByTerm(name.toUpperCase(), { strict: true })).toEqual([]);
    expect((await e2e.misp.tags.searchByTerm(name, { strict: true })).map((h) => h.Tag.id)).toEqual([created.id]);
    expect((await e2e.misp.tags.searchByTerm(created.id, { strict: true })).map((h) => h.Tag.name)).toEqual([name]);
    expect(await e2e.misp.tags.searchByTerm(`no-such-tag-${run}`)).toEqual([]);
  });
});

describe('userSettings.setFor', () => {
  it('sets a setting named in the path for a user; a non-admin naming someone else sets their own', async () => {
    const mine = await userId(e2e.misp);
    const set = await admin().userSettings.setFor(mine, 'homepage', { value: { path: `/events/index/${run}` } });
    expect(set).toMatchObject({ setting: 'homepage', user_id: mine, value: { path: `/events/index/${run}` } });
    const adminId = await userId(admin());
    const own = await e2e.misp.userSettings.setFor(adminId, 'homepage', { value: { path: `/own/${run}` } });
    expect(own).toMatchObject({ id: set.id, user_id: mine, value: { path: `/own/${run}` } });
    await expect(admin().userSettings.setFor(mine, 'oidc', {})).rejects.toMatchObject({
      status: 405,
      message: 'Invalid setting.',
    });
    await e2e.misp.userSettings.delete(set.id);
  });
});

describe('users.initiatePasswordResetWithFlag and users.deleteTotp', () => {
  it('answers a reset without a mail transport as a MispValidationError; unknown users are 404', async () => {
    const mine = await userId(e2e.misp);
    await expect(admin().users.initiatePasswordResetWithFlag(mine, '1')).rejects.toMatchObject({
      code: 'misp_validation',
      status: 200,
      message: 'There was an error notifying the user. His/her credentials were not altered.',
    });
    await expect(admin().users.initiatePasswordResetWithFlag('999999', '0')).rejects.toMatchObject({
      code: 'misp_not_found',
      status: 404,
    });
    await expect(e2e.misp.users.initiatePasswordResetWithFlag(mine, '1')).rejects.toMatchObject({
      code: 'misp_forbidden',
      status: 403,
    });
  });

  it('removes a TOTP secret, whether or not the user had one; only admins may', async () => {
    const mine = await userId(e2e.misp);
    expect(await admin().users.deleteTotp(mine)).toMatchObject({
      saved: true,
      message: 'User TOTP deleted.',
      id: mine,
    });
    await expect(admin().users.deleteTotp('999999')).rejects.toMatchObject({ code: 'misp_not_found', status: 404 });
    await expect(e2e.misp.users.deleteTotp(mine)).rejects.toMatchObject({ code: 'misp_forbidden', status: 403 });
  });
});

// A real MISP reads its noticelists from its own app/files/noticelists; only the sandbox takes a folder.
describe.skipIf(realMispFromEnv())('noticelists from a misp-noticelist folder (sandbox option `noticelists`)', () => {
  it('lists them disabled, shows one with its entries, toggles it and picks up a new version', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'mispkit-noticelists-'));
    const write = (version: number) => {
      mkdirSync(path.join(folder, 'lists', 'e2e-notices'), { recursive: true });
      writeFileSync(
        path.join(folder, 'lists', 'e2e-notices', 'list.json'),
        JSON.stringify({
          name: 'e2e-notices',
          expanded_name: `E2E notices v${version}`,
          ref: ['https://notices.example/e2e'],
          geographical_area: ['EU'],
          version,
          notice: [{ field: ['type'], value: ['email-src'], tag: [], message: { en: 'Personal data.' } }],
        }),
      );
    };
    write(1);
    const sandbox = await startMispSandbox({ seed: 'none', noticelists: folder, log: () => undefined });
    try {
      const misp = createMispClient({ baseUrl: sandbox.url, apiKey: sandbox.adminKey });
      const listed = await misp.noticelists.list();
      expect(listed).toEqual([
        {
          id: '1',
          name: 'e2e-notices',
          expanded_name: 'E2E notices v1',
          ref: ['https://notices.example/e2e'],
          geographical_area: ['EU'],
          version: '1',
          enabled: false,
        },
      ]);
      const viewed = await misp.noticelists.get('1');
      expect(viewed.NoticelistEntry?.map((e) => (e.data as { message?: unknown }).message)).toEqual([
        { en: 'Personal data.' },
      ]);
      expect(await misp.noticelists.toggleEnable('1')).toMatchObject({ saved: true, message: 'Noticelist enabled.' });
      expect((await misp.noticelists.update()).message).toBe('All noticelists are up to date already.');
      write(2);
      expect((await misp.noticelists.update()).message).toBe('Successfully updated 1 noticelists.');
      expect((await misp.noticelists.list()).map((n) => [n.version, n.enabled])).toEqual([['2', true]]);
    } finally {
      await sandbox.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
