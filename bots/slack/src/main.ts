#!/usr/bin/env node
// Process entry: read config, open the store, create the MISP client, start. Nothing else.
import { createMispClient } from '@mispkit/sdk';
import { ConfigError, loadConfig } from './config.js';
import { createApp } from './index.js';
import { createLogger } from './logger.js';
import { openStore } from './storage/index.js';

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nSee bots/slack/.env.example and bots/slack/README.md.\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger({ level: config.logLevel });
  const store = openStore(config.databasePath);
  const misp = createMispClient({
    baseUrl: config.mispUrl,
    apiKey: config.mispApiKey,
    timeoutMs: config.mispTimeoutMs,
    userAgent: 'mispkit-slack-bot',
  });
  const bot = createApp({ config, misp, store, logger });
  const started = await bot.start();
  logger.event('info', 'ready', { mode: config.mode, misp: config.mispPublicUrl, ...started });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.event('info', 'stopping', { signal });
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    try {
      await bot.stop();
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
    `mispkit slack bot failed to start: ${message.replace(/xox[a-z]-[\w-]+|xapp-[\w-]+/g, '[redacted]')}\n`,
  );
  process.exit(1);
});
