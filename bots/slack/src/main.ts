#!/usr/bin/env node
// Process entry: read config, open the stores, create the MISP clients and the alert pipeline,
// start. Nothing else.
import { createMispClient, noRetry } from '@mispkit/sdk';
import { createAlertWebClient } from './alerts/client.js';
import { createAlertPipeline } from './alerts/pipeline.js';
import { openAlertStore } from './alerts/store.js';
import { ConfigError, loadConfig } from './config.js';
import type { AlertsDeps } from './context.js';
import { loadDotEnv } from './dotenv.js';
import { createApp } from './index.js';
import { configSecrets, createLogger } from './logger.js';
import { openStore } from './storage/index.js';

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    loadDotEnv(process.env);
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nSee bots/slack/.env.example and bots/slack/README.md.\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger({ level: config.logLevel, secrets: configSecrets(config) });
  // The bot's tables and the alert tables live in the same database (each with its own migrations).
  const store = await openStore(config.databasePath);
  const misp = createMispClient({
    baseUrl: config.mispUrl,
    apiKey: config.mispApiKey,
    timeoutMs: config.mispTimeoutMs,
    userAgent: 'mispkit-slack-bot',
  });

  let alerts: AlertsDeps | undefined;
  if (config.alerts) {
    const alertStore = await openAlertStore(config.databasePath);
    const pipeline = createAlertPipeline({
      store: alertStore,
      // The poller backs off (with jitter and a circuit breaker) itself.
      misp: createMispClient({
        baseUrl: config.mispUrl,
        apiKey: config.mispApiKey,
        retry: noRetry,
        userAgent: 'mispkit-slack-bot-alerts',
      }),
      client: createAlertWebClient(config.slackBotToken, { slackApiUrl: config.slackApiUrl }),
      config: { ...config.alerts, mispUrl: config.mispPublicUrl },
      policy: config.tlp,
      log: (level, event, fields) => logger.event(level, event, fields),
    });
    alerts = { pipeline, store: alertStore };
  }

  const bot = createApp({ config, misp, store, logger, alerts });
  const started = await bot.start();
  logger.event('info', 'ready', { mode: config.mode, misp: config.mispPublicUrl, alerts: Boolean(alerts), ...started });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.event('info', 'stopping', { signal });
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    try {
      await bot.stop();
      await alerts?.store.close();
      await store.close();
    } finally {
      process.exit(0);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(
    `mispkit slack bot failed to start: ${message
      .replace(/xox[a-z]-[\w-]+|xapp-[\w-]+/g, '[redacted]')
      .replace(/(postgres(?:ql)?:\/\/[^:/@\s]+):[^@\s]+@/gi, '$1:[redacted]@')}\n`,
  );
  process.exit(1);
});
