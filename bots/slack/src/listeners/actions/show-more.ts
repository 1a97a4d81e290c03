// "Show N more": the next page of compact results of a stored lookup, replacing the current page.
import { audit, disclosureSummary } from '../../audit.js';
import { type BotContext, NO_UNFURL } from '../../context.js';
import { defang } from '../../defang.js';
import { answer } from '../../lookup/answer.js';
import { type ButtonArgs, lookupForClick, parseButton, respondExpired } from './payload.js';

export function showMoreAction(ctx: BotContext) {
  return async ({ body, ack, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const ref = parseButton(body);
    // "Show more" is on the requester's own answer only.
    const lookup = ref && (await lookupForClick(ctx.store, body, ref, { inChannel: false }));
    if (!ref || !lookup) {
      await respondExpired(respond, 'list');
      return;
    }
    const page = await answer(ctx, lookup, { kind: 'requester', page: ref.page });
    await respond({
      response_type: 'ephemeral',
      replace_original: true,
      text: page.text,
      blocks: page.blocks,
      ...NO_UNFURL,
    }).catch((error: unknown) => ctx.logger.event('error', 'respond_failed', { listener: 'show_more', error }));
    await audit(ctx.store, ctx.logger, {
      at: Math.floor(ctx.clock() / 1000),
      teamId: body.team?.id,
      userId: body.user.id,
      channelId: body.channel?.id ?? lookup.channelId,
      action: 'lookup',
      visibility: 'ephemeral',
      conversation: 'requester',
      indicators: lookup.indicators.map((i) => defang(i.value)),
      ...disclosureSummary(page.disclosures),
      outcome: page.ok ? 'ok' : 'error',
      error: page.error,
      latencyMs: page.latencyMs,
      requestId: lookup.id,
    });
  };
}
