import { SG_MEMBER_SQL } from '../accounts/permissions.js';
import type { AuthUser } from '../types.js';

/**
 * Who sees what, from MISP's distribution levels: 0 your organisation only, 1 this community,
 * 2 connected communities, 3 all communities, 4 a sharing group (attributes: 5 = as the event).
 * The sandbox is a single instance, so 1–3 are all visible to every local organisation.
 */
/** Sharing groups the organisation is authorised for (SG_MEMBER_SQL). */
const sgMember = SG_MEMBER_SQL;

export function eventVisible(user: AuthUser, alias = 'e'): { sql: string; params: unknown[] } {
  if (user.role.perm_site_admin) return { sql: '1', params: [] };
  return {
    sql: `(${alias}.org_id = ? OR ${alias}.distribution IN (1, 2, 3) OR (${alias}.distribution = 4 AND ${alias}.sharing_group_id IN ${sgMember}))`,
    params: [user.org_id, user.org_id],
  };
}

/**
 * Attribute-level check; combine with `eventVisible` on its event. An object's attribute also needs its object
 * to be visible (MISP's attribute conditions check `Object.distribution` too), unless the event is the user's.
 */
export function attributeVisible(user: AuthUser, alias = 'a', eventAlias = 'e'): { sql: string; params: unknown[] } {
  if (user.role.perm_site_admin) return { sql: '1', params: [] };
  return {
    sql: `(${eventAlias}.org_id = ? OR ((${alias}.distribution IN (1, 2, 3, 5) OR (${alias}.distribution = 4 AND ${alias}.sharing_group_id IN ${sgMember}))
      AND (${alias}.object_id = 0 OR EXISTS (SELECT 1 FROM objects vo WHERE vo.id = ${alias}.object_id
        AND (vo.distribution IN (1, 2, 3, 5) OR (vo.distribution = 4 AND vo.sharing_group_id IN ${sgMember}))))))`,
    params: [user.org_id, user.org_id, user.org_id],
  };
}

/**
 * Object-level check (MISP's MispObject::buildConditions); combine with `eventVisible` on its event: objects of
 * the user's organisation's events, or with distribution 1, 2, 3 or 5, or 4 with one of the user's sharing groups.
 */
export function objectVisible(user: AuthUser, alias = 'o', eventAlias = 'e'): { sql: string; params: unknown[] } {
  if (user.role.perm_site_admin) return { sql: '1', params: [] };
  return {
    sql: `(${eventAlias}.org_id = ? OR ${alias}.distribution IN (1, 2, 3, 5) OR (${alias}.distribution = 4 AND ${alias}.sharing_group_id IN ${sgMember}))`,
    params: [user.org_id, user.org_id],
  };
}
