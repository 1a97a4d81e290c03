// A channel became Slack Connect (or stopped being), or someone joined it (perhaps from another
// organisation): its TLP ceiling may have changed. Forget what is stored about it, for lookups and
// alerts alike and for every replica, so the next decision asks Slack. These events only ever make
// the bot ask sooner; a missed one cannot widen anything (see channels.ts).
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { BotContext } from '../../context.js';

export function channelSharingChanged(ctx: BotContext) {
  return async ({
    event,
  }: AllMiddlewareArgs &
    SlackEventMiddlewareArgs<'channel_shared' | 'channel_unshared' | 'member_joined_channel'>): Promise<void> => {
    try {
      await ctx.channels.forget(event.channel);
      await ctx.alerts?.pipeline.forgetChannel(event.channel);
    } catch (error) {
      // The stored kind then expires on its own (5 min); say so rather than fail the event.
      ctx.logger.event('error', 'channel_kind_forget_failed', { channel: event.channel, error });
    }
    ctx.logger.event('info', 'channel_sharing_changed', { channel: event.channel, type: event.type });
  };
}
