import { prepare } from '../db/statements.js';
import { HttpError, saveFail, saveSuccess } from '../http.js';
import { writeLog } from '../logs/index.js';
import type { Route } from '../router.js';
import {
  castSetting,
  checkSetting,
  readSetting,
  SETTINGS,
  type SettingDefinition,
  settingView,
  writeSetting,
} from '../settings.js';
import type { RequestContext, Row } from '../types.js';
import { logRoutes } from './logs.js';
import { MISP_VERSION } from './meta.js';
import { statisticsRoutes } from './statistics.js';

/** The schema version of MISP 2.5.1 (`db_version`), the one the sandbox's answers follow. */
const DB_VERSION = '130';

function definitionOf(ctx: RequestContext): [string, SettingDefinition] {
  const name = ctx.args[0] ?? '';
  const definition = Object.hasOwn(SETTINGS, name) ? SETTINGS[name] : undefined;
  if (!definition) throw new HttpError(404, `Setting ${name} is invalid.`);
  return [name, definition];
}

/** `servers/getSetting/{name}`: the setting's definition and value; a redacted setting is refused. */
function getSetting(ctx: RequestContext) {
  const [name, definition] = definitionOf(ctx);
  if (definition.redacted) throw new HttpError(403, 'This setting is redacted.');
  return settingView(ctx.db, name, definition);
}

/** Settings whose values MISP masks in its log (passwords, salts, secrets, keys). */
const sensitive = (name: string, definition: SettingDefinition) =>
  Boolean(definition.redacted) || /password|salt|secret|apikey|encryption_key/i.test(name);

/** A value as PHP prints it into the log: booleans as `1` or nothing. */
const shown = (name: string, definition: SettingDefinition, value: unknown) =>
  sensitive(name, definition) ? '*****' : typeof value === 'boolean' ? (value ? '1' : '') : String(value);

/**
 * `servers/serverSettingsEdit/{name}`: GET answers `{name: value}`; POST `{"value": …[, "force": true]}`
 * casts the value to the setting's type, runs its test (skipped with `force`) and saves it, logging the
 * change as MISP does (`Server setting changed`, sensitive values masked).
 */
function editSetting(ctx: RequestContext) {
  const [name, definition] = definitionOf(ctx);
  if (definition.cli_only) throw new HttpError(405, 'This setting can only be edited via the CLI.');
  if (ctx.method === 'GET') {
    if (definition.redacted) throw new HttpError(403, 'This setting is redacted.');
    return { [name]: readSetting(ctx.db, name) };
  }
  let body = ctx.body && typeof ctx.body === 'object' && !Array.isArray(ctx.body) ? (ctx.body as Row) : {};
  if (body.Server && typeof body.Server === 'object') body = body.Server as Row;
  const raw = body.value;
  if (raw === undefined || raw === null || typeof raw === 'object') {
    throw saveFail('Servers', 'serverSettingsEdit', undefined, 'Invalid input. Expected: {"value": "new_setting"}');
  }
  const value = raw as string | number | boolean;
  if (String(value).trim() === '*****') throw saveFail('Servers', 'serverSettingsEdit', undefined, 'No change.');
  const force = Boolean(body.force) && body.force !== '0';
  const checked = checkSetting(ctx.db, definition, value);
  if ('error' in checked && !force) throw saveFail('Servers', 'serverSettingsEdit', undefined, checked.error);
  const next = 'error' in checked ? castSetting(definition, value) : checked.value;
  const before = readSetting(ctx.db, name);
  writeSetting(ctx.db, name, next);
  writeLog(ctx.db, ctx.user, {
    model: 'Server',
    model_id: 0,
    action: 'serverSettingsEdit',
    title: 'Server setting changed',
    change: `${name} (${shown(name, definition, before)}) => (${shown(name, definition, next)})`,
  });
  return saveSuccess('Servers', 'serverSettingsEdit', undefined, 'Field updated');
}

