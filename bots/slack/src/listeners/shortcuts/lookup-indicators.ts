// Message shortcut "Look up indicators": the same as /intel on the text of any message,
// answered ephemerally to the person who used the shortcut.
import type { AllMiddlewareArgs, MessageShortcut, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import { type BotContext, NO_UNFURL } from '../../context.js';
import { lookupEphemerally } from '../../lookup/ephemeral.js';

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
    await lookupEphemerally(ctx, {
      text: shortcut.message.text ?? '',
      userId: user,
      channelId: channel,
      teamId: shortcut.team?.id,
      send: async (message) => {
        try {
          if (shortcut.response_url) await respond({ response_type: 'ephemeral', ...message, ...NO_UNFURL } as never);
          else await client.chat.postEphemeral({ channel, user, ...message, ...NO_UNFURL } as never);
        } catch (error) {
          ctx.logger.event('error', 'respond_failed', { listener: 'lookup_indicators', error });
        }
      },
    });
  };
}
