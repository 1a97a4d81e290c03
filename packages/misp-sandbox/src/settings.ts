import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { prepare } from './db/statements.js';

/**
 * The instance settings API users read and change (`servers/getSetting`, `serverSettingsEdit`,
 * `serverSettings`): the same names, levels, types, tests and options as MISP 2.5.1's, with descriptions in
 * our own words. Values live in the `settings` table as text; a setting never written has its default.
 */
export type SettingType = 'string' | 'boolean' | 'numeric';
export type SettingValue = string | number | boolean;

/** What a setting's test says about a value: `true` when it passes, else the error MISP reports. */
type Test = (value: SettingValue, db: Database) => true | string;

export interface SettingDefinition {
  level: 0 | 1 | 2;
  description: string;
  type: SettingType;
  /** The name of MISP's test function (reported as `test`). */
  test?: string | null;
  null?: boolean;
  options?: Record<string, string> | string[];
  beforeHook?: string;
  afterHook?: string;
  cli_only?: boolean | 1;
  redacted?: boolean;
  editable?: boolean;
  /** The value of a fresh MISP 2.5.1 install (config.default.php), `''` when unset. */
  default: SettingValue;
  /** The error MISP reports when its test fails without a message of its own. */
  errorMessage?: string;
}

const NOT_SET = 'Value not set.';
const empty = (value: SettingValue) => (typeof value === 'string' ? value.trim() === '' : false);

const TESTS: Record<string, Test> = {
  testForEmpty: (v) => (empty(v) ? NOT_SET : true),
  testBool: () => true,
  testForNumeric: () => true,
  testLive: (v) => (v === true ? true : 'MISP disabled.'),
  testBoolFalse: (v) =>
    v === false
      ? true
      : 'It is highly recommended that this setting is disabled. Make sure you understand the impact of having this setting turned on.',
  testBoolTrue: (v) =>
    v === true
      ? true
      : 'It is highly recommended that this setting is enabled. Make sure you understand the impact of having this setting turned off.',
  testBaseURL: (v) =>
    v === '' || /^https?:\/\/[^\s/]+(\/[^\s]*[^/\s])?$/.test(String(v))
      ? true
      : 'Invalid baseurl, it has to be in the "https://FQDN" format.',
  testURL: (v) => (empty(v) ? NOT_SET : /^https?:\/\/\S+$/.test(String(v)) ? true : 'Invalid URL.'),
  testUuid: (v) =>
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(String(v)) ? true : 'Invalid UUID.',
  testPasswordLength: (v) =>
    Number(v) < 0 ? 'Length cannot be negative, set a positive integer or 0 (to choose the default option).' : true,
  testPasswordRegex: (v) => {
    const text = String(v);
    const match = /^\/(.*)\/([a-z]*)$/s.exec(text);
    if (!match) return 'Invalid regex.';
    try {
      new RegExp(match[1] ?? '');
      return true;
    } catch {
      return 'Invalid regex.';
    }
  },
  testSalt: (v) => (String(v).length < 32 ? 'The salt has to be an at least 32 byte long string.' : true),
  testLanguage: (v) => (LANGUAGES.includes(String(v)) ? true : 'Invalid language.'),
  testForCorrelationEngine: (v) =>
    String(v) in CORRELATION_ENGINES ? true : 'Please select a valid option from the list of available engines: ',
  testDisableEmail: () => true,
  testLocalOrgStrict: (v, db) =>
    prepare(db, 'SELECT 1 FROM organisations WHERE id = ? AND local = 1').get(Number(v))
      ? true
      : 'Invalid organisation',
};

const LANGUAGES = [
  'eng',
  'ara',
  'cze',
  'dan',
  'deu',
  'fra',
  'hun',
  'ita',
  'jpn',
  'kor',
  'no',
  'pol',
  'pt',
  'pt_BR',
  'ro',
  'rus',
  'si-LK',
  'spa',
  'swe',
  'th_TH',
  'ukr',
  'zh-s',
];
const CORRELATION_ENGINES = { Default: 'Default Correlation Engine', NoAcl: 'No ACL Engine' };
const DISTRIBUTIONS = ['Your organisation only', 'This community only', 'Connected communities', 'All communities'];

