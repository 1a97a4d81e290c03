// The "Add to MISP" modal was submitted: check again that the submitter may write, close the modal
// (Slack wants an answer within 3 s; MISP may take longer), add the attribute to the triage event,
// and tell the submitter in the channel, only them, what happened.
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { audit } from '../../audit.js';
import { type AddToMispMetadata, readAddToMisp } from '../../blocks/add-to-misp.js';
import { canWrite } from '../../config.js';
import type { BotContext } from '../../context.js';
import { defang } from '../../defang.js';
import { codeSpan } from '../../escape.js';
import { describeMispFailure, failureCode } from '../../lookup/errors.js';
import { mispTypesFor } from '../actions/add-to-misp.js';

function metadata(text: string): AddToMispMetadata | undefined {
  try {
    const m = JSON.parse(text) as Partial<AddToMispMetadata>;
    if (typeof m.l === 'string' && typeof m.i === 'number' && typeof m.c === 'string') return m as AddToMispMetadata;
  } catch {
    // not ours
  }
  return undefined;
}

export function addToMispSubmission(ctx: BotContext) {
  return async ({
    ack,
    body,
    view,
    client,
  }: AllMiddlewareArgs & SlackViewMiddlewareArgs<ViewSubmitAction>): Promise<void> => {
    const user = body.user.id;
    const meta = metadata(view.private_metadata);
    // Slack does not let users forge private_metadata, but the lookup must still be the submitter's own.
    const lookup = meta ? await ctx.store.getLookup(meta.l) : undefined;
    const indicator = meta && lookup?.userId === user ? lookup.indicators[meta.i] : undefined;
    const triageEvent = ctx.config.triageEvent;
    const add = ctx.misp.attributes.add?.bind(ctx.misp.attributes);
    if (!meta || !indicator || !triageEvent || !add || !canWrite(ctx.config, user)) {
      await ack({
        response_action: 'errors',
        errors: { attribute_type: 'This form has expired or you may not add to MISP.' },
      });
      return;
    }
    const read = readAddToMisp(
      view.state.values as Record<string, Record<string, unknown>>,
      mispTypesFor(indicator.value),
    );
    if (!read.ok) {
      await ack({ response_action: 'errors', errors: read.errors });
      return;
    }
    await ack();

    const shown = codeSpan(defang(indicator.value));
    let text: string;
    let outcome: 'ok' | 'error' = 'ok';
    let error: string | undefined;
    try {
      const attribute = { type: read.type, value: indicator.value, to_ids: read.toIds, comment: read.comment };
      await add(triageEvent, attribute as never, { timeoutMs: ctx.config.mispTimeoutMs });
      text = `:white_check_mark: Added ${shown} to MISP event ${codeSpan(triageEvent)} as ${codeSpan(read.type)}${read.toIds ? ' (to_ids)' : ''}.`;
    } catch (failure) {
      outcome = 'error';
      error = failureCode(failure);
      text = `:warning: Could not add ${shown} to MISP: ${describeMispFailure(failure, ctx.config.mispTimeoutMs)}`;
    }
    await client.chat
      .postEphemeral({
        channel: meta.c,
        user,
        text,
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text, verbatim: true } }],
      })
      .catch((failure: unknown) =>
        ctx.logger.event('error', 'post_failed', { listener: 'add_to_misp', error: failure }),
      );
    await audit(ctx.store, ctx.logger, {
      at: Math.floor(ctx.clock() / 1000),
      teamId: body.team?.id,
      userId: user,
      channelId: meta.c,
      action: 'add_attribute',
      visibility: 'ephemeral',
      conversation: 'requester',
      indicators: [defang(indicator.value)],
      disclosed: [],
      withheld: {},
      outcome,
      error,
      requestId: lookup?.id,
    });
  };
}
