// The verdict card for one indicator. Pure: data in, Block Kit out. TLP filtering happens here,
// before anything is rendered, so withheld results cannot leak through any field.
import type { Button, KnownBlock } from '@slack/types';
import { defang } from '../defang.js';
import { clampEscaped, codeSpan, link, safeLine } from '../escape.js';
import { actions, blockIds } from '../ids.js';
import type { AttributeHit, IndicatorResult } from '../lookup/types.js';
import {
  type ConversationKind,
  ceilingFor,
  effectiveTlp,
  partitionByTlp,
  type Tlp,
  type TlpPolicy,
  tlpLabel,
  tlpRank,
} from '../tlp.js';
import {
  ANALYSIS_LABEL,
  decideVerdict,
  THREAT_LEVEL_LABEL,
  type Verdict,
  type VerdictConfig,
  type VerdictOutcome,
  withHostVerdict,
} from '../verdict.js';
import { actionsBlock, button, context, section } from './elements.js';

export const VERDICT_EMOJI: Record<Verdict, string> = {
  malicious: ':red_circle:',
  suspicious: ':large_orange_circle:',
  benign: ':large_green_circle:',
  not_found: ':white_circle:',
};

export interface CardContext {
  kind: ConversationKind;
  policy: TlpPolicy;
  verdictConfig: VerdictConfig;
  /** Base URL for links to MISP (`MISP_PUBLIC_URL`, else `MISP_URL`). */
  mispUrl: string;
  nowSeconds: number;
  /** Lookup id stored by the bot; buttons carry it so a click can find the indicators again. */
  lookupId?: string | undefined;
  /** Whether to offer "Share in channel" (only on answers the requester alone can see). */
  offerShare: boolean;
  /** Events listed per card before "N more events". */
  maxEvents?: number;
  /** Offer "Add to MISP" on not-found cards (a triage event is configured). */
  addToMisp?: boolean | undefined;
}

/** What a rendered card disclosed and withheld, for the audit log. */
export interface CardDisclosure {
  indicator: string;
  verdict: Verdict;
  shownHits: number;
  shownEvents: string[];
  withheld: Partial<Record<Tlp, number>>;
  maxShownTlp?: Tlp | undefined;
}

export interface RenderedCard {
  blocks: KnownBlock[];
  compact: KnownBlock[];
  verdict: VerdictOutcome;
  disclosure: CardDisclosure;
}

export function hitTlp(hit: AttributeHit, policy: TlpPolicy): Tlp {
  return effectiveTlp(
    [...hit.tags, ...hit.event.tags].map((t) => t.name),
    policy,
  );
}

export function eventUrl(mispUrl: string, eventId: string): string {
  return `${mispUrl.replace(/\/+$/, '')}/events/view/${encodeURIComponent(eventId)}`;
}

function isoDate(value: string | number | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  const date = typeof value === 'number' ? new Date(value * 1000) : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString().slice(0, 10);
}

/** Events of the shown hits, most severe first: threat level, then published, then newest. */
function rankedEvents(hits: AttributeHit[]): AttributeHit['event'][] {
  const byId = new Map<string, AttributeHit['event']>();
  for (const hit of hits) if (!byId.has(hit.event.id)) byId.set(hit.event.id, hit.event);
  return [...byId.values()].sort(
    (a, b) =>
      Number(a.threatLevelId ?? 4) - Number(b.threatLevelId ?? 4) ||
      Number(b.published) - Number(a.published) ||
      (b.date ?? '').localeCompare(a.date ?? ''),
  );
}

/**
 * One report, counted once: MISP records a sighting of a value on every attribute with that value
 * (`ip-dst` and `ip-dst|port`), so one click shows up as several rows with the same type, time and
 * source. Counting rows would make one click look like two.
 */
export function distinctSightings(hits: AttributeHit[]): AttributeHit['sightings'] {
  const seen = new Map<string, AttributeHit['sightings'][number]>();
  for (const s of hits.flatMap((h) => h.sightings)) {
    const key = `${s.type}|${s.timestamp}|${s.source ?? ''}|${s.org ?? ''}`;
    if (!seen.has(key)) seen.set(key, s);
  }
  return [...seen.values()];
}

