import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MispSandbox } from '../src/index.js';
import { SETTINGS } from '../src/settings.js';
import { SpecChecker } from './accounts/spec-check.js';
import { ADMIN_OPERATIONS } from './admin-operations.js';
import { type Api, type Json, withSandbox } from './helpers.js';

const checker = new SpecChecker();

describe('instance settings, logs and statistics (servers/*, admin/logs, attributeStatistics)', () => {
  let misp: MispSandbox;
  let api: Api;
  let orgAdminKey: string;
  let userKey: string;
  beforeAll(async () => {
    ({ misp } = await withSandbox({ seed: 'none' }));
    api = checker.api(misp);
    const add = async (email: string, role_id: string) =>
      (await api('POST', '/admin/users/add', { email, role_id })).body.User.authkey as string;
    orgAdminKey = await add('orgadmin@settings.test', '2');
    userKey = await add('user@settings.test', '3');
  });
  afterAll(() => misp.close());

  it('serves exactly the settings the contract names', () => {
    const spec = JSON.parse(readFileSync(new URL('../../../openapi/dist/openapi.json', import.meta.url), 'utf8'));
    expect(spec.components.parameters.settingName.schema.examples).toEqual(Object.keys(SETTINGS));
  });

  it('reads a setting with its definition; unknown names are 404, redacted ones 403', async () => {
    const live = await api('GET', '/servers/getSetting/MISP.live');
    expect(live.status).toBe(200);
    expect(live.body).toMatchObject({ level: 0, value: true, test: 'testLive', type: 'boolean', name: 'MISP.live' });
    expect(Object.keys(live.body)).toEqual(['level', 'description', 'value', 'test', 'type', 'name']);
    const uuid = await api('GET', '/servers/getSetting/MISP.uuid');
    const version = await api('GET', '/servers/getVersion');
    expect(uuid.body.value).toBe(version.body.uuid);
    expect((await api('GET', '/servers/getSetting/MISP.host_org_id')).body.options).toEqual({ '1': 'ORGNAME' });
    const unknown = await api('GET', '/servers/getSetting/MISP.nope');
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toBe('Setting MISP.nope is invalid.');
    const salt = await api('GET', '/servers/getSetting/Security.salt');
    expect([salt.status, salt.body.message]).toEqual([403, 'This setting is redacted.']);
  });

  it('gives the instance uuid (servers/getInstanceUUID) to sync roles and site admins only', async () => {
    const uuid = await api('GET', '/servers/getInstanceUUID');
    expect([uuid.status, uuid.body]).toEqual([
      200,
      { uuid: (await api('GET', '/servers/getSetting/MISP.uuid')).body.value },
    ]);
    const refused = await api('GET', '/servers/getInstanceUUID', undefined, { key: userKey });
    expect([refused.status, refused.body.message]).toEqual([
      403,
      'You do not have permission to use this functionality.',
    ]);
  });

  it('changes a setting after casting and testing the value, and logs the change', async () => {
    const saved = await api('POST', '/servers/serverSettingsEdit/MISP.welcome_text_top', { value: ' Hello ' });
    expect(saved.body).toEqual({
      saved: true,
      success: true,
      name: 'Field updated',
      message: 'Field updated',
      url: '/servers/serverSettingsEdit',
    });
    expect((await api('GET', '/servers/getSetting/MISP.welcome_text_top')).body.value).toBe('Hello');
    // PHP's (int): a number setting saves 0 for "abc"; the GET form of serverSettingsEdit answers the value only.
    await api('POST', '/servers/serverSettingsEdit/Security.password_policy_length', { value: 'abc' });
    expect((await api('GET', '/servers/serverSettingsEdit/Security.password_policy_length')).body).toEqual({
      'Security.password_policy_length': 0,
    });
    await api('POST', '/servers/serverSettingsEdit/Security.password_policy_length', { Server: { value: 14 } });
    const logs = (await api('POST', '/admin/logs/index', { action: 'serverSettingsEdit' })).body;
    expect(logs.map((l: Json) => l.Log.change)).toEqual([
      'MISP.welcome_text_top (Initial Install, please configure) => (Hello)',
      'Security.password_policy_length (*****) => (*****)',
      'Security.password_policy_length (*****) => (*****)',
    ]);
    expect(logs[0].Log).toMatchObject({
      model: 'Server',
      model_id: '0',
      title: 'Server setting changed',
      user_id: '1',
    });
  });

  it('refuses values its tests fail (403, nothing saved) unless forced', async () => {
    const refused = async (name: string, body: unknown) => {
      const r = await api('POST', `/servers/serverSettingsEdit/${name}`, body);
      expect(r.status).toBe(403);
      expect(r.body.name).toBe('Could not serverSettingsEdit Server');
      return r.body.errors;
    };
    expect(await refused('MISP.live', { value: false })).toBe('MISP disabled.');
    expect(await refused('MISP.uuid', { value: 'nope' })).toBe('Invalid UUID.');
    expect(await refused('MISP.baseurl', { value: 'not a url' })).toBe(
      'Invalid baseurl, it has to be in the "https://FQDN" format.',
    );
    expect(await refused('MISP.welcome_text_bottom', { value: '   ' })).toBe('Value not set.');
    expect(await refused('MISP.host_org_id', { value: 77 })).toBe('Invalid organisation');
    expect(await refused('MISP.welcome_text_top', { value: '*****' })).toBe('No change.');
    expect(await refused('MISP.welcome_text_top', { value: ['a'] })).toBe(
      'Invalid input. Expected: {"value": "new_setting"}',
    );
    expect(await refused('MISP.welcome_text_top', {})).toBe('Invalid input. Expected: {"value": "new_setting"}');
    expect((await api('GET', '/servers/getSetting/MISP.live')).body.value).toBe(true);
    const cli = await api('POST', '/servers/serverSettingsEdit/MISP.system_setting_db', { value: true });
    expect([cli.status, cli.body.message]).toEqual([405, 'This setting can only be edited via the CLI.']);
    expect((await api('POST', '/servers/serverSettingsEdit/MISP.nope', { value: 1 })).status).toBe(404);
    expect((await api('POST', '/servers/serverSettingsEdit/MISP.live', { value: false, force: true })).status).toBe(
      200,
    );
    expect((await api('GET', '/servers/getSetting/MISP.live')).body.value).toBe(false);
    await api('POST', '/servers/serverSettingsEdit/MISP.live', { value: true });
  });

  it('lets only site admins near the settings', async () => {
    for (const key of [orgAdminKey, userKey]) {
      for (const path of ['/servers/getSetting/MISP.live', '/servers/serverSettings', '/servers/dbSchemaDiagnostic']) {
        const r = await api('GET', path, undefined, { key });
        expect([path, r.status]).toEqual([path, 403]);
      }
      const edit = await api('POST', '/servers/serverSettingsEdit/MISP.welcome_text_top', { value: 'x' }, { key });
      expect(edit.status).toBe(403);
    }
  });

  it('describes every setting in serverSettings and its own SQLite schema in dbSchemaDiagnostic', async () => {
    const all = (await api('GET', '/servers/serverSettings')).body;
    expect(all.version.current).toBe('v2.5.1');
    const bottom = all.finalSettings.find((s: Json) => s.setting === 'MISP.welcome_text_bottom');
    expect(bottom).toMatchObject({ tab: 'MISP', error: 1, errorMessage: 'Value not set.' });
    expect(all.finalSettings.find((s: Json) => s.setting === 'Security.salt').value).toBe('*****');
    const schema = (await api('GET', '/servers/dbSchemaDiagnostic')).body;
    expect(schema).toMatchObject({ dataSource: 'Database/Sqlite', diagnostic: [], actual_db_version: '130' });
    expect(schema.indexes.events.id).toBe(true);
    expect(schema.columnPerTable.logs).toContain('model_id');
  });

  it('logs every write as MISP does: adds, edits with old and new values, deletes', async () => {
    const event = (
      await api('POST', '/events/add', {
        info: 'logged event',
        distribution: '0',
        Attribute: [{ type: 'ip-dst', value: '198.51.100.9' }],
      })
    ).body.Event;
    await api('POST', `/events/edit/${event.id}`, { info: 'logged event, edited', threat_level_id: '2' });
    const attribute = event.Attribute[0];
    await api('POST', `/attributes/delete/${attribute.id}`);
    await api('POST', '/events/edit/999999', { info: 'nothing to log' });
    const entries = (await api('POST', '/admin/logs/index', { model: ['Event', 'Attribute'] })).body.map(
      (l: Json) => l.Log,
    );
    expect(entries.map((l: Json) => [l.model, l.model_id, l.action, l.title])).toEqual([
      ['Event', event.id, 'add', `Event (${event.id}): logged event`],
      [
        'Attribute',
        attribute.id,
        'add',
        `Attribute (${attribute.id}) from Event (${event.id}): Network activity/ip-dst 198.51.100.9`,
      ],
      ['Event', event.id, 'edit', `Event (${event.id}): logged event, edited`],
      [
        'Attribute',
        attribute.id,
        'delete',
        `Attribute (${attribute.id}) from Event (${event.id}): Network activity/ip-dst 198.51.100.9`,
      ],
    ]);
    expect(entries[0].change).toContain('info () => (logged event)');
    expect(entries[0].description).toBe(`Event (${event.id}) added by User "admin@admin.test" (1).`);
    expect(entries[2].change).toBe('info (logged event) => (logged event, edited), threat_level_id (4) => (2)');
    expect(entries[3].description).toBe(
      `Attribute "198.51.100.9" (${attribute.id}) updated by User "admin@admin.test" (1).`,
    );
  });

  it('filters logs by column (lists, % patterns), time and page, and by role', async () => {
    const titles = async (body: unknown, key?: string) =>
      (await api('POST', '/admin/logs/index', body, key ? { key } : {})).body.map((l: Json) => l.Log.title);
    expect(await titles({ title: 'Event (%' })).toHaveLength(2);
    expect(await titles({ model: 'Event', limit: 1, page: 2 })).toEqual([
      expect.stringContaining('logged event, edited'),
    ]);
    expect(await titles({ model: 'Event', created: '1h' })).toHaveLength(2);
    expect(await titles({ model: 'Event', created: ['2001-01-01 00:00:00', '2001-01-02 00:00:00'] })).toEqual([]);
    expect(await titles({ bogus: 1, model: 'Nothing' })).toEqual([]);
    // An Org Admin sees its organisation's entries; a plain user only its own.
    expect((await titles({ model: 'Event' }, orgAdminKey)).length).toBe(2);
    expect(await titles({ model: 'Event' }, userKey)).toEqual([]);
    await api('POST', '/events/add', { info: 'by a plain user' }, { key: userKey });
    expect(await titles({ model: 'Event' }, userKey)).toEqual([expect.stringContaining('by a plain user')]);
    // A POST without any filter is refused, as MISP does; a GET lists everything.
    const none = await api('POST', '/admin/logs/index', {});
    expect([none.status, none.body.url]).toEqual([400, '/logs/admin_index']);
    expect((await api('GET', '/admin/logs/index')).body.length).toBeGreaterThan(10);
    const audit = await api('POST', '/admin/audit_logs/index', { model: 'Event' });
    expect([audit.status, audit.body]).toEqual([200, []]);
    expect((await api('GET', '/audit_logs/index')).status).toBe(404);
  });

  it('counts attributes per type or category, soft-deleted ones included, with percentages', async () => {
    const event = (
      await api('POST', '/events/add', {
        info: 'statistics',
        Attribute: [
          { type: 'domain', value: 'a.stats.example' },
          { type: 'domain', value: 'b.stats.example' },
          { type: 'comment', category: 'Other', value: 'note' },
          { type: 'md5', value: 'd41d8cd98f00b204e9800998ecf8427e' },
        ],
      })
    ).body.Event;
    const md5 = event.Attribute.find((a: Json) => a.type === 'md5');
    await api('POST', `/attributes/delete/${md5.id}/1`);
    expect((await api('GET', '/attributes/attributeStatistics/type/0')).body).toEqual(
      (await api('GET', '/attributes/attributeStatistics')).body,
    );
    expect((await api('GET', '/attributes/attributeStatistics')).body).toEqual({
      comment: '1',
      domain: '2',
      'ip-dst': '1',
    });
    expect((await api('GET', '/attributes/attributeStatistics/category/1')).body).toEqual({
      'Network activity': '75%',
      Other: '25%',
    });
    expect((await api('GET', '/attributes/attributeStatistics/type/1')).body.domain).toBe('50%');
    const bad = await api('GET', '/attributes/attributeStatistics/bogus');
    expect([bad.status, bad.body.message]).toEqual([405, 'Invalid type requested.']);
  });

  it('answered every administration operation as the contract says', () => {
    expect([...ADMIN_OPERATIONS].filter((id) => !checker.exercised.has(id))).toEqual([]);
    expect(checker.problems.filter((p) => ADMIN_OPERATIONS.has(p.split(/[: ]/)[0] ?? ''))).toEqual([]);
  });
});

