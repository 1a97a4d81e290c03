// The small catalogue and account operations of issue 14, with the answers a real MISP 2.5.1 gave.
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MispSandbox } from '../src/index.js';
import { type Api, type Json, withSandbox } from './helpers.js';

const NOTICELISTS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'noticelists');

describe('taxonomy tags, tag search by term, user settings by path, TOTP removal', () => {
  let misp: MispSandbox;
  let api: Api;
  beforeAll(async () => {
    ({ misp, api } = await withSandbox({ seed: 'none' }));
  });
  afterAll(() => misp.close());

  it('lists a taxonomy’s tags with usage counts, sorted by tag, 60 a page', async () => {
    const tlp = (await api('GET', '/taxonomies/view/tlp')).body.Taxonomy.id;
    await api('POST', '/tags/add', { Tag: { name: 'tlp:green', colour: '#339900' } });
    const event = await api('POST', '/events/add', { info: 'counted', distribution: 0 });
    const tag = (await api('GET', '/tags/index/searchall:tlp:green')).body.Tag[0].id;
    await api('POST', `/events/addTag/${event.body.Event.id}/${tag}`, {});
    const listed = await api('GET', `/taxonomies/taxonomy_tags/${tlp}`);
    expect(listed.status).toBe(200);
    const entries = listed.body.entries as Json[];
    expect(entries.map((e) => e.tag)).toEqual([...entries.map((e) => e.tag)].sort());
    const green = entries.find((e) => e.tag === 'tlp:green');
    expect(green).toMatchObject({ events: '1', attributes: 0 });
    expect(green.existing_tag.Tag.name).toBe('tlp:green');
    expect(entries.find((e) => e.tag === 'tlp:red')).toMatchObject({ events: 0, attributes: 0, existing_tag: false });

    const page = await api('GET', `/taxonomies/taxonomy_tags/${tlp}/limit:2/page:2/direction:desc`);
    expect(page.body.entries.map((e: Json) => e.tag)).toEqual(['tlp:red', 'tlp:green']);
    const filtered = await api('GET', `/taxonomies/taxonomy_tags/${tlp}/filter:GREEN`);
    expect(filtered.body.entries.map((e: Json) => e.tag)).toEqual(['tlp:green']);
    const big = await api('GET', '/taxonomies/taxonomy_tags/artificial-satellites');
    expect(big.body.entries).toHaveLength(60);
    const all = await api('GET', '/taxonomies/taxonomy_tags/artificial-satellites/page:0');
    expect(all.body.entries.length).toBe(
      (await api('GET', '/taxonomies/view/artificial-satellites')).body.entries.length,
    );
    const unknown = await api('GET', '/taxonomies/taxonomy_tags/999999');
    expect([unknown.status, unknown.body.message]).toEqual([404, 'Taxonomy not found.']);
  });

  it('searches tags by a LIKE pattern in the path; a name:value term is a named parameter and finds nothing', async () => {
    await api('POST', '/tags/add', { Tag: { name: 'Foo Bar' } });
    const hits = await api('GET', '/tags/search/foo%25');
    expect(hits.body.map((h: Json) => h.Tag.name)).toEqual(['Foo Bar']);
    expect((await api('GET', '/tags/search/tlp:green')).body).toEqual([]);
    expect((await api('GET', '/tags/search/tlp')).body).toEqual([]);
    expect((await api('GET', '/tags/search/foo%20bar/1')).body).toEqual([]);
    const exact = await api('GET', '/tags/search/Foo%20Bar/1');
    expect(exact.body.map((h: Json) => h.Tag.name)).toEqual(['Foo Bar']);
    const byId = await api('GET', `/tags/search/${exact.body[0].Tag.id}/1`);
    expect(byId.body.map((h: Json) => h.Tag.name)).toEqual(['Foo Bar']);
  });

  it('sets a setting named in the path, for the user in the path; refuses unknown and internal settings', async () => {
    const set = await api('POST', '/user_settings/setSetting/1/homepage', { value: { path: '/events/index' } });
    expect(set.status).toBe(200);
    expect(set.body.UserSetting).toMatchObject({ setting: 'homepage', user_id: '1', value: { path: '/events/index' } });
    // The path's name wins over the body's; no value is saved as [].
    const overridden = await api('POST', '/user_settings/setSetting/1/homepage', { setting: 'dashboard' });
    expect(overridden.body.UserSetting).toMatchObject({ id: set.body.UserSetting.id, setting: 'homepage', value: [] });
    // A site admin may name any numeric id, as MISP (which does not check the user exists).
    const dangling = await api('POST', '/user_settings/setSetting/998/homepage', { value: { path: '/x' } });
    expect(dangling.body.UserSetting.user_id).toBe('998');
    const bogus = await api('POST', '/user_settings/setSetting/1/bogus', { value: 1 });
    expect([bogus.status, bogus.body.message]).toEqual([405, 'Invalid setting.']);
    const internal = await api('POST', '/user_settings/setSetting/1/oidc', {});
    expect([internal.status, internal.body.message]).toEqual([405, 'Invalid setting.']);
    const restricted = await api('POST', '/user_settings/setSetting', { setting: 'oidc' });
    expect([restricted.status, restricted.body.message]).toEqual([
      405,
      'This setting is restricted and requires the following permission(s): site_admin',
    ]);
  });

  it('answers the first-time password reset like the reset, and removes a TOTP secret', async () => {
    const reset = await api('POST', '/users/initiatePasswordReset/1/1', {});
    expect([reset.status, reset.body.saved]).toEqual([200, false]);
    const missing = await api('POST', '/users/initiatePasswordReset/999/1', {});
    expect([missing.status, missing.body.message]).toEqual([404, 'Invalid user']);
    for (const method of ['POST', 'DELETE']) {
      const removed = await api(method, '/users/totp_delete/1', method === 'POST' ? {} : undefined);
      expect([removed.status, removed.body]).toEqual([
        200,
        {
          saved: true,
          success: true,
          name: 'User TOTP deleted.',
          message: 'User TOTP deleted.',
          url: '/users/totp_delete/1',
          id: '1',
        },
      ]);
    }
    const unknown = await api('DELETE', '/users/totp_delete/999');
    expect([unknown.status, unknown.body.message]).toEqual([404, 'Invalid user']);
  });

  it('accepts any server setting name in the contract, and answers 404 for one MISP does not know', async () => {
    const unknown = await api('GET', '/servers/getSetting/Foo.bar');
    expect([unknown.status, unknown.body.message]).toEqual([404, 'Setting Foo.bar is invalid.']);
  });
});

