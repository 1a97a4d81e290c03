import { randomUUID } from 'node:crypto';
import { BlockList, isIP } from 'node:net';
import type { Database } from 'better-sqlite3';
import { AUTH_FAILED, generateKey, hashKey } from '../auth.js';
import { prepare } from '../db/statements.js';
import type { AuthUser, Role, Row } from '../types.js';
import { ROLE_FLAGS } from './roles.js';

export const ACCOUNT_DISABLED = 'Authentication failed. Your user account has been disabled.';

/** Flags a read-only key takes away from its user's role (MISP's advanced auth keys). */
const WRITE_FLAGS = ROLE_FLAGS.filter((f) => f.startsWith('perm_') && f !== 'perm_audit' && f !== 'perm_auth');

export interface NewKey {
  row: Row;
  /** Shown once, in the creation answer; only its hash is stored. */
  raw: string;
}

export function createAuthKey(
  db: Database,
  userId: number,
  options: {
    comment?: string | null;
    expiration?: number;
    readOnly?: boolean;
    allowedIps?: string[] | null;
    raw?: string;
  } = {},
): NewKey {
  const raw = options.raw ?? generateKey();
  const info = prepare(
    db,
    `INSERT INTO auth_keys (uuid, key_hash, authkey_start, authkey_end, created, expiration, read_only, user_id, comment, allowed_ips)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    randomUUID(),
    hashKey(raw),
    raw.slice(0, 4),
    raw.slice(-4),
    Math.floor(Date.now() / 1000),
    options.expiration ?? 0,
    options.readOnly ? 1 : 0,
    userId,
    options.comment ?? null,
    options.allowedIps?.length ? JSON.stringify(options.allowedIps) : null,
  );
  return { row: prepare(db, 'SELECT * FROM auth_keys WHERE id = ?').get(info.lastInsertRowid) as Row, raw };
}

/** Whether `range` is an address or CIDR range MISP accepts in `allowed_ips`. */
export function validIpRange(range: string): boolean {
  const [address, bits, extra] = range.split('/');
  if (extra !== undefined || !address) return false;
  const family = isIP(address);
  if (!family) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return /^\d+$/.test(bits) && n >= 0 && n <= (family === 4 ? 32 : 128);
}

function ipAllowed(ranges: string[], ip: string | undefined): boolean {
  if (!ip) return false;
  const address = ip.startsWith('::ffff:') && isIP(ip.slice(7)) === 4 ? ip.slice(7) : ip;
  const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
  const list = new BlockList();
  for (const range of ranges) {
    const [net, bits] = range.split('/');
    if (!net) continue;
    const netFamily = isIP(net) === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(net, netFamily);
    else list.addSubnet(net, Number(bits), netFamily);
  }
  return list.check(address, family);
}

/**
 * MISP's API key check: a stored key that has not expired, used from an allowed address, of an enabled
 * user. A read-only key acts with its role's write permissions removed. Returns the refusal text otherwise.
 */
export function authenticateKey(db: Database, keys: string[], ip: string | undefined): AuthUser | string {
  const now = Math.floor(Date.now() / 1000);
  for (const key of keys) {
    const row = prepare(db, 'SELECT * FROM auth_keys WHERE key_hash = ?').get(hashKey(key)) as Row | undefined;
    if (!row) continue;
    if (Number(row.expiration) !== 0 && Number(row.expiration) < now) continue;
    if (row.allowed_ips && !ipAllowed(JSON.parse(String(row.allowed_ips)) as string[], ip)) continue;
    const user = prepare(db, 'SELECT id, org_id, role_id, email, created, disabled FROM users WHERE id = ?').get(
      row.user_id,
    ) as (Omit<AuthUser, 'role'> & { disabled: number }) | undefined;
    if (!user) continue;
    if (user.disabled) return ACCOUNT_DISABLED;
    let role = prepare(db, 'SELECT * FROM roles WHERE id = ?').get(user.role_id) as Role;
    if (row.read_only) {
      const limited: Record<string, unknown> = { ...role };
      for (const flag of WRITE_FLAGS) limited[flag] = 0;
      role = limited as unknown as Role;
    }
    recordUse(db, row, ip);
    touchApiAccess(db, user.id, now);
    const { disabled: _disabled, ...account } = user;
    return { ...account, role };
  }
  return AUTH_FAILED;
}

/** MISP keeps when each user last called the API; written at most once a minute per user. */
function touchApiAccess(db: Database, userId: number, now: number): void {
  prepare(db, 'UPDATE users SET last_api_access = ? WHERE id = ? AND last_api_access < ?').run(now, userId, now - 60);
}

/** MISP lists the addresses a key was used from (`unique_ips`); written once per new address. */
function recordUse(db: Database, row: Row, ip: string | undefined): void {
  if (!ip) return;
  const address = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
  const seen = JSON.parse(String(row.unique_ips)) as string[];
  if (seen.includes(address)) return;
  prepare(db, 'UPDATE auth_keys SET unique_ips = ? WHERE id = ?').run(JSON.stringify([...seen, address]), row.id);
}

export function formatAuthKey(row: Row, raw?: string): Record<string, unknown> {
  return {
    id: String(row.id),
    uuid: row.uuid,
    authkey_start: row.authkey_start,
    authkey_end: row.authkey_end,
    created: String(row.created),
    expiration: String(row.expiration),
    read_only: Boolean(row.read_only),
    user_id: String(row.user_id),
    comment: row.comment ?? null,
    allowed_ips: row.allowed_ips ? (JSON.parse(String(row.allowed_ips)) as string[]) : null,
    unique_ips: JSON.parse(String(row.unique_ips)) as string[],
    ...(raw !== undefined ? { authkey_raw: raw } : {}),
  };
}

/** The bootstrap keys (`adminKey`, `userKey`, …): one "Initial auto-generated key" per user, replaced on restart. */
export function setInitialKey(db: Database, userId: number, raw: string): void {
  prepare(db, "DELETE FROM auth_keys WHERE user_id = ? AND comment = 'Initial auto-generated key'").run(userId);
  prepare(db, 'DELETE FROM auth_keys WHERE key_hash = ?').run(hashKey(raw));
  createAuthKey(db, userId, { raw, comment: 'Initial auto-generated key' });
}
