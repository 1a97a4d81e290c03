import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Core } from '../core.js';
import { BadBodyError, BodyTooLargeError, parseParams, readBody, sendJson } from '../http-util.js';
import * as chat from './chat.js';
import * as conversations from './conversations.js';
import type { Method, MethodContext } from './types.js';
import * as users from './users.js';
import * as views from './views.js';

export { ViewStore } from './types.js';

const BOT_METHODS: Record<string, Method> = {
  'auth.test': users.authTest,
  'chat.postMessage': chat.postMessage,
  'chat.postEphemeral': chat.postEphemeral,
  'chat.update': chat.update,
  'chat.delete': chat.remove,
  'chat.getPermalink': chat.getPermalink,
  'conversations.info': conversations.info,
  'conversations.list': conversations.list,
  'conversations.history': conversations.history,
  'conversations.replies': conversations.replies,
  'conversations.join': conversations.join,
  'users.conversations': conversations.userConversations,
  'users.info': users.info,
  'views.open': views.open,
  'views.update': views.update,
  'views.publish': views.publish,
};

/** The Web API subset served under `/api/`, with Slack's envelopes and token rules. */
export const SUPPORTED_METHODS = [...Object.keys(BOT_METHODS), 'apps.connections.open'].sort();

export interface WebApiOptions {
  maxBodyBytes: number;
  openSocketUrl?: () => string;
}

export class WebApi {
  /** Calls per method, for tests. */
  readonly calls = new Map<string, number>();

  constructor(
    private readonly core: Core,
    private readonly options: WebApiOptions,
  ) {}

  async handle(req: IncomingMessage, res: ServerResponse, method: string, query: URLSearchParams): Promise<void> {
    this.calls.set(method, (this.calls.get(method) ?? 0) + 1);
    let params: Record<string, unknown>;
    try {
      const body = req.method === 'POST' ? await readBody(req, this.options.maxBodyBytes) : Buffer.alloc(0);
      params = parseParams(req.headers['content-type'], body, query);
    } catch (error) {
      if (error instanceof BodyTooLargeError) return sendJson(res, 413, { ok: false, error: 'request_too_large' });
      return sendJson(res, 200, { ok: false, error: error instanceof BadBodyError ? error.code : 'invalid_form_data' });
    }
    const isAppMethod = method === 'apps.connections.open';
    const handler = BOT_METHODS[method];
    if (!handler && !isAppMethod) return sendJson(res, 200, { ok: false, error: 'unknown_method', req_method: method });

    const token = bearer(req.headers.authorization) ?? (typeof params.token === 'string' ? params.token : undefined);
    if (!token) return sendJson(res, 200, { ok: false, error: 'not_authed' });
    const { botToken, appToken } = this.core.tokens;
    if (token !== botToken && token !== appToken) return sendJson(res, 200, { ok: false, error: 'invalid_auth' });
    const tokenType = token === appToken ? 'app' : 'bot';
    if (isAppMethod !== (tokenType === 'app'))
      return sendJson(res, 200, { ok: false, error: 'not_allowed_token_type' });

    if (isAppMethod) {
      if (!this.options.openSocketUrl) return sendJson(res, 200, { ok: false, error: 'not_allowed' });
      return sendJson(res, 200, { ok: true, url: this.options.openSocketUrl() });
    }

    const channel =
      typeof params.channel === 'string' ? this.core.workspace.resolveChannel(params.channel)?.id : undefined;
    const decision = this.core.rateLimiter.check(method, channel);
    if (decision.limited) {
      return sendJson(res, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(decision.retryAfter) });
    }
    const ctx: MethodContext = { core: this.core, tokenType, views: this.core.views };
    try {
      sendJson(res, 200, handler!(ctx, params));
    } catch {
      sendJson(res, 200, { ok: false, error: 'fatal_error' });
    }
  }
}

function bearer(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match?.[1];
}
