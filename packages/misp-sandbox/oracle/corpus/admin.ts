// Instance administration (issue 14, part 2): settings (read, change, refused values), diagnostics, the log
// of changes and attribute statistics, as a site admin and as users without the permission. The setting
// changes are undone at the end (both sides keep running other cases).
import type { Case, Saved } from './case.js';

const edit = (name: string, setting: string, body: unknown): Case => ({
  name: `editServerSetting: ${name}`,
  method: 'POST',
  path: `/servers/serverSettingsEdit/${setting}`,
  body,
});

const plainUser = (s: Saved) => s.plainUser?.User?.authkey as string | undefined;
const orgAdmin = (s: Saved) => s.orgAdmin?.User?.authkey as string | undefined;

export const admin: Case[] = [
  { name: 'getServerSetting: MISP.live', method: 'GET', path: '/servers/getSetting/MISP.live' },
  {
    name: 'getServerSetting: MISP.correlation_engine (with options)',
    method: 'GET',
    path: '/servers/getSetting/MISP.correlation_engine',
  },
  {
    name: 'getServerSetting: Security.advanced_authkeys',
    method: 'GET',
    path: '/servers/getSetting/Security.advanced_authkeys',
  },
  {
    name: 'getServerSetting: MISP.welcome_text_top',
    method: 'GET',
    path: '/servers/getSetting/MISP.welcome_text_top',
  },
  { name: 'getServerSetting: an unknown name', method: 'GET', path: '/servers/getSetting/MISP.nope' },
  { name: 'getServerSetting: a redacted setting', method: 'GET', path: '/servers/getSetting/Security.salt' },
  { name: 'getServerSetting: as a plain user', method: 'GET', path: '/servers/getSetting/MISP.live', asKey: plainUser },
  { name: 'getServerSetting: as an org admin', method: 'GET', path: '/servers/getSetting/MISP.live', asKey: orgAdmin },
  edit('a new welcome text', 'MISP.welcome_text_top', { value: 'oracle: welcome' }),
  {
    name: 'getServerSettingValue: the new welcome text',
    method: 'GET',
    path: '/servers/serverSettingsEdit/MISP.welcome_text_top',
  },
  edit('a number from text (cast to 0)', 'Security.password_policy_length', { value: 'abc' }),
  {
    name: 'getServerSettingValue: the cast number',
    method: 'GET',
    path: '/servers/serverSettingsEdit/Security.password_policy_length',
  },
  edit('the number back, wrapped in Server', 'Security.password_policy_length', { Server: { value: 12 } }),
  edit('an invalid uuid', 'MISP.uuid', { value: 'not-a-uuid' }),
  edit('MISP.live off (refused without force)', 'MISP.live', { value: false }),
  edit('a base URL that is not one', 'MISP.baseurl', { value: 'not a url' }),
  edit('an unknown correlation engine', 'MISP.correlation_engine', { value: 'Bogus' }),
  edit('a blank required text', 'MISP.welcome_text_bottom', { value: '   ' }),
  edit('a host organisation that does not exist', 'MISP.host_org_id', { value: 999999 }),
  edit('the redaction mask as value', 'MISP.welcome_text_top', { value: '*****' }),
  edit('a list as value', 'MISP.welcome_text_top', { value: ['a'] }),
  edit('no value', 'MISP.welcome_text_top', { force: true }),
  edit('a CLI-only setting', 'MISP.system_setting_db', { value: true }),
  edit('an unknown name', 'MISP.nope', { value: 'x' }),
  {
    ...edit('as an org admin', 'MISP.welcome_text_top', { value: 'x' }),
    asKey: orgAdmin,
  },
  edit('a body that is not JSON', 'MISP.welcome_text_top', '{"value": '),
  edit('the welcome text back', 'MISP.welcome_text_top', { value: 'Initial Install, please configure' }),
  {
    name: 'searchLogs: the setting changes',
    method: 'POST',
    path: '/admin/logs/index',
    body: { action: 'serverSettingsEdit', model: 'Server' },
  },
  {
    name: 'searchLogs: the setting changes, second page of one',
    method: 'POST',
    path: '/admin/logs/index',
    body: { action: 'serverSettingsEdit', limit: 1, page: 2 },
  },
  {
    name: 'searchLogs: a LIKE pattern on change',
    method: 'POST',
    path: '/admin/logs/index',
    body: { change: 'MISP.welcome_text_top%' },
  },
  { name: 'searchLogs: no filter at all', method: 'POST', path: '/admin/logs/index', body: {} },
  {
    name: 'searchLogs: the main event’s entries',
    method: 'POST',
    path: '/admin/logs/index',
    body: (s: Saved) => ({ model: 'Event', model_id: String(s.main?.Event?.id ?? '0') }),
  },
  {
    name: 'searchLogs: as a plain user (own entries only)',
    method: 'POST',
    path: '/admin/logs/index',
    body: { action: 'serverSettingsEdit' },
    asKey: plainUser,
  },
  {
    name: 'searchAuditLogs: the audit log is off',
    method: 'POST',
    path: '/admin/audit_logs/index',
    body: { model: 'Event' },
  },
  {
    name: 'searchAuditLogs: without the admin prefix',
    method: 'GET',
    path: '/audit_logs/index',
    outsideContract: true,
  },
  {
    name: 'getDbSchemaDiagnostic: site admin',
    method: 'GET',
    path: '/servers/dbSchemaDiagnostic',
    notComparable: 'MISP describes its MySQL tables, the sandbox its SQLite ones (dataSource, indexes, columns)',
  },
  {
    name: 'getServerSettings: site admin',
    method: 'GET',
    path: '/servers/serverSettings',
    notComparable:
      'MISP reports its PHP, Redis, worker and file checks and 367 settings; the sandbox its own settings only',
  },
  { name: 'getServerSettings: as a plain user', method: 'GET', path: '/servers/serverSettings', asKey: plainUser },
  {
    name: 'getAttributeStatistics: per type',
    method: 'GET',
    path: '/attributes/attributeStatistics/type/0',
  },
  {
    name: 'getAttributeStatistics: per category, as shares',
    method: 'GET',
    path: '/attributes/attributeStatistics/category/1',
  },
  {
    name: 'getAttributeStatistics: an unknown context',
    method: 'GET',
    path: '/attributes/attributeStatistics/bogus/0',
  },
];
