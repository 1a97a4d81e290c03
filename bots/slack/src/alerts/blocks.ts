// Alert messages: one card per event, a digest for bursts, and the thread reply that says what a
// republish changed. Pure; every MISP string goes through the bot's escape helpers, indicators
// are defanged, everything is clamped to Slack's limits.
import type { KnownBlock } from '@slack/types';
import { actionsBlock, button, context, fields, section } from '../blocks/elements.js';
import { LIMITS } from '../blocks/limits.js';
import { defang } from '../defang.js';
import { clampEscaped, codeSpan, escapeMrkdwn, link, safeLine, stripInvisible } from '../escape.js';
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
  /**
   * A short form (title, TLP, link) posted instead when Slack refuses the message for its content,
   * so an alert is never lost to a limit we did not foresee.
   */
  reduced?: { text: string; blocks: KnownBlock[] };
}

/** Longest MISP names shown in a card (MISP allows 255 for an organisation; feeds send more). */
const NAME_MAX = 200;
const TITLE_MAX = 500;
const name = (text: string, max = NAME_MAX) => clampEscaped(safeLine(text), max);

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
    `${tlpLabel(event.tlp)} MISP alert (${THREAT_NAMES[event.threatLevel]}): ${name(event.info, TITLE_MAX)}`,
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
      `${THREAT_ICON[event.threatLevel] ?? ''} *${THREAT_NAMES[event.threatLevel]} threat* · ${name(event.info, 2500)}`,
    ),
  );
  blocks.push(
    fields([
      `*Organisation*\n${name(event.org || 'unknown')}`,
      `*Date*\n${name(event.date || 'unknown', 40)}`,
      `*Published*\n${published(event)}`,
      `*TLP*\n${tlpLabel(event.tlp)}`,
    ]),
  );
  const labels = [...event.tags.map((t) => codeSpan(t, 100)), ...event.galaxies.map((g) => `:milky_way: ${name(g)}`)];
  if (labels.length) blocks.push(section(`*Tags and clusters*\n${joinClamped(labels, '  ', LIMITS.sectionText)}`));
  const counts = Object.entries(event.attributeCounts)
    .sort((a, b) => b[1] - a[1])
    .map(([type, n]) => `${name(type, 60)} ${n}`);
  const indicatorLines = event.indicators.map(
    (i) => `• ${codeSpan(defang(i.value), 200)} _${name(i.type, 60)}_${i.toIds ? '' : ' (not for IDS)'}`,
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
    .map((i) => defang(stripInvisible(i.value)).replace(/[<>\s]/g, ''))
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
  const text = alertFallbackText(event);
  const reduced = [
    section(
      `*${tlpLabel(event.tlp)}* · ${THREAT_ICON[event.threatLevel] ?? ''} *${THREAT_NAMES[event.threatLevel]} threat* · ${name(event.info, TITLE_MAX)}` +
        `\n${name(event.org || 'unknown', 100)} · published ${published(event)}${url ? ` · ${link(url, 'Open in MISP')}` : ''}`,
    ),
    context(['Shown in short: Slack refused the full card. Open the event in MISP for the details.']),
    ...(options.acknowledged
      ? []
      : [
          actionsBlock(
            [button({ text: 'Acknowledge', actionId: alertActions.acknowledge, value: event.uuid, style: 'primary' })],
            alertBlockIds.actions,
          ),
        ]),
  ];
  return { text, blocks: blocks.slice(0, LIMITS.blocksPerMessage), reduced: { text, blocks: reduced } };
}

const published = (event: AlertEvent) => day(new Date(event.publishTimestamp * 1000));

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
    const title = url ? link(url, e.info.slice(0, 150)) : name(e.info, 150);
    return `${THREAT_ICON[e.threatLevel] ?? ''} ${tlpLabel(e.tlp)} · ${title} · ${name(e.org, 60)} · ${name(e.date, 40)}`;
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
  const text = `${events.length} new MISP alerts`;
  const short = events
    .slice(0, 20)
    .map((e) => `${tlpLabel(e.tlp)} · ${name(e.info, 100)}`)
    .join('\n');
  const reduced = [
    section(`:bell: *${text}*\n${short}${events.length > 20 ? `\n… +${events.length - 20} more` : ''}`),
    context(['Shown in short: Slack refused the full digest. Open MISP for the details.']),
  ];
  return { text, blocks: blocks.slice(0, LIMITS.blocksPerMessage), reduced: { text, blocks: reduced } };
}

/** What a republish changed, for the thread reply under the original alert. */
export function changeSummary(before: AlertEvent, after: AlertEvent): SlackMessage {
  const changes: string[] = [];
  if (before.info !== after.info) changes.push(`Title: ${name(before.info, 300)} → ${name(after.info, 300)}`);
  if (before.threatLevel !== after.threatLevel) {
    changes.push(`Threat level: ${THREAT_NAMES[before.threatLevel]} → ${THREAT_NAMES[after.threatLevel]}`);
  }
  if (before.tlp !== after.tlp) changes.push(`TLP: ${tlpLabel(before.tlp)} → ${tlpLabel(after.tlp)}`);
  const added = after.tags.filter((t) => !before.tags.includes(t));
  const removed = before.tags.filter((t) => !after.tags.includes(t));
  if (added.length)
    changes.push(
      `Tags added: ${joinClamped(
        added.map((t) => codeSpan(t, 100)),
        ' ',
        800,
      )}`,
    );
  if (removed.length)
    changes.push(
      `Tags removed: ${joinClamped(
        removed.map((t) => codeSpan(t, 100)),
        ' ',
        800,
      )}`,
    );
  const newGalaxies = after.galaxies.filter((g) => !before.galaxies.includes(g));
  if (newGalaxies.length)
    changes.push(
      `Clusters added: ${joinClamped(
        newGalaxies.map((g) => name(g)),
        ', ',
        1000,
      )}`,
    );
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
  const text = `Event republished: ${name(after.info, TITLE_MAX)}`;
  return {
    text,
    blocks: [section(`:arrows_counterclockwise: *Republished* ${published(after)}\n${body}`)],
    reduced: {
      text,
      blocks: [section(`:arrows_counterclockwise: *Republished* ${published(after)}: ${name(after.info, TITLE_MAX)}`)],
    },
  };
}
