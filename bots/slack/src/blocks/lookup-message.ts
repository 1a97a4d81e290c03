// Assembles a lookup answer: a summary line, then cards ranked most severe first. Up to
// FULL_CARDS indicators get full cards; more get one compact line each, COMPACT_PAGE per
// message, with a "Show more" button for the next page. The 50-block cap is never reached.
import type { KnownBlock } from '@slack/types';
import { actions, blockIds } from '../ids.js';
import type { IndicatorResult } from '../lookup/types.js';
import { VERDICT_RANK, type Verdict } from '../verdict.js';
import { type CardContext, type CardDisclosure, type RenderedCard, renderCard, verdictWord } from './card.js';
import { actionsBlock, button, context, divider, section } from './elements.js';
import { LIMITS } from './limits.js';

export const FULL_CARDS = 3;
export const COMPACT_PAGE = 20;

export interface LookupMessageInput {
  results: IndicatorResult[];
  /** 0-based page of compact lines. */
  page?: number;
  /** How many indicators were dropped because the request had more than the maximum. */
  cut?: number;
  /** Index of each result in the stored lookup (default: its position), carried by card buttons. */
  indices?: number[];
  ctx: CardContext;
}

export interface LookupMessage {
  text: string;
  blocks: KnownBlock[];
  disclosures: CardDisclosure[];
  hasMore: boolean;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function renderLookupMessage(input: LookupMessageInput): LookupMessage {
  const { results, ctx } = input;
  const page = input.page ?? 0;
  const cards = results.map((result, i) => ({
    index: i,
    result,
    card: renderCard(result, input.indices?.[i] ?? i, ctx),
  }));
  const ranked = [...cards].sort(
    (a, b) =>
      VERDICT_RANK[b.card.verdict.verdict] - VERDICT_RANK[a.card.verdict.verdict] ||
      b.card.disclosure.shownHits - a.card.disclosure.shownHits ||
      a.index - b.index,
  );

  // Indicators whose every result is withheld are "restricted", not "not found".
  type Bucket = Verdict | 'restricted';
  const counts = new Map<Bucket, number>();
  for (const { card } of cards) {
    const d = card.disclosure;
    const bucket: Bucket = d.verdict === 'not_found' && Object.keys(d.withheld).length > 0 ? 'restricted' : d.verdict;
    counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
  }
  const tally = (['malicious', 'suspicious', 'benign', 'restricted', 'not_found'] as Bucket[])
    .filter((v) => counts.has(v))
    .map((v) => `${counts.get(v)} ${v === 'restricted' ? 'restricted' : verdictWord(v).toLowerCase()}`)
    .join(', ');
  const text = `${plural(results.length, 'indicator')} looked up: ${tally}`;

  const blocks: KnownBlock[] = [];
  const cut = input.cut ?? 0;
  if (results.length > 1 || cut > 0) {
    blocks.push(section(`*${plural(results.length, 'indicator')}* looked up: ${tally}`));
  }
  if (cut > 0) {
    blocks.push(
      context([
        `:scissors: Only the first ${results.length} indicators were looked up; ${plural(cut, 'more indicator')} ${cut === 1 ? 'was' : 'were'} cut. Send them in another /intel.`,
      ]),
    );
  }

  let shown: { card: RenderedCard }[];
  let hasMore = false;
  if (results.length <= FULL_CARDS) {
    shown = ranked;
    ranked.forEach(({ card }, i) => {
      if (i > 0) blocks.push(divider());
      blocks.push(...card.blocks);
    });
  } else {
    shown = ranked.slice(page * COMPACT_PAGE, (page + 1) * COMPACT_PAGE);
    hasMore = (page + 1) * COMPACT_PAGE < ranked.length;
    if (page > 0) blocks.push(context([`Page ${page + 1}`]));
    for (const { card } of shown) blocks.push(...card.compact);
    blocks.push(context(['*Details* on a line opens its full card, with sighting buttons.']));
    if (hasMore) {
      const remaining = ranked.length - (page + 1) * COMPACT_PAGE;
      blocks.push(
        actionsBlock(
          [
            button({
              text: `Show ${Math.min(remaining, COMPACT_PAGE)} more`,
              actionId: actions.showMore,
              value: JSON.stringify({ l: ctx.lookupId ?? '', p: page + 1 }),
            }),
          ],
          blockIds.more,
        ),
      );
    }
  }

  return {
    text,
    blocks: blocks.slice(0, LIMITS.blocksPerMessage),
    disclosures: shown.map(({ card }) => card.disclosure),
    hasMore,
  };
}
