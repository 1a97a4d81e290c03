// "Acknowledge" on an alert: the message itself shows who acknowledged it and when, for everyone
// in the channel; the button goes away so nobody acknowledges twice by accident.

import type { KnownBlock } from '@slack/types';
import { acknowledgeBlocks } from '../../alerts/blocks.js';
import { errorBlocks } from '../../blocks/errors.js';
import type { BotContext } from '../../context.js';
import type { ButtonArgs } from './payload.js';

export function alertAcknowledgeAction(ctx: BotContext) {
  return async ({ body, ack, client, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const channel = body.channel?.id;
    const message = body.message as { ts?: string; text?: string; blocks?: KnownBlock[] } | undefined;
    if (!channel || !message?.ts) return;
    try {
      await client.chat.update({
        channel,
        ts: message.ts,
        text: message.text ?? 'MISP alert',
        blocks: acknowledgeBlocks(message.blocks ?? [], body.user.id, new Date(ctx.clock())),
      });
      ctx.logger.event('info', 'alert_acknowledged', { channel, ts: message.ts, user: body.user.id });
    } catch (error) {
      ctx.logger.event('error', 'alert_acknowledge_failed', { channel, error });
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: 'Could not acknowledge this alert.',
        blocks: errorBlocks('Could not acknowledge this alert in Slack; please try again.'),
      }).catch(() => undefined);
    }
  };
}
