// The whole alert pipeline behind start()/stop(): poller (lease holder only), optional webhook
// receiver, and the sender; all replicas run the sender, one runs the poller at a time.
import type { WebClient } from '@slack/web-api';
import type { TlpPolicy } from '../tlp.js';
import { createIntake, type Intake } from './intake.js';
import { newOwnerId, reapDeadOwners } from './owner.js';
import { createPoller, type Poller, type PollerHealth } from './poller.js';
import type { AlertMisp } from './ports.js';
import { createSender, type Sender, type SenderOptions, type SenderStats } from './sender.js';
import type { AlertStore } from './store.js';
import type { OutboxCounts } from './types.js';
import { createWebhookReceiver, type WebhookReceiver } from './webhook.js';

export interface AlertPipelineConfig {
  /** MISPKIT_POLL_INTERVAL_MS, default 10 000. */
  pollIntervalMs?: number;
  /** MISPKIT_POLL_OVERLAP_SECONDS, default 60. */
  overlapSeconds?: number;
  /** MISPKIT_ALERT_BURST, default 10. */
  burstThreshold?: number;
  digestMax?: number;
  /** MISPKIT_ALERT_CHANNEL_INTERVAL_MS, default 1000. */
  perChannelIntervalMs?: number;
  senderConcurrency?: number;
  leaseMs?: number;
  /** How long a channel's kind (public, private, shared) is trusted without asking Slack. Default 5 min. */
  channelKindTtlMs?: number;
  /** Start from here when no cursor is stored (epoch seconds). */
  initialCursor?: number;
  mispTimeoutMs?: number;
  backoff?: { baseMs: number; maxMs: number };
  /** Backoff of the sender's retries of a failed post (Slack 5xx, network). Default 2 s doubling to 5 min. */
  sendBackoff?: { baseMs: number; maxMs: number };
  breaker?: { threshold: number; resetMs: number };
  /** MISPKIT_WEBHOOK_PORT and MISPKIT_WEBHOOK_SECRET; no receiver without both. */
  webhook?: { port: number; host?: string; secret: string; path?: string } | undefined;
  /** Turn the poller off (webhook only); default on. */
  poll?: boolean;
  mispUrl?: string | undefined;
  checkWarninglists?: boolean;
}

export interface AlertPipelineDeps {
  store: AlertStore;
  misp: AlertMisp;
  /** Use createAlertWebClient (no retries, 429 thrown). */
  client: WebClient;
  config?: AlertPipelineConfig;
  /** The bot's one TLP policy (`config.tlp`): the poller, the webhook and the sender all decide with it. */
  policy: TlpPolicy;
  owner?: string;
  clock?: () => number;
  log?: (level: 'info' | 'warn' | 'error', event: string, fields: Record<string, unknown>) => void;
  /** Test hook (see SenderOptions.afterPost). */
  afterPost?: SenderOptions['afterPost'];
}

export interface AlertHealth {
  poller: PollerHealth;
  sender: SenderStats;
  outbox: OutboxCounts;
  webhook?: { url: string; accepted: number; rejected: number } | undefined;
}

export interface AlertPipeline {
  readonly owner: string;
  readonly intake: Intake;
  readonly poller: Poller;
  readonly sender: Sender;
  start(): Promise<{ webhookUrl?: string }>;
  /** Forgets the stored kind of a channel (it was shared or unshared on Slack), for every replica. */
  forgetChannel(channelId: string): Promise<void>;
  stop(): Promise<void>;
  health(): Promise<AlertHealth>;
}

export function createAlertPipeline(deps: AlertPipelineDeps): AlertPipeline {
  const config = deps.config ?? {};
  const owner = deps.owner ?? newOwnerId();
  const clock = deps.clock ?? Date.now;
  const log = deps.log ?? (() => undefined);
  const intake = createIntake({
    store: deps.store,
    misp: deps.misp,
    clock,
    checkWarninglists: config.checkWarninglists ?? true,
    onEnqueued: () => sender.wake(),
  });
  const poller = createPoller({
    store: deps.store,
    misp: deps.misp,
    intake,
    policy: deps.policy,
    owner,
    clock,
    ...(config.pollIntervalMs !== undefined ? { intervalMs: config.pollIntervalMs } : {}),
    ...(config.overlapSeconds !== undefined ? { overlapSeconds: config.overlapSeconds } : {}),
    ...(config.initialCursor !== undefined ? { initialCursor: config.initialCursor } : {}),
    ...(config.digestMax !== undefined ? { backlogFullAt: config.digestMax } : {}),
    ...(config.mispTimeoutMs !== undefined ? { timeoutMs: config.mispTimeoutMs } : {}),
    ...(config.backoff ? { backoff: config.backoff } : {}),
    ...(config.breaker ? { breaker: config.breaker } : {}),
    onError: (error) => log('warn', 'alert_poll_failed', { error }),
  });
  const sender = createSender({
    store: deps.store,
    client: deps.client,
    owner,
    clock,
    policy: deps.policy,
    mispUrl: config.mispUrl,
    ...(config.perChannelIntervalMs !== undefined ? { perChannelIntervalMs: config.perChannelIntervalMs } : {}),
    ...(config.burstThreshold !== undefined ? { burstThreshold: config.burstThreshold } : {}),
    ...(config.digestMax !== undefined ? { digestMax: config.digestMax } : {}),
    ...(config.senderConcurrency !== undefined ? { concurrency: config.senderConcurrency } : {}),
    ...(config.leaseMs !== undefined ? { leaseMs: config.leaseMs } : {}),
    ...(config.channelKindTtlMs !== undefined ? { channelKindTtlMs: config.channelKindTtlMs } : {}),
    ...(config.sendBackoff ? { retryBaseMs: config.sendBackoff.baseMs, retryMaxMs: config.sendBackoff.maxMs } : {}),
    ...(deps.afterPost ? { afterPost: deps.afterPost } : {}),
    onError: (error, context) => log('warn', 'alert_send_failed', { ...context, error }),
  });
  let webhook: WebhookReceiver | undefined;
  let webhookUrl: string | undefined;

  return {
    owner,
    intake,
    poller,
    sender,
    async start() {
      // A previous process on this machine that died holding leases: take them over now.
      const reaped = await reapDeadOwners(deps.store, clock()).catch(() => []);
      if (reaped.length) log('info', 'alerts_leases_taken_over', { from: reaped });
      if (config.webhook) {
        webhook = createWebhookReceiver({
          secret: config.webhook.secret,
          intake,
          policy: deps.policy,
          port: config.webhook.port,
          ...(config.webhook.host ? { host: config.webhook.host } : {}),
          ...(config.webhook.path ? { path: config.webhook.path } : {}),
          onError: (error) => log('warn', 'alert_webhook_failed', { error }),
        });
        webhookUrl = (await webhook.start()).url;
      }
      if (config.poll ?? true) poller.start();
      sender.start();
      log('info', 'alerts_started', { owner, webhook: webhookUrl !== undefined });
      return webhookUrl ? { webhookUrl } : {};
    },
    forgetChannel: (channelId) => sender.forgetChannel(channelId),
    async stop() {
      await webhook?.stop();
      await poller.stop();
      await sender.stop();
    },
    async health() {
      return {
        poller: poller.health(),
        sender: sender.stats(),
        outbox: await deps.store.counts(),
        webhook: webhook && webhookUrl ? { url: webhookUrl, ...webhook.stats() } : undefined,
      };
    },
  };
}