const bool = (level: 0 | 1 | 2, description: string, value: boolean, extra: Partial<SettingDefinition> = {}) =>
  ({ level, description, type: 'boolean', test: 'testBool', default: value, ...extra }) as SettingDefinition;

export const SETTINGS: Record<string, SettingDefinition> = {
  'MISP.baseurl': {
    level: 0,
    description: 'The address users and other instances reach this MISP at, without a trailing slash.',
    type: 'string',
    test: 'testBaseURL',
    null: true,
    default: '',
  },
  'MISP.external_baseurl': {
    level: 0,
    description: 'The address other instances should use for this MISP when it differs from MISP.baseurl.',
    type: 'string',
    test: 'testURL',
    default: '',
  },
  'MISP.live': bool(0, 'When false, only site administrators may use the instance.', true, { test: 'testLive' }),
  'MISP.uuid': {
    level: 0,
    description: 'The identity of this instance in sync and exports.',
    type: 'string',
    test: 'testUuid',
    default: '',
  },
  'MISP.org': {
    level: 1,
    description: 'The name of the host organisation as shown in the interface.',
    type: 'string',
    test: 'testForEmpty',
    default: 'ORGNAME',
  },
  'MISP.host_org_id': {
    level: 0,
    description: 'The id of the organisation that hosts this instance (a local organisation).',
    type: 'numeric',
    test: 'testLocalOrgStrict',
    default: '0',
  },
  'MISP.email': {
    level: 0,
    description: 'The sender address of the notifications this instance sends.',
    type: 'string',
    test: 'testForEmpty',
    default: 'email@example.com',
  },
  'MISP.contact': {
    level: 1,
    description: 'The address users are told to write to about this instance.',
    type: 'string',
    test: 'testForEmpty',
    default: 'email@example.com',
  },
  'MISP.language': {
    level: 0,
    description: 'The language of the interface.',
    type: 'string',
    test: 'testLanguage',
    afterHook: 'cleanCacheFiles',
    options: Object.fromEntries(LANGUAGES.map((l) => [l, l])),
    default: 'eng',
  },
  'MISP.correlation_engine': {
    level: 0,
    description: 'Which correlation engine finds related attributes.',
    type: 'string',
    test: 'testForCorrelationEngine',
    null: true,
    options: CORRELATION_ENGINES,
    default: 'default',
  },
  'MISP.disable_emailing': bool(0, 'When true, the instance sends no e-mail at all.', false, {
    null: true,
    test: 'testDisableEmail',
  }),
  'MISP.default_event_distribution': {
    level: 0,
    description: 'The distribution a new event gets when none is given.',
    type: 'string',
    test: 'testForEmpty',
    options: DISTRIBUTIONS,
    default: '1',
  },
  'MISP.default_attribute_distribution': {
    level: 0,
    description: 'The distribution a new attribute gets when none is given ("event" inherits the event’s).',
    type: 'string',
    test: 'testForEmpty',
    options: {
      '0': DISTRIBUTIONS[0],
      '1': DISTRIBUTIONS[1],
      '2': DISTRIBUTIONS[2],
      '3': DISTRIBUTIONS[3],
      event: 'Inherit from event',
    } as Record<string, string>,
    default: 'event',
  },
  'MISP.default_event_threat_level': {
    level: 1,
    description: 'The threat level a new event gets when none is given.',
    type: 'string',
    test: 'testForEmpty',
    options: { '1': 'High', '2': 'Medium', '3': 'Low', '4': 'undefined' },
    default: '4',
  },
  'MISP.tagging': bool(1, 'Whether events and attributes can be tagged.', true),
  'MISP.welcome_text_top': {
    level: 2,
    description: 'Text shown above the logo on the login page.',
    type: 'string',
    test: 'testForEmpty',
    default: 'Initial Install, please configure',
  },
  'MISP.welcome_text_bottom': {
    level: 2,
    description: 'Text shown below the logo on the login page.',
    type: 'string',
    test: 'testForEmpty',
    default: '',
  },
  'MISP.log_new_audit': bool(1, 'Whether writes are also recorded in the new audit log (audit_logs).', false, {
    null: true,
  }),
  'MISP.log_client_ip': bool(1, 'Whether log entries record the client’s IP address.', false, {
    beforeHook: 'ipLogBeforeHook',
  }),
  'MISP.enableEventBlocklisting': bool(1, 'Whether event blocklists are enforced.', true),
  'MISP.enableOrgBlocklisting': bool(1, 'Whether organisation blocklists are enforced.', true),
  'MISP.unpublishedprivate': bool(2, 'When true, unpublished events are visible to their organisation only.', false),
  'MISP.showorg': bool(0, 'Whether the creator organisation of events is shown.', true),
  'MISP.completely_disable_correlation': bool(0, 'When true, the instance correlates nothing.', false, {
    test: 'testBoolFalse',
    null: true,
    afterHook: 'correlationAfterHook',
  }),
  'MISP.max_correlations_per_event': {
    level: 1,
    description: 'How many correlations an event view shows at most.',
    type: 'numeric',
    test: 'testForNumeric',
    null: true,
    default: 5000,
  },
  'MISP.correlation_limit': {
    level: 0,
    description: 'How many attributes may share a value before the value stops correlating.',
    type: 'numeric',
    test: 'testForNumeric',
    null: true,
    default: 100,
  },
  'MISP.enable_advanced_correlations': bool(
    0,
    'When true, IP addresses also correlate with the CIDR ranges (ip-src/ip-dst) that contain them.',
    false,
    { null: true },
  ),
  'MISP.delegation': bool(1, 'Whether events may be delegated to another organisation.', true, { null: true }),
  'MISP.background_jobs': bool(1, 'Whether long tasks run as background jobs.', true, { test: 'testBoolTrue' }),
  'MISP.default_publish_alert': bool(0, 'Whether publishing an event e-mails the users who asked for alerts.', true, {
    null: true,
  }),
  'MISP.system_setting_db': bool(1, 'Whether settings are kept in the database instead of config.php.', false, {
    null: true,
    cli_only: true,
  }),
  'MISP.log_auth': bool(1, 'Whether every authentication with an API key is logged.', false),
  'MISP.log_paranoid': bool(0, 'Whether every request is logged (very verbose).', false, {
    test: 'testBoolFalse',
    null: true,
  }),
  'Security.advanced_authkeys': bool(0, 'Whether users hold several API keys with their own settings.', true),
  'Security.password_policy_length': {
    level: 2,
    description: 'The minimum password length; 0 means the default (12).',
    type: 'numeric',
    test: 'testPasswordLength',
    default: 12,
  },
  'Security.password_policy_complexity': {
    level: 2,
    description: 'A regular expression every new password must match.',
    type: 'string',
    test: 'testPasswordRegex',
    default: '/^((?=.*\\d)|(?=.*\\W+))(?![\\n])(?=.*[A-Z])(?=.*[a-z]).*$|.{16,}/',
  },
  'Security.salt': {
    level: 0,
    description: 'The salt of the password hashes; never shown.',
    type: 'string',
    test: 'testSalt',
    editable: false,
    redacted: true,
    default: '',
  },
  'Security.disable_browser_cache': bool(0, 'Whether pages tell browsers not to cache them.', false, { null: true }),
  'Security.allow_self_registration': bool(1, 'Whether visitors may ask for an account.', false, { null: true }),
  'Security.require_password_confirmation': bool(1, 'Whether changing a profile asks for the password.', true, {
    null: true,
  }),
  'Security.sanitise_attribute_on_delete': bool(1, 'Whether a deleted attribute’s value is wiped.', false, {
    null: true,
  }),
  'Security.hide_organisation_index_from_users': bool(1, 'Whether users may list other organisations.', false, {
    null: true,
  }),
  'Security.do_not_log_authkeys': bool(0, 'Whether API keys are left out of the logs.', false, { null: true }),
  'Security.username_in_response_header': bool(2, 'Whether answers carry the user’s e-mail in a header.', false, {
    null: true,
  }),
  'Security.allow_cors': bool(1, 'Whether cross-origin requests are allowed.', false, { null: true }),
  'Security.advanced_authkeys_validity': {
    level: 2,
    description: 'The longest validity, in days, of a new API key (empty: no limit).',
    type: 'numeric',
    test: 'testForNumeric',
    null: true,
    default: '',
  },
  'Plugin.Enrichment_services_enable': bool(
    0,
    'Whether enrichment modules are used; in the sandbox: eventReports/importReportFromUrl fetches pages itself.',
    false,
  ),
  'Plugin.ZeroMQ_enable': bool(2, 'Whether the ZeroMQ publish/subscribe feed is on.', false, {
    afterHook: 'zmqAfterHook',
  }),
  'Plugin.Sightings_policy': {
    level: 1,
    description: 'Who sees sightings: 0 the event owner, 1 reporters, 2 everyone, 3 owner and host organisation.',
    type: 'numeric',
    options: ['Event Owner Organisation', 'Sighting reporters', 'Everyone', 'Event Owner + host org sightings'],
    default: 0,
  },
  'Plugin.Sightings_anonymise': bool(1, 'Whether sightings of other organisations are anonymised.', false),
  'Plugin.Sightings_range': {
    level: 1,
    description: 'How many days back sightings are counted.',
    type: 'numeric',
    test: 'testForNumeric',
    default: 365,
  },
};

