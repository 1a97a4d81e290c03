// The ephemeral lookup of a piece of text for one user: extract, rate-limit, look up, answer, audit.
// Shared by the message shortcut and the alert's "Look up indicators" button; the caller says how
// to deliver the answer (response_url or chat.postEphemeral).
import { auditLookup } from '../audit.js';
import { errorBlocks } from '../blocks/errors.js';
import { lookingUpText, noIndicatorBlocks } from '../blocks/help.js';
import type { BotContext } from '../context.js';
import { MAX_TEXT } from '../listeners/commands/intel.js';
import { answer, newLookup } from './answer.js';
import { extract } from './extract.js';

export interface EphemeralLookupInput {
  text: string;
  userId: string;
  channelId: string;
  teamId?: string | undefined;
  /**
   * Delivers one ephemeral message to the user; must not throw (log instead). `replace` is true when
   * it should take the place of the progress message.
   */
  send(message: { text: string; blocks: unknown[]; replace: boolean }): Promise<void>;
  /**
   * Shows "Looking up N indicators…" before the lookup; resolves true when it was shown (the answer
   * then replaces it). Without it there is no progress message.
   */
  progress?(text: string): Promise<boolean>;
}

export async function lookupEphemerally(ctx: BotContext, input: EphemeralLookupInput): Promise<void> {
  const { userId: user, channelId: channel, send } = input;
  const { indicators, cut } = extract(input.text.slice(0, MAX_TEXT), ctx.config.maxIndicators);
  if (indicators.length === 0) {
    await send({ text: 'No indicator found in that message.', blocks: noIndicatorBlocks(), replace: false });
    return;
  }
  const limit = ctx.rateLimiter.take(user);
  if (!limit.allowed) {
    await send({
      text: 'Too many lookups',
      blocks: errorBlocks(`You are looking up faster than the bot allows. Try again in ${limit.retryAfterSeconds} s.`),
      replace: false,
    });
    return;
  }
  const replace = input.progress ? await input.progress(lookingUpText(indicators.length, cut)) : false;
  const lookup = await newLookup(ctx, { userId: user, channelId: channel, indicators, cut });
  const result = await answer(ctx, lookup, { kind: 'requester' });
  await send({ text: result.text, blocks: result.blocks, replace });
  await auditLookup(ctx, {
    teamId: input.teamId,
    userId: user,
    channelId: channel,
    indicators,
    lookupId: lookup.id,
    result,
  });
}
