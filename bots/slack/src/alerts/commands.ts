// `/intel subscribe|unsubscribe|subscriptions`: the answer is returned as text for an ephemeral
// reply; the lead's /intel listener routes these words here.
import type { WebClient } from '@slack/web-api';
import { classifySlackError } from './slack-errors.js';
import type { AlertStore } from './store.js';
import { describeFilters, formatSubscription, parseSubscribeArgs } from './subscriptions.js';

export const ALERT_SUBCOMMANDS = ['subscribe', 'unsubscribe', 'subscriptions'] as const;

export interface AlertCommandArgs {
  store: AlertStore;
  client: WebClient;
  channelId: string;
  userId: string;
  /** The text after `/intel`, e.g. `subscribe threat:medium -tag:osint`. */
  text: string;
  clock?: () => number;
}

export interface AlertCommandResult {
  /** False when the text is not an alert subcommand (the caller does a lookup instead). */
  handled: boolean;
  /** mrkdwn for an ephemeral reply. */
  text: string;
}

/** True if `/intel <text>` is one of the alert subcommands. */
export function isAlertCommand(text: string): boolean {
  const word = text.trim().split(/\s+/, 1)[0]?.toLowerCase() ?? '';
  return (ALERT_SUBCOMMANDS as readonly string[]).includes(word);
}

export async function handleAlertCommand(args: AlertCommandArgs): Promise<AlertCommandResult> {
  const trimmed = args.text.trim();
  const word = trimmed.split(/\s+/, 1)[0]?.toLowerCase() ?? '';
  const rest = trimmed.slice(word.length);
  const clock = args.clock ?? Date.now;
  switch (word) {
    case 'subscribe': {
      const parsed = parseSubscribeArgs(rest);
      if (!parsed.ok) return { handled: true, text: parsed.error };
      const membership = await botMembership(args.client, args.channelId);
      if (membership !== 'member') return { handled: true, text: membership };
      await args.store.upsertSubscription({
        channelId: args.channelId,
        ...parsed.filters,
        createdBy: args.userId,
        createdAt: clock(),
      });
      await args.store.enableChannel(args.channelId);
      return {
        handled: true,
        text: `Subscribed <#${args.channelId}> to MISP alerts: ${describeFilters(parsed.filters)}.`,
      };
    }
    case 'unsubscribe': {
      const removed = await args.store.removeSubscription(args.channelId);
      return {
        handled: true,
        text: removed
          ? `<#${args.channelId}> will no longer receive MISP alerts.`
          : `<#${args.channelId}> had no alert subscription.`,
      };
    }
    case 'subscriptions':
      return {
        handled: true,
        text: formatSubscription(args.channelId, await args.store.getSubscription(args.channelId)),
      };
    default:
      return { handled: false, text: '' };
  }
}

/** 'member', or a message telling the user how to invite the bot. */
async function botMembership(client: WebClient, channelId: string): Promise<'member' | string> {
  const invite = `I'm not in <#${channelId}>: invite me first with \`/invite @MISP Intel\`, then subscribe again.`;
  try {
    const res = await client.conversations.info({ channel: channelId });
    const channel = res.channel as { is_member?: boolean; is_im?: boolean; is_archived?: boolean } | undefined;
    if (channel?.is_archived) return 'This channel is archived; alerts cannot be posted here.';
    if (channel?.is_im || channel?.is_member) return 'member';
    return invite;
  } catch (error) {
    const f = classifySlackError(error);
    if (f.kind === 'channel_gone') return invite;
    return `I could not check this channel with Slack (${f.reason}); please try again.`;
  }
}
