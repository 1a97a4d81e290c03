// The alert pipeline inside the running app: subscriptions through /intel, an event published in
// the MISP sandbox reaching the channel once, the alert's buttons and the App Home section.
import { createMispClient } from '@mispkit/sdk';
import { DEFAULT_CHANNELS, validateBlocks } from '@mispkit/slack-sandbox';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { alertActions } from '../../src/ids.js';
import { blockText, type Harness, startHarness } from './harness.js';

const ALERTS = 'C0SOCALERTS';
const PRIVATE = 'C0SOCPRIV';

describe('alerts in the running app (Socket Mode, both sandboxes)', () => {
  let h: Harness;
  beforeAll(async () => {
    // A high burst threshold: seeded demo events published at start must not turn into a digest.
    // #soc-private holds Alice and the bot but not Bob, so App Home must tell them apart.
    h = await startHarness({
      mode: 'socket',
      alerts: { burstThreshold: 100 },
      slackWorkspace: {
        channels: DEFAULT_CHANNELS.map((c) => (c.id === PRIVATE ? { ...c, members: ['U0ALICE'] } : c)),
      },
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  const withTitle = (title: string) =>
    h.slack.messages(ALERTS).filter((m) => !m.ephemeral_to && !m.thread_ts && blockText(m).includes(title));

  /** Resolves after the poller has completed `n` more successful polls than now. */
  async function pollsLater(n: number): Promise<void> {
    const pipeline = h.alerts?.pipeline;
    if (!pipeline) throw new Error('alerts are not running');
    const seen: number[] = [];
    await vi.waitFor(
      () => {
        const at = pipeline.poller.health().lastSuccessAt;
        if (at !== undefined && !seen.includes(at)) seen.push(at);
        if (seen.length <= n) throw new Error(`waiting for ${n} more polls`);
      },
      { timeout: 20_000, interval: 20 },
    );
  }

  it('subscribes a channel the bot is in, and lists the subscription', async () => {
    const answer = await h.intel('subscribe threat:high -tag:osint', { channel: ALERTS });
    expect(answer.text).toContain(`Subscribed <#${ALERTS}>`);
    const listed = await h.intel('subscriptions', { channel: ALERTS });
    expect(listed.text).toContain(`<#${ALERTS}>`);
    expect(listed.text).toMatch(/osint/);
    expect(await h.alerts?.store.getSubscription(ALERTS)).toMatchObject({ channelId: ALERTS, createdBy: 'U0ALICE' });
  });

  it('tells how to invite the bot when the channel does not have it, and saves nothing', async () => {
    const answer = await h.intel('subscribe', { channel: 'C0RANDOM' });
    expect(answer.text).toContain('/invite');
    expect(await h.alerts?.store.getSubscription('C0RANDOM')).toBeUndefined();
  });

  it('unsubscribes, after which the channel lists no subscription', async () => {
    const channel = h.slack.createChannel({ name: 'soc-temp' }).id;
    expect((await h.intel('subscribe', { channel })).text).toContain('Subscribed');
    expect((await h.intel('unsubscribe', { channel })).text).toContain('will no longer receive MISP alerts');
    expect(await h.alerts?.store.getSubscription(channel)).toBeUndefined();
    expect((await h.intel('subscriptions', { channel })).text).toContain('has no alert subscription');
  });

  it('mentions the subscription commands in /intel help', async () => {
    const help = await h.slack.slashCommand({ user: 'U0ALICE', channel: 'C0SOC', command: '/intel', text: 'help' });
    const text = JSON.stringify(help.ackBody ?? help.ackMessage ?? {});
    expect(text).toContain('subscribe');
    expect(text).toContain('unsubscribe');
    expect(text).toContain('subscriptions');
  });

  describe('an event published in MISP', () => {
    const title = `Ransomware staging servers ${Date.now()}`;
    const ip = '185.220.101.77';

    beforeAll(async () => {
      const admin = createMispClient({ baseUrl: h.misp.url, apiKey: h.misp.adminKey });
      const created = (await admin.events.add({
        info: title,
        threat_level_id: '1',
        distribution: '0',
        analysis: '1',
        Attribute: [{ type: 'ip-dst', category: 'Network activity', value: ip, to_ids: true }],
      } as never)) as { id: string; uuid: string };
      await admin.tags.attach({ uuid: created.uuid, tag: 'tlp:green' });
      await admin.events.publish(created.id);
    });

    it('reaches the subscribed channel exactly once, defanged, with valid blocks', async () => {
      const alert = await h.slack.waitForMessage((m) => m.channel === ALERTS && blockText(m).includes(title), {
        timeoutMs: 20_000,
      });
      // Several more polls re-read the overlap window that holds the event; none may post it again.
      await pollsLater(3);
      expect(withTitle(title)).toHaveLength(1);
      expect(blockText(alert)).toContain('185[.]220[.]101[.]77');
      expect(JSON.stringify(alert.metadata)).toContain('misp_alert');
      expect(validateBlocks(alert.blocks)).toEqual([]);
    });

    it('answers "Look up indicators" ephemerally to the clicker only', async () => {
      const [alert] = withTitle(title);
      if (!alert) throw new Error('no alert');
      const click = await h.slack.clickButton({
        user: 'U0BOB',
        channel: ALERTS,
        messageTs: alert.ts,
        actionId: alertActions.lookup,
      });
      expect(click.acked).toBe(true);
      const answer = await h.slack.waitForMessage(
        (m) => m.channel === ALERTS && m.ephemeral_to === 'U0BOB' && /looked up/.test(m.text),
        { timeoutMs: 10_000 },
      );
      expect(blockText(answer)).toContain('185[.]220[.]101[.]77');
      expect(withTitle(title)).toHaveLength(1);
      await vi.waitFor(
        async () =>
          expect(await h.store.listAudit({ limit: 5 })).toContainEqual(
            expect.objectContaining({ userId: 'U0BOB', channelId: ALERTS, action: 'lookup', visibility: 'ephemeral' }),
          ),
        { timeout: 10_000 },
      );
    });

    it('shows who acknowledged the alert and when, on the message itself', async () => {
      const [alert] = withTitle(title);
      if (!alert) throw new Error('no alert');
      const click = await h.slack.clickButton({
        user: 'U0ALICE',
        channel: ALERTS,
        messageTs: alert.ts,
        actionId: alertActions.acknowledge,
      });
      expect(click.acked).toBe(true);
      const updated = await vi.waitFor(
        () => {
          const m = h.slack.messages(ALERTS).find((x) => x.ts === alert.ts);
          if (!m || !blockText(m).includes('Acknowledged by')) throw new Error('not updated yet');
          return m;
        },
        { timeout: 10_000 },
      );
      expect(blockText(updated)).toMatch(/Acknowledged by <@U0ALICE> at \d{4}-\d{2}-\d{2}/);
      expect(JSON.stringify(updated.blocks)).not.toContain(alertActions.acknowledge);
      expect(JSON.stringify(updated.blocks)).toContain(alertActions.lookup);
      expect(blockText(updated)).toContain(title);
      expect(validateBlocks(updated.blocks)).toEqual([]);
    });

    it('acknowledges the "Open in MISP" link button without posting anything', async () => {
      const [alert] = withTitle(title);
      if (!alert) throw new Error('no alert');
      const before = h.slack.messages(ALERTS).length;
      const click = await h.slack.clickButton({
        user: 'U0ALICE',
        channel: ALERTS,
        messageTs: alert.ts,
        actionId: alertActions.openInMisp,
      });
      expect(click.acked).toBe(true);
      expect(h.slack.messages(ALERTS)).toHaveLength(before);
    });

    it('shows the subscriptions of the user’s channels and the pipeline health in App Home', async () => {
      await h.slack.appHomeOpened('U0ALICE');
      const view = await vi.waitFor(
        () => {
          const v = h.slack.homeView('U0ALICE') as { blocks?: unknown[] } | undefined;
          if (!v || !blockText(v).includes('MISP alerts')) throw new Error('no alert section yet');
          return v;
        },
        { timeout: 10_000 },
      );
      const text = blockText(view);
      expect(text).toContain(`<#${ALERTS}>`);
      expect(text).toContain('MISP reachable');
      expect(text).toMatch(/Last successful poll: \d{4}-/);
      expect(text).toMatch(/Alerts queued: \d+ · delivered: [1-9]\d* · withheld by TLP: \d+/);
      expect(text).not.toContain('C0RANDOM');
      expect(validateBlocks(view.blocks)).toEqual([]);
    });

    it('lists a private channel’s subscription in the App Home of its members only', async () => {
      expect((await h.intel('subscribe', { channel: PRIVATE })).text).toContain(`Subscribed <#${PRIVATE}>`);
      const homeOf = async (user: string, shows: string) => {
        await h.slack.appHomeOpened(user);
        return vi.waitFor(
          () => {
            const v = h.slack.homeView(user) as { blocks?: unknown[] } | undefined;
            if (!v || !blockText(v).includes(shows)) throw new Error(`no ${shows} in ${user}'s App Home yet`);
            return blockText(v);
          },
          { timeout: 10_000 },
        );
      };
      // Alice's Home was published before the subscription: wait for the one that lists it.
      expect(await homeOf('U0ALICE', `<#${PRIVATE}>`)).toContain(`<#${ALERTS}>`);
      // Bob opens App Home for the first time here, so his one view already reflects the subscription.
      expect(h.slack.homeView('U0BOB')).toBeUndefined();
      const bob = await homeOf('U0BOB', `<#${ALERTS}>`);
      expect(bob).toContain(`<#${ALERTS}>`);
      expect(bob).not.toContain(PRIVATE);
      expect(h.slack.apiCalls()['users.conversations']).toBeGreaterThan(0);
    });
  });
  describe('a private channel that becomes Slack Connect', () => {
    const publish = async (info: string, tlp: string) => {
      const admin = createMispClient({ baseUrl: h.misp.url, apiKey: h.misp.adminKey });
      const created = (await admin.events.add({
        info,
        threat_level_id: '1',
        distribution: '0',
        analysis: '1',
        Attribute: [{ type: 'domain', category: 'Network activity', value: `c2-${Date.now()}.example`, to_ids: true }],
      } as never)) as { id: string; uuid: string };
      await admin.tags.attach({ uuid: created.uuid, tag: tlp });
      await admin.events.publish(created.id);
      return created.uuid;
    };
    const arrives = (channel: string, info: string) =>
      h.slack.waitForMessage((m) => m.channel === channel && blockText(m).includes(info), { timeoutMs: 20_000 });

    it('stops receiving AMBER alerts as soon as Slack says it was shared', async () => {
      const channel = h.slack.createChannel({ name: `ir-private-${Date.now()}`, is_private: true }).id;
      expect((await h.intel('subscribe', { channel })).text).toContain('Subscribed');
      const stamp = Date.now();
      await publish(`Amber before sharing ${stamp}`, 'tlp:amber');
      await arrives(channel, `Amber before sharing ${stamp}`);
      // The kind read for that post ("private") is stored for 5 minutes; Slack's event must end that.
      expect((await h.slack.shareChannel(channel)).acked).toBe(true);
      const amber = await publish(`Amber after sharing ${stamp}`, 'tlp:amber');
      await publish(`Clear after sharing ${stamp}`, 'tlp:clear');
      await arrives(channel, `Clear after sharing ${stamp}`);
      const rows = await h.alerts?.store.listOutbox({ channelId: channel });
      expect(rows?.find((r) => r.eventUuid === amber)?.state).toBe('withheld');
      expect(h.slack.messages(channel).some((m) => blockText(m).includes(`Amber after sharing ${stamp}`))).toBe(false);
    });
  });
});
