import { botMessage } from '../core.js';
import { boolParam, jsonParam, stringParam } from '../http-util.js';
import { readMessageContent } from '../message-content.js';
import type { Message } from '../messages.js';
import { apiMessage, visibleChannel, writableChannel } from './access.js';
import { type ApiResponse, fail, type Method } from './types.js';

function contentError(read: { error: string; messages?: string[] }): ApiResponse {
  if (!read.messages) return fail(read.error);
  return fail(read.error, {
    errors: read.messages.map((m) => m.replace(/^\[ERROR\] /, '')),
    response_metadata: { messages: read.messages },
  });
}

function readMetadata(value: unknown): { ok: true; metadata?: Message['metadata'] } | { ok: false; error: string } {
  if (value === undefined || value === '') return { ok: true };
  const parsed = jsonParam(value);
  if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null) {
    return { ok: false, error: 'invalid_metadata_format' };
  }
  const { event_type: eventType, event_payload: eventPayload } = parsed.value as Record<string, unknown>;
  if (typeof eventType !== 'string' || typeof eventPayload !== 'object' || eventPayload === null) {
    return { ok: false, error: 'invalid_metadata_schema' };
  }
  return { ok: true, metadata: { event_type: eventType, event_payload: eventPayload as Record<string, unknown> } };
}

export const postMessage: Method = ({ core }, params) => {
  const target = writableChannel(core, params.channel);
  if ('error' in target) return fail(target.error);
  const read = readMessageContent(params);
  if (!read.ok) return contentError(read);
  const meta = readMetadata(params.metadata);
  if (!meta.ok) return fail(meta.error);
  const threadTs = stringParam(params.thread_ts);
  if (threadTs !== undefined && threadTs !== '') {
    const parent = core.store.find(target.channel.id, threadTs);
    if (!parent || parent.ephemeral_to) return fail('thread_not_found');
  }
  const unfurlLinks = boolParam(params.unfurl_links);
  const unfurlMedia = boolParam(params.unfurl_media);
  const message = botMessage(core, {
    channel: target.channel.id,
    text: read.content.text ?? '',
    ...(read.content.blocks ? { blocks: read.content.blocks } : {}),
    ...(read.content.attachments ? { attachments: read.content.attachments } : {}),
    ...(threadTs ? { thread_ts: threadTs } : {}),
    ...(threadTs && boolParam(params.reply_broadcast) ? { reply_broadcast: true, subtype: 'thread_broadcast' } : {}),
    ...(meta.metadata ? { metadata: meta.metadata } : {}),
    ...(unfurlLinks === undefined ? {} : { unfurl_links: unfurlLinks }),
    ...(unfurlMedia === undefined ? {} : { unfurl_media: unfurlMedia }),
  });
  core.store.add(message);
  return { ok: true, channel: target.channel.id, ts: message.ts, message: apiMessage(message) };
};

export const postEphemeral: Method = ({ core }, params) => {
  const target = writableChannel(core, params.channel);
  if ('error' in target) return fail(target.error);
  const user = stringParam(params.user);
  if (!user) return fail('user_not_found');
  if (!core.workspace.users.has(user)) return fail('user_not_found');
  if (!target.channel.members.includes(user)) return fail('user_not_in_channel');
  const read = readMessageContent(params);
  if (!read.ok) return contentError(read);
  const threadTs = stringParam(params.thread_ts);
  const message = botMessage(core, {
    channel: target.channel.id,
    text: read.content.text ?? '',
    ephemeral_to: user,
    response_type: 'ephemeral',
    ...(read.content.blocks ? { blocks: read.content.blocks } : {}),
    ...(read.content.attachments ? { attachments: read.content.attachments } : {}),
    ...(threadTs ? { thread_ts: threadTs } : {}),
  });
  core.store.add(message);
  return { ok: true, message_ts: message.ts };
};

function ownMessage(
  ctx: Parameters<Method>[0],
  params: Record<string, unknown>,
  deniedError: string,
): { message: Message; channel: string } | { error: string } {
  const found = visibleChannel(ctx.core, params.channel);
  if ('error' in found) return found;
  const ts = stringParam(params.ts);
  if (!ts) return { error: 'message_not_found' };
  const message = ctx.core.store.find(found.channel.id, ts);
  // Ephemeral messages cannot be edited through the Web API (only via response_url).
  if (!message || message.ephemeral_to) return { error: 'message_not_found' };
  if (message.bot_id !== ctx.core.workspace.bot.botId) return { error: deniedError };
  return { message, channel: found.channel.id };
}

export const update: Method = (ctx, params) => {
  const found = ownMessage(ctx, params, 'cant_update_message');
  if ('error' in found) return fail(found.error);
  if (ctx.core.workspace.channels.get(found.channel)?.is_archived) return fail('is_archived');
  const read = readMessageContent(params, false);
  if (!read.ok) return contentError(read);
  const meta = readMetadata(params.metadata);
  if (!meta.ok) return fail(meta.error);
  const changes: Partial<Message> = {
    edited: { user: ctx.core.workspace.bot.userId, ts: ctx.core.store.nextTs() },
  };
  if (read.content.text !== undefined) changes.text = read.content.text;
  if (read.content.blocks !== undefined) changes.blocks = read.content.blocks;
  if (read.content.attachments !== undefined) changes.attachments = read.content.attachments;
  if (meta.metadata) changes.metadata = meta.metadata;
  const next = { ...found.message, ...changes };
  if (!next.text && !(next.blocks?.length ?? 0) && !(next.attachments?.length ?? 0)) return fail('no_text');
  ctx.core.store.update(found.message, changes);
  const message = apiMessage(found.message);
  return { ok: true, channel: found.channel, ts: found.message.ts, text: found.message.text, message };
};

export const remove: Method = (ctx, params) => {
  const found = ownMessage(ctx, params, 'cant_delete_message');
  if ('error' in found) return fail(found.error);
  ctx.core.store.remove(found.message);
  return { ok: true, channel: found.channel, ts: found.message.ts };
};

export const getPermalink: Method = ({ core }, params) => {
  const found = visibleChannel(core, params.channel);
  if ('error' in found) return fail(found.error);
  const ts = stringParam(params.message_ts);
  const message = ts ? core.store.find(found.channel.id, ts) : undefined;
  if (!message || message.ephemeral_to) return fail('message_not_found');
  const permalink = `${core.baseUrl()}/archives/${found.channel.id}/p${message.ts.replace('.', '')}`;
  return { ok: true, channel: found.channel.id, permalink };
};
