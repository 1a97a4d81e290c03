// Alert messages: one card per event, a digest for bursts, and the thread reply that says what a
// republish changed. Pure; every MISP string goes through the bot's escape helpers, indicators
// are defanged, everything is clamped to Slack's limits.
import type { KnownBlock } from '@slack/types';
import { actionsBlock, button, context, section } from '../blocks/elements.js';
import { LIMITS } from '../blocks/limits.js';
import { defang } from '../defang.js';
import { clampEscaped, codeSpan, escapeMrkdwn, link, safeLine } from '../escape.js';
import { tlpLabel } from '../tlp.js';
import { alertActions, alertBlockIds } from './ids.js';
import { THREAT_NAMES } from './subscriptions.js';
import type { AlertEvent } from './types.js';

const THREAT_ICON: Record<number, string> = {
  1: ':red_circle:',
  2: ':large_orange_circle:',
  3: ':large_yellow_circle:',
  4: ':white_circle:',
};

export interface AlertCardOptions {
  /** MISP base URL for links (MISP_PUBLIC_URL or MISP_URL); never taken from event data. */
  mispUrl?: string | undefined;
  /** Shown as "Acknowledged by …" instead of the button. */
  acknowledged?: { userId: string; at: Date } | undefined;
  /** "Updated" marker when the card was re-rendered after a republish. */
  updatedAt?: Date | undefined;
}

export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

const day = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

