import type { Core } from '../core.js';
import type { Message } from '../messages.js';
import type { Channel } from '../workspace.js';

/** Finds a channel as the bot sees it: private channels it is not in do not exist for it. */
export function visibleChannel(core: Core, ref: unknown): { channel: Channel } | { error: string } {
  if (typeof ref !== 'string' || ref === '') return { error: 'channel_not_found' };
  const channel = core.workspace.resolveChannel(ref);
  if (!channel) return { error: 'channel_not_found' };
  if (channel.is_private && !core.workspace.isBotMember(channel)) return { error: 'channel_not_found' };
  return { channel };
}

/** A channel the bot may post into: visible, not archived, and the bot is a member. */
export function writableChannel(core: Core, ref: unknown): { channel: Channel } | { error: string } {
  const found = visibleChannel(core, ref);
  if ('error' in found) return found;
  if (found.channel.is_archived) return { error: 'is_archived' };
  if (!core.workspace.isBotMember(found.channel)) return { error: 'not_in_channel' };
  return found;
}

/** A message as the Web API returns it (no sandbox-only fields). */
export function apiMessage(message: Message, withMetadata = true): Record<string, unknown> {
  const {
    channel: _channel,
    ephemeral_to: _ephemeral,
    response_type: _responseType,
    unfurl_links: _links,
    unfurl_media: _media,
    metadata,
    ...rest
  } = message;
  return withMetadata && metadata ? { ...rest, metadata } : rest;
}
