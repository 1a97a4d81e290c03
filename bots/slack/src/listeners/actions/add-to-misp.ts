// "Add to MISP" on a not-found card: for a writer, the modal asking how to add the indicator to the
// triage event (MISPKIT_TRIAGE_EVENT). Its submission is handled by listeners/views/add-to-misp.ts.
import { extractIndicators } from '@mispkit/sdk/indicators';
import { addToMispModal } from '../../blocks/add-to-misp.js';
import { errorBlocks } from '../../blocks/errors.js';
import { canWrite } from '../../config.js';
import type { BotContext } from '../../context.js';
import { type ButtonArgs, lookupForClick, parseButton } from './payload.js';

/** The MISP attribute types a value can be stored as (the SDK's indicator parser knows them). */
export function mispTypesFor(value: string): string[] {
  return [...(extractIndicators(value)[0]?.mispTypes ?? [])];
}

export function addToMispAction(ctx: BotContext) {
  return async ({ body, ack, respond, client }: ButtonArgs): Promise<void> => {
    await ack();
    const reply = (text: string) =>
      respond({ response_type: 'ephemeral', replace_original: false, text, blocks: errorBlocks(text) }).catch(
        () => undefined,
      );
    if (!ctx.config.triageEvent) return void (await reply('Adding to MISP is not set up (MISPKIT_TRIAGE_EVENT).'));
    if (!canWrite(ctx.config, body.user.id)) {
      return void (await reply(
        'You are not allowed to add to MISP from Slack. Ask an admin to add you to MISPKIT_WRITERS.',
      ));
    }
    const ref = parseButton(body);
    const lookup = ref && (await lookupForClick(ctx.store, body, ref, { inChannel: false }));
    const indicator = ref && lookup?.indicators[ref.index];
    if (!ref || !lookup || !indicator) return void (await reply('This card has expired. Run the lookup again.'));
    try {
      await client.views.open({
        trigger_id: body.trigger_id,
        view: addToMispModal({
          value: indicator.value,
          types: mispTypesFor(indicator.value),
          triageEvent: ctx.config.triageEvent,
          metadata: { l: lookup.id, i: ref.index, c: body.channel?.id ?? lookup.channelId },
        }),
      });
    } catch (error) {
      ctx.logger.event('error', 'views_open_failed', { listener: 'add_to_misp', error });
      await reply('Could not open the form (Slack refused it); please try again.');
    }
  };
}
