import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAlertWebClient } from '../../src/alerts/client.js';
import { handleAlertCommand, isAlertCommand } from '../../src/alerts/commands.js';
import type { AlertStore } from '../../src/alerts/store.js';
import { type Harness, startHarness } from './harness.js';

describe('/intel subscribe, unsubscribe and subscriptions', () => {
  let h: Harness;
  let store: AlertStore;
  beforeEach(async () => {
    h = await startHarness();
    store = await h.openStore();
  });
  afterEach(async () => {
    await h.close();
  });
  const run = (channelId: string, text: string) =>
    handleAlertCommand({
      store,
      client: createAlertWebClient(h.slack.botToken, { slackApiUrl: h.slack.apiUrl }),
      channelId,
      userId: 'U0ALICE',
      text,
    });

  it('recognises only its own subcommands', () => {
    expect(isAlertCommand('subscribe threat:high')).toBe(true);
    expect(isAlertCommand(' Subscriptions')).toBe(true);
    expect(isAlertCommand('185.220.101.4')).toBe(false);
  });

  it('subscribes, lists and unsubscribes a channel the bot is in', async () => {
    const channel = h.channel('soc');
    expect((await run(channel, 'subscribe threat:medium -tag:osint')).text).toContain('Subscribed');
    expect(await store.getSubscription(channel)).toMatchObject({
      minThreat: 2,
      excludeTags: ['osint'],
      createdBy: 'U0ALICE',
    });
    expect((await run(channel, 'subscriptions')).text).toContain('threat Medium or higher');
    expect((await run(channel, 'unsubscribe')).text).toContain('no longer');
    expect(await store.getSubscription(channel)).toBeUndefined();
    expect((await run(channel, 'unsubscribe')).text).toContain('had no alert subscription');
  });

  it('tells the user to invite the bot first', async () => {
    const channel = h.slack.createChannel({ name: 'no-bot-here', bot_member: false } as never).id;
    const answer = await run(channel, 'subscribe');
    expect(answer.text).toContain('/invite');
    expect(await store.getSubscription(channel)).toBeUndefined();
  });

  it('answers bad filters with the reason and saves nothing', async () => {
    const channel = h.channel('soc');
    const answer = await run(channel, 'subscribe threat:severe');
    expect(answer.text).toContain('Unknown threat level');
    expect(await store.getSubscription(channel)).toBeUndefined();
  });

  it('re-enables a channel that had been disabled', async () => {
    const channel = h.channel('soc');
    await store.disableChannel(channel, 'not_in_channel', 0);
    await run(channel, 'subscribe');
    expect(await store.channelDisabled(channel)).toBeUndefined();
  });
});
