// What a browser gets from the sandbox: a login page that shows the demo credentials, then read-only
// event pages. MISP tells a browser from an API client the way `isRestRequest` does (JSON in Accept,
// a `.json` suffix, or an automation action); an API key alone does not make a browser request an
// API call. Every API request passes through untouched, so the API behaves exactly as before.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Database } from 'better-sqlite3';
import { isRestRequest } from '../auth.js';
import { prepare } from '../db/statements.js';
import { buildEvent, buildEvents, findVisibleEvent } from '../model/events.js';
import { eventVisible } from '../model/visibility.js';
import type { ParsedPath } from '../router.js';
import type { AuthUser, Role, Row } from '../types.js';
import { eventListBody, eventViewBody } from './event-pages.js';
import { html, page } from './html.js';

/** The password of every sandbox user on the login page (MISP's initial one for admin@admin.test). */
export const WEB_PASSWORD = 'admin';
const SESSION_COOKIE = 'MISP-sandbox';
const RETURN_COOKIE = 'MISP-sandbox-return';
const EVENT_LIST_LIMIT = 200;
/** `controller/action` of the pages a browser can open. */
const PAGES = new Set(['/index', 'events/index', 'events/view']);

/** Browser sessions per sandbox database (token → user id); they end with the process. */
const sessions = new WeakMap<Database, Map<string, number>>();

export interface WebRequest {
  path: ParsedPath;
  body: Buffer;
  /** Whether the route is a MISP automation action (always an API call). */
  automation: boolean;
}

function cookies(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq).trim()] = decodeURIComponent(part.slice(eq + 1).trim());
  }
  return out;
}

function loadUser(db: Database, where: string, value: unknown): AuthUser | undefined {
  const user = prepare(db, `SELECT id, org_id, role_id, email, created FROM users WHERE ${where} = ?`).get(value) as
    | Omit<AuthUser, 'role'>
    | undefined;
  if (!user) return undefined;
  return { ...user, role: prepare(db, 'SELECT * FROM roles WHERE id = ?').get(user.role_id) as Role };
}

function sessionUser(db: Database, req: IncomingMessage): AuthUser | undefined {
  const token = cookies(req)[SESSION_COOKIE];
  const id = token ? sessions.get(db)?.get(token) : undefined;
  return id === undefined ? undefined : loadUser(db, 'id', id);
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string | string[]> = {}) {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=UTF-8',
    'Cache-Control': 'no-store',
    'X-Frame-Options': 'DENY',
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
    ...headers,
  });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

function redirect(res: ServerResponse, location: string, setCookie?: string[]) {
  res.writeHead(302, {
    Location: location,
    'Content-Type': 'text/html; charset=UTF-8',
    ...(setCookie ? { 'Set-Cookie': setCookie } : {}),
  });
  res.end(
    res.req.method === 'HEAD'
      ? undefined
      : `<!DOCTYPE html><html><body><a href="${location}">Continue</a></body></html>`,
  );
}

/** Only local paths are followed after login, never another site. */
function safeReturn(value: string | undefined): string {
  return value && /^\/(?!\/)[^\s\\]*$/.test(value) && !value.startsWith('/users/') ? value : '/events/index';
}

function loginPage(db: Database, error?: string): string {
  const users = prepare(
    db,
    `SELECT u.email, r.name AS role, o.name AS org FROM users u JOIN roles r ON r.id = u.role_id
       JOIN organisations o ON o.id = u.org_id ORDER BY u.id`,
  ).all() as Row[];
  const body = html`<h1>Login</h1>
${error ? html`<p class="error">${error}</p>` : ''}
<div class="note"><strong>Demo credentials</strong> (this is a local sandbox, not a real MISP): sign in as any user below with the password <code>${WEB_PASSWORD}</code>, e.g. <code>admin@admin.test</code> / <code>${WEB_PASSWORD}</code>. API clients use the user's API key instead, printed when the sandbox starts.</div>
<form class="login" method="post" action="/users/login">
<label for="email">Email</label><input id="email" name="data[User][email]" type="email" autocomplete="username" value="admin@admin.test" required>
<label for="password">Password</label><input id="password" name="data[User][password]" type="password" autocomplete="current-password" required>
<button type="submit">Login</button>
</form>
<h2>Sandbox users</h2>
<table><thead><tr><th>Email</th><th>Role</th><th>Organisation</th></tr></thead><tbody>${users.map((u) => html`<tr><td><code>${u.email}</code></td><td>${u.role}</td><td>${u.org}</td></tr>`)}</tbody></table>`;
  return page('Login', body);
}