describe('warninglists and to_ids in restSearch, as MISP 2.5.1 answers', () => {
  let misp: MispSandbox;
  let api: Api;
  beforeAll(async () => {
    ({ misp, api } = await withSandbox({ seed: 'none' }));
    await api('POST', '/warninglists/toggleEnable', { id: '96', enabled: 1 });
    await api('POST', '/events/add', {
      info: 'to_ids and warninglists',
      Attribute: [
        { type: 'ip-dst', value: '8.8.8.8', to_ids: true },
        { type: 'ip-dst', value: '8.8.4.4', to_ids: false },
      ],
    });
  });
  afterAll(() => misp.close());
  const values = (list: Json[]) => list.map((a) => [a.value, Boolean(a.warnings)]);

  it('attributes/restSearch: warnings only on to_ids attributes, but enforceWarninglist drops any hit', async () => {
    const hits = (await api('POST', '/attributes/restSearch', { eventid: '1', includeWarninglistHits: 1 })).body;
    expect(values(hits.response.Attribute)).toEqual([
      ['8.8.8.8', true],
      ['8.8.4.4', false],
    ]);
    const enforced = (await api('POST', '/attributes/restSearch', { eventid: '1', enforceWarninglist: 1 })).body;
    expect(enforced.response.Attribute).toEqual([]);
  });

  it('events/restSearch: warnings and enforcement both only for to_ids attributes', async () => {
    const hits = (await api('POST', '/events/restSearch', { eventid: '1', includeWarninglistHits: 1 })).body;
    expect(values(hits.response[0].Event.Attribute)).toEqual([
      ['8.8.8.8', true],
      ['8.8.4.4', false],
    ]);
    const enforced = (await api('POST', '/events/restSearch', { eventid: '1', enforceWarninglist: 1 })).body;
    expect(values(enforced.response[0].Event.Attribute)).toEqual([['8.8.4.4', false]]);
  });
});
