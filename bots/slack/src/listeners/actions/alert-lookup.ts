// "Look up indicators" on an alert: the button's value is the alert's top indicators, defanged;
// they are looked up exactly as the message shortcut would, answered only to the clicker.
import type { ButtonAction } from '@slack/bolt';
import { type BotContext, NO_UNFURL } from '../../context.js';
import { lookupEphemerally } from '../../lookup/ephemeral.js';
import type { ButtonArgs } from './payload.js';

export function alertLookupAction(ctx: BotContext) {
  return async ({ body, ack, respond, client }: ButtonArgs): Promise<void> => {
    await ack();
    const user = body.user.id;
    const channel = body.channel?.id ?? '';
    const value = (body.actions[0] as ButtonAction | undefined)?.value ?? '';
    await lookupEphemerally(ctx, {
      text: value,
      userId: user,
      channelId: channel,
      teamId: body.team?.id,
      // No progress message: replace_original here would replace the alert itself.
      send: async ({ replace: _replace, ...message }) => {
        try {
          if (body.response_url) {
            await respond({ response_type: 'ephemeral', replace_original: false, ...message, ...NO_UNFURL } as never);
          } else await client.chat.postEphemeral({ channel, user, ...message, ...NO_UNFURL } as never);
        } catch (error) {
          ctx.logger.event('error', 'respond_failed', { listener: 'alert_lookup', error });
        }
      },
    });
  };
}
