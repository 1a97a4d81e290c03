// `@misp-intel 1.2.3.4` in a channel or thread, and any message in a DM with the bot: look the
// indicators up and answer in the thread (in a DM, in the conversation). The answer is posted for
// everyone there, so it shows only what that conversation's TLP ceiling allows, like a shared card;
// its buttons work for the people there, as on a shared card.
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { audit, disclosureSummary } from '../../audit.js';
import { errorBlocks } from '../../blocks/errors.js';
import { noIndicatorBlocks, usageBlocks } from '../../blocks/help.js';
import { type BotContext, NO_UNFURL } from '../../context.js';
import { defang } from '../../defang.js';
import { answer, newLookup } from '../../lookup/answer.js';
import { extract } from '../../lookup/extract.js';
import { MAX_TEXT } from '../commands/intel.js';

interface IncomingMessage {
  channel: string;
  user?: string | undefined;
  text?: string | undefined;
  ts: string;
  thread_ts?: string | undefined;
  team?: string | undefined;
  bot_id?: string | undefined;
  subtype?: string | undefined;
  channel_type?: string | undefined;
}

/** Mentions (`<@U…>`) are addressed to people or to the bot, never indicators. */
const MENTIONS = /<@[A-Z0-9]+(?:\|[^>]*)?>/gi;

async function answerMessage(
  ctx: BotContext,
  client: AllMiddlewareArgs['client'],
  message: IncomingMessage,
  where: 'thread' | 'conversation',
): Promise<void> {
  const user = message.user;
  if (!user || message.bot_id || message.subtype) return; // the bot's own posts, edits, joins …
  const text = (message.text ?? '').slice(0, MAX_TEXT).replace(MENTIONS, ' ').trim();
  const thread = where === 'thread' ? (message.thread_ts ?? message.ts) : message.thread_ts;
  const post = (reply: { text: string; blocks: unknown[] }) =>
    client.chat
      .postMessage({
        channel: message.channel,
        ...(thread ? { thread_ts: thread } : {}),
        text: reply.text,
        blocks: reply.blocks as never,
        ...NO_UNFURL,
      })
      .catch((error: unknown) => ctx.logger.event('error', 'post_failed', { listener: 'mention', error }));

  if (text === '' || /^help$/i.test(text)) {
    await post({ text: 'How to use the bot', blocks: usageBlocks(ctx.config.maxIndicators) });
    return;
  }
  const { indicators, cut } = extract(text, ctx.config.maxIndicators);
  if (indicators.length === 0) {
    await post({ text: 'No indicator found in that text.', blocks: noIndicatorBlocks() });
    return;
  }
  const limit = ctx.rateLimiter.take(user);
  if (!limit.allowed) {
    const summary = `You are looking up faster than the bot allows. Try again in ${limit.retryAfterSeconds} s.`;
    await post({ text: 'Too many lookups', blocks: errorBlocks(summary) });
    return;
  }
  const kind = await ctx.channels.kindOf(client, message.channel, user);
  const created = await newLookup(ctx, { userId: user, channelId: message.channel, indicators, cut });
  // Posted for the whole conversation: every card in it counts as shared there (buttons work).
  const lookup = { ...created, shared: indicators.map((_, i) => i) };
  await ctx.store
    .saveLookup(lookup)
    .catch((error: unknown) => ctx.logger.event('error', 'store_save_lookup_failed', { error }));
  const result = await answer(ctx, lookup, { kind });
  await post(result);
  await audit(ctx.store, ctx.logger, {
    at: Math.floor(ctx.clock() / 1000),
    teamId: message.team,
    userId: user,
    channelId: message.channel,
    action: 'lookup',
    visibility: 'in_channel',
    conversation: kind,
    indicators: indicators.map((i) => defang(i.value)),
    ...disclosureSummary(result.disclosures),
    outcome: result.ok ? 'ok' : 'error',
    error: result.error,
    latencyMs: result.latencyMs,
    requestId: lookup.id,
  });
}

/** `app_mention`: answers in the thread of the mention. */
export function mentionEvent(ctx: BotContext) {
  return async ({ event, client }: AllMiddlewareArgs & SlackEventMiddlewareArgs<'app_mention'>): Promise<void> => {
    await answerMessage(ctx, client, event as IncomingMessage, 'thread');
  };
}

/** `message` in a DM with the bot (`message.im`): answers in the DM. Other messages are ignored. */
export function directMessageEvent(ctx: BotContext) {
  return async ({ event, client }: AllMiddlewareArgs & SlackEventMiddlewareArgs<'message'>): Promise<void> => {
    const message = event as IncomingMessage;
    if (message.channel_type !== 'im') return;
    await answerMessage(ctx, client, message, 'conversation');
  };
}
