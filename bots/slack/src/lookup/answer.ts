// Shared by /intel, the message shortcut and the card buttons: run a stored or new lookup
// against MISP and render it for one conversation kind. Failures become an error message, never a throw.
import { randomUUID } from 'node:crypto';
import type { KnownBlock } from '@slack/types';
import type { CardDisclosure } from '../blocks/card.js';
import { errorBlocks } from '../blocks/errors.js';
import { renderLookupMessage } from '../blocks/lookup-message.js';
import type { BotContext } from '../context.js';
import type { StoredLookup } from '../storage/types.js';
import type { ConversationKind } from '../tlp.js';
import { describeMispFailure, failureCode } from './errors.js';
import { runLookup } from './run.js';
import type { IndicatorRef, IndicatorResult } from './types.js';

export interface Answer {
  ok: boolean;
  text: string;
  blocks: KnownBlock[];
  disclosures: CardDisclosure[];
  error?: string;
  latencyMs: number;
}

export async function newLookup(
  ctx: BotContext,
  input: { userId: string; channelId: string; indicators: IndicatorRef[]; cut: number },
): Promise<StoredLookup> {
  const lookup: StoredLookup = { id: randomUUID(), ...input, createdAt: Math.floor(ctx.clock() / 1000) };
  try {
    await ctx.store.saveLookup(lookup);
  } catch (error) {
    // Buttons will say the card expired; the answer itself still works.
    ctx.logger.event('error', 'store_save_lookup_failed', { error });
  }
  return lookup;
}

export async function fetchResults(ctx: BotContext, indicators: IndicatorRef[]): Promise<IndicatorResult[]> {
  return runLookup(ctx.misp, indicators, { timeoutMs: ctx.config.mispTimeoutMs });
}

export function render(
  ctx: BotContext,
  lookup: StoredLookup,
  results: IndicatorResult[],
  options: { kind: ConversationKind; page?: number; only?: number; notice?: string },
): Omit<Answer, 'latencyMs'> {
  const only = options.only;
  const picked = only === undefined ? results : results.filter((_, i) => i === only);
  const message = renderLookupMessage({
    results: picked,
    ...(only === undefined ? {} : { indices: [only] }),
    page: options.page ?? 0,
    cut: only === undefined ? lookup.cut : 0,
    ctx: {
      kind: options.kind,
      policy: ctx.config.tlp,
      verdictConfig: ctx.config.verdict,
      mispUrl: ctx.config.mispPublicUrl,
      nowSeconds: ctx.clock() / 1000,
      lookupId: lookup.id,
      offerShare: options.kind === 'requester',
      addToMisp: ctx.config.triageEvent !== undefined,
    },
  });
  const blocks = options.notice
    ? [
        { type: 'context', elements: [{ type: 'mrkdwn', text: options.notice, verbatim: true }] } as KnownBlock,
        ...message.blocks,
      ].slice(0, 50)
    : message.blocks;
  return { ok: true, text: message.text, blocks, disclosures: message.disclosures };
}

/** Looks up and renders; on MISP failure returns an error answer saying what went wrong. */
export async function answer(
  ctx: BotContext,
  lookup: StoredLookup,
  options: { kind: ConversationKind; page?: number; only?: number; notice?: string },
): Promise<Answer> {
  const started = performance.now();
  try {
    const results = await fetchResults(ctx, lookup.indicators);
    return { ...render(ctx, lookup, results, options), latencyMs: performance.now() - started };
  } catch (error) {
    const summary = describeMispFailure(error, ctx.config.mispTimeoutMs);
    ctx.logger.event('warn', 'misp_lookup_failed', { code: failureCode(error), error });
    return {
      ok: false,
      text: summary,
      blocks: errorBlocks(
        `Could not look up ${lookup.indicators.length === 1 ? 'the indicator' : `${lookup.indicators.length} indicators`}: ${summary}`,
      ),
      disclosures: [],
      error: failureCode(error),
      latencyMs: performance.now() - started,
    };
  }
}
