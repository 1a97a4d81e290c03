import type { IncomingMessage, ServerResponse } from 'node:http';
import { botMessage, type Core, randomId } from './core.js';
import {
  BadBodyError,
  BodyTooLargeError,
  boolParam,
  parseParams,
  readBody,
  sendJson,
  stringParam,
} from './http-util.js';
import { readMessageContent } from './message-content.js';
import type { Message } from './messages.js';

/** Slack: a response_url may be used up to 5 times within 30 minutes. */
export const RESPONSE_URL_MAX_USES = 5;
export const RESPONSE_URL_LIFETIME_MS = 30 * 60 * 1000;

interface ResponseTarget {
  channel: string;
  user: string;
  /** The message the interaction came from (block_actions, shortcuts); replace/delete_original act on it. */
  sourceTs?: string;
  /** The last message this URL posted; for slash commands replace/delete_original act on it. */
  lastTs?: string;
  uses: number;
  createdMs: number;
}

export class ResponseUrls {
  private readonly targets = new Map<string, ResponseTarget>();

  constructor(
    private readonly core: Core,
    private readonly limits = { maxUses: RESPONSE_URL_MAX_USES, lifetimeMs: RESPONSE_URL_LIFETIME_MS },
  ) {}

  create(target: { channel: string; user: string; sourceTs?: string }): string {
    const id = `${this.core.workspace.team.id}/${randomId(6)}/${randomId(12)}`;
    this.targets.set(id, { ...target, uses: 0, createdMs: this.core.clock() });
    return `${this.core.baseUrl()}/response_url/${id}`;
  }

  /**
   * Posts a response the way Slack treats an immediate ack body or a response_url POST:
   * ephemeral unless `response_type: 'in_channel'`, or replacing/deleting the original.
   */
  respond(
    target: { channel: string; user: string; sourceTs?: string; lastTs?: string },
    params: Record<string, unknown>,
  ): { ok: true; message?: Message } | { ok: false; error: string; messages?: string[] } {
    const store = this.core.store;
    const originalTs = target.lastTs ?? target.sourceTs;
    const original = originalTs === undefined ? undefined : store.find(target.channel, originalTs);
    if (boolParam(params.delete_original)) {
      if (!original) return { ok: false, error: 'message_not_found' };
      store.remove(original);
      return { ok: true };
    }
    const replace = boolParam(params.replace_original) === true;
    const read = readMessageContent(params, true);
    if (!read.ok) return read;
    const responseType = stringParam(params.response_type) === 'in_channel' ? 'in_channel' : 'ephemeral';
    if (replace && original) {
      const changes: Partial<Message> = { text: read.content.text ?? '' };
      if (read.content.blocks) changes.blocks = read.content.blocks;
      else delete original.blocks;
      store.update(original, changes);
      return { ok: true, message: original };
    }
    const threadTs = stringParam(params.thread_ts);
    const message = botMessage(this.core, {
      channel: target.channel,
      text: read.content.text ?? '',
      response_type: responseType,
      ...(read.content.blocks ? { blocks: read.content.blocks } : {}),
      ...(read.content.attachments ? { attachments: read.content.attachments } : {}),
      ...(responseType === 'ephemeral' ? { ephemeral_to: target.user } : {}),
      ...(threadTs ? { thread_ts: threadTs } : {}),
    });
    store.add(message);
    return { ok: true, message };
  }

  /** Posts an immediate response (an ack body) through the URL without counting a use. */
  respondTo(url: string, params: Record<string, unknown>): Message | undefined {
    const id = url.slice(url.indexOf('/response_url/') + '/response_url/'.length);
    const target = this.targets.get(id);
    if (!target) return undefined;
    const result = this.respond(target, params);
    if (!result.ok || !result.message) return undefined;
    if (!boolParam(params.replace_original)) target.lastTs = result.message.ts;
    return result.message;
  }

  async handle(req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
    const target = this.targets.get(id);
    if (req.method !== 'POST') return sendJson(res, 405, { ok: false, error: 'method_not_allowed' });
    if (!target) return sendJson(res, 404, { ok: false, error: 'invalid_url' });
    if (this.core.clock() - target.createdMs > this.limits.lifetimeMs) {
      return sendJson(res, 404, { ok: false, error: 'expired_url' });
    }
    if (target.uses >= this.limits.maxUses) return sendJson(res, 404, { ok: false, error: 'used_url' });
    let params: Record<string, unknown>;
    try {
      const body = await readBody(req, 1024 * 1024);
      params = parseParams(req.headers['content-type'], body, new URLSearchParams());
      // Slack's legacy form: `payload=<json>`.
      if (typeof params.payload === 'string') params = JSON.parse(params.payload) as Record<string, unknown>;
    } catch (error) {
      if (error instanceof BodyTooLargeError) return sendJson(res, 413, { ok: false, error: 'request_too_large' });
      return sendJson(res, 400, { ok: false, error: error instanceof BadBodyError ? error.code : 'invalid_payload' });
    }
    target.uses += 1;
    const result = this.respond(target, params);
    if (!result.ok) {
      const body = {
        ok: false,
        error: result.error,
        ...(result.messages ? { response_metadata: { messages: result.messages } } : {}),
      };
      return sendJson(res, result.error === 'message_not_found' ? 404 : 400, body);
    }
    if (result.message && !boolParam(params.replace_original)) target.lastTs = result.message.ts;
    sendJson(res, 200, { ok: true });
  }
}
