// The App Home section about alerts: subscriptions of the user's channels and pipeline health.
import type { KnownBlock } from '@slack/types';
import { context, divider, header, section } from '../blocks/elements.js';
import { escapeMrkdwn } from '../escape.js';
import type { AlertHealth } from './pipeline.js';
import { describeFilters } from './subscriptions.js';
import type { Subscription } from './types.js';

const when = (ms: number | undefined) =>
  ms === undefined ? 'never' : `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;

/** Blocks to append to the Home view; `subscriptions` should be those of channels the user is in. */
export function alertHomeSection(health: AlertHealth, subscriptions: Subscription[]): KnownBlock[] {
  const p = health.poller;
  const misp =
    p.consecutiveFailures === 0 && p.lastSuccessAt !== undefined
      ? ':large_green_circle: MISP reachable'
      : p.lastSuccessAt === undefined && p.consecutiveFailures === 0
        ? ':white_circle: MISP not polled yet'
        : `:red_circle: MISP polling failing (${p.consecutiveFailures} in a row, breaker ${p.breaker})${p.lastError ? `: ${escapeMrkdwn(p.lastError)}` : ''}`;
  const lines = [
    misp,
    `Last successful poll: ${when(p.lastSuccessAt)}${p.lagSeconds !== undefined ? ` (${p.lagSeconds} s ago)` : ''} · this replica: ${p.role}`,
    `Alerts queued: ${health.outbox.pending + health.outbox.posting} · delivered: ${health.outbox.posted} · withheld by TLP: ${health.outbox.withheld} · failed: ${health.outbox.failed}`,
  ];
  // Events that could have been missed: worth an operator's look, so shown once there are any.
  if (p.skippedEvents > 0 || p.recoveredEvents > 0)
    lines.push(
      `:warning: Unreadable events skipped: ${p.skippedEvents} · events found only by a poll's second read: ${p.recoveredEvents} (this replica)`,
    );
  const subs = subscriptions.length
    ? subscriptions
        .slice(0, 20)
        .map((s) => `• <#${s.channelId}>: ${describeFilters(s)}`)
        .join('\n')
    : 'None of your channels subscribes to alerts. In a channel, type `/intel subscribe`.';
  return [
    divider(),
    header('MISP alerts'),
    section(lines.join('\n')),
    section(`*Subscriptions*\n${subs}`),
    context(['Alerts are posted once per event version; republished events update their message.']),
  ];
}
