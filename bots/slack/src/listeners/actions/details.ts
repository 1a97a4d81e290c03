// "Details" on a compact line (lookups of more than three indicators): the full card of that one
// indicator, as a new answer only the requester sees, with the same buttons as any full card.
import { audit, disclosureSummary } from '../../audit.js';
import { type BotContext, NO_UNFURL } from '../../context.js';
import { defang } from '../../defang.js';
import { answer } from '../../lookup/answer.js';
import { type ButtonArgs, lookupForClick, parseButton, respondExpired } from './payload.js';

export function detailsAction(ctx: BotContext) {
  return async ({ body, ack, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const ref = parseButton(body);
    // Compact lines with Details are on the requester's own answer only.
    const lookup = ref && (await lookupForClick(ctx.store, body, ref, { inChannel: false }));
    if (!ref || !lookup?.indicators[ref.index]) {
      await respondExpired(respond, 'list');
      return;
    }
    const card = await answer(ctx, lookup, { kind: 'requester', only: ref.index });
    await respond({
      response_type: 'ephemeral',
      replace_original: false,
      text: card.text,
      blocks: card.blocks,
      ...NO_UNFURL,
    }).catch((error: unknown) => ctx.logger.event('error', 'respond_failed', { listener: 'details', error }));
    await audit(ctx.store, ctx.logger, {
      at: Math.floor(ctx.clock() / 1000),
      teamId: body.team?.id,
      userId: body.user.id,
      channelId: body.channel?.id ?? lookup.channelId,
      action: 'lookup',
      visibility: 'ephemeral',
      conversation: 'requester',
      indicators: [defang(lookup.indicators[ref.index]?.value ?? '')],
      ...disclosureSummary(card.disclosures),
      outcome: card.ok ? 'ok' : 'error',
      error: card.error,
      latencyMs: card.latencyMs,
      requestId: lookup.id,
    });
  };
}