describe('noticelists', () => {
  it('has none without a folder, as a MISP without the misp-noticelist data', async () => {
    const { misp, api } = await withSandbox({ seed: 'none' });
    try {
      expect((await api('GET', '/noticelists/index')).body).toEqual([]);
      const update = await api('POST', '/noticelists/update', {});
      expect(update.body.message).toBe('All noticelists are up to date already.');
      expect((await api('GET', '/noticelists/view/1')).status).toBe(404);
    } finally {
      await misp.close();
    }
  });

  it('installs the lists of a misp-noticelist folder in folder order, disabled, and toggles them', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'noticelists-'));
    cpSync(NOTICELISTS, folder, { recursive: true });
    const { misp, api } = await withSandbox({ seed: 'none', noticelists: folder });
    try {
      const listed = await api('GET', '/noticelists/index');
      expect(listed.body).toEqual([
        {
          Noticelist: {
            id: '1',
            name: 'sandbox-export',
            expanded_name: 'Sandbox test notices about export rules',
            ref: [],
            geographical_area: [],
            version: '1',
            enabled: false,
          },
        },
        {
          Noticelist: {
            id: '2',
            name: 'sandbox-privacy',
            expanded_name: 'Sandbox test notices about personal data',
            ref: ['https://sandbox.example/notices/privacy'],
            geographical_area: ['EU'],
            version: '2',
            enabled: false,
          },
        },
      ]);
      const viewed = await api('GET', '/noticelists/view/1');
      expect(viewed.body.Noticelist.NoticelistEntry).toEqual([
        {
          id: '1',
          noticelist_id: '1',
          data: {
            field: ['type'],
            value: ['malware-sample'],
            tag: [],
            message: { en: 'Samples may be subject to export rules.' },
          },
        },
      ]);
      const on = await api('POST', '/noticelists/toggleEnable/1', {});
      expect(on.body).toMatchObject({
        saved: true,
        message: 'Noticelist enabled.',
        url: '/noticelists/toggleEnable/1',
      });
      expect((await api('POST', '/noticelists/toggleEnable/1', {})).body.message).toBe('Noticelist disabled.');
      await api('POST', '/noticelists/toggleEnable/2', {});
      expect((await api('POST', '/noticelists/update', {})).body.message).toBe(
        'All noticelists are up to date already.',
      );
      // A newer version replaces the list and keeps it enabled.
      const file = path.join(folder, 'lists', 'sandbox-privacy', 'list.json');
      writeFileSync(
        file,
        JSON.stringify({
          name: 'sandbox-privacy',
          expanded_name: 'v3',
          ref: [],
          geographical_area: [],
          version: 3,
          notice: [],
        }),
      );
      expect((await api('POST', '/noticelists/update', {})).body.message).toBe('Successfully updated 1 noticelists.');
      const after = (await api('GET', '/noticelists/index')).body.map((n: Json) => n.Noticelist);
      expect(after.map((n: Json) => [n.name, n.version, n.enabled])).toEqual([
        ['sandbox-export', '1', false],
        ['sandbox-privacy', '3', true],
      ]);
      // A broken file changes nothing.
      writeFileSync(file, '{ not json');
      expect((await api('POST', '/noticelists/update', {})).status).toBe(500);
      expect((await api('GET', '/noticelists/index')).body).toHaveLength(2);
    } finally {
      await misp.close();
    }
  });
});
