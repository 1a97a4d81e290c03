import type { Database } from 'better-sqlite3';
import { prepare } from '../db/statements.js';
import type { Row } from '../types.js';

/** MISP's boolean role flags, in the order MISP's API lists them. */
export const ROLE_FLAGS = [
  'perm_add',
  'perm_modify',
  'perm_modify_org',
  'perm_publish',
  'perm_delegate',
  'perm_sync',
  'perm_admin',
  'perm_audit',
  'perm_auth',
  'perm_site_admin',
  'perm_regexp_access',
  'perm_tagger',
  'perm_template',
  'perm_sharing_group',
  'perm_tag_editor',
  'perm_sighting',
  'perm_object_template',
  'default_role',
  'restricted_to_site_admin',
  'perm_publish_zmq',
  'perm_publish_kafka',
  'perm_decaying',
  'enforce_rate_limit',
  'perm_galaxy_editor',
  'perm_warninglist',
  'perm_view_feed_correlations',
  'perm_analyst_data',
  'perm_skip_otp',
] as const;

export type RoleFlag = (typeof ROLE_FLAGS)[number];

/**
 * The six roles of a fresh MISP 2.5 with their flags, as MISP's install SQL creates them (checked against a
 * real MISP 2.5.1's `roles/index`). Every flag not listed is false.
 */
export const DEFAULT_ROLES: { id: number; name: string; flags: RoleFlag[] }[] = [
  {
    id: 1,
    name: 'admin',
    flags: [
      'perm_add',
      'perm_modify',
      'perm_modify_org',
      'perm_publish',
      'perm_delegate',
      'perm_sync',
      'perm_admin',
      'perm_audit',
      'perm_auth',
      'perm_site_admin',
      'perm_regexp_access',
      'perm_tagger',
      'perm_template',
      'perm_sharing_group',
      'perm_tag_editor',
      'perm_sighting',
      'perm_object_template',
      'perm_publish_zmq',
      'perm_publish_kafka',
      'perm_decaying',
      'perm_galaxy_editor',
      'perm_warninglist',
      'perm_view_feed_correlations',
      'perm_analyst_data',
    ],
  },
  {
    id: 2,
    name: 'Org Admin',
    flags: [
      'perm_add',
      'perm_modify',
      'perm_modify_org',
      'perm_publish',
      'perm_delegate',
      'perm_admin',
      'perm_audit',
      'perm_auth',
      'perm_tagger',
      'perm_template',
      'perm_sharing_group',
      'perm_tag_editor',
      'perm_sighting',
      'perm_publish_zmq',
      'perm_publish_kafka',
      'perm_decaying',
      'perm_galaxy_editor',
      'perm_analyst_data',
    ],
  },
  {
    id: 3,
    name: 'User',
    flags: [
      'perm_add',
      'perm_modify',
      'perm_modify_org',
      'perm_audit',
      'perm_auth',
      'perm_tagger',
      'perm_sighting',
      'default_role',
      'perm_decaying',
      'perm_galaxy_editor',
      'perm_analyst_data',
    ],
  },
  {
    id: 4,
    name: 'Publisher',
    flags: [
      'perm_add',
      'perm_modify',
      'perm_modify_org',
      'perm_publish',
      'perm_delegate',
      'perm_audit',
      'perm_auth',
      'perm_tagger',
      'perm_sighting',
      'perm_publish_zmq',
      'perm_publish_kafka',
      'perm_decaying',
      'perm_galaxy_editor',
      'perm_analyst_data',
    ],
  },
  {
    id: 5,
    name: 'Sync user',
    flags: [
      'perm_add',
      'perm_modify',
      'perm_modify_org',
      'perm_publish',
      'perm_delegate',
      'perm_sync',
      'perm_audit',
      'perm_auth',
      'perm_tagger',
      'perm_sharing_group',
      'perm_tag_editor',
      'perm_sighting',
      'perm_publish_zmq',
      'perm_publish_kafka',
      'perm_decaying',
      'perm_galaxy_editor',
      'perm_analyst_data',
    ],
  },
  { id: 6, name: 'Read Only', flags: ['perm_audit', 'perm_auth'] },
];

export const nowText = (): string => new Date().toISOString().slice(0, 19).replace('T', ' ');

/** Writes the default roles into an empty roles table. */
export function insertDefaultRoles(db: Database): void {
  const columns = ['id', 'name', ...ROLE_FLAGS, 'rate_limit_count', 'created', 'modified'];
  const insert = db.prepare(
    `INSERT INTO roles (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`,
  );
  const stamp = nowText();
  for (const role of DEFAULT_ROLES) {
    const row: Record<string, unknown> = {
      id: role.id,
      name: role.name,
      rate_limit_count: 0,
      created: stamp,
      modified: stamp,
    };
    for (const flag of ROLE_FLAGS) row[flag] = role.flags.includes(flag) ? 1 : 0;
    insert.run(row);
  }
}

/** Rewrites the flags of the default roles (ids 1–6 under their default names) to MISP's; other roles stay. */
export function repairDefaultRoles(db: Database): void {
  const update = db.prepare(
    `UPDATE roles SET ${ROLE_FLAGS.map((f) => `${f} = @${f}`).join(', ')} WHERE id = @id AND name = @name`,
  );
  for (const role of DEFAULT_ROLES) {
    const row: Record<string, unknown> = { id: role.id, name: role.name };
    for (const flag of ROLE_FLAGS) row[flag] = role.flags.includes(flag) ? 1 : 0;
    update.run(row);
  }
}

/**
 * MISP's coarse `permission` level of a role: 0 read only, 1 manage own events (add + modify),
 * 2 manage the organisation's events (+ modify_org), 3 publish (+ publish).
 */
const LEVELS = ['read_only', 'manage_own', 'manage_org', 'publish'] as const;

export function permissionLevel(row: Row): number {
  if (row.perm_publish) return 3;
  if (row.perm_modify_org) return 2;
  if (row.perm_modify || row.perm_add) return 1;
  return 0;
}

/** The flags a `permission` level sets (roles/add, roles/edit). */
export function levelFlags(level: number): Partial<Record<RoleFlag, number>> {
  return {
    perm_add: level >= 1 ? 1 : 0,
    perm_modify: level >= 1 ? 1 : 0,
    perm_modify_org: level >= 2 ? 1 : 0,
    perm_publish: level >= 3 ? 1 : 0,
  };
}

/** A role as MISP's API shows it; `withDefault` adds the `default` key that roles/index and roles/view carry. */
export function formatRole(row: Row, withDefault = false): Record<string, unknown> {
  const role: Record<string, unknown> = {
    id: String(row.id),
    name: row.name,
    created: row.created || null,
    modified: row.modified || null,
  };
  for (const flag of ROLE_FLAGS) {
    role[flag] = Boolean(row[flag]);
    if (flag === 'default_role') {
      role.memory_limit = row.memory_limit === '' ? null : row.memory_limit;
      role.max_execution_time = row.max_execution_time === '' ? null : row.max_execution_time;
    }
    if (flag === 'enforce_rate_limit') role.rate_limit_count = String(row.rate_limit_count ?? 0);
  }
  const level = permissionLevel(row);
  role.permission = String(level);
  role.permission_description = LEVELS[level];
  if (withDefault) role.default = Boolean(row.default_role);
  return role;
}

export function findRole(db: Database, id: unknown): Row | undefined {
  if (id === undefined || id === null || !/^\d+$/.test(String(id))) return undefined;
  return prepare(db, 'SELECT * FROM roles WHERE id = ?').get(Number(id)) as Row | undefined;
}
