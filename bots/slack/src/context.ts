// Everything a listener needs, built once by createApp and passed down (no globals).
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
}

/** Options every Slack message we send carries: no link or media previews of indicator URLs. */
export const NO_UNFURL = { unfurl_links: false, unfurl_media: false } as const;
