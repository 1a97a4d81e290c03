import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Database } from 'better-sqlite3';
import { authenticateKey } from './accounts/auth-keys.js';
import { candidateKeys, isRestRequest, NO_PERMISSION } from './auth.js';
import { type FaultQueue, normalise } from './faults.js';
import { errorBody, HttpError, INVALID_JSON, readBody, sendJson } from './http.js';
import { trackWrite } from './logs/index.js';
import { negotiatedSender } from './negotiate.js';
import { RATE_LIMITED_PATHS, type RateLimiter } from './rate-limit.js';
import { parsePath, Reply, type Route, Router } from './router.js';
import { accountRoutes } from './routes/accounts.js';
import { adminRoutes } from './routes/admin.js';
import { analystDataRoutes } from './routes/analyst-data.js';
import { attachmentRoutes } from './routes/attachments.js';
import { attributeRoutes } from './routes/attributes.js';
import { catalogueRoutes } from './routes/catalogue.js';
import { catalogueAdminRoutes } from './routes/catalogues.js';
import { communityRoutes } from './routes/communities.js';
import { correlationRoutes } from './routes/correlations.js';
import { eventBlocklistRoutes } from './routes/event-blocklists.js';
import { eventReportImportRoutes } from './routes/event-report-import.js';
import { eventReportRoutes } from './routes/event-reports.js';
import { eventRoutes } from './routes/events.js';
import { feedRoutes } from './routes/feeds.js';
import { freeTextRoutes } from './routes/free-text.js';
import { galaxyClusterRoutes } from './routes/galaxy-clusters.js';
import { metaRoutes } from './routes/meta.js';
import { objectRoutes } from './routes/objects.js';
import { orgBlocklistRoutes } from './routes/org-blocklists.js';
import { serverRoutes } from './routes/servers.js';
import { instanceRoutes } from './routes/settings.js';
import { shadowAttributeRoutes } from './routes/shadow-attributes.js';
import { sharingGroupRoutes } from './routes/sharing-groups.js';
import { sightingRoutes } from './routes/sightings.js';
import { tagAttachRoutes } from './routes/tag-attach.js';
import { tagStatisticsRoutes } from './routes/tag-statistics.js';
import { tagRoutes } from './routes/tags.js';
import { RawReply, sendRaw } from './search/export.js';
import { FEED_PREFIX, serveFeedFile } from './sync/serve.js';
import type { Emitter, RequestContext } from './types.js';
import { serveWebPage } from './web/index.js';

export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface Stats {
  requests: number;
  byPath: Record<string, number>;
}

export interface ServerDeps {
  db: Database;
  maxBodyBytes: number;
  faults: FaultQueue;
  stats: Stats;
  events: Emitter;
  log: (line: string) => void;
  /** Per-user restSearch limit (MISP role rate limiting); absent = unlimited. */
  rateLimiter?: RateLimiter | undefined;
  /** Serve the published, all-communities events as a MISP-format feed under /feed/ (no key needed). */
  serveFeed?: boolean | undefined;
}

export function buildRouter(): Router {
  const router = new Router();
  // Account routes come first: they answer users/view, organisations/index and sharing_groups/index|view
  // in place of the simpler versions in meta.ts and catalogue.ts.
  for (const route of [
    ...accountRoutes,
    ...adminRoutes,
    ...sharingGroupRoutes,
    ...metaRoutes,
    ...eventRoutes,
    ...freeTextRoutes,
    ...eventBlocklistRoutes,
    ...orgBlocklistRoutes,
    ...communityRoutes,
    ...tagStatisticsRoutes,
    ...eventReportRoutes,
    ...eventReportImportRoutes,
    ...shadowAttributeRoutes,
    ...analystDataRoutes,
    ...attributeRoutes,
    ...attachmentRoutes,
    ...objectRoutes,
    ...sightingRoutes,
    ...tagRoutes,
    ...tagAttachRoutes,
    ...galaxyClusterRoutes,
    ...catalogueRoutes,
    ...catalogueAdminRoutes,
    ...instanceRoutes,
    ...correlationRoutes,
    ...feedRoutes,
    ...serverRoutes,
  ]) {
    router.add(route);
  }
  return router;
}

const PERMISSION_COLUMN = {
  add: 'perm_add',
  modify: 'perm_modify',
  publish: 'perm_publish',
  tagger: 'perm_tagger',
  tag_editor: 'perm_tag_editor',
  sighting: 'perm_sighting',
  object_template: 'perm_object_template',
  site_admin: 'perm_site_admin',
} as const;

function sendFault(res: ServerResponse, url: string, fault: NonNullable<ReturnType<FaultQueue['take']>>): void {
  const headers: Record<string, string | number> = {};
  if (fault.retryAfter !== undefined) headers['Retry-After'] = String(fault.retryAfter);
  if (fault.status === 429) {
    headers['X-Rate-Limit-Limit'] = '0';
    headers['X-Rate-Limit-Remaining'] = '0';
    headers['X-Rate-Limit-Reset'] = String(fault.retryAfter ?? 900);
  }
  if (fault.body !== undefined) {
    res.writeHead(fault.status, { 'Content-Type': 'application/json; charset=UTF-8', ...headers });
    res.end(fault.body);
    return;
  }
  const message =
    fault.status === 429
      ? 'Rate limit exceeded.'
      : fault.status === 500
        ? 'An Internal Error Has Occurred.'
        : `HTTP ${fault.status}`;
  sendJson(res, fault.status, errorBody(fault.status, message, url), headers);
}

