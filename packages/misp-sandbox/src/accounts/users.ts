import type { Database } from 'better-sqlite3';
import { hashKey } from '../auth.js';
import { prepare } from '../db/statements.js';
import type { Row } from '../types.js';
import { createAuthKey } from './auth-keys.js';

/** Profile fields MISP keeps as columns of `users`; the sandbox stores them in `users.profile` (JSON). */
export const PROFILE_DEFAULTS = {
  autoalert: false,
  gpgkey: '' as string | null,
  certif_public: '',
  termsaccepted: false,
  newsread: '0',
  change_pw: true,
  contactalert: false,
  expiration: null as string | null,
  current_login: '0',
  last_login: '0',
  force_logout: false,
  sub: null as string | null,
  external_auth_required: false,
  external_auth_key: '' as string | null,
  notification_daily: false,
  notification_weekly: false,
  notification_monthly: false,
  last_pw_change: null as string | null,
};
export type Profile = typeof PROFILE_DEFAULTS;
const BOOLEAN_FIELDS = new Set(
  Object.entries(PROFILE_DEFAULTS)
    .filter(([, v]) => typeof v === 'boolean')
    .map(([k]) => k),
);

/** Fields a user may change on their own profile (users/edit); admins may also set the account flags. */
export const OWN_FIELDS = [
  'autoalert',
  'contactalert',
  'gpgkey',
  'certif_public',
  'notification_daily',
  'notification_weekly',
  'notification_monthly',
] as const;
export const ADMIN_FIELDS = [
  ...OWN_FIELDS,
  'termsaccepted',
  'change_pw',
  'force_logout',
  'external_auth_required',
  'external_auth_key',
] as const;

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const validEmail = (email: unknown): email is string => typeof email === 'string' && EMAIL_RE.test(email);

export const truthy = (value: unknown): boolean =>
  value === true || value === 1 || value === '1' || value === 'true' || value === 'on';

export function profileOf(row: Row): Profile {
  return { ...PROFILE_DEFAULTS, ...(JSON.parse(String(row.profile ?? '{}')) as Partial<Profile>) };
}

/** Copies the listed fields from a request body into a profile, with MISP's boolean coercion. */
export function applyProfile(profile: Profile, input: Row, fields: readonly string[]): Profile {
  const next: Record<string, unknown> = { ...profile };
  for (const field of fields) {
    if (!(field in input)) continue;
    next[field] = BOOLEAN_FIELDS.has(field)
      ? truthy(input[field])
      : input[field] === null
        ? null
        : String(input[field]);
  }
  return next as Profile;
}

type UserView = 'add' | 'view' | 'edit' | 'index';

/** A user as MISP's API shows it: never the password or the key (except the first key, in admin/users/add). */
export function formatUser(row: Row, view: UserView, extra: { authkey?: string; lastApiAccess?: number } = {}) {
  const profile = profileOf(row);
  const user: Record<string, unknown> = {
    id: String(row.id),
    ...(view === 'index' ? {} : { password: view === 'view' ? '*****' : '******' }),
    org_id: String(row.org_id),
    ...(view === 'view' ? {} : { server_id: '0' }),
    email: row.email,
    autoalert: profile.autoalert,
    ...(extra.authkey !== undefined ? { authkey: extra.authkey } : {}),
    invited_by: String(row.invited_by ?? 0),
    gpgkey: profile.gpgkey,
    certif_public: profile.certif_public,
    nids_sid: String(row.nids_sid ?? 0),
    termsaccepted: profile.termsaccepted,
    newsread: profile.newsread,
    role_id: String(row.role_id),
    change_pw: profile.change_pw,
    contactalert: profile.contactalert,
    disabled: Boolean(row.disabled),
    expiration: profile.expiration,
    current_login: profile.current_login,
    last_login: profile.last_login,
    ...(view === 'index' ? { last_api_access: String(extra.lastApiAccess ?? 0) } : {}),
    force_logout: profile.force_logout,
    date_created: Number(row.invited_by) === 0 ? null : String(row.created),
    date_modified: String(row.date_modified || row.created),
  };
  if (view === 'index') {
    user.last_pw_change = profile.last_pw_change;
    return user;
  }
  Object.assign(user, {
    sub: profile.sub,
    external_auth_required: profile.external_auth_required,
    external_auth_key: profile.external_auth_key,
    last_api_access: String(extra.lastApiAccess ?? 0),
    notification_daily: profile.notification_daily,
    notification_weekly: profile.notification_weekly,
    notification_monthly: profile.notification_monthly,
    totp: view === 'view' ? '*****' : null,
    hotp_counter: null,
    last_pw_change: profile.last_pw_change,
    totp_is_set: '0',
  });
  return user;
}