function sightingSummary(hits: AttributeHit[]): string | undefined {
  const all = distinctSightings(hits);
  if (all.length === 0) return 'no sightings';
  const count = (type: string) => all.filter((s) => s.type === type).length;
  const latest = all.reduce((a, b) => (b.timestamp > a.timestamp ? b : a));
  const kind = latest.type === '0' ? 'sighting' : latest.type === '1' ? 'false positive' : 'expiration';
  const by = latest.org ?? latest.source;
  return (
    `sightings: ${count('0')} seen · ${count('1')} false positive · ${count('2')} expired` +
    ` (latest ${kind} ${isoDate(latest.timestamp) ?? '?'}${by ? ` by ${safeLine(by)}` : ''})`
  );
}

/** The best decay score MISP gave any shown hit (`includeDecayScore`), with its model's name, escaped and cut. */
function decaySummary(hits: AttributeHit[]): string | undefined {
  const best = hits
    .map((h) => h.decay)
    .filter((d) => d !== undefined)
    .reduce<AttributeHit['decay']>((a, b) => (a === undefined || b.score > a.score ? b : a), undefined);
  if (!best) return undefined;
  const model = best.model ? ` (${clampEscaped(safeLine(best.model), 60)})` : '';
  return `decay score ${Math.round(best.score)}${best.decayed ? ', decayed' : ''}${model}`;
}

function seenRange(hits: AttributeHit[]): string | undefined {
  const first = hits
    .map((h) => isoDate(h.firstSeen))
    .filter(Boolean)
    .sort()[0];
  const last = hits
    .map((h) => isoDate(h.lastSeen))
    .filter(Boolean)
    .sort()
    .at(-1);
  if (!first && !last) return undefined;
  return `first seen ${first ?? '?'} · last seen ${last ?? '?'}`;
}

function tagLines(hits: AttributeHit[]): { tags: string[]; clusters: string[] } {
  const names = new Map<string, string>();
  for (const hit of hits)
    for (const tag of [...hit.tags, ...hit.event.tags]) names.set(tag.name.toLowerCase(), tag.name);
  const tags: string[] = [];
  const clusters: string[] = [];
  for (const name of names.values()) {
    const galaxy = /^misp-galaxy:([^=]+)="?(.*?)"?$/i.exec(name);
    if (galaxy) clusters.push(`${safeLine(galaxy[1] ?? '')}: ${safeLine(galaxy[2] ?? '')}`);
    else tags.push(codeSpan(name, 100));
  }
  return { tags, clusters };
}

function withheldText(withheld: Partial<Record<Tlp, number>>, nothingShown: boolean, ceiling: Tlp): string {
  const levels = (Object.entries(withheld) as [Tlp, number][]).sort((a, b) => tlpRank(b[0]) - tlpRank(a[0]));
  if (nothingShown) {
    // "1 more result" would suggest something was shown: say plainly that nothing can be, and why.
    const total = levels.reduce((sum, [, n]) => sum + n, 0);
    const marked =
      levels.length === 1
        ? tlpLabel(levels[0]?.[0] ?? 'red')
        : levels.map(([tlp, n]) => `${tlpLabel(tlp)} (${n})`).join(' and ');
    return (
      `:lock: Nothing can be shown here: MISP has ${plural(total, 'result')} for this indicator, marked ${marked}, ` +
      `and this conversation may only see up to ${tlpLabel(ceiling)}. ` +
      'Look it up yourself with `/intel` (only you see that answer) or open MISP.'
    );
  }
  const parts = levels.map(([tlp, n]) => `${n} more result${n === 1 ? ' is' : 's are'} ${tlpLabel(tlp)}`);
  return `:lock: ${parts.join(', ')} — not shown here; open MISP or look it up yourself.`;
}

function buttonValue(ctx: CardContext, index: number): string {
  return JSON.stringify({ l: ctx.lookupId ?? '', i: index });
}

