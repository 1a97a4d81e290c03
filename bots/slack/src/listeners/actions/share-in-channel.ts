// "Share in channel": re-check TLP for the channel the card was asked in and post in_channel
// only what that channel may see; withheld results are counted in the shared card.
import { audit, disclosureSummary } from '../../audit.js';
import { type BotContext, NO_UNFURL } from '../../context.js';
import { defang } from '../../defang.js';
import { answer } from '../../lookup/answer.js';
import { type ButtonArgs, lookupForClick, parseButton, respondExpired } from './payload.js';

export function shareInChannelAction(ctx: BotContext) {
  return async ({ body, ack, respond, client }: ButtonArgs): Promise<void> => {
    await ack();
    const user = body.user.id;
    const ref = parseButton(body);
    // Only from the requester's own answer: sharing is theirs to decide.
    const lookup = ref && (await lookupForClick(ctx.store, body, ref, { inChannel: false }));
    const indicator = ref && lookup?.indicators[ref.index];
    const channel = body.channel?.id ?? lookup?.channelId ?? '';
    if (!ref || !lookup || !indicator) {
      await respondExpired(respond, 'card');
      return;
    }
    const kind = await ctx.channels.kindOf(client, channel, user);
    const shared = await answer(ctx, lookup, {
      kind,
      only: ref.index,
      notice: `Shared by <@${user.replace(/[^A-Z0-9]/gi, '')}> · answers here show only what this channel’s TLP allows`,
    });
    if (shared.ok && !lookup.shared?.includes(ref.index)) {
      // Recorded before posting, so buttons on the shared card work as soon as it appears.
      await ctx.store
        .saveLookup({ ...lookup, shared: [...(lookup.shared ?? []), ref.index] })
        .catch((error: unknown) => ctx.logger.event('error', 'store_save_lookup_failed', { error }));
    }
    try {
      if (shared.ok) {
        await respond({
          response_type: 'in_channel',
          replace_original: false,
          text: shared.text,
          blocks: shared.blocks,
          ...NO_UNFURL,
        });
      } else {
        await respond({
          response_type: 'ephemeral',
          replace_original: false,
          text: shared.text,
          blocks: shared.blocks,
          ...NO_UNFURL,
        });
      }
    } catch (error) {
      ctx.logger.event('error', 'respond_failed', { listener: 'share_in_channel', error });
    }
    await audit(ctx.store, ctx.logger, {
      at: Math.floor(ctx.clock() / 1000),
      teamId: body.team?.id,
      userId: user,
      channelId: channel,
      action: 'share',
      visibility: shared.ok ? 'in_channel' : 'none',
      conversation: kind,
      indicators: [defang(indicator.value)],
      ...disclosureSummary(shared.disclosures),
      outcome: shared.ok ? 'ok' : 'error',
      error: shared.error,
      latencyMs: shared.latencyMs,
      requestId: lookup.id,
    });
  };
}
