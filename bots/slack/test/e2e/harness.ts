// Both real sandboxes over real sockets, and the bot wired to them exactly as main.ts would.
import { type MispSandbox, startMispSandbox } from '@mispkit/misp-sandbox';
import { createMispClient, noRetry } from '@mispkit/sdk';
import { type Message, type SlackSandbox, type SlackSandboxOptions, startSlackSandbox } from '@mispkit/slack-sandbox';
import type { WebClientOptions } from '@slack/web-api';
import { createAlertWebClient } from '../../src/alerts/client.js';
import { type AlertPipeline, type AlertPipelineConfig, createAlertPipeline } from '../../src/alerts/pipeline.js';
import type { AlertMisp } from '../../src/alerts/ports.js';
import { type AlertStore, openAlertStore } from '../../src/alerts/store.js';
import { loadConfig } from '../../src/config.js';
import { actions, blockIds } from '../../src/ids.js';
import { type BotApp, createApp } from '../../src/index.js';
import { createLogger } from '../../src/logger.js';
import { openSqliteStore } from '../../src/storage/sqlite.js';
import type { Store } from '../../src/storage/types.js';

export interface Harness {
  misp: MispSandbox;
  slack: SlackSandbox;
  bot: BotApp;
  store: Store;
  /** With `alerts`: the pipeline createApp runs, and its store. */
  alerts?: { pipeline: AlertPipeline; store: AlertStore };
  logs: string[];
  /** HTTP mode: the bot's Request URL. */
  requestUrl?: string;
  /** Runs /intel as `user` in `channel` and returns the follow-up answer (not the "Looking up…" ack). */
  intel(text: string, options?: { user?: string; channel?: string }): Promise<Message>;
  /** Presses "Share in channel" on the first card of a lookup answer. */
  shareCard(card: Message, options?: { user?: string; channel?: string }): Promise<unknown>;
  close(): Promise<void>;
}

export async function startHarness(
  options: {
    mode?: 'socket' | 'http';
    env?: Record<string, string>;
    mispUrl?: string;
    apiKey?: string;
    clientOptions?: WebClientOptions;
    /** Runs the alert pipeline inside the app, with these settings over quick test defaults. */
    alerts?: AlertPipelineConfig;
    /** Replaces the Slack sandbox's default workspace (users, channels, memberships). */
    slackWorkspace?: SlackSandboxOptions['workspace'];
  } = {},
): Promise<Harness> {
  const mode = options.mode ?? 'socket';
  const misp = await startMispSandbox({ seed: 'demo', log: () => {} });
  const slack = await startSlackSandbox({
    mode,
    ...(options.slackWorkspace ? { workspace: options.slackWorkspace } : {}),
  });
  const store = openSqliteStore(':memory:');
  const logs: string[] = [];
  const mispUrl = options.mispUrl ?? misp.url;
  const config = loadConfig({
    MISP_URL: mispUrl,
    MISP_API_KEY: options.apiKey ?? misp.userKey,
    SLACK_BOT_TOKEN: slack.botToken,
    ...(mode === 'socket' ? { SLACK_APP_TOKEN: slack.appToken } : { SLACK_SIGNING_SECRET: slack.signingSecret }),
    SLACK_API_URL: slack.apiUrl,
    PORT: '0',
    MISPKIT_DATABASE: ':memory:',
    MISPKIT_WRITERS: 'U0ALICE',
    // Generous: a lookup must not fail because a loaded machine answered slowly. Tests of the
    // timeout itself set a short one (failures.test.ts).
    MISP_TIMEOUT_MS: '10000',
    ...options.env,
  });
  const client = createMispClient({ baseUrl: mispUrl, apiKey: config.mispApiKey, retry: noRetry });
  const logger = createLogger({ level: 'debug', write: (line) => logs.push(line) });
  let alerts: Harness['alerts'];
  if (options.alerts) {
    const alertStore = await openAlertStore(':memory:');
    const pipeline = createAlertPipeline({
      store: alertStore,
      misp: createMispClient({ baseUrl: mispUrl, apiKey: config.mispApiKey, retry: noRetry }) as unknown as AlertMisp,
      client: createAlertWebClient(config.slackBotToken, { slackApiUrl: config.slackApiUrl, timeoutMs: 5000 }),
      config: {
        pollIntervalMs: 100,
        overlapSeconds: 5,
        perChannelIntervalMs: 10,
        leaseMs: 3000,
        backoff: { baseMs: 20, maxMs: 200 },
        mispTimeoutMs: 2000,
        mispUrl: config.mispPublicUrl,
        ...options.alerts,
      },
      policy: config.tlp,
      log: (level, event, fields) => logger.event(level, event, fields),
    });
    alerts = { pipeline, store: alertStore };
  }
  const bot = createApp({
    config,
    misp: client,
    store,
    alerts,
    ...(options.clientOptions ? { clientOptions: options.clientOptions } : {}),
    logger,
  });
  const started = await bot.start();
  const requestUrl = mode === 'http' ? `http://127.0.0.1:${started.port}/slack/events` : undefined;
  if (requestUrl) slack.setRequestUrl(requestUrl);

  return {
    misp,
    slack,
    bot,
    store,
    ...(alerts ? { alerts } : {}),
    logs,
    ...(requestUrl ? { requestUrl } : {}),
    async intel(text, opts = {}) {
      const user = opts.user ?? 'U0ALICE';
      const channel = opts.channel ?? 'C0SOC';
      const before = slack.messages(channel).length;
      const result = await slack.slashCommand({ user, channel, command: '/intel', text });
      if (!result.acked) throw new Error(`not acked: ${result.error}`);
      return slack.waitForMessage(
        (m) =>
          m.channel === channel &&
          m.ephemeral_to === user &&
          !m.text.startsWith('Looking up') &&
          slack.messages(channel).indexOf(m) >= before,
        { timeoutMs: 10_000 },
      );
    },
    shareCard(card, opts = {}) {
      return slack.clickButton({
        user: opts.user ?? 'U0ALICE',
        channel: opts.channel ?? 'C0SOC',
        messageTs: card.ts,
        actionId: actions.shareInChannel,
        blockId: `${blockIds.cardActions}0`,
      });
    },
    async close() {
      await bot.stop().catch(() => undefined);
      await slack.close();
      await misp.close();
      await store.close();
      await alerts?.store.close();
    },
  };
}

/** All mrkdwn and plain text of a message's blocks, joined. */
export function blockText(message: { blocks?: unknown[] }): string {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const obj = node as Record<string, unknown>;
      if (typeof obj.text === 'string') out.push(obj.text);
      Object.values(obj).forEach(walk);
    }
  };
  walk(message.blocks ?? []);
  return out.join('\n');
}
