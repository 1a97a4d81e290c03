// Everything a listener needs, built once by createApp and passed down (no globals).
import type { AlertPipeline } from './alerts/pipeline.js';
import type { AlertStore } from './alerts/store.js';
import type { ChannelKinds } from './channels.js';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import type { MispPort } from './lookup/types.js';
import type { RateLimiter } from './rate-limit.js';
import type { Store } from './storage/types.js';

export interface BotContext {
  config: Config;
  misp: MispPort;
  store: Store;
  logger: Logger;
  /** Milliseconds since the epoch; injectable for tests. */
  clock: () => number;
  channels: ChannelKinds;
  rateLimiter: RateLimiter;
  /** The alert pipeline and its store, when alerts are on (they are in main.ts). */
  alerts?: AlertsDeps | undefined;
}

export interface AlertsDeps {
  pipeline: AlertPipeline;
  store: AlertStore;
}

/** Options every Slack message we send carries: no link or media previews of indicator URLs. */
export const NO_UNFURL = { unfurl_links: false, unfurl_media: false } as const;