/** The stored value of a setting, converted to its type (booleans and numbers are stored as text). */
export function readSetting(db: Database, name: string): SettingValue {
  const definition = SETTINGS[name];
  if (name === 'MISP.uuid') return instanceUuid(db);
  const row = prepare(db, 'SELECT value FROM settings WHERE name = ?').get(name) as { value: string } | undefined;
  if (!definition) return row?.value ?? '';
  if (row === undefined) return definition.default;
  if (definition.type === 'boolean') return row.value === '1';
  if (definition.type === 'numeric') return row.value === '' ? '' : Number(row.value);
  return row.value;
}

export function writeSetting(db: Database, name: string, value: SettingValue): void {
  const text = typeof value === 'boolean' ? (value ? '1' : '0') : String(value);
  prepare(
    db,
    'INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value',
  ).run(name, text);
}

/** The instance's uuid (MISP.uuid), drawn once per database (as servers/getVersion reports it). */
export function instanceUuid(db: Database): string {
  prepare(db, "INSERT OR IGNORE INTO settings (name, value) VALUES ('MISP.uuid', ?)").run(randomUUID());
  return (prepare(db, "SELECT value FROM settings WHERE name = 'MISP.uuid'").get() as { value: string }).value;
}

/** PHP's cast of the trimmed text: `(bool)` ("" and "0" are false) or `(int)` (leading digits, else 0). */
export function castSetting(definition: SettingDefinition, raw: string | number | boolean): SettingValue {
  const text = typeof raw === 'boolean' ? (raw ? '1' : '') : String(raw).trim();
  if (definition.type === 'boolean') return text !== '' && text !== '0';
  if (definition.type === 'numeric') return Number.parseInt(text, 10) || 0;
  return text;
}

