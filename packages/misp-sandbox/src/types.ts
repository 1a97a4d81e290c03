import type { Database } from 'better-sqlite3';

export interface Role {
  id: number;
  name: string;
  perm_add: number;
  perm_modify: number;
  perm_publish: number;
  perm_tagger: number;
  perm_sighting: number;
  perm_admin: number;
  perm_site_admin: number;
  perm_galaxy_editor: number;
  rate_limit_count: number;
  enforce_rate_limit: number;
}

export interface AuthUser {
  id: number;
  org_id: number;
  role_id: number;
  email: string;
  created: number;
  role: Role;
}

export interface Emitter {
  published(eventId: number): void;
}

/** Everything a route handler needs for one request. */
export interface RequestContext {
  db: Database;
  user: AuthUser;
  method: string;
  /** Request path as received (used as `url` in MISP error bodies). */
  url: string;
  /** `http://` and the request's Host header: what MISP takes as its base URL while `MISP.baseurl` is empty. */
  origin: string;
  /** Positional path arguments after controller/action. */
  args: string[];
  /** CakePHP named params (`/limit:10`) merged with the query string. */
  named: Record<string, string>;
  /**
   * CakePHP named params only. Where MISP reads `passedArgs` or `params['named']` (events/index,
   * tags/index, attributes/delete) it never sees the query string, so neither does the sandbox.
   */
  namedParams: Record<string, string>;
  /** Parsed JSON body with `{request: …}` unwrapped; undefined when empty. */
  body: unknown;
  events: Emitter;
  setHeader(name: string, value: string | number): void;
}

export type Handler = (ctx: RequestContext) => unknown;

export interface Row {
  [column: string]: unknown;
}
