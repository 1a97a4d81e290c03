// @mispkit/slack-bot: createApp(deps) wires Bolt, listeners and state; it has no side effects
// (nothing listens or connects until start()). main.ts reads the environment and calls it.
import { App, type Receiver, SocketModeReceiver } from '@slack/bolt';
import type { WebClientOptions } from '@slack/web-api';
import { createChannelKinds } from './channels.js';
import type { Config } from './config.js';
import type { AlertsDeps, BotContext } from './context.js';
import { createGuardedReceiver, type GuardedReceiver } from './http-guard.js';
import { registerListeners } from './listeners/index.js';
import { configSecrets, createLogger, type Logger } from './logger.js';
import type { MispPort } from './lookup/types.js';
import { createRateLimiter } from './rate-limit.js';
import type { Store } from './storage/types.js';

export interface AppDeps {
  config: Config;
  /** A `createMispClient(...)` from @mispkit/sdk (or anything with the same methods). */
  misp: MispPort;
  store: Store;
  logger?: Logger;
  /** Milliseconds since the epoch. */
  clock?: () => number;
  /** Overrides the receiver chosen from config (Socket Mode or guarded HTTP). */
  receiver?: Receiver;
  /** Passed to Bolt's WebClient, e.g. `{ slackApiUrl }` for the Slack sandbox. */
  clientOptions?: WebClientOptions;
  /**
   * The alert pipeline (createAlertPipeline) and its store. When given, start() starts the
   * pipeline after the app and stop() stops it first; /intel subscribe, the alert buttons and the
   * App Home section use them. The caller closes the store.
   */
  alerts?: AlertsDeps | undefined;
}

export interface BotApp {
  app: App;
  context: BotContext;
  /** Connects (Socket Mode) or listens (HTTP, on config.port; returns the bound port), then starts alerts. */
  start(): Promise<{ port?: number; webhookUrl?: string }>;
  stop(): Promise<void>;
}

export function createApp(deps: AppDeps): BotApp {
  const { config, misp, store } = deps;
  const logger = deps.logger ?? createLogger({ level: config.logLevel, secrets: configSecrets(config) });
  const clock = deps.clock ?? Date.now;
  const clientOptions: WebClientOptions = {
    ...(config.slackApiUrl ? { slackApiUrl: config.slackApiUrl } : {}),
    ...deps.clientOptions,
  };

  let guarded: GuardedReceiver | undefined;
  let receiver = deps.receiver;
  if (!receiver && config.mode === 'socket') {
    receiver = new SocketModeReceiver({
      appToken: config.slackAppToken ?? '',
      logger,
      installerOptions: { clientOptions },
    });
  }
  if (!receiver) {
    guarded = createGuardedReceiver({
      signingSecret: config.slackSigningSecret ?? '',
      store,
      now: clock,
      logger,
      port: config.port,
    });
    receiver = guarded;
  }

  const app = new App({
    token: config.slackBotToken,
    receiver,
    logger,
    // Without it Bolt resets any logger it is given to INFO, and LOG_LEVEL=debug would do nothing.
    logLevel: logger.getLevel(),
    clientOptions,
  });
  // Listener errors end up here; listeners already answer the user themselves.
  app.error(async (error) => {
    logger.event('error', 'listener_error', { error });
  });

  const context: BotContext = {
    config,
    misp,
    store,
    logger,
    clock,
    channels: createChannelKinds({ store, logger, now: clock }),
    rateLimiter: createRateLimiter({ ...config.rateLimit, now: clock }),
    alerts: deps.alerts,
  };
  registerListeners(app, context);

  let pruner: NodeJS.Timeout | undefined;
  return {
    app,
    context,
    async start() {
      await app.start(config.port);
      const alerts = deps.alerts ? await deps.alerts.pipeline.start() : undefined;
      pruner = setInterval(() => {
        store
          .prune(Math.floor(clock() / 1000), 24 * 3600)
          .catch((error) => logger.event('warn', 'prune_failed', { error }));
      }, 10 * 60_000);
      pruner.unref();
      logger.event('info', 'started', {
        mode: config.mode,
        ...(guarded ? { port: guarded.port() } : {}),
        alerts: deps.alerts !== undefined,
        ...(alerts?.webhookUrl ? { webhookUrl: alerts.webhookUrl } : {}),
      });
      return {
        ...(guarded ? { port: guarded.port() } : {}),
        ...(alerts?.webhookUrl ? { webhookUrl: alerts.webhookUrl } : {}),
      };
    },
    async stop() {
      if (pruner) clearInterval(pruner);
      // Alerts first: the sender may be mid-post and must record it before the process goes.
      await deps.alerts?.pipeline.stop();
      await app.stop();
    },
  };
}

export {
  type AlertHealth,
  type AlertPipeline,
  type AlertPipelineConfig,
  type AlertStore,
  alertConfigFromEnv,
  createAlertPipeline,
  createAlertWebClient,
  openAlertStore,
  type Subscription,
} from './alerts/index.js';
export type { ChannelKinds } from './channels.js';
export { type Config, ConfigError, canWrite, loadConfig } from './config.js';
export type { AlertsDeps, BotContext } from './context.js';
export { checkRequest, sign } from './http-guard.js';
export { createLogger, type Logger, redact } from './logger.js';
export type { AttributeHit, IndicatorRef, IndicatorResult, MispPort } from './lookup/types.js';
export { type AuditRecord, openSqliteStore, openStore, type Store, type StoredLookup } from './storage/index.js';
export { type ConversationKind, defaultTlpPolicy, type Tlp, type TlpPolicy } from './tlp.js';
export { decideVerdict, defaultVerdictConfig, type Verdict, type VerdictConfig } from './verdict.js';
