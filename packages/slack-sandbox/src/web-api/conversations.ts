import { boolParam, stringParam } from '../http-util.js';
import type { Message } from '../messages.js';
import type { Channel } from '../workspace.js';
import { apiMessage, visibleChannel } from './access.js';
import { fail, type Method } from './types.js';

const encodeCursor = (offset: number): string => Buffer.from(`offset:${offset}`).toString('base64');

function decodeCursor(cursor: unknown): number | undefined {
  if (cursor === undefined || cursor === '') return 0;
  if (typeof cursor !== 'string') return undefined;
  const match = /^offset:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
  return match ? Number(match[1]) : undefined;
}

function limitParam(value: unknown, fallback: number, max: number): number {
  const n = Number(value ?? fallback);
  if (!Number.isFinite(n) || n <= 0) return fallback;
  return Math.min(Math.floor(n), max);
}

function page<T>(items: T[], params: Record<string, unknown>, fallback: number, max: number) {
  const offset = decodeCursor(params.cursor);
  if (offset === undefined) return undefined;
  const limit = limitParam(params.limit, fallback, max);
  const slice = items.slice(offset, offset + limit);
  const next = offset + limit < items.length ? encodeCursor(offset + limit) : '';
  return { slice, next, hasMore: next !== '' };
}

function kindOf(channel: Channel): string {
  if (channel.is_im) return 'im';
  if (channel.is_mpim) return 'mpim';
  return channel.is_private ? 'private_channel' : 'public_channel';
}

export const info: Method = ({ core }, params) => {
  const found = visibleChannel(core, params.channel);
  if ('error' in found) return fail(found.error);
  return { ok: true, channel: core.workspace.channelView(found.channel) };
};

const KINDS = ['public_channel', 'private_channel', 'im', 'mpim'];

/** The `types`, `exclude_archived`, `limit` and `cursor` parameters shared by the listing methods. */
function listConversations(
  ctx: Parameters<Method>[0],
  params: Record<string, unknown>,
  include: (c: Channel) => boolean,
) {
  const { workspace } = ctx.core;
  const types = (stringParam(params.types) ?? 'public_channel').split(',').map((t) => t.trim());
  if (types.some((t) => !KINDS.includes(t))) return fail('invalid_types');
  const excludeArchived = boolParam(params.exclude_archived) === true;
  const channels = [...workspace.channels.values()].filter(
    (c) =>
      types.includes(kindOf(c)) &&
      // Private conversations are listed only when the bot is in them.
      (!c.is_private || workspace.isBotMember(c)) &&
      !(excludeArchived && c.is_archived) &&
      include(c),
  );
  const result = page(channels, params, 100, 1000);
  if (!result) return fail('invalid_cursor');
  return {
    ok: true,
    channels: result.slice.map((c) => workspace.channelView(c)),
    response_metadata: { next_cursor: result.next },
  };
}

export const list: Method = (ctx, params) => listConversations(ctx, params, () => true);

/** `users.conversations`: the conversations `user` (default: the bot) is in, as the bot may see them. */
export const userConversations: Method = (ctx, params) => {
  const userId = stringParam(params.user) || ctx.core.workspace.bot.userId;
  if (!ctx.core.workspace.users.has(userId)) return fail('user_not_found');
  return listConversations(ctx, params, (c) => c.members.includes(userId));
};

function readable(ctx: Parameters<Method>[0], params: Record<string, unknown>) {
  const found = visibleChannel(ctx.core, params.channel);
  if ('error' in found) return found;
  if (!ctx.core.workspace.isBotMember(found.channel)) return { error: 'not_in_channel' };
  return found;
}

const inRange = (m: Message, params: Record<string, unknown>): boolean => {
  const oldest = Number(stringParam(params.oldest) ?? 0);
  const latest = stringParam(params.latest);
  const inclusive = boolParam(params.inclusive) === true;
  const ts = Number(m.ts);
  const afterOldest = inclusive ? ts >= oldest : ts > oldest;
  const beforeLatest = latest === undefined ? true : inclusive ? ts <= Number(latest) : ts < Number(latest);
  return afterOldest && beforeLatest;
};

export const history: Method = (ctx, params) => {
  const found = readable(ctx, params);
  if ('error' in found) return fail(found.error);
  const withMetadata = boolParam(params.include_all_metadata) === true;
  const messages = ctx.core.store
    .list(found.channel.id)
    .filter((m) => !m.ephemeral_to && (!m.thread_ts || m.thread_ts === m.ts || m.reply_broadcast))
    .filter((m) => inRange(m, params))
    .reverse();
  const result = page(messages, params, 100, 999);
  if (!result) return fail('invalid_cursor');
  return {
    ok: true,
    messages: result.slice.map((m) => apiMessage(m, withMetadata)),
    has_more: result.hasMore,
    pin_count: 0,
    response_metadata: { next_cursor: result.next },
  };
};

export const replies: Method = (ctx, params) => {
  const found = readable(ctx, params);
  if ('error' in found) return fail(found.error);
  const ts = stringParam(params.ts);
  if (!ts) return fail('thread_not_found');
  const withMetadata = boolParam(params.include_all_metadata) === true;
  const all = ctx.core.store.list(found.channel.id).filter((m) => !m.ephemeral_to);
  const target = all.find((m) => m.ts === ts);
  if (!target) return fail('thread_not_found');
  const rootTs = target.thread_ts ?? target.ts;
  const thread = all.filter((m) => m.ts === rootTs || m.thread_ts === rootTs).filter((m) => inRange(m, params));
  const result = page(thread, params, 1000, 1000);
  if (!result) return fail('invalid_cursor');
  return {
    ok: true,
    messages: result.slice.map((m) => apiMessage(m, withMetadata)),
    has_more: result.hasMore,
    response_metadata: { next_cursor: result.next },
  };
};

export const join: Method = ({ core }, params) => {
  const found = visibleChannel(core, params.channel);
  if ('error' in found) return fail(found.error);
  if (found.channel.is_im || found.channel.is_private) return fail('method_not_supported_for_channel_type');
  if (found.channel.is_archived) return fail('is_archived');
  const already = core.workspace.isBotMember(found.channel);
  core.workspace.addBotToChannel(found.channel.id);
  return {
    ok: true,
    channel: core.workspace.channelView(found.channel),
    ...(already ? { warning: 'already_in_channel', response_metadata: { warnings: ['already_in_channel'] } } : {}),
  };
};
