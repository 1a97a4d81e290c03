import { DEFAULT_CHANNELS, type SlackSandbox, startSlackSandbox } from '@mispkit/slack-sandbox';
import { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AlertStore, openAlertStore } from '../src/alerts/store.js';
import { subscriptionsForUser } from '../src/user-channels.js';

describe('subscriptionsForUser', () => {
  let slack: SlackSandbox;
  let store: AlertStore;
  let client: WebClient;

  beforeEach(async () => {
    // #soc-private: Alice and the bot, not Bob.
    slack = await startSlackSandbox({
      workspace: {
        channels: DEFAULT_CHANNELS.map((c) => (c.id === 'C0SOCPRIV' ? { ...c, members: ['U0ALICE'] } : c)),
      },
    });
    client = new WebClient(slack.botToken, {
      slackApiUrl: slack.apiUrl,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
    });
    store = await openAlertStore(':memory:');
    for (const channelId of ['C0SOC', 'C0SOCPRIV']) {
      await store.upsertSubscription({
        channelId,
        createdBy: 'U0ALICE',
        createdAt: 0,
        minThreat: 1,
        includeTags: [],
        excludeTags: [],
        orgs: [],
      });
    }
  });
  afterEach(async () => {
    await store.close();
    await slack.close();
  });

  const channelsOf = async (user: string) =>
    (await subscriptionsForUser(client, store, user)).map((s) => s.channelId).sort();

  it("lists the subscriptions of the user's channels, private ones only to their members", async () => {
    expect(await channelsOf('U0ALICE')).toEqual(['C0SOC', 'C0SOCPRIV']);
    expect(await channelsOf('U0BOB')).toEqual(['C0SOC']);
    expect(slack.apiCalls()['users.conversations']).toBe(2);
  });

  it('falls back to public channels only when users.conversations fails', async () => {
    slack.forceRateLimit({ method: 'users.conversations', times: 1 });
    expect(await channelsOf('U0ALICE')).toEqual(['C0SOC']);
  });
});
