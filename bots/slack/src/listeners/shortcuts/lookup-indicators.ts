// Message shortcut "Look up indicators": the same as /intel on any message, its text and the text of
// its blocks (a card's `text` is only a summary), answered ephemerally to the person who used the
// shortcut. "Looking up N indicators…" shows first and the answer replaces it.
import type { AllMiddlewareArgs, MessageShortcut, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import { type BotContext, NO_UNFURL } from '../../context.js';
import { lookupEphemerally } from '../../lookup/ephemeral.js';
import { messageText } from '../../lookup/message-text.js';

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
    const viaResponseUrl = Boolean(shortcut.response_url);
    const failed = (error: unknown) =>
      ctx.logger.event('error', 'respond_failed', { listener: 'lookup_indicators', error });
    await lookupEphemerally(ctx, {
      text: messageText(shortcut.message),
      userId: user,
      channelId: channel,
      teamId: shortcut.team?.id,
      // An ephemeral message can be replaced only through the response_url that posted it.
      ...(viaResponseUrl
        ? {
            progress: async (text: string) => {
              try {
                await respond({ response_type: 'ephemeral', replace_original: false, text });
                return true;
              } catch (error) {
                failed(error);
                return false;
              }
            },
          }
        : {}),
      send: async ({ replace, ...message }) => {
        try {
          if (viaResponseUrl) {
            await respond({ response_type: 'ephemeral', replace_original: replace, ...message, ...NO_UNFURL } as never);
          } else await client.chat.postEphemeral({ channel, user, ...message, ...NO_UNFURL } as never);
        } catch (error) {
          failed(error);
        }
      },
    });
  };
}
