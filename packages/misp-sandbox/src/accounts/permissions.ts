import { NO_PERMISSION } from '../auth.js';
import { prepare } from '../db/statements.js';
import { HttpError } from '../http.js';
import type { RequestContext, Row } from '../types.js';

/**
 * Who may manage what, as MISP's ACL and its admin controllers decide:
 * - only site admins manage organisations, roles and the users of other organisations;
 * - org admins (`perm_admin`) manage the users of their own organisation, and only there;
 * - every other role manages only its own profile, keys and settings.
 */
export const isSiteAdmin = (ctx: RequestContext): boolean => Boolean(ctx.user.role.perm_site_admin);
export const isOrgAdmin = (ctx: RequestContext): boolean => Boolean(ctx.user.role.perm_admin);
export const hasFlag = (ctx: RequestContext, flag: string): boolean =>
  Boolean((ctx.user.role as unknown as Record<string, unknown>)[flag]);

export function requireSiteAdmin(ctx: RequestContext): void {
  if (!isSiteAdmin(ctx)) throw new HttpError(403, NO_PERMISSION);
}

export function requireOrgAdmin(ctx: RequestContext): void {
  if (!isOrgAdmin(ctx) && !isSiteAdmin(ctx)) throw new HttpError(403, NO_PERMISSION);
}

export function requireFlag(ctx: RequestContext, flag: string): void {
  if (!hasFlag(ctx, flag)) throw new HttpError(403, NO_PERMISSION);
}

/**
 * Whether the caller administers this user: a site admin anyone, an org admin the users of their own
 * organisation except site admins. Otherwise MISP answers "Invalid user" (404), not a 403.
 */
export function canManageUser(ctx: RequestContext, user: Row): boolean {
  if (isSiteAdmin(ctx)) return true;
  if (!isOrgAdmin(ctx) || Number(user.org_id) !== ctx.user.org_id) return false;
  const role = prepare(ctx.db, 'SELECT perm_site_admin FROM roles WHERE id = ?').get(user.role_id) as Row | undefined;
  return !role?.perm_site_admin;
}

/**
 * Sharing groups a user's organisation is authorised for, as MISP computes it: those that list the
 * organisation, and those open to every organisation of this instance (`all_orgs` on the local server).
 * Owning a group is not enough (MISP's own rule), and a site admin sees all. The same rule decides which
 * events and attributes of distribution 4 a user sees (model/visibility.ts). One parameter: the org id.
 */
export const SG_MEMBER_SQL = `(SELECT sharing_group_id FROM sharing_group_orgs WHERE org_id = ?
  UNION SELECT sharing_group_id FROM sharing_group_servers WHERE server_id = 0 AND all_orgs = 1)`;
