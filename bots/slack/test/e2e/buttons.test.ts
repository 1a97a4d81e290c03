import { demoIndicators } from '@mispkit/misp-sandbox';
import { createMispClient } from '@mispkit/sdk';
import { validateBlocks } from '@mispkit/slack-sandbox';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { actions, blockIds } from '../../src/ids.js';
import { extract } from '../../src/lookup/extract.js';
import { blockText, type Harness, startHarness } from './harness.js';

describe('card buttons and the message shortcut (Socket Mode)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ mode: 'socket' });
  });
  afterAll(async () => {
    await h?.close();
  });

  async function slackSightings(value: string, type: string) {
    const misp = createMispClient({ baseUrl: h.misp.url, apiKey: h.misp.adminKey });
    const attributes = await misp.attributes.search({ value, includeSightings: true });
    return attributes
      .flatMap((a) => (a as { Sighting?: { type?: string; source?: string }[] }).Sighting ?? [])
      .filter((s) => s.type === type && s.source === 'slack:U0ALICE').length;
  }

  it('adds a false-positive sighting that MISP then shows, and redraws the card with the new count', async () => {
    const card = await h.intel(demoIndicators.maliciousDomain);
    const before = await slackSightings(demoIndicators.maliciousDomain, '1');
    const click = await h.slack.clickButton({
      user: 'U0ALICE',
      channel: 'C0SOC',
      messageTs: card.ts,
      actionId: actions.falsePositive,
      blockId: `${blockIds.cardActions}0`,
    });
    expect(click.acked).toBe(true);
    const redrawn = await vi.waitFor(
      () => {
        const m = h.slack
          .messages('C0SOC')
          .find((x) => x.ts === card.ts && blockText(x).includes('Added a false-positive sighting'));
        if (!m) throw new Error('card not redrawn yet');
        return m;
      },
      { timeout: 10_000 },
    );
    expect(await slackSightings(demoIndicators.maliciousDomain, '1')).toBe(before + 1);
    expect(validateBlocks(redrawn.blocks)).toEqual([]);
    expect(blockText(redrawn)).toMatch(/sightings: \d+ seen · \d+ false positive/);
  });

  it('says one click was recorded on both attributes of a value, and counts it once', async () => {
    const seen = (text: string) => Number(/sightings: (\d+) seen/.exec(text)?.[1]);
    const card = await h.intel(demoIndicators.maliciousIp);
    const before = seen(blockText(card));
    await h.slack.clickButton({
      user: 'U0ALICE',
      channel: 'C0SOC',
      messageTs: card.ts,
      actionId: actions.sighting,
      blockId: `${blockIds.cardActions}0`,
    });
    const redrawn = await vi.waitFor(
      () => {
        const m = h.slack.messages('C0SOC').find((x) => x.ts === card.ts && blockText(x).includes('Added a sighting'));
        if (!m) throw new Error('card not redrawn yet');
        return m;
      },
      { timeout: 10_000 },
    );
    const text = blockText(redrawn);
    expect(text).toContain(
      'MISP recorded it on 2 attributes with this value (`ip-dst`, `ip-dst|port`), one sighting each',
    );
    expect(seen(text)).toBe(before + 1);
  });

  it('refuses write buttons to someone not in MISPKIT_WRITERS, and writes nothing', async () => {
    const card = await h.intel(demoIndicators.maliciousIp, { user: 'U0BOB' });
    const misp = createMispClient({ baseUrl: h.misp.url, apiKey: h.misp.adminKey });
    const count = async () =>
      (await misp.attributes.search({ value: demoIndicators.maliciousIp, includeSightings: true })).flatMap(
        (a) => (a as { Sighting?: unknown[] }).Sighting ?? [],
      ).length;
    const before = await count();
    await h.slack.clickButton({
      user: 'U0BOB',
      channel: 'C0SOC',
      messageTs: card.ts,
      actionId: actions.sighting,
      blockId: `${blockIds.cardActions}0`,
    });
    const refusal = await h.slack.waitForMessage(
      (m) => m.ephemeral_to === 'U0BOB' && m.text.includes('not allowed to add sightings'),
    );
    expect(refusal.text).toContain('MISPKIT_WRITERS');
    expect(await count()).toBe(before);
  });

  it('shares a TLP:RED result into a public channel only as a withheld count', async () => {
    const card = await h.intel(demoIndicators.tlpRedDomain);
    expect(blockText(card)).toContain('TLP:RED');
    await h.shareCard(card);
    const shared = await h.slack.waitForMessage(
      (m) => m.channel === 'C0SOC' && !m.ephemeral_to && m.text.includes('looked up'),
    );
    const text = blockText(shared);
    expect(text).toMatch(/Nothing can be shown here: MISP has \d+ results? for this indicator, marked TLP:RED/);
    expect(text).not.toContain('194.87.218.41');
    expect(JSON.stringify(shared.blocks)).not.toContain('/events/view/');
    expect(validateBlocks(shared.blocks)).toEqual([]);
  });

  it('shares a TLP:GREEN result into a public channel in full', async () => {
    const card = await h.intel(demoIndicators.maliciousIp);
    await h.shareCard(card);
    const shared = await h.slack.waitForMessage(
      (m) => m.channel === 'C0SOC' && !m.ephemeral_to && blockText(m).includes('185[.]220[.]101[.]4'),
    );
    expect(blockText(shared)).toContain('NightFerry RAT');
  });

  it('withholds TLP:GREEN in a Slack Connect channel', async () => {
    const card = await h.intel(demoIndicators.maliciousIp, { channel: 'C0PARTNERS' });
    await h.shareCard(card, { channel: 'C0PARTNERS' });
    const shared = await h.slack.waitForMessage((m) => m.channel === 'C0PARTNERS' && !m.ephemeral_to);
    expect(blockText(shared)).not.toContain('NightFerry');
    expect(blockText(shared)).toMatch(
      /Nothing can be shown here: MISP has \d+ results? for this indicator, marked TLP:GREEN/,
    );
  });

  it('looks up the indicators of any message through the message shortcut', async () => {
    const posted = h.slack.postUserMessage({
      user: 'U0BOB',
      channel: 'C0SOC',
      text: `seen beaconing to hxxp://bad[.]example and ${demoIndicators.maliciousIp}`,
    });
    const result = await h.slack.messageShortcut({
      user: 'U0ALICE',
      channel: 'C0SOC',
      messageTs: posted.ts,
      callbackId: 'lookup_indicators',
    });
    expect(result.acked).toBe(true);
    const answer = await h.slack.waitForMessage(
      (m) => m.ephemeral_to === 'U0ALICE' && m.text.startsWith('2 indicators looked up'),
    );
    expect(validateBlocks(answer.blocks)).toEqual([]);
    // "Looking up 2 indicators…" came first and the answer took its place: one message for Alice.
    const mine = h.slack
      .messages('C0SOC')
      .filter((m) => m.ephemeral_to === 'U0ALICE' && Number(m.ts) > Number(posted.ts));
    expect(mine.map((m) => m.ts)).toEqual([answer.ts]);
    expect(mine.some((m) => m.text.startsWith('Looking up'))).toBe(false);
  });

  it('finds the indicator of a card through the message shortcut, from its blocks', async () => {
    const card = await h.intel(demoIndicators.maliciousIp);
    await h.shareCard(card);
    const shared = await h.slack.waitForMessage(
      (m) => m.channel === 'C0SOC' && !m.ephemeral_to && blockText(m).includes('185[.]220[.]101[.]4'),
    );
    // The card's fallback text is a summary without the indicator; only its blocks hold it, defanged.
    expect(extract(shared.text, 50).indicators).toEqual([]);
    const result = await h.slack.messageShortcut({
      user: 'U0BOB',
      channel: 'C0SOC',
      messageTs: shared.ts,
      callbackId: 'lookup_indicators',
    });
    expect(result.acked).toBe(true);
    const answer = await h.slack.waitForMessage(
      (m) => m.ephemeral_to === 'U0BOB' && m.text.startsWith('1 indicator looked up'),
    );
    expect(blockText(answer)).toContain('`185[.]220[.]101[.]4`');
    expect(blockText(answer)).toContain('*Malicious*');
    expect(validateBlocks(answer.blocks)).toEqual([]);
  });

  it('publishes an App Home with usage and the MISP connection state', async () => {
    await h.slack.appHomeOpened('U0ALICE');
    const view = await vi.waitFor(
      () => {
        const v = h.slack.homeView('U0ALICE');
        if (!v) throw new Error('no home yet');
        return v;
      },
      { timeout: 10_000 },
    );
    const text = blockText(view as { blocks?: unknown[] });
    expect(text).toContain('Connected');
    expect(text).toContain('/intel');
  });

  it('opens the full card of one compact line with Details', async () => {
    const list = await h.intel(
      `${demoIndicators.maliciousIp} ${demoIndicators.warninglistedIp} ${demoIndicators.unknownValue} ${demoIndicators.unknownIp}`,
    );
    expect(JSON.stringify(list.blocks)).toContain(actions.details);
    const before = h.slack.messages('C0SOC').length;
    await h.slack.clickButton({
      user: 'U0ALICE',
      channel: 'C0SOC',
      messageTs: list.ts,
      actionId: actions.details,
      blockId: `${blockIds.card}0`,
    });
    const card = await vi.waitFor(
      () => {
        const m = h.slack
          .messages('C0SOC')
          .slice(before)
          .find((x) => x.ephemeral_to === 'U0ALICE');
        if (!m) throw new Error('no details yet');
        return m;
      },
      { timeout: 10_000 },
    );
    const text = blockText(card);
    expect(text).toContain('NightFerry RAT');
    expect(JSON.stringify(card.blocks)).toContain(actions.sighting);
    expect(validateBlocks(card.blocks)).toEqual([]);
  });

  it('pages through a long list with Show more', async () => {
    const values = Array.from({ length: 30 }, (_, i) => `45.83.122.${i + 100}`);
    const first = await h.intel(values.join(' '));
    expect(first.text).toBe('30 indicators looked up: 30 not found');
    await h.slack.clickButton({ user: 'U0ALICE', channel: 'C0SOC', messageTs: first.ts, actionId: actions.showMore });
    await vi.waitFor(
      () => {
        const m = h.slack.messages('C0SOC').find((x) => x.ts === first.ts);
        if (!m || !blockText(m).includes('Page 2')) throw new Error('not replaced yet');
      },
      { timeout: 10_000 },
    );
  });

  it('refuses a forged button value: a lookup is bound to its requester, its channel and the cards shared there', async () => {
    // Alice looks up a green and a red indicator and shares the green card in the public channel.
    const answer = await h.intel(`${demoIndicators.maliciousIp} ${demoIndicators.tlpRedDomain}`);
    const value = JSON.stringify(answer.blocks).match(/\\"l\\":\\"([0-9a-f-]{36})\\"/)?.[1];
    expect(value).toBeDefined();
    const lookupId = value as string;
    const redIndex = 1; // the stored lookup keeps the order the indicators were typed in
    await h.shareCard(answer);
    const shared = await h.slack.waitForMessage(
      (m) => m.channel === 'C0SOC' && !m.ephemeral_to && blockText(m).includes('185[.]220[.]101[.]4'),
    );
    const misp = createMispClient({ baseUrl: h.misp.url, apiKey: h.misp.adminKey });
    const sightings = async () =>
      (await misp.attributes.search({ value: demoIndicators.tlpRedDomain, includeSightings: true })).flatMap(
        (a) => (a as { Sighting?: unknown[] }).Sighting ?? [],
      ).length;
    const before = await sightings();
    const redInChannel = () =>
      h.slack.messages('C0SOC').filter((m) => !m.ephemeral_to && blockText(m).includes('red-harbor-update[.]example'))
        .length;
    const redBefore = redInChannel();
    const refusals = () => h.slack.messages('C0SOC').filter((m) => m.ephemeral_to && m.text.includes('expired')).length;
    const refused = refusals();

    const forge = (input: { user: string; ts: string; actionId: string; index: number; lookup?: string }) =>
      h.slack.clickButton({
        user: input.user,
        channel: 'C0SOC',
        messageTs: input.ts,
        actionId: input.actionId,
        blockId: `${blockIds.cardActions}0`,
        value: JSON.stringify({ l: input.lookup ?? lookupId, i: input.index }),
      });
    // The red card was never shared: not from the public card, whoever clicks.
    await forge({ user: 'U0ALICE', ts: shared.ts, actionId: actions.sighting, index: redIndex });
    // Someone else's lookup on one's own answer.
    const bobs = await h.intel(demoIndicators.maliciousDomain, { user: 'U0BOB' });
    await forge({ user: 'U0BOB', ts: bobs.ts, actionId: actions.shareInChannel, index: redIndex });
    await vi.waitFor(
      () => {
        if (refusals() < refused + 2) throw new Error('not all refused yet');
      },
      { timeout: 10_000 },
    );
    expect(await sightings()).toBe(before);
    expect(redInChannel()).toBe(redBefore);

    // The shared card's own buttons keep working for anyone in the channel with write access.
    await forge({ user: 'U0ALICE', ts: shared.ts, actionId: actions.sighting, index: 0 });
    await h.slack.waitForMessage((m) => m.ts === shared.ts && blockText(m).includes('Added a sighting'));
  });
});
