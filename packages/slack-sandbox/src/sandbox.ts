import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Core, randomId, type Tokens, TriggerIds } from './core.js';
import { DEFAULT_ACK_TIMEOUT_MS, type Delivery, type DeliveryResult } from './delivery.js';
import { HttpDelivery } from './http-delivery.js';
import { sendJson } from './http-util.js';
import {
  type ClickButtonInput,
  Interactions,
  type MessageShortcutInput,
  type SlashCommandInput,
  type SlashCommandResult,
  type UserMessageInput,
  type ViewButtonInput,
  type ViewSubmissionInput,
  type ViewSubmissionResult,
} from './interactions.js';
import { type Message, type MessageChange, MessageStore } from './messages.js';
import { PlaygroundApi } from './playground-api.js';
import { type ForcedRateLimit, RateLimiter, type RateLimitOptions } from './rate-limit.js';
import { RESPONSE_URL_LIFETIME_MS, RESPONSE_URL_MAX_USES, ResponseUrls } from './response-url.js';
import { type DisconnectReason, SocketModeServer } from './socket-mode.js';
import { WebApi } from './web-api/index.js';
import { ViewStore } from './web-api/types.js';
import {
  type Channel,
  DEFAULT_BOT,
  type NewChannel,
  type NewUser,
  type User,
  Workspace,
  type WorkspaceOptions,
} from './workspace.js';

export interface SlackSandboxOptions {
  /** Default 0 (any free port). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** How payloads reach the app. Default `socket`. */
  mode?: 'socket' | 'http';
  /** Used to sign HTTP deliveries; generated if absent. */
  signingSecret?: string;
  /** The app's request URL (HTTP mode), e.g. `http://127.0.0.1:3000/slack/events`. Can be set later. */
  requestUrl?: string;
  botToken?: string;
  appToken?: string;
  rateLimits?: RateLimitOptions;
  workspace?: WorkspaceOptions;
  /** How long the app has to acknowledge a delivery. Default 3000 ms, as Slack. */
  ackTimeoutMs?: number;
  /** Delays before the 1st, 2nd and 3rd event retry in HTTP mode. Default [0, 60000, 300000]. */
  eventRetryDelaysMs?: number[];
  /** Largest Web API request body. Default 1 MiB. */
  maxBodyBytes?: number;
  /** How long a response_url stays usable. Default 30 minutes, as Slack. */
  responseUrlLifetimeMs?: number;
  /** Folder the playground page is served from. Default: the page shipped with this package. */
  playgroundDir?: string;
  /**
   * Epoch milliseconds, for rate limits and the expiry of response_urls, trigger_ids and Socket Mode
   * tickets. Default `Date.now`. Tests pass a fake clock and advance it, so their outcome does not
   * depend on how fast the machine runs. Message `ts` values and request signatures stay on real
   * time, because the app checks them against its own clock.
   */
  clock?: () => number;
}

export interface SlackSandbox {
  readonly apiUrl: string;
  readonly url: string;
  readonly playgroundUrl: string;
  readonly botToken: string;
  readonly appToken: string;
  readonly signingSecret: string;
  readonly mode: 'socket' | 'http';
  readonly botUserId: string;
  readonly teamId: string;
  readonly workspace: Workspace;
  slashCommand(input: SlashCommandInput): Promise<SlashCommandResult>;
  clickButton(input: ClickButtonInput): Promise<DeliveryResult>;
  messageShortcut(input: MessageShortcutInput): Promise<DeliveryResult>;
  /** A click on a button in a published App Home or an open modal. */
  clickViewButton(input: ViewButtonInput): Promise<DeliveryResult>;
  /** A person submits an open modal (`view_submission`); the app's ack decides whether it closes. */
  submitView(input: ViewSubmissionInput): Promise<ViewSubmissionResult>;
  /** The modals open for a user, newest last (views.open with a trigger from that user's interaction). */
  openModals(user: string): Array<{ id: string } & Record<string, unknown>>;
  /** A person posts a plain message; the app gets `message` (and `app_mention`) events if it is in the channel. */
  postUserMessage(input: UserMessageInput): Message;
  /** Delivers an Events API event (wrapped in `event_callback`). */
  sendEvent(event: Record<string, unknown>): Promise<DeliveryResult>;
  appHomeOpened(user: string): Promise<DeliveryResult>;
  messages(channel: string): Message[];
  waitForMessage(predicate: (message: Message) => boolean, options?: { timeoutMs?: number }): Promise<Message>;
  createChannel(input: NewChannel): Channel;
  createUser(input: NewUser): User;
  addBotToChannel(channel: string): Channel;
  archiveChannel(channel: string): Channel;
  /**
   * Slack Connect: shares the channel with another workspace (or stops), as `conversations.info`
   * then reports, and sends the app `channel_shared` / `channel_unshared` as Slack does.
   */
  shareChannel(channel: string, shared?: boolean): Promise<DeliveryResult>;
  setRateLimit(options: RateLimitOptions): void;
  /** The next `times` calls of `method` get 429 with `Retry-After: retryAfter`. */
  forceRateLimit(limit: ForcedRateLimit): void;
  setRequestUrl(url: string): void;
  disconnectSockets(reason?: DisconnectReason): void;
  /** Number of open Socket Mode connections. */
  socketConnections(): number;
  /** Published App Home view per user. */
  homeView(user: string): Record<string, unknown> | undefined;
  /** Web API calls per method since start. */
  apiCalls(): Record<string, number>;
  onMessage(listener: (change: MessageChange) => void): () => void;
  close(): Promise<void>;
}

