import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { prepare } from '../db/statements.js';
import { describeTypes } from '../describe-types.js';
import { HttpError } from '../http.js';
import { bool, formatOrganisation, str } from '../model/format.js';
import type { Route } from '../router.js';
import type { RequestContext, Row } from '../types.js';

export const MISP_VERSION = '2.5.1';
export const PYMISP_RECOMMENDED = '2.5.1';

/** The role's perm_sync flag (admin and Sync user among the default roles, as in MISP). */
const isSyncRole = (role: { name: string }) => Boolean((role as { perm_sync?: unknown }).perm_sync);

/** The instance's uuid (MISP.uuid), drawn once per database. */
function instanceUuid(db: Database): string {
  prepare(db, "INSERT OR IGNORE INTO settings (name, value) VALUES ('MISP.uuid', ?)").run(randomUUID());
  return (prepare(db, "SELECT value FROM settings WHERE name = 'MISP.uuid'").get() as { value: string }).value;
}

function role(row: Row): Record<string, unknown> {
  return {
    id: str(row.id),
    name: row.name,
    perm_add: bool(row.perm_add),
    perm_modify: bool(row.perm_modify),
    perm_modify_org: bool(row.perm_admin),
    perm_publish: bool(row.perm_publish),
    perm_delegate: false,
    perm_sync: isSyncRole(row as { name: string }),
    perm_admin: bool(row.perm_admin),
    perm_audit: false,
    perm_full: bool(row.perm_site_admin),
    perm_auth: bool(row.perm_site_admin),
    perm_site_admin: bool(row.perm_site_admin),
    perm_regexp_access: bool(row.perm_site_admin),
    perm_tagger: bool(row.perm_tagger),
    perm_template: bool(row.perm_admin),
    perm_sharing_group: bool(row.perm_admin),
    perm_tag_editor: bool(row.perm_tagger),
    perm_sighting: bool(row.perm_sighting),
    perm_object_template: bool(row.perm_site_admin),
    default_role: row.name === 'User',
    memory_limit: '',
    max_execution_time: '',
    restricted_to_site_admin: false,
    perm_publish_zmq: bool(row.perm_publish),
    perm_publish_kafka: bool(row.perm_publish),
    perm_decaying: bool(row.perm_add),
    enforce_rate_limit: bool(row.enforce_rate_limit),
    rate_limit_count: str(row.rate_limit_count),
    perm_galaxy_editor: bool(row.perm_galaxy_editor),
    perm_warninglist: bool(row.perm_site_admin),
    perm_view_feed_correlations: true,
    perm_analyst_data: bool(row.perm_add),
    perm_skip_otp: false,
    perm_server_sign: false,
  };
}

function viewUser(ctx: RequestContext) {
  const id = ctx.args[0];
  const target = id === 'me' || id === undefined || Number(id) === ctx.user.id ? ctx.user.id : Number(id);
  if (target !== ctx.user.id && !ctx.user.role.perm_site_admin) throw new HttpError(404, 'Invalid user');
  const user = prepare(ctx.db, 'SELECT * FROM users WHERE id = ?').get(target) as Row | undefined;
  if (!user) throw new HttpError(404, 'Invalid user');
  const org = prepare(ctx.db, 'SELECT * FROM organisations WHERE id = ?').get(user.org_id) as Row;
  const roleRow = prepare(ctx.db, 'SELECT * FROM roles WHERE id = ?').get(user.role_id) as Row;
  const created = new Date(Number(user.created) * 1000).toISOString().slice(0, 19).replace('T', ' ');
  return {
    User: {
      id: str(user.id),
      org_id: str(user.org_id),
      server_id: '0',
      email: user.email,
      autoalert: false,
      invited_by: '0',
      gpgkey: '',
      certif_public: '',
      nids_sid: String(4000000 + Number(user.id)),
      termsaccepted: true,
      newsread: '0',
      role_id: str(user.role_id),
      change_pw: false,
      contactalert: false,
      disabled: false,
      expiration: null,
      current_login: str(user.created),
      last_login: str(user.created),
      last_api_access: str(Math.floor(Date.now() / 1000)),
      force_logout: false,
      date_created: created,
      date_modified: created,
      last_pw_change: str(user.created),
      sub: null,
      external_auth_required: false,
      external_auth_key: '',
      notification_daily: false,
      notification_weekly: false,
      notification_monthly: false,
      totp: null,
      hotp_counter: null,
    },
    Role: role(roleRow),
    Organisation: formatOrganisation(org),
    UserSetting: {},
  };
}

export const metaRoutes: Route[] = [
  {
    controller: 'servers',
    action: 'getVersion',
    methods: ['GET'],
    handler: (ctx) => ({
      version: MISP_VERSION,
      pymisp_recommended_version: PYMISP_RECOMMENDED,
      perm_sync: isSyncRole(ctx.user.role),
      perm_sighting: bool(ctx.user.role.perm_sighting),
      perm_galaxy_editor: bool(ctx.user.role.perm_galaxy_editor),
      perm_analyst_data: bool(ctx.user.role.perm_add),
      // MISP tells only sync users its instance uuid.
      uuid: isSyncRole(ctx.user.role) ? instanceUuid(ctx.db) : '-',
      // What MISP 2.5.1 on a stock PHP build advertises (no brotli extension); the sandbox also reads br.
      request_encoding: ['gzip'],
      filter_sightings: true,
    }),
  },
  {
    controller: 'servers',
    action: 'getPyMISPVersion',
    methods: ['GET'],
    handler: () => ({ version: PYMISP_RECOMMENDED }),
  },
  { controller: 'users', action: 'view', methods: ['GET', 'HEAD'], handler: viewUser },
  { controller: 'attributes', action: 'describeTypes', methods: ['GET'], handler: () => describeTypes() },
];
