// Shared by the three write buttons (sighting, false positive, expired): check the clicker may
// write, add the MISP sighting with source "slack:<user id>", then redraw the card with new counts.
import { audit } from '../../audit.js';
import { errorBlocks } from '../../blocks/errors.js';
import { canWrite } from '../../config.js';
import { type BotContext, NO_UNFURL } from '../../context.js';
import { defang } from '../../defang.js';
import { codeSpan } from '../../escape.js';
import { sightingTypeFor, type WriteActionId } from '../../ids.js';
import { answer } from '../../lookup/answer.js';
import { describeMispFailure, failureCode } from '../../lookup/errors.js';
import { type ButtonArgs, isEphemeral, lookupForClick, parseButton } from './payload.js';

const NAMES: Record<'0' | '1' | '2', { action: string; label: string }> = {
  '0': { action: 'sighting', label: 'a sighting' },
  '1': { action: 'false_positive', label: 'a false-positive sighting' },
  '2': { action: 'expired', label: 'an expiration sighting' },
};

export function writeSightingAction(ctx: BotContext, actionId: WriteActionId) {
  const type = sightingTypeFor[actionId];
  return async ({ body, ack, respond, client }: ButtonArgs): Promise<void> => {
    await ack();
    const user = body.user.id;
    const channel = body.channel?.id ?? '';
    const base = {
      at: Math.floor(ctx.clock() / 1000),
      teamId: body.team?.id,
      userId: user,
      channelId: channel,
      visibility: 'none' as const,
      conversation: '',
      disclosed: [],
      withheld: {},
    };
    const reply = (text: string) =>
      respond({
        response_type: 'ephemeral',
        replace_original: false,
        text,
        blocks: errorBlocks(text),
        ...NO_UNFURL,
      }).catch((error: unknown) => ctx.logger.event('error', 'respond_failed', { listener: actionId, error }));

    if (!canWrite(ctx.config, user)) {
      await reply(
        'You are not allowed to add sightings to MISP from Slack. Ask an admin to add you to MISPKIT_WRITERS.',
      );
      await audit(ctx.store, ctx.logger, { ...base, action: NAMES[type].action, indicators: [], outcome: 'refused' });
      return;
    }
    const ref = parseButton(body);
    const lookup = ref && (await lookupForClick(ctx.store, body, ref, { inChannel: true }));
    const indicator = ref && lookup?.indicators[ref.index];
    if (!ref || !lookup || !indicator) {
      await reply('This card has expired. Run the lookup again.');
      return;
    }
    try {
      await ctx.misp.sightings.add(
        { value: indicator.value, type, source: `slack:${user}` },
        { timeoutMs: ctx.config.mispTimeoutMs },
      );
    } catch (error) {
      await reply(`Could not add ${NAMES[type].label}: ${describeMispFailure(error, ctx.config.mispTimeoutMs)}`);
      await audit(ctx.store, ctx.logger, {
        ...base,
        action: NAMES[type].action,
        indicators: [defang(indicator.value)],
        outcome: 'error',
        error: failureCode(error),
      });
      return;
    }
    await audit(ctx.store, ctx.logger, {
      ...base,
      action: NAMES[type].action,
      indicators: [defang(indicator.value)],
      outcome: 'ok',
    });

    // Redraw the message the button was on, for the audience that message has.
    const ephemeral = isEphemeral(body);
    const kind = ephemeral ? 'requester' : await ctx.channels.kindOf(client, channel, user);
    const notice = `:white_check_mark: Added ${NAMES[type].label} for ${codeSpan(defang(indicator.value))}.`;
    const redraw = await answer(ctx, lookup, {
      kind,
      notice,
      ...(ephemeral ? { page: ref.page } : { only: ref.index }),
    });
    try {
      await respond({
        replace_original: true,
        response_type: ephemeral ? 'ephemeral' : 'in_channel',
        text: redraw.text,
        blocks: redraw.blocks,
        ...NO_UNFURL,
      });
    } catch (error) {
      ctx.logger.event('error', 'respond_failed', { listener: actionId, error });
    }
  };
}
