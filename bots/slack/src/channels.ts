// Conversation kinds from `conversations.info`, cached in the bot's store for five minutes, so TLP
// decisions need no call per click and every replica sees the same answer (and the same forgetting,
// when Slack says a channel was shared or unshared, or someone joined it).
// If Slack cannot tell us (not a member of a private channel, someone else's DM, an API error)
// the channel is treated as the most restrictive kind: shared.
//
// Only a reading from Slack can widen what a channel is shown, never the lack of an event: a
// reading is trusted only if it was taken since this process started (an event sent while the bot
// was down reached nobody) and within the TTL (an event lost while it ran); a channel_shared,
// channel_unshared or member_joined_channel event that does arrive drops it at once.
import type { WebClient } from '@slack/web-api';
import type { Logger } from './logger.js';
import type { Store } from './storage/types.js';
import { type ChannelInfo, type ConversationKind, conversationKind } from './tlp.js';

export interface ChannelKinds {
  kindOf(client: WebClient, channelId: string, requester: string): Promise<ConversationKind>;
  /** Drops what is stored for the channel (it was shared or unshared), so the next decision asks Slack. */
  forget(channelId: string): Promise<void>;
}

const KIND_FIELDS = [
  'is_im',
  'is_mpim',
  'is_private',
  'is_group',
  'is_ext_shared',
  'is_shared',
  'is_org_shared',
  'is_pending_ext_shared',
  'user',
] as const satisfies readonly (keyof ChannelInfo)[];

/** Only what decides the kind is stored (not names, topics or members). */
function kindFields(channel: ChannelInfo): ChannelInfo {
  const out: Record<string, unknown> = {};
  for (const key of KIND_FIELDS) if (channel[key] !== undefined) out[key] = channel[key];
  return out as ChannelInfo;
}

export function createChannelKinds(options: {
  store: Store;
  ttlMs?: number;
  now?: () => number;
  /** When this process started (epoch ms); readings older than that are asked again. Default: now. */
  startedAt?: number;
  logger: Logger;
}): ChannelKinds {
  const { store, logger } = options;
  const ttl = options.ttlMs ?? 5 * 60_000;
  const now = options.now ?? Date.now;
  const startedAt = options.startedAt ?? now();
  return {
    async kindOf(client, channelId, requester) {
      const stored = await store.getChannelInfo(channelId).catch((error) => {
        logger.event('warn', 'channel_info_read_failed', { channel: channelId, error });
        return undefined;
      });
      if (stored && stored.checkedAt >= startedAt && now() - stored.checkedAt <= ttl)
        return conversationKind(stored.info, requester);
      let info: ChannelInfo | undefined;
      try {
        const res = await client.conversations.info({ channel: channelId });
        info = res.channel ? kindFields(res.channel as ChannelInfo) : undefined;
      } catch (error) {
        logger.event('warn', 'conversations_info_failed', { channel: channelId, error });
      }
      // Failures are not stored, so the next request asks again.
      if (info) await store.saveChannelInfo(channelId, info, now()).catch(() => undefined);
      return conversationKind(info, requester);
    },
    forget: (channelId) => store.forgetChannelInfo(channelId),
  };
}
