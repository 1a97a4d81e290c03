// Conversation kinds from `conversations.info`, cached, so TLP decisions need no call per click.
// If Slack cannot tell us (not a member of a private channel, someone else's DM, an API error)
// the channel is treated as the most restrictive kind: shared.
import type { WebClient } from '@slack/web-api';
import type { Logger } from './logger.js';
import { type ChannelInfo, type ConversationKind, conversationKind } from './tlp.js';

export interface ChannelKinds {
  kindOf(client: WebClient, channelId: string, requester: string): Promise<ConversationKind>;
  /** Drops what is cached for the channel (it was shared or unshared), so the next decision asks Slack. */
  forget(channelId: string): void;
}

export function createChannelKinds(options: { ttlMs?: number; now?: () => number; logger: Logger }): ChannelKinds {
  const ttl = options.ttlMs ?? 5 * 60_000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { info: ChannelInfo | undefined; at: number }>();
  return {
    async kindOf(client, channelId, requester) {
      let entry = cache.get(channelId);
      if (!entry || now() - entry.at > ttl) {
        let info: ChannelInfo | undefined;
        try {
          const res = await client.conversations.info({ channel: channelId });
          info = res.channel as ChannelInfo | undefined;
        } catch (error) {
          options.logger.event('warn', 'conversations_info_failed', { channel: channelId, error });
        }
        entry = { info, at: now() };
        // Failures are not cached, so the next request asks again.
        if (info) cache.set(channelId, entry);
      }
      return conversationKind(entry.info, requester);
    },
    forget(channelId) {
      cache.delete(channelId);
    },
  };
}
