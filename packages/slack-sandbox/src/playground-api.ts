/**
 * The playground: static page files and the internal `/_sandbox/*` API the page uses
 * (contracts §4). Not part of Slack; never exposed to the app under test.
 */
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Core } from './core.js';
import { BadBodyError, BodyTooLargeError, readBody, sendJson } from './http-util.js';
import { InteractionError, type Interactions } from './interactions.js';
import type { Message } from './messages.js';

/** `src/playground` when running from source, `dist/playground` when built (copied by tsup). */
export const PLAYGROUND_DIR = fileURLToPath(new URL('./playground/', import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** The message as the playground sees it (contracts §4). */
export function playgroundMessage(message: Message): Record<string, unknown> {
  const { type: _type, unfurl_links: _l, unfurl_media: _m, team: _t, app_id: _a, ...rest } = message;
  return rest;
}

const visibleTo = (message: Message, as: string | null): boolean =>
  message.ephemeral_to === undefined || (as !== null && message.ephemeral_to === as);

export class PlaygroundApi {
  private readonly streams = new Map<ServerResponse, string | null>();

  constructor(
    private readonly core: Core,
    private readonly interactions: Interactions,
    private readonly playgroundDir = PLAYGROUND_DIR,
  ) {}

  /** Returns false when the path is not the playground's. */
  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const path = url.pathname;
    if (path === '/' || path === '/index.html' || path.startsWith('/playground/')) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return false;
      await this.serveStatic(
        res,
        path === '/' || path === '/index.html' ? 'index.html' : path.slice('/playground/'.length),
      );
      return true;
    }
    if (!path.startsWith('/_sandbox/')) return false;
    const route = path.slice('/_sandbox/'.length);
    try {
      if (req.method === 'GET' && route === 'state') return this.done(res, 200, this.state());
      if (req.method === 'GET' && route === 'events') {
        this.openStream(req, res, url.searchParams.get('as'));
        return true;
      }
      const messagesRoute = /^channels\/([^/]+)\/messages$/.exec(route);
      if (req.method === 'GET' && messagesRoute) {
        const channel = this.core.workspace.resolveChannel(safeDecode(messagesRoute[1] ?? ''));
        if (!channel) return this.done(res, 404, { ok: false, error: 'channel_not_found' });
        const as = url.searchParams.get('as');
        const messages = this.core.store
          .list(channel.id)
          .filter((m) => visibleTo(m, as))
          .map(playgroundMessage);
        return this.done(res, 200, messages);
      }
      if (
        req.method === 'POST' &&
        ['slash', 'action', 'shortcut', 'message', 'app-home-opened', 'view-submission'].includes(route)
      ) {
        const body = await readJson(req);
        return this.done(res, 200, await this.interact(route, body));
      }
      return this.done(res, 404, { ok: false, error: 'not_found' });
    } catch (error) {
      if (error instanceof InteractionError)
        return this.done(res, 400, { ok: false, error: error.code, detail: error.message });
      if (error instanceof BodyTooLargeError) return this.done(res, 413, { ok: false, error: 'request_too_large' });
      if (error instanceof BadBodyError) return this.done(res, 400, { ok: false, error: error.code });
      return this.done(res, 500, { ok: false, error: 'internal_error' });
    }
  }

  private done(res: ServerResponse, status: number, body: unknown): true {
    sendJson(res, status, body, { 'cache-control': 'no-store' });
    return true;
  }

  state() {
    const { workspace } = this.core;
    const homeViews: Record<string, unknown> = {};
    for (const [user, view] of this.core.views.homes) homeViews[user] = { id: view.id, ...view.body };
    return {
      team: workspace.team,
      botUserId: workspace.bot.userId,
      users: [...workspace.users.values()],
      channels: [...workspace.channels.values()].map((c) => ({ ...c, is_member: workspace.isBotMember(c) })),
      homeViews,
      // Modals open per user (views.open), oldest first: the page shows the newest of the viewer's.
      modals: [...this.core.views.byId.values()]
        .filter((v) => v.type === 'modal' && v.user !== undefined)
        .map((v) => ({ ...v.body, id: v.id, user: v.user })),
    };
  }

  private async interact(route: string, body: Record<string, unknown>) {
    const str = (key: string, required = true): string | undefined => {
      const value = body[key];
      if (value === undefined || value === null || value === '') {
        if (required) throw new InteractionError('invalid_arguments', `missing field ${key}`);
        return undefined;
      }
      if (typeof value !== 'string') throw new InteractionError('invalid_arguments', `field ${key} must be a string`);
      return value;
    };
    const optional = (key: string) => {
      const value = str(key, false);
      return value === undefined ? {} : { [key]: value };
    };
    if (route === 'slash') {
      const result = await this.interactions.slashCommand({
        user: str('user')!,
        channel: str('channel')!,
        command: str('command')!,
        text: str('text', false) ?? '',
      });
      return { ok: true, acked: result.acked, ...(result.error ? { error: result.error } : {}) };
    }
    if (route === 'message') {
      const message = this.interactions.postUserMessage({
        user: str('user')!,
        channel: str('channel')!,
        text: str('text')!,
        ...(str('thread_ts', false) ? { thread_ts: str('thread_ts')! } : {}),
      });
      return { ok: true, message: playgroundMessage(message) };
    }
    if (route === 'view-submission') {
      const values = body.values;
      if (typeof values !== 'object' || values === null || Array.isArray(values)) {
        throw new InteractionError('invalid_arguments', 'field values must be an object');
      }
      const result = await this.interactions.submitView({
        user: str('user')!,
        viewId: str('viewId')!,
        values: values as Record<string, Record<string, unknown>>,
      });
      return {
        ok: true,
        acked: result.acked,
        outcome: result.outcome,
        ...(result.errors ? { errors: result.errors } : {}),
      };
    }
    if (route === 'app-home-opened') {
      const result = await this.interactions.appHomeOpened(str('user')!);
      return { ok: true, acked: result.acked, ...(result.error ? { error: result.error } : {}) };
    }
    if (route === 'action' && str('viewId', false)) {
      const result = await this.interactions.clickViewButton({
        user: str('user')!,
        viewId: str('viewId')!,
        actionId: str('actionId')!,
        ...optional('value'),
        ...optional('blockId'),
      });
      return { ok: true, acked: result.acked, ...(result.error ? { error: result.error } : {}) };
    }
    if (route === 'action') {
      const result = await this.interactions.clickButton({
        user: str('user')!,
        channel: str('channel')!,
        messageTs: str('messageTs')!,
        actionId: str('actionId')!,
        ...optional('value'),
        ...optional('blockId'),
      });
      return { ok: true, acked: result.acked, ...(result.error ? { error: result.error } : {}) };
    }
    const result = await this.interactions.messageShortcut({
      user: str('user')!,
      channel: str('channel')!,
      messageTs: str('messageTs')!,
      callbackId: str('callbackId')!,
    });
    return { ok: true, acked: result.acked, ...(result.error ? { error: result.error } : {}) };
  }

  private openStream(req: IncomingMessage, res: ServerResponse, as: string | null): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    res.write(': connected\n\n');
    this.streams.set(res, as);
    const unsubscribe = this.core.store.onChange((change) => {
      if (!visibleTo(change.message, as)) return;
      const data = { type: change.type, channel: change.channel, message: playgroundMessage(change.message) };
      res.write(`event: message\ndata: ${JSON.stringify(data)}\n\n`);
    });
    // A comment line now and then keeps proxies and the browser from dropping an idle stream.
    const heartbeat = setInterval(() => res.write(': ping\n\n'), 15_000);
    heartbeat.unref();
    const cleanup = () => {
      clearInterval(heartbeat);
      unsubscribe();
      this.streams.delete(res);
    };
    req.on('close', cleanup);
    res.on('close', cleanup);
  }

  /** Sends a non-message event (`{type:'home', user}`) to the pages it concerns. */
  broadcast(event: Record<string, unknown>): void {
    for (const [res, as] of this.streams) {
      if (typeof event.user === 'string' && as !== null && as !== '' && as !== event.user) continue;
      res.write(`event: message\ndata: ${JSON.stringify(event)}\n\n`);
    }
  }

  closeStreams(): void {
    for (const res of this.streams.keys()) res.end();
    this.streams.clear();
  }

  private async serveStatic(res: ServerResponse, relative: string): Promise<void> {
    const root = resolve(this.playgroundDir);
    const file = relative === EMOJI_FONT_PATH ? emojiFontFile() : resolve(root, safeDecode(relative));
    if (file !== emojiFontFile() && !file.startsWith(root + sep)) {
      return void sendJson(res, 404, { ok: false, error: 'not_found' });
    }
    try {
      const info = await stat(file);
      if (!info.isFile()) throw new Error('not a file');
      const data = await readFile(file);
      res.writeHead(200, {
        'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
        'content-length': data.length,
        'cache-control': 'no-cache',
      });
      res.end(data);
    } catch {
      if (relative === 'index.html') {
        const html =
          '<!doctype html><title>Slack sandbox</title><p>The playground page is not built. The API is at <code>/api/</code>.</p>';
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(html);
        return;
      }
      sendJson(res, 404, { ok: false, error: 'not_found' });
    }
  }
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const body = await readBody(req, 256 * 1024);
  const text = body.toString('utf8').trim();
  if (text === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new BadBodyError('invalid_json');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new BadBodyError('json_not_object');
  return parsed as Record<string, unknown>;
}

/**
 * The colour emoji font the page falls back to when the browser has none (headless Chromium, many
 * Linux desktops): Twemoji as a COLR font, served from its package so that emoji render everywhere.
 */
const EMOJI_FONT_PATH = 'fonts/twemoji.woff2';
let emojiFont: string | undefined;
function emojiFontFile(): string {
  if (emojiFont === undefined) {
    try {
      emojiFont = createRequire(import.meta.url).resolve('twemoji-colr-font/twemoji.woff2');
    } catch {
      emojiFont = ''; // not installed: the page keeps the browser's own emoji font
    }
  }
  return emojiFont;
}

/** Malformed percent-encoding is a bad path, not a server error. */
function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return '\u0000invalid';
  }
}