function login(db: Database, req: IncomingMessage, res: ServerResponse, body: Buffer): void {
  const form = new URLSearchParams(body.toString('utf8'));
  const email = (form.get('data[User][email]') ?? form.get('email') ?? '').trim();
  const password = form.get('data[User][password]') ?? form.get('password') ?? '';
  const user = email ? loadUser(db, 'email', email) : undefined;
  if (!user || password !== WEB_PASSWORD) {
    send(res, 200, loginPage(db, 'Invalid username or password, try again.'));
    return;
  }
  const token = randomBytes(24).toString('hex');
  const store = sessions.get(db) ?? new Map<string, number>();
  sessions.set(db, store);
  store.set(token, user.id);
  redirect(res, safeReturn(cookies(req)[RETURN_COOKIE]), [
    `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax`,
    `${RETURN_COOKIE}=; Path=/; Max-Age=0`,
  ]);
}

function logout(db: Database, req: IncomingMessage, res: ServerResponse): void {
  const token = cookies(req)[SESSION_COOKIE];
  if (token) sessions.get(db)?.delete(token);
  redirect(res, '/users/login', [`${SESSION_COOKIE}=; Path=/; Max-Age=0`]);
}

function eventList(db: Database, user: AuthUser): string {
  const visible = eventVisible(user);
  const rows = prepare(
    db,
    `SELECT e.* FROM events e WHERE ${visible.sql} ORDER BY e.id DESC LIMIT ${EVENT_LIST_LIMIT}`,
  ).all(...visible.params) as Row[];
  return page('Events', eventListBody(buildEvents(db, user, rows, { metadata: true })), user.email);
}

/**
 * Answers a browser request (true) or leaves it to the API (false). Only GET/HEAD pages and the
 * login form exist; any other browser request goes to the login page, as in MISP.
 */
export function serveWebPage(db: Database, req: IncomingMessage, res: ServerResponse, request: WebRequest): boolean {
  const { path } = request;
  if (isRestRequest(req.headers.accept, path.jsonSuffix, request.automation)) return false;
  const method = (req.method ?? 'GET').toUpperCase();
  const where = `${path.controller}/${path.action.toLowerCase()}`;
  if (where === 'users/login') {
    if (method === 'POST') login(db, req, res, request.body);
    else send(res, 200, loginPage(db));
    return true;
  }
  if (where === 'users/logout') {
    logout(db, req, res);
    return true;
  }
  const user = sessionUser(db, req);
  if (!user) {
    // Remember where to go after login, for the pages that exist (not for a stray /favicon.ico).
    const target = (req.url ?? '/').split('?')[0] ?? '/';
    const remember = method === 'GET' && PAGES.has(where);
    redirect(
      res,
      '/users/login',
      remember
        ? [`${RETURN_COOKIE}=${encodeURIComponent(safeReturn(target))}; Path=/; HttpOnly; SameSite=Lax`]
        : undefined,
    );
    return true;
  }
  if (method !== 'GET' && method !== 'HEAD') {
    send(
      res,
      405,
      page(
        'Read-only',
        html`<h1>Read-only</h1><p>The sandbox's browser pages only show data; use the API to change it.</p>`,
        user.email,
      ),
    );
    return true;
  }
  if (where === '/index' || where === 'events/index') {
    send(res, 200, eventList(db, user));
    return true;
  }
  if (where === 'events/view') {
    const row = findVisibleEvent(db, user, path.args[0]);
    if (!row) {
      send(
        res,
        404,
        page(
          'Invalid event',
          html`<h1>Invalid event</h1><p>No event ${path.args[0] ?? ''} that you can see. <a href="/events/index">All events</a></p>`,
          user.email,
        ),
      );
      return true;
    }
    const event = buildEvent(db, user, row, { includeSightings: true });
    send(res, 200, page(String(event.info ?? 'Event'), eventViewBody(event), user.email));
    return true;
  }
  send(
    res,
    404,
    page(
      'Not in the sandbox',
      html`<h1>Not in the sandbox</h1><p>The sandbox has browser pages for <a href="/events/index">events</a> only; everything else is its API.</p>`,
      user.email,
    ),
  );
  return true;
}