/** Renders the card for result `index` of a lookup. */
export function renderCard(result: IndicatorResult, index: number, ctx: CardContext): RenderedCard {
  const { shown, withheld, withheldCount } = partitionByTlp(
    result.hits,
    (h) => hitTlp(h, ctx.policy),
    ctx.kind,
    ctx.policy,
  );
  // Hits on a URL's host are judged and partitioned on their own: they never pass for exact matches.
  const host = partitionByTlp(result.hostHits ?? [], (h) => hitTlp(h, ctx.policy), ctx.kind, ctx.policy);
  const verdict = withHostVerdict(
    decideVerdict(shown, result.warninglists, ctx.verdictConfig, ctx.nowSeconds),
    host.shown,
    ctx.verdictConfig,
    ctx.nowSeconds,
  );
  const ownWithheldCount = withheldCount;
  for (const [tlp, n] of Object.entries(host.withheld) as [Tlp, number][]) withheld[tlp] = (withheld[tlp] ?? 0) + n;
  const totalWithheld = ownWithheldCount + host.withheldCount;
  const events = rankedEvents(shown);
  const hostEvents = rankedEvents(host.shown);
  const maxEvents = ctx.maxEvents ?? 3;
  const display = codeSpan(defang(result.indicator.value));
  const maxShownTlp = [...shown, ...host.shown].reduce<Tlp | undefined>((acc, h) => {
    const t = hitTlp(h, ctx.policy);
    return acc === undefined || tlpRank(t) > tlpRank(acc) ? t : acc;
  }, undefined);

  // "Not found" would mislead when MISP has results this conversation may not see.
  const restricted = verdict.verdict === 'not_found' && totalWithheld > 0;
  const label = restricted
    ? ':lock: *Restricted*'
    : `${VERDICT_EMOJI[verdict.verdict]} *${verdictWord(verdict.verdict)}*`;
  const headline =
    `${label} ${display} _${safeLine(result.indicator.kind)}_` +
    (verdict.reasons.length > 0 ? `\n${verdict.reasons.map(safeLine).join('; ')}` : '');

  const summary: string[] = [];
  if (shown.length > 0) {
    summary.push(
      `${events.length} event${events.length === 1 ? '' : 's'} · ${shown.length} attribute${shown.length === 1 ? '' : 's'}`,
    );
    const ids = shown.filter((h) => h.toIds).length;
    summary.push(`to_ids: ${ids === shown.length ? 'yes' : ids === 0 ? 'no' : `${ids} of ${shown.length}`}`);
    const seen = seenRange(shown);
    if (seen) summary.push(seen);
    const sightings = sightingSummary(shown);
    if (sightings) summary.push(sightings);
    const decay = decaySummary(shown);
    if (decay) summary.push(decay);
    if (maxShownTlp) summary.push(tlpLabel(maxShownTlp));
  } else if (ownWithheldCount === 0) {
    summary.push(result.warninglists.length > 0 ? 'not in any MISP event' : 'MISP has no attribute with this value');
  }

  const blocks: KnownBlock[] = [section(headline, `${blockIds.card}${index}`)];
  if (summary.length > 0) blocks.push(context([summary.join(' · ')]));

  for (const event of events.slice(0, maxEvents)) {
    const meta = [
      event.org ? safeLine(event.org) : undefined,
      event.date ? safeLine(event.date) : undefined,
      `threat ${THREAT_LEVEL_LABEL[event.threatLevelId ?? ''] ?? 'Undefined'}`,
      event.analysis !== undefined
        ? `analysis ${ANALYSIS_LABEL[event.analysis] ?? safeLine(event.analysis)}`
        : undefined,
      event.published ? 'published' : 'not published',
    ].filter(Boolean);
    blocks.push(section(`${link(eventUrl(ctx.mispUrl, event.id), event.info)}\n${meta.join(' · ')}`));
  }
  if (events.length > maxEvents) {
    blocks.push(
      context([`+ ${events.length - maxEvents} more event${events.length - maxEvents === 1 ? '' : 's'} in MISP`]),
    );
  }

  if (result.host && hostEvents.length > 0) {
    const top = hostEvents
      .slice(0, 2)
      .map((e) => link(eventUrl(ctx.mispUrl, e.id), e.info))
      .join(' · ');
    const more = hostEvents.length > 2 ? ` · + ${hostEvents.length - 2} more` : '';
    blocks.push(
      context(
        [
          `:globe_with_meridians: Host ${codeSpan(defang(result.host))} is known to MISP: ` +
            `${plural(hostEvents.length, 'event')} · ${plural(host.shown.length, 'attribute')}: ${top}${more}`,
        ],
        `${blockIds.hostContext}${index}`,
      ),
    );
  }

  const { tags, clusters } = tagLines(shown);
  const tagTexts: string[] = [];
  if (clusters.length > 0) tagTexts.push(`:dna: ${clusters.slice(0, 10).join(' · ')}`);
  if (tags.length > 0) tagTexts.push(`:label: ${tags.slice(0, 15).join(' ')}`);
  if (result.warninglists.length > 0) {
    tagTexts.push(`:information_source: on warninglist: ${result.warninglists.slice(0, 5).map(safeLine).join(', ')}`);
  }
  if (tagTexts.length > 0) blocks.push(context(tagTexts));

  if (totalWithheld > 0) {
    const nothingShown = shown.length === 0 && host.shown.length === 0;
    const text = withheldText(withheld, nothingShown, ceilingFor(ctx.kind, ctx.policy));
    blocks.push(context([text], `${blockIds.withheld}${index}`));
  }

  const buttons: Button[] = [];
  if (shown.length > 0) {
    const value = buttonValue(ctx, index);
    buttons.push(
      button({ text: 'Add sighting', actionId: actions.sighting, value }),
      button({ text: 'False positive', actionId: actions.falsePositive, value }),
      button({ text: 'Expired', actionId: actions.expired, value }),
    );
  }
  if (ctx.offerShare && (shown.length > 0 || result.hits.length === 0)) {
    buttons.push(
      button({ text: 'Share in channel', actionId: actions.shareInChannel, value: buttonValue(ctx, index) }),
    );
  }
  // Nothing in MISP at all (not merely withheld): something to act on, for whoever may write.
  const unknownToMisp = result.hits.length === 0 && (result.hostHits ?? []).length === 0;
  if (ctx.offerShare && ctx.addToMisp && ctx.lookupId && unknownToMisp) {
    buttons.push(button({ text: 'Add to MISP', actionId: actions.addToMisp, value: buttonValue(ctx, index) }));
  }
  const first = events[0] ?? hostEvents[0];
  if (first)
    buttons.push(button({ text: 'Open in MISP', actionId: actions.openInMisp, url: eventUrl(ctx.mispUrl, first.id) }));
  if (buttons.length > 0) blocks.push(actionsBlock(buttons, `${blockIds.cardActions}${index}`));

  const compactLine =
    `${label} ${display}` +
    (events[0]
      ? ` · ${events.length} event${events.length === 1 ? '' : 's'}, top: ${link(eventUrl(ctx.mispUrl, events[0].id), events[0].info)}`
      : '') +
    (result.host && hostEvents.length > 0
      ? ` · host ${codeSpan(defang(result.host))} in ${plural(hostEvents.length, 'event')}`
      : '') +
    (totalWithheld > 0 ? ` · :lock: ${totalWithheld} withheld` : '') +
    (result.warninglists.length > 0 ? ` · on warninglist ${safeLine(result.warninglists[0] ?? '')}` : '');
  // Each compact line opens its own full card (with the sighting buttons) for the one who asked.
  const compactSection = section(compactLine, `${blockIds.card}${index}`);
  if (ctx.offerShare && ctx.lookupId) {
    compactSection.accessory = button({ text: 'Details', actionId: actions.details, value: buttonValue(ctx, index) });
  }
  const compact: KnownBlock[] = [compactSection];

  return {
    blocks,
    compact,
    verdict,
    disclosure: {
      indicator: defang(result.indicator.value),
      verdict: verdict.verdict,
      shownHits: shown.length + host.shown.length,
      shownEvents: [...new Set([...events, ...hostEvents].map((e) => e.id))],
      withheld,
      maxShownTlp,
    },
  };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function verdictWord(verdict: Verdict): string {
  return { malicious: 'Malicious', suspicious: 'Suspicious', benign: 'Known benign', not_found: 'Not found' }[verdict];
}
