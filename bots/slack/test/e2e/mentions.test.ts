// `@misp-intel …` in a channel or thread, and a DM to the bot: answered where they were asked,
// showing only what that conversation's TLP ceiling allows.
import { demoIndicators } from '@mispkit/misp-sandbox';
import { validateBlocks } from '@mispkit/slack-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockText, type Harness, startHarness } from './harness.js';

describe('mentions and direct messages', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ mode: 'socket' });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('answers a mention in a channel in the thread of the mention, within the channel’s TLP', async () => {
    const asked = h.slack.postUserMessage({
      user: 'U0ALICE',
      channel: 'C0SOC',
      text: `<@${h.slack.botUserId}> what about ${demoIndicators.maliciousIp} and ${demoIndicators.tlpRedDomain}?`,
    });
    const reply = await h.slack.waitForMessage(
      (m) => m.channel === 'C0SOC' && m.thread_ts === asked.ts && m.user === h.slack.botUserId,
    );
    const text = blockText(reply);
    expect(reply.ephemeral_to).toBeUndefined();
    expect(text).toContain('NightFerry RAT');
    expect(text).toContain('Nothing can be shown here'); // the TLP:RED domain, in a public channel
    expect(JSON.stringify(reply.blocks)).not.toContain('Share in channel');
    expect(validateBlocks(reply.blocks)).toEqual([]);
  });

  it('answers a mention inside a thread in that thread', async () => {
    const root = h.slack.postUserMessage({ user: 'U0ALICE', channel: 'C0SOC', text: 'suspicious traffic today' });
    const asked = h.slack.postUserMessage({
      user: 'U0ALICE',
      channel: 'C0SOC',
      thread_ts: root.ts,
      text: `<@${h.slack.botUserId}> ${demoIndicators.maliciousDomain}`,
    });
    const reply = await h.slack.waitForMessage(
      (m) => m.channel === 'C0SOC' && m.thread_ts === root.ts && m.user === h.slack.botUserId,
    );
    expect(asked.thread_ts).toBe(root.ts);
    expect(blockText(reply)).toContain('bad[.]example');
  });

  it('answers a DM in the DM, where TLP:RED is allowed', async () => {
    h.slack.postUserMessage({ user: 'U0ALICE', channel: 'U0ALICE', text: demoIndicators.tlpRedDomain });
    const reply = await h.slack.waitForMessage((m) => m.channel.startsWith('D') && m.user === h.slack.botUserId);
    const text = blockText(reply);
    expect(text).toContain('red-harbor-update[.]example');
    expect(text).toContain('TLP:RED');
    expect(text).not.toContain('Nothing can be shown here');
  });

  it('says what it understands when a mention has no indicator', async () => {
    const asked = h.slack.postUserMessage({ user: 'U0ALICE', channel: 'C0SOC', text: `<@${h.slack.botUserId}> hi` });
    const reply = await h.slack.waitForMessage((m) => m.thread_ts === asked.ts && m.user === h.slack.botUserId);
    expect(blockText(reply)).toContain('I found no indicator in that text');
  });
});