export function eventUrl(mispUrl: string | undefined, event: AlertEvent): string | undefined {
  if (!mispUrl || !/^https?:\/\//i.test(mispUrl)) return undefined;
  return `${mispUrl.replace(/\/+$/, '')}/events/view/${encodeURIComponent(event.id || event.uuid)}`;
}

function joinClamped(parts: string[], separator: string, max: number): string {
  let out = '';
  let shown = 0;
  for (const p of parts) {
    const next = out ? `${out}${separator}${p}` : p;
    if (next.length > max - 20) break;
    out = next;
    shown += 1;
  }
  return shown < parts.length ? `${out}${separator}… +${parts.length - shown} more` : out;
}

export function alertFallbackText(event: AlertEvent): string {
  return clampEscaped(
    `${tlpLabel(event.tlp)} MISP alert (${THREAT_NAMES[event.threatLevel]}): ${safeLine(event.info)}`,
    LIMITS.messageText,
  );
}

export function alertCard(event: AlertEvent, options: AlertCardOptions = {}): SlackMessage {
  const blocks: KnownBlock[] = [];
  blocks.push(
    context([
      `*${tlpLabel(event.tlp)}* · MISP event ${escapeMrkdwn(event.id ? `#${event.id}` : event.uuid)}${options.updatedAt ? ` · updated ${day(options.updatedAt)}` : ''}`,
    ]),
  );
  blocks.push(
    section(
      `${THREAT_ICON[event.threatLevel] ?? ''} *${THREAT_NAMES[event.threatLevel]} threat* · ${safeLine(event.info)}`,
    ),
  );
  blocks.push({
    type: 'section',
    fields: [
      { type: 'mrkdwn', text: `*Organisation*\n${safeLine(event.org || 'unknown')}`, verbatim: true },
      { type: 'mrkdwn', text: `*Date*\n${safeLine(event.date || 'unknown')}`, verbatim: true },
      { type: 'mrkdwn', text: `*Published*\n${day(new Date(event.publishTimestamp * 1000))}`, verbatim: true },
      { type: 'mrkdwn', text: `*TLP*\n${tlpLabel(event.tlp)}`, verbatim: true },
    ],
  });
  const labels = [
    ...event.tags.map((t) => codeSpan(t, 100)),
    ...event.galaxies.map((g) => `:milky_way: ${safeLine(g)}`),
  ];
  if (labels.length) blocks.push(section(`*Tags and clusters*\n${joinClamped(labels, '  ', LIMITS.sectionText)}`));
  const counts = Object.entries(event.attributeCounts)
    .sort((a, b) => b[1] - a[1])
    .map(([type, n]) => `${safeLine(type)} ${n}`);
  const indicatorLines = event.indicators.map(
    (i) => `• ${codeSpan(defang(i.value), 200)} _${safeLine(i.type)}_${i.toIds ? '' : ' (not for IDS)'}`,
  );
  blocks.push(
    section(
      `*${event.attributeCount} attribute${event.attributeCount === 1 ? '' : 's'}*${counts.length ? `: ${joinClamped(counts, ', ', 800)}` : ''}` +
        (indicatorLines.length ? `\n*Top indicators*\n${joinClamped(indicatorLines, '\n', 2000)}` : ''),
    ),
  );
  const url = eventUrl(options.mispUrl, event);
  // Defanged (the lookup refangs) and without angle brackets, so even the payload stays inert.
  const lookupValue = event.indicators
    .map((i) => defang(i.value).replace(/[<>\s]/g, ''))
    .join(' ')
    .slice(0, LIMITS.buttonValue);
  const buttons = [
    ...(lookupValue ? [button({ text: 'Look up indicators', actionId: alertActions.lookup, value: lookupValue })] : []),
    ...(options.acknowledged
      ? []
      : [button({ text: 'Acknowledge', actionId: alertActions.acknowledge, value: event.uuid, style: 'primary' })]),
    ...(url ? [button({ text: 'Open in MISP', actionId: alertActions.openInMisp, url })] : []),
  ];
  if (buttons.length) blocks.push(actionsBlock(buttons, alertBlockIds.actions));
  if (options.acknowledged) {
    blocks.push(
      context(
        [
          `:white_check_mark: Acknowledged by <@${safeUserId(options.acknowledged.userId)}> at ${day(options.acknowledged.at)}`,
        ],
        alertBlockIds.ack,
      ),
    );
  }
  return { text: alertFallbackText(event), blocks: blocks.slice(0, LIMITS.blocksPerMessage) };
}

/** Slack user ids only; anything else would be a mention injection. */
function safeUserId(id: string): string {
  return /^[UW][A-Z0-9]{2,20}$/.test(id) ? id : 'unknown';
}

/**
 * The card with "Acknowledged by" in place of the button; `blocks` are the message's current
 * blocks (from the block_actions payload), so a republish update made meanwhile is kept.
 */
export function acknowledgeBlocks(blocks: KnownBlock[], userId: string, at: Date): KnownBlock[] {
  const out = blocks
    .filter((b) => b.block_id !== alertBlockIds.ack)
    .map((b) => {
      if (b.type !== 'actions' || b.block_id !== alertBlockIds.actions) return b;
      return {
        ...b,
        elements: b.elements.filter((e) => !('action_id' in e) || e.action_id !== alertActions.acknowledge),
      };
    })
    .filter((b) => b.type !== 'actions' || b.elements.length > 0);
  out.push(context([`:white_check_mark: Acknowledged by <@${safeUserId(userId)}> at ${day(at)}`], alertBlockIds.ack));
  return out.slice(0, LIMITS.blocksPerMessage);
}

/** One message standing for many alerts in a channel that would otherwise be flooded. */
export function digestMessage(events: AlertEvent[], options: { mispUrl?: string | undefined } = {}): SlackMessage {
  const lines = events.map((e) => {
    const url = eventUrl(options.mispUrl, e);
    const title = url ? link(url, e.info.slice(0, 150)) : safeLine(e.info.slice(0, 150));
    return `${THREAT_ICON[e.threatLevel] ?? ''} ${tlpLabel(e.tlp)} · ${title} · ${safeLine(e.org).slice(0, 60)} · ${safeLine(e.date)}`;
  });
  const blocks: KnownBlock[] = [
    section(`:bell: *${events.length} new MISP alerts* (grouped into one message to avoid flooding the channel)`),
  ];
  let chunk = '';
  for (const line of lines) {
    if (chunk && chunk.length + line.length + 1 > LIMITS.sectionText - 10) {
      blocks.push(section(chunk));
      chunk = '';
    }
    chunk = chunk ? `${chunk}\n${line}` : line;
  }
  if (chunk) blocks.push(section(chunk));
  return { text: `${events.length} new MISP alerts`, blocks: blocks.slice(0, LIMITS.blocksPerMessage) };
}

/** What a republish changed, for the thread reply under the original alert. */
export function changeSummary(before: AlertEvent, after: AlertEvent): SlackMessage {
  const changes: string[] = [];
  if (before.info !== after.info) changes.push(`Title: ${safeLine(before.info)} → ${safeLine(after.info)}`);
  if (before.threatLevel !== after.threatLevel) {
    changes.push(`Threat level: ${THREAT_NAMES[before.threatLevel]} → ${THREAT_NAMES[after.threatLevel]}`);
  }
  if (before.tlp !== after.tlp) changes.push(`TLP: ${tlpLabel(before.tlp)} → ${tlpLabel(after.tlp)}`);
  const added = after.tags.filter((t) => !before.tags.includes(t));
  const removed = before.tags.filter((t) => !after.tags.includes(t));
  if (added.length) changes.push(`Tags added: ${added.map((t) => codeSpan(t, 100)).join(' ')}`);
  if (removed.length) changes.push(`Tags removed: ${removed.map((t) => codeSpan(t, 100)).join(' ')}`);
  const newGalaxies = after.galaxies.filter((g) => !before.galaxies.includes(g));
  if (newGalaxies.length) changes.push(`Clusters added: ${newGalaxies.map(safeLine).join(', ')}`);
  if (before.attributeCount !== after.attributeCount)
    changes.push(`Attributes: ${before.attributeCount} → ${after.attributeCount}`);
  const beforeValues = new Set(before.values);
  const newValues = after.values.filter((v) => !beforeValues.has(v));
  if (newValues.length) {
    changes.push(
      `New indicators: ${joinClamped(
        newValues.map((v) => codeSpan(defang(v), 200)),
        ' ',
        1500,
      )}`,
    );
  }
  const body = changes.length ? changes.map((c) => `• ${c}`).join('\n') : 'Republished without visible changes.';
  return {
    text: `Event republished: ${safeLine(after.info)}`.slice(0, LIMITS.messageText),
    blocks: [
      section(`:arrows_counterclockwise: *Republished* ${day(new Date(after.publishTimestamp * 1000))}\n${body}`),
    ],
  };
}