/**
 * `servers/serverSettings`: MISP's diagnostics page as JSON. The sandbox answers the parts that describe it
 * truthfully — its version, its settings (`finalSettings`, with MISP's `error`/`errorMessage` when a test
 * fails) and its database schema — and leaves out what it has no equivalent for (PHP, Redis, workers, GnuPG).
 */
function serverSettings(ctx: RequestContext) {
  const finalSettings = Object.entries(SETTINGS).map(([name, definition]) => {
    const value = readSetting(ctx.db, name);
    const checked = definition.redacted ? undefined : checkSetting(ctx.db, definition, value);
    const entry: Record<string, unknown> = {
      level: definition.level,
      value: definition.redacted ? '*****' : value,
      ...(definition.test !== undefined ? { test: definition.test } : {}),
      type: definition.type,
      ...(definition.null ? { null: true } : {}),
      ...(definition.redacted ? { redacted: true } : {}),
      ...(checked && 'error' in checked ? { error: 1, errorMessage: checked.error } : {}),
      tab: name.split('.')[0],
      setting: name,
    };
    return entry;
  });
  return {
    version: { current: `v${MISP_VERSION}`, newest: null, upToDate: 'error' },
    finalSettings,
    dbSchemaDiagnostics: schemaDiagnostic(ctx),
  };
}

/**
 * `servers/dbSchemaDiagnostic`: MISP compares its MySQL schema with the one its version expects. The
 * sandbox's schema is its own SQLite one, always the one this build created, so it reports no differences
 * and describes its real tables: their indexes (unique or not) and their columns.
 */
function schemaDiagnostic(ctx: RequestContext) {
  const tables = (
    prepare(
      ctx.db,
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    ).all() as { name: string }[]
  ).map((t) => t.name);
  const indexes: Record<string, Record<string, boolean>> = {};
  const columnPerTable: Record<string, string[]> = {};
  for (const table of tables) {
    const own: Record<string, boolean> = {};
    const columns = ctx.db.prepare(`PRAGMA table_info("${table.replaceAll('"', '""')}")`).all() as {
      name: string;
      pk: number;
    }[];
    for (const column of columns) if (column.pk) own[column.name] = true;
    for (const index of ctx.db.prepare(`PRAGMA index_list("${table.replaceAll('"', '""')}")`).all() as {
      name: string;
      unique: number;
      origin: string;
    }[]) {
      if (index.origin === 'pk') continue;
      own[index.name] = Boolean(index.unique);
    }
    indexes[table] = Object.fromEntries(Object.entries(own).sort(([a], [b]) => (a < b ? -1 : 1)));
    columnPerTable[table] = columns.map((c) => c.name);
  }
  return {
    dataSource: 'Database/Sqlite',
    actual_db_version: DB_VERSION,
    checked_table_column: [
      'column_name',
      'is_nullable',
      'data_type',
      'character_maximum_length',
      'numeric_precision',
      'collation_name',
      'column_type',
      'column_default',
      'extra',
    ],
    diagnostic: [],
    diagnostic_index: [],
    expected_db_version: DB_VERSION,
    error: '',
    update_locked: false,
    remaining_lock_time: 0,
    update_fail_number_reached: false,
    indexes,
    columnPerTable,
  };
}

export const settingRoutes: Route[] = [
  { controller: 'servers', action: 'getSetting', methods: ['GET'], handler: getSetting, permission: 'site_admin' },
  {
    controller: 'servers',
    action: 'serverSettingsEdit',
    methods: ['GET', 'POST'],
    handler: editSetting,
    permission: 'site_admin',
  },
  {
    controller: 'servers',
    action: 'serverSettings',
    methods: ['GET'],
    handler: serverSettings,
    permission: 'site_admin',
  },
  {
    controller: 'servers',
    action: 'dbSchemaDiagnostic',
    methods: ['GET'],
    handler: schemaDiagnostic,
    permission: 'site_admin',
  },
];

/** Instance administration: settings, logs and statistics. */
export const instanceRoutes: Route[] = [...settingRoutes, ...logRoutes, ...statisticsRoutes];