export function findUser(db: Database, id: unknown): Row | undefined {
  if (id === undefined || id === null || !/^\d+$/.test(String(id))) return undefined;
  return prepare(db, 'SELECT * FROM users WHERE id = ?').get(Number(id)) as Row | undefined;
}

/** MISP's NIDS SID base for a user: a random 7-digit number. */
const nidsSid = () => 1_000_000 + Math.floor(Math.random() * 8_999_999);

/** Inserts a user with its first auth key (MISP creates one with the account and shows it once). */
export function insertUser(
  db: Database,
  input: { email: string; orgId: number; roleId: number; invitedBy: number; disabled?: boolean; profile?: Profile },
): { row: Row; key: string } {
  const now = Math.floor(Date.now() / 1000);
  const profile = { ...(input.profile ?? PROFILE_DEFAULTS), last_pw_change: String(now) };
  const info = prepare(
    db,
    `INSERT INTO users (org_id, role_id, email, key_hash, key_end, created, disabled, invited_by, date_modified, nids_sid, profile)
     VALUES (?, ?, ?, ?, '', ?, ?, ?, ?, ?, ?)`,
  ).run(
    input.orgId,
    input.roleId,
    input.email,
    `unused:${hashKey(`${input.email}:${now}:${Math.random()}`)}`,
    now,
    input.disabled ? 1 : 0,
    input.invitedBy,
    now,
    nidsSid(),
    JSON.stringify(profile),
  );
  const id = Number(info.lastInsertRowid);
  // The first key has an empty comment (keys made later through auth_keys/add have none: null).
  const key = createAuthKey(db, id, { comment: '' });
  return { row: findUser(db, id) as Row, key: key.raw };
}

export function deleteUser(db: Database, id: number): void {
  prepare(db, 'DELETE FROM auth_keys WHERE user_id = ?').run(id);
  prepare(db, 'DELETE FROM user_settings WHERE user_id = ?').run(id);
  prepare(db, 'DELETE FROM users WHERE id = ?').run(id);
}

/** When the user last called the API (MISP shows "now" to the caller of users/view/me). */
export const lastApiAccess = (row: Row, callerId: number): number =>
  Number(row.id) === callerId ? Math.floor(Date.now() / 1000) : Number(row.last_api_access ?? 0);

/**
 * The bootstrap accounts as MISP would have them: the site admin as MISP's installer creates it (NIDS SID
 * 4000000, no creation date, no GPG key), the others as a site admin adds them (invited by user 1).
 * Only touches accounts not initialised yet, so a restart keeps what the API changed.
 */
export function initialiseBootstrapUser(db: Database, id: number, siteAdmin: boolean): void {
  const row = findUser(db, id);
  if (!row || Number(row.nids_sid) !== 0) return;
  const profile = siteAdmin
    ? { ...PROFILE_DEFAULTS, gpgkey: null, external_auth_key: null }
    : { ...PROFILE_DEFAULTS, last_pw_change: String(row.created) };
  prepare(db, 'UPDATE users SET nids_sid = ?, invited_by = ?, date_modified = ?, profile = ? WHERE id = ?').run(
    siteAdmin ? 4_000_000 : nidsSid(),
    siteAdmin ? 0 : 1,
    row.created,
    JSON.stringify(profile),
    id,
  );
}