/**
 * MISP's check of a new value: cast to the setting's type (PHP `(bool)` / `(int)` of the trimmed text),
 * then the setting's test. Answers the value to store, or the error MISP reports.
 */
export function checkSetting(
  db: Database,
  definition: SettingDefinition,
  raw: string | number | boolean,
): { value: SettingValue } | { error: string } {
  const value = castSetting(definition, raw);
  const test = definition.test ? TESTS[definition.test] : undefined;
  const result = test ? test(value, db) : true;
  return result === true ? { value } : { error: result };
}

/** A setting as `getSetting` shows it: its definition, its current value and its name. */
export function settingView(db: Database, name: string, definition: SettingDefinition): Record<string, unknown> {
  const { default: _default, errorMessage: _message, level, description, test, type, ...rest } = definition;
  const view: Record<string, unknown> = { level, description, value: readSetting(db, name) };
  if (test !== undefined) view.test = test;
  view.type = type;
  for (const [key, value] of Object.entries(rest)) if (value !== undefined) view[key] = value;
  if (name === 'MISP.host_org_id') {
    view.options = Object.fromEntries(
      (
        prepare(db, 'SELECT id, name FROM organisations WHERE local = 1 ORDER BY id').all() as {
          id: number;
          name: string;
        }[]
      ).map((o) => [String(o.id), o.name]),
    );
  }
  view.name = name;
  return view;
}
