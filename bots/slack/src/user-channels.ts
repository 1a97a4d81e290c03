// Which alert subscriptions a user may see in App Home: those of channels the user is in.
// Slack's users.conversations (bot token, `user`) lists them: public channels and the private
// ones the bot shares with the user. If that call fails (a scope removed from the app, an outage),
// fall back to public channels only, never private ones the user may not be in.
import type { WebClient } from '@slack/web-api';
import type { AlertStore } from './alerts/store.js';
import type { Subscription } from './alerts/types.js';

export async function subscriptionsForUser(
  client: WebClient,
  store: AlertStore,
  userId: string,
): Promise<Subscription[]> {
  const subscriptions = await store.listSubscriptions();
  if (subscriptions.length === 0) return [];
  const mine = await channelsOf(client, userId);
  if (mine) return subscriptions.filter((s) => mine.has(s.channelId));
  const visible: Subscription[] = [];
  for (const s of subscriptions.slice(0, 50)) {
    try {
      const res = await client.conversations.info({ channel: s.channelId });
      const c = res.channel as { is_private?: boolean; is_im?: boolean; is_mpim?: boolean } | undefined;
      if (c && !c.is_private && !c.is_im && !c.is_mpim) visible.push(s);
    } catch {
      // Gone or inaccessible: not shown.
    }
  }
  return visible;
}

async function channelsOf(client: WebClient, userId: string): Promise<Set<string> | undefined> {
  const ids = new Set<string>();
  try {
    let cursor: string | undefined;
    for (let page = 0; page < 20; page++) {
      const res = await client.users.conversations({
        user: userId,
        types: 'public_channel,private_channel',
        exclude_archived: true,
        limit: 200,
        ...(cursor ? { cursor } : {}),
      });
      for (const c of res.channels ?? []) if (c.id) ids.add(c.id);
      cursor = res.response_metadata?.next_cursor || undefined;
      if (!cursor) break;
    }
    return ids;
  } catch {
    return undefined;
  }
}
