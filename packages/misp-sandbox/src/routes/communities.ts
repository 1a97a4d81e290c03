import { communities } from '../catalogues/communities.js';
import { HttpError } from '../http.js';
import { isUuid } from '../model/attributes.js';
import type { Route } from '../router.js';
import type { RequestContext } from '../types.js';
import { filters } from './util.js';

/** The fields `value` is looked for in (case-insensitive substring), as MISP searches them. */
const SEARCHED = ['name', 'uuid', 'description', 'url', 'sector', 'nationality', 'type', 'org_uuid', 'org_name'];

/** `context` `vetted` (the default: the MISP project's vetted communities) or anything else (the others). */
function index(ctx: RequestContext) {
  const f = filters(ctx);
  const vetted = (f.context === undefined || f.context === '' ? 'vetted' : String(f.context)) === 'vetted';
  const value = f.value ? String(f.value).toLowerCase() : '';
  return communities(ctx.db).filter(
    (c) =>
      (c.misp_project_vetted === true) === vetted &&
      (!value ||
        SEARCHED.some((field) =>
          String(c[field] ?? '')
            .toLowerCase()
            .includes(value),
        )),
  );
}

/** By its id (place in the list) or uuid, whether vetted or not. */
function view(ctx: RequestContext) {
  const ref = ctx.args[0] ?? '';
  const found = communities(ctx.db).find((c) => (isUuid(ref) ? c.uuid === ref : String(c.id) === ref));
  if (!found) throw new HttpError(404, 'Community not found.');
  return found;
}

// MISP's ACL: site admins only.
export const communityRoutes: Route[] = [
  { controller: 'communities', action: 'index', methods: ['GET', 'POST'], handler: index, permission: 'site_admin' },
  { controller: 'communities', action: 'view', methods: ['GET'], handler: view, permission: 'site_admin' },
];
