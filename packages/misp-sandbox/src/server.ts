import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import type { Database } from 'better-sqlite3';
import { AUTH_FAILED, authenticate, candidateKeys, isRestRequest, NO_PERMISSION } from './auth.js';
import { type FaultQueue, normalise } from './faults.js';
import { BodyTooLarge, errorBody, HttpError, INVALID_JSON, readBody, sendJson } from './http.js';
import { RATE_LIMITED_PATHS, type RateLimiter } from './rate-limit.js';
import { parsePath, Reply, type Route, Router } from './router.js';
import { attributeRoutes } from './routes/attributes.js';
import { catalogueRoutes } from './routes/catalogue.js';
import { eventRoutes } from './routes/events.js';
import { metaRoutes } from './routes/meta.js';
import { objectRoutes } from './routes/objects.js';
import { sightingRoutes } from './routes/sightings.js';
import { tagRoutes } from './routes/tags.js';
import type { Emitter, RequestContext } from './types.js';

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
}

export function buildRouter(): Router {
  const router = new Router();
  for (const route of [
    ...metaRoutes,
    ...eventRoutes,
    ...attributeRoutes,
    ...objectRoutes,
    ...sightingRoutes,
    ...tagRoutes,
    ...catalogueRoutes,
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
  sighting: 'perm_sighting',
  site_admin: 'perm_site_admin',
} as const;

function decode(body: Buffer, encoding: string | undefined): Buffer {
  switch ((encoding ?? '').toLowerCase()) {
    case 'gzip':
      return gunzipSync(body);
    case 'br':
      return brotliDecompressSync(body);
    case 'deflate':
      return inflateSync(body);
    default:
      return body;
  }
}

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

    let rawBody: Buffer;
    try {
      rawBody = await readBody(req, deps.maxBodyBytes);
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        const message = `Request body too large: the sandbox accepts at most ${deps.maxBodyBytes} bytes.`;
        sendJson(res, 413, errorBody(413, message, url), { Connection: 'close' });
        return;
      }
      throw error;
    }

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
    const user = authenticate(deps.db, candidateKeys(req.headers));
    if (!user) {
      sendJson(res, 403, errorBody(403, AUTH_FAILED, url), {}, head);
      return;
    }
    const route: Route | undefined = candidates.find((r) => r.methods.includes(method === 'HEAD' ? 'HEAD' : method));
    if (!route) {
      if (candidates.length && method === 'GET') {
        sendJson(res, 200, {
          name: `${url} API description`,
          description: 'This action expects a POST request with a JSON body.',
          url,
        });
        return;
      }
      const status = candidates.length ? 405 : 404;
      sendJson(res, status, errorBody(status, candidates.length ? 'Method Not Allowed' : 'Not Found', url), {}, head);
      return;
    }
    if (route.permission && !user.role[PERMISSION_COLUMN[route.permission]]) {
      sendJson(res, 403, errorBody(403, NO_PERMISSION, url));
      return;
    }

    const headers: Record<string, string | number> = {};
    if (deps.rateLimiter && RATE_LIMITED_PATHS.has(path.canonical) && !user.role.perm_site_admin) {
      const decision = deps.rateLimiter.check(user.id);
      Object.assign(headers, decision.headers);
      if (!decision.allowed) {
        sendJson(res, 429, errorBody(429, 'Rate limit exceeded.', url), headers);
        return;
      }
    }

    let body: unknown;
    if (rawBody.length > 0) {
      try {
        const text = decode(rawBody, req.headers['content-encoding']).toString('utf8');
        body = text.trim() === '' ? undefined : JSON.parse(text);
      } catch {
        sendJson(res, 405, errorBody(405, INVALID_JSON, url));
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
      args: path.args,
      named,
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
      const result = route.handler(ctx);
      if (result instanceof Reply) sendJson(res, result.status, result.body, { ...headers, ...result.headers }, head);
      else sendJson(res, 200, result, headers, head);
    } catch (error) {
      if (error instanceof HttpError) {
        sendJson(res, error.status, errorBody(error.status, error.message, url, error.extra), error.headers, head);
        return;
      }
      deps.log(
        `misp-sandbox: ${method} ${path.canonical} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      sendJson(res, 500, errorBody(500, 'An Internal Error Has Occurred.', url), {}, head);
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