export function createSandboxServer(deps: ServerDeps): Server {
  const router = buildRouter();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const requestUrl = new URL(req.url ?? '/', 'http://sandbox');
    const path = parsePath(requestUrl.pathname);
    const url = requestUrl.pathname;
    deps.stats.requests += 1;
    deps.stats.byPath[path.canonical] = (deps.stats.byPath[path.canonical] ?? 0) + 1;
    const head = method === 'HEAD';

    const fault = deps.faults.take([path.canonical, normalise(url)]);
    if (fault) {
      if (fault.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
      req.resume();
      sendFault(res, url, fault);
      return;
    }

    let bodyBytes: Buffer;
    try {
      bodyBytes = await readBody(req, deps.maxBodyBytes);
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      sendJson(res, error.status, errorBody(error.status, error.message, url), { Connection: 'close' });
      return;
    }

    if (deps.serveFeed && requestUrl.pathname.startsWith(FEED_PREFIX) && (method === 'GET' || head)) {
      const file = serveFeedFile(deps.db, requestUrl.pathname);
      res.writeHead(file.status, { 'Content-Type': file.contentType });
      res.end(head ? undefined : file.body);
      return;
    }

    // A browser (no JSON in Accept) gets the login page and read-only event pages (src/web).
    const isAutomation = router.find(path.controller, path.action).some((r) => r.automation);
    if (serveWebPage(deps.db, req, res, { path, body: bodyBytes, automation: isAutomation })) return;

    if (!router.hasController(path.controller)) {
      sendJson(res, 404, errorBody(404, 'Not Found', url), {}, head);
      return;
    }
    const candidates = router.find(path.controller, path.action);
    const automation = candidates.some((r) => r.automation);
    if (!isRestRequest(req.headers.accept, path.jsonSuffix, automation)) {
      res.writeHead(302, { Location: '/users/login', 'Content-Type': 'text/html; charset=UTF-8' });
      res.end(head ? undefined : '<!DOCTYPE html><html><body><a href="/users/login">Login</a></body></html>');
      return;
    }
    const send = negotiatedSender(req.headers.accept, path);
    const user = authenticateKey(deps.db, candidateKeys(req.headers), req.socket.remoteAddress);
    if (typeof user === 'string') {
      send(res, 403, errorBody(403, user, url), {}, head);
      return;
    }
    const route: Route | undefined = candidates.find((r) => r.methods.includes(method === 'HEAD' ? 'HEAD' : method));
    if (!route) {
      if (candidates.length && method === 'GET') {
        send(res, 200, {
          name: `${url} API description`,
          description: 'This action expects a POST request with a JSON body.',
          url,
        });
        return;
      }
      const status = candidates.length ? 405 : 404;
      send(res, status, errorBody(status, candidates.length ? 'Method Not Allowed' : 'Not Found', url), {}, head);
      return;
    }
    if (route.permission && !(user.role as unknown as Record<string, unknown>)[PERMISSION_COLUMN[route.permission]]) {
      send(res, 403, errorBody(403, NO_PERMISSION, url));
      return;
    }

    const headers: Record<string, string | number> = {};
    if (deps.rateLimiter && RATE_LIMITED_PATHS.has(path.canonical) && !user.role.perm_site_admin) {
      const decision = deps.rateLimiter.check(user.id);
      Object.assign(headers, decision.headers);
      if (!decision.allowed) {
        send(res, 429, errorBody(429, 'Rate limit exceeded.', url), headers);
        return;
      }
    }

    let body: unknown;
    if (bodyBytes.length > 0) {
      try {
        const text = bodyBytes.toString('utf8');
        body = text.trim() === '' ? undefined : JSON.parse(text);
      } catch {
        send(res, 405, errorBody(405, INVALID_JSON, url));
        return;
      }
      if (body && typeof body === 'object' && !Array.isArray(body)) {
        const keys = Object.keys(body);
        if (keys.length === 1 && keys[0] === 'request') body = (body as { request: unknown }).request;
      }
    }
    const named: Record<string, string> = { ...path.named };
    for (const [key, value] of requestUrl.searchParams) named[key] = value;

    const ctx: RequestContext = {
      db: deps.db,
      user,
      method,
      url,
      origin: `http://${req.headers.host ?? '127.0.0.1'}`,
      args: path.args,
      named,
      namedParams: path.named,
      body,
      events: deps.events,
      setHeader: (name, value) => {
        headers[name] = value;
      },
    };
    try {
      if (head && route.exists) {
        // MISP answers its existence checks with a bare status (`new CakeResponse(['status' => …])`).
        res.writeHead(route.exists(ctx) ? 200 : 404, { ...headers, 'Content-Length': 0 });
        res.end();
        return;
      }
      const logWrite = trackWrite(ctx, path.controller, path.action);
      const result = await route.handler(ctx);
      if (logWrite && !(result instanceof Reply && result.status !== 200)) logWrite();
      if (result instanceof RawReply) sendRaw(res, result, headers, head);
      else if (result instanceof Reply) send(res, result.status, result.body, { ...headers, ...result.headers }, head);
      else send(res, 200, result, headers, head);
    } catch (error) {
      if (error instanceof HttpError) {
        send(res, error.status, errorBody(error.status, error.message, url, error.extra), error.headers, head);
        return;
      }
      deps.log(
        `misp-sandbox: ${method} ${path.canonical} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      send(res, 500, errorBody(500, 'An Internal Error Has Occurred.', url), {}, head);
    }
  }

  return createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      deps.log(`misp-sandbox: request failed: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) sendJson(res, 500, errorBody(500, 'An Internal Error Has Occurred.', req.url ?? '/'));
      else res.destroy();
    });
  });
}
