// Message shortcut "Look up indicators": the same as /intel on the text of any message,
// answered ephemerally to the person who used the shortcut.
import type { AllMiddlewareArgs, MessageShortcut, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import { audit, disclosureSummary } from '../../audit.js';
import { errorBlocks } from '../../blocks/errors.js';
import { noIndicatorBlocks } from '../../blocks/help.js';
import { type BotContext, NO_UNFURL } from '../../context.js';
import { defang } from '../../defang.js';
import { answer, newLookup } from '../../lookup/answer.js';
import { extract } from '../../lookup/extract.js';
import { MAX_TEXT } from '../commands/intel.js';

export function lookupIndicatorsShortcut(ctx: BotContext) {
  return async ({
    shortcut,
    ack,
    respond,
    client,
  }: AllMiddlewareArgs & SlackShortcutMiddlewareArgs<MessageShortcut>): Promise<void> => {
    await ack();
    const user = shortcut.user.id;
    const channel = shortcut.channel.id;
    const send = async (message: { text: string; blocks: unknown[] }) => {
      try {
        if (shortcut.response_url) await respond({ response_type: 'ephemeral', ...message, ...NO_UNFURL } as never);
        else await client.chat.postEphemeral({ channel, user, ...message, ...NO_UNFURL } as never);
      } catch (error) {
        ctx.logger.event('error', 'respond_failed', { listener: 'lookup_indicators', error });
      }
    };
    const text = (shortcut.message.text ?? '').slice(0, MAX_TEXT);
    const { indicators, cut } = extract(text, ctx.config.maxIndicators);
    if (indicators.length === 0) {
      await send({ text: 'No indicator found in that message.', blocks: noIndicatorBlocks() });
      return;
    }
    const limit = ctx.rateLimiter.take(user);
    if (!limit.allowed) {
      await send({
        text: 'Too many lookups',
        blocks: errorBlocks(
          `You are looking up faster than the bot allows. Try again in ${limit.retryAfterSeconds} s.`,
        ),
      });
      return;
    }
    const lookup = await newLookup(ctx, { userId: user, channelId: channel, indicators, cut });
    const result = await answer(ctx, lookup, { kind: 'requester' });
    await send({ text: result.text, blocks: result.blocks });
    await audit(ctx.store, ctx.logger, {
      at: Math.floor(ctx.clock() / 1000),
      teamId: shortcut.team?.id,
      userId: user,
      channelId: channel,
      action: 'lookup',
      visibility: 'ephemeral',
      conversation: 'requester',
      indicators: indicators.map((i) => defang(i.value)),
      ...disclosureSummary(result.disclosures),
      outcome: result.ok ? 'ok' : 'error',
      error: result.error,
      latencyMs: result.latencyMs,
      requestId: lookup.id,
    });
  };
}
