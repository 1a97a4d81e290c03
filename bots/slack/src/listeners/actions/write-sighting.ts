// Shared by the three write buttons (sighting, false positive, expired): check the clicker may
// write, add the MISP sighting with source "slack:<user id>", then redraw the card with new counts.
import { audit } from '../../audit.js';
import { hitTlp } from '../../blocks/card.js';
import { errorBlocks } from '../../blocks/errors.js';
import { canWrite } from '../../config.js';
import { type BotContext, NO_UNFURL } from '../../context.js';
import { defang } from '../../defang.js';
import { codeSpan } from '../../escape.js';
import { sightingTypeFor, type WriteActionId } from '../../ids.js';
import { type Answer, answer, fetchResults, render } from '../../lookup/answer.js';
import { describeMispFailure, failureCode } from '../../lookup/errors.js';
import type { AttributeHit, SightingType } from '../../lookup/types.js';
import { type ConversationKind, partitionByTlp } from '../../tlp.js';
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
    const view = { kind, ...(ephemeral ? { page: ref.page } : { only: ref.index }) };
    let redraw: Omit<Answer, 'latencyMs'>;
    try {
      const results = await fetchResults(ctx, lookup.indicators);
      const notice =
        `:white_check_mark: Added ${NAMES[type].label} for ${codeSpan(defang(indicator.value))}` +
        recordedOn(results[ref.index]?.hits ?? [], `slack:${user}`, type, kind, ctx) +
        '.';
      redraw = render(ctx, lookup, results, { ...view, notice });
    } catch {
      redraw = await answer(ctx, lookup, view); // says what went wrong with MISP
    }
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

/**
 * ": MISP recorded it on 2 attributes (`ip-dst`, `ip-dst|port`)" when one click landed on several
 * attributes with the value, so a count that grows by two is explained. Only attributes this
 * conversation may see are named; when some are withheld by TLP, nothing is said about the number.
 */
function recordedOn(
  hits: AttributeHit[],
  source: string,
  type: SightingType,
  kind: ConversationKind,
  ctx: BotContext,
): string {
  const mine = hits.filter((h) => h.sightings.some((s) => s.source === source && s.type === type));
  const latest = Math.max(
    0,
    ...mine.flatMap((h) => h.sightings.filter((s) => s.source === source).map((s) => s.timestamp)),
  );
  const landed = mine.filter((h) => h.sightings.some((s) => s.source === source && s.timestamp === latest));
  const { shown, withheldCount } = partitionByTlp(landed, (h) => hitTlp(h, ctx.config.tlp), kind, ctx.config.tlp);
  if (shown.length < 2 || withheldCount > 0) return '';
  const types = [...new Set(shown.map((h) => codeSpan(h.type, 40)))].join(', ');
  return `: MISP recorded it on ${shown.length} attributes with this value (${types}), one sighting each`;
}