// How long waitForMessage waits before giving up: generous, since on a loaded machine a short wait fails tests.
const DEFAULT_WAIT_MS = 15_000;

export async function startSlackSandbox(options: SlackSandboxOptions = {}): Promise<SlackSandbox> {
  const mode = options.mode ?? 'socket';
  const bot = DEFAULT_BOT;
  const tokens: Tokens = {
    botToken: options.botToken ?? `xoxb-${randomId(6)}-${randomId(6)}-${randomId(12)}`,
    appToken: options.appToken ?? `xapp-1-${bot.appId}-${randomId(6)}-${randomId(16)}`,
    signingSecret: options.signingSecret ?? randomId(16),
  };
  let baseUrl = '';
  const workspace = new Workspace(options.workspace, bot);
  const store = new MessageStore();
  const clock = options.clock ?? Date.now;
  const rateLimiter = new RateLimiter(options.rateLimits, clock);
  let notifyPages: (event: Record<string, unknown>) => void = () => {};
  const core: Core = {
    workspace,
    store,
    rateLimiter,
    tokens,
    triggers: new TriggerIds(clock),
    views: new ViewStore(),
    clock,
    baseUrl: () => baseUrl,
    notify: (event) => notifyPages(event),
  };
  const ackTimeoutMs = options.ackTimeoutMs ?? DEFAULT_ACK_TIMEOUT_MS;
  const sockets = mode === 'socket' ? new SocketModeServer(bot.appId, ackTimeoutMs, clock) : undefined;
  let requestUrl = options.requestUrl;
  let http: HttpDelivery | undefined;
  const delivery = (): Delivery => {
    if (sockets) return sockets;
    if (!requestUrl) return { deliver: async () => ({ acked: false, error: 'no_request_url' }), close: async () => {} };
    http ??= new HttpDelivery({
      requestUrl,
      signingSecret: tokens.signingSecret,
      ackTimeoutMs,
      ...(options.eventRetryDelaysMs ? { eventRetryDelaysMs: options.eventRetryDelaysMs } : {}),
    });
    return http;
  };
  const responseUrls = new ResponseUrls(core, {
    maxUses: RESPONSE_URL_MAX_USES,
    lifetimeMs: options.responseUrlLifetimeMs ?? RESPONSE_URL_LIFETIME_MS,
  });
  const interactions = new Interactions(core, responseUrls, delivery);
  const webApi = new WebApi(core, {
    maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
    ...(sockets ? { openSocketUrl: () => sockets.issueUrl(baseUrl.replace(/^http/, 'ws')) } : {}),
  });
  const playground = new PlaygroundApi(core, interactions, options.playgroundDir);
  notifyPages = (event) => playground.broadcast(event);

  const route = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const api = /^\/api\/([A-Za-z0-9_.]+)$/.exec(url.pathname);
    if (api) {
      if (req.method !== 'GET' && req.method !== 'POST')
        return sendJson(res, 405, { ok: false, error: 'method_not_allowed' });
      return webApi.handle(req, res, api[1]!, url.searchParams);
    }
    const response = /^\/response_url\/(.+)$/.exec(url.pathname);
    if (response) return responseUrls.handle(req, res, response[1]!);
    const permalink = /^\/archives\/([^/]+)\/p(\d+)$/.exec(url.pathname);
    if (permalink) {
      res.writeHead(302, { location: `/?channel=${encodeURIComponent(permalink[1]!)}` });
      return void res.end();
    }
    if (await playground.handle(req, res, url)) return;
    sendJson(res, 404, { ok: false, error: 'not_found' });
  };

  const server = createServer((req, res) => {
    route(req, res).catch(() => {
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: 'fatal_error' });
      else res.end();
    });
  });
  server.on('upgrade', (req, socket, head) => {
    if (!sockets?.handleUpgrade(req, socket, head)) socket.destroy();
  });
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  baseUrl = `http://${host}:${address.port}`;

  const waitForMessage = (predicate: (m: Message) => boolean, opts: { timeoutMs?: number } = {}) =>
    new Promise<Message>((resolve, reject) => {
      const existing = store.all().find(predicate);
      if (existing) return resolve(existing);
      const timer = setTimeout(() => {
        unsubscribe();
        reject(new Error(`waitForMessage: no matching message within ${opts.timeoutMs ?? DEFAULT_WAIT_MS} ms`));
      }, opts.timeoutMs ?? DEFAULT_WAIT_MS);
      const unsubscribe = store.onChange((change) => {
        if (change.type === 'deleted') return;
        const live = store.find(change.channel, change.message.ts);
        if (live && predicate(live)) {
          clearTimeout(timer);
          unsubscribe();
          resolve(live);
        }
      });
    });

  let closed = false;
  return {
    apiUrl: `${baseUrl}/api/`,
    url: baseUrl,
    playgroundUrl: `${baseUrl}/`,
    botToken: tokens.botToken,
    appToken: tokens.appToken,
    signingSecret: tokens.signingSecret,
    mode,
    botUserId: bot.userId,
    teamId: workspace.team.id,
    workspace,
    slashCommand: (input) => interactions.slashCommand(input),
    clickButton: (input) => interactions.clickButton(input),
    messageShortcut: (input) => interactions.messageShortcut(input),
    clickViewButton: (input) => interactions.clickViewButton(input),
    submitView: (input) => interactions.submitView(input),
    openModals: (user) =>
      [...core.views.byId.values()]
        .filter((v) => v.type === 'modal' && v.user === user)
        .map((v) => ({ ...v.body, id: v.id })),
    postUserMessage: (input) => interactions.postUserMessage(input),
    sendEvent: (event) => interactions.sendEvent(event),
    appHomeOpened: (user) => interactions.appHomeOpened(user),
    messages: (channel) => [...store.list(workspace.mustGetChannel(channel).id)],
    waitForMessage,
    createChannel: (input) => workspace.createChannel(input),
    createUser: (input) => workspace.createUser(input),
    addBotToChannel: (channel) => workspace.addBotToChannel(channel),
    archiveChannel: (channel) => workspace.archiveChannel(channel),
    shareChannel: (channel, shared = true) => {
      const updated = workspace.setExternallyShared(channel, shared);
      return interactions.sendEvent({
        type: shared ? 'channel_shared' : 'channel_unshared',
        [shared ? 'connected_team_id' : 'previously_connected_team_id']: 'T0PARTNER',
        channel: updated.id,
        event_ts: (Date.now() / 1000).toFixed(6),
      });
    },
    setRateLimit: (limits) => rateLimiter.configure(limits),
    forceRateLimit: (limit) => rateLimiter.force(limit),
    setRequestUrl: (url) => {
      requestUrl = url;
      void http?.close();
      http = undefined;
    },
    disconnectSockets: (reason) => sockets?.disconnectAll(reason),
    socketConnections: () => sockets?.connectionCount ?? 0,
    homeView: (user) => core.views.homes.get(user)?.body,
    apiCalls: () => Object.fromEntries(webApi.calls),
    onMessage: (listener) => store.onChange(listener),
    close: async () => {
      if (closed) return;
      closed = true;
      playground.closeStreams();
      await sockets?.close();
      await http?.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
