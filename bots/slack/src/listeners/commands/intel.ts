// /intel <text>: ack within Slack's 3 s with either the whole answer (help, nothing found, rate
// limited) or "Looking up N indicators…", then look up and replace that message with the answer.
// `/intel subscribe|unsubscribe|subscriptions` manage the channel's alert subscription instead.
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { handleAlertCommand, isAlertCommand } from '../../alerts/commands.js';
import { auditLookup } from '../../audit.js';
import { errorBlocks } from '../../blocks/errors.js';
import { lookingUpText, noIndicatorBlocks, usageBlocks } from '../../blocks/help.js';
import { type BotContext, NO_UNFURL } from '../../context.js';
import { answer, newLookup } from '../../lookup/answer.js';
import { extract } from '../../lookup/extract.js';

/** Longest `/intel` text we read; Slack allows more, but nobody pastes 50 indicators in more than this. */
export const MAX_TEXT = 20_000;

export function intelCommand(ctx: BotContext) {
  return async ({ command, ack, respond, client }: AllMiddlewareArgs & SlackCommandMiddlewareArgs): Promise<void> => {
    const text = (command.text ?? '').slice(0, MAX_TEXT).trim();
    if (text === '' || /^help$/i.test(text)) {
      await ack({
        response_type: 'ephemeral',
        text: 'How to use /intel',
        blocks: usageBlocks(ctx.config.maxIndicators),
      });
      return;
    }
    if (isAlertCommand(text)) {
      if (!ctx.alerts) {
        await ack({ response_type: 'ephemeral', text: 'Alerts are not enabled on this bot.' });
        return;
      }
      // Subscribing asks Slack whether the bot is in the channel: ack first, answer after.
      await ack();
      let reply: string;
      try {
        reply = (
          await handleAlertCommand({
            store: ctx.alerts.store,
            client,
            channelId: command.channel_id,
            userId: command.user_id,
            text,
            clock: ctx.clock,
          })
        ).text;
      } catch (error) {
        ctx.logger.event('error', 'alert_command_failed', { error });
        reply = 'Could not change the alert subscription (storage error); please try again.';
      }
      await respond({ response_type: 'ephemeral', text: reply }).catch((error) =>
        ctx.logger.event('error', 'respond_failed', { listener: 'intel', error }),
      );
      return;
    }
    const { indicators, cut } = extract(text, ctx.config.maxIndicators);
    if (indicators.length === 0) {
      await ack({ response_type: 'ephemeral', text: 'No indicator found in that text.', blocks: noIndicatorBlocks() });
      return;
    }
    const limit = ctx.rateLimiter.take(command.user_id);
    if (!limit.allowed) {
      await ack({
        response_type: 'ephemeral',
        text: 'Too many lookups',
        blocks: errorBlocks(
          `You are looking up faster than the bot allows. Try again in ${limit.retryAfterSeconds} s.`,
        ),
      });
      return;
    }
    await ack({ response_type: 'ephemeral', text: lookingUpText(indicators.length, cut) });

    const lookup = await newLookup(ctx, { userId: command.user_id, channelId: command.channel_id, indicators, cut });
    const result = await answer(ctx, lookup, { kind: 'requester' });
    try {
      // The answer (or the error) takes the place of "Looking up…": the ack body is the last message
      // this response_url posted, and ephemeral messages can only be changed through it.
      await respond({
        response_type: 'ephemeral',
        replace_original: true,
        text: result.text,
        blocks: result.blocks,
        ...NO_UNFURL,
      });
    } catch (error) {
      ctx.logger.event('error', 'respond_failed', { listener: 'intel', error });
    }
    await auditLookup(ctx, {
      teamId: command.team_id,
      userId: command.user_id,
      channelId: command.channel_id,
      indicators,
      lookupId: lookup.id,
      result,
    });
  };
}
