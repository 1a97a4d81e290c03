// One behavioural suite for every AlertStore implementation.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlertStore } from '../../src/alerts/store.js';
import type { NewOutboxRow } from '../../src/alerts/types.js';
import { makeAlertEvent } from './helpers.js';

export interface StoreHarness {
  open(): Promise<AlertStore>;
  /** Removes whatever `open` created. */
  cleanup(): Promise<void>;
}

const row = (channelId: string, overrides: Partial<NewOutboxRow> = {}): NewOutboxRow => {
  const event = overrides.event ?? makeAlertEvent();
  return { eventUuid: event.uuid, publishTs: event.publishTimestamp, channelId, state: 'pending', event, ...overrides };
};

export function describeAlertStore(name: string, harness: () => StoreHarness): void {
  describe(`AlertStore on ${name}`, () => {
    let h: StoreHarness;
    let store: AlertStore;
    const extra: AlertStore[] = [];

    beforeEach(async () => {
      h = harness();
      store = await h.open();
    });
    afterEach(async () => {
      for (const s of extra.splice(0)) await s.close();
      await store.close();
      await h.cleanup();
    });

    it('stores, replaces, lists and removes one subscription per channel', async () => {
      await store.upsertSubscription({
        channelId: 'C1',
        minThreat: 1,
        includeTags: [],
        excludeTags: ['osint'],
        orgs: [],
        createdBy: 'U1',
        createdAt: 1,
      });
      await store.upsertSubscription({
        channelId: 'C1',
        minThreat: 2,
        includeTags: ['tlp:green'],
        excludeTags: [],
        orgs: ['CIRCL'],
        tlpCeiling: 'green',
        createdBy: 'U2',
        createdAt: 2,
      });
      await store.upsertSubscription({
        channelId: 'C2',
        minThreat: 4,
        includeTags: [],
        excludeTags: [],
        orgs: [],
        createdBy: 'U1',
        createdAt: 3,
      });
      expect(await store.getSubscription('C1')).toEqual({
        channelId: 'C1',
        minThreat: 2,
        includeTags: ['tlp:green'],
        excludeTags: [],
        orgs: ['CIRCL'],
        tlpCeiling: 'green',
        createdBy: 'U2',
        createdAt: 2,
      });
      expect((await store.listSubscriptions()).map((s) => s.channelId)).toEqual(['C1', 'C2']);
      expect(await store.removeSubscription('C1')).toBe(true);
      expect(await store.removeSubscription('C1')).toBe(false);
      expect(await store.getSubscription('C1')).toBeUndefined();
    });

    it('keeps the cursor monotonic', async () => {
      expect(await store.getCursor()).toBeUndefined();
      await store.advanceCursor(100);
      await store.advanceCursor(50);
      expect(await store.getCursor()).toBe(100);
      await store.advanceCursor(150);
      expect(await store.getCursor()).toBe(150);
    });

    it('enqueues each (event, publish timestamp, channel) once', async () => {
      const event = makeAlertEvent();
      const a = row('C1', { event });
      expect(await store.enqueue([a, row('C2', { event })], 1000)).toBe(2);
      expect(await store.enqueue([a], 1001)).toBe(0);
      const republished = { ...event, publishTimestamp: event.publishTimestamp + 10 };
      expect(await store.enqueue([row('C1', { event: republished })], 1002)).toBe(1);
      const rows = await store.listOutbox({ channelId: 'C1' });
      expect(rows.map((r) => [r.eventUuid, r.publishTs, r.state])).toEqual([
        [event.uuid, event.publishTimestamp, 'pending'],
        [event.uuid, event.publishTimestamp + 10, 'pending'],
      ]);
      expect(rows[0]?.event).toEqual(event);
    });

    it('leases a channel to one claimer at a time and honours pacing', async () => {
      await store.enqueue([row('C1'), row('C1'), row('C1')], 0);
      const first = await store.claimChannel({ owner: 'a', now: 10, leaseMs: 1000, limit: 2 });
      expect(first?.channelId).toBe('C1');
      expect(first?.rows).toHaveLength(2);
      expect(first?.pendingDue).toBe(3);
      expect(await store.claimChannel({ owner: 'b', now: 20, leaseMs: 1000, limit: 2 })).toBeUndefined();
      await store.releaseChannel('C1', 'a', 500);
      expect(await store.claimChannel({ owner: 'b', now: 100, leaseMs: 1000, limit: 2 })).toBeUndefined();
      expect((await store.claimChannel({ owner: 'b', now: 500, leaseMs: 1000, limit: 2 }))?.channelId).toBe('C1');
    });

    it('claims a channel up to aheadMs before its next post and says when that is', async () => {
      await store.enqueue([row('C1'), row('C1')], 0);
      const first = await store.claimChannel({ owner: 'a', now: 10, leaseMs: 1000, limit: 1 });
      expect(first?.notBefore).toBe(0);
      await store.releaseChannel('C1', 'a', 1000);
      expect(await store.claimChannel({ owner: 'a', now: 850, leaseMs: 1000, limit: 1, aheadMs: 100 })).toBeUndefined();
      const early = await store.claimChannel({ owner: 'a', now: 900, leaseMs: 1000, limit: 1, aheadMs: 100 });
      expect(early).toMatchObject({ channelId: 'C1', notBefore: 1000 });
    });

    it('tells when the next channel becomes claimable (pacing, lease, due rows, disabled)', async () => {
      expect(await store.nextClaimAt()).toBeUndefined();
      await store.enqueue([row('C1'), row('C2')], 100);
      expect(await store.nextClaimAt()).toBe(100);
      // C1 leased until 10 100, then paced to 2 000; C2 still due at 100.
      const claim = await store.claimChannel({ owner: 'a', now: 150, leaseMs: 10_000, limit: 5 });
      const first = claim?.channelId === 'C1' ? 'C1' : 'C2';
      const second = first === 'C1' ? 'C2' : 'C1';
      expect(await store.nextClaimAt()).toBe(100);
      await store.disableChannel(second, 'channel_not_found', 160);
      expect(await store.nextClaimAt()).toBe(10_150);
      await store.releaseChannel(first, 'a', 2000);
      expect(await store.nextClaimAt()).toBe(2000);
      // A row rescheduled later than the channel's pacing decides.
      const [open] = await store.listOutbox({ channelId: first });
      if (!open) throw new Error('row missing');
      await store.reschedule([open.id], 9000, 'ratelimited', 'pending', 170);
      expect(await store.nextClaimAt()).toBe(9000);
      await store.markPosted([open.id], '1.2', 9001);
      expect(await store.nextClaimAt()).toBeUndefined();
    });

    it('lists lease holders and drops every lease of one (known dead) at once', async () => {
      await store.enqueue([row('C1'), row('C2')], 0);
      await store.claimChannel({ owner: 'dead', now: 0, leaseMs: 30_000, limit: 5 });
      await store.claimChannel({ owner: 'alive', now: 0, leaseMs: 30_000, limit: 5 });
      expect((await store.leaseOwners(10)).sort()).toEqual(['alive', 'dead']);
      expect(await store.leaseOwners(40_000)).toEqual([]);
      await store.releaseOwner('dead');
      expect(await store.leaseOwners(10)).toEqual(['alive']);
      // The dead owner's channel is claimable now, long before its lease would have expired.
      expect(await store.claimChannel({ owner: 'next', now: 20, leaseMs: 30_000, limit: 5 })).toBeDefined();
      expect(await store.claimChannel({ owner: 'next', now: 21, leaseMs: 30_000, limit: 5 })).toBeUndefined();
    });

    it('shares a channel kind read from Slack between replicas, and forgets it for all of them', async () => {
      const other = await h.open();
      extra.push(other);
      await store.enqueue([row('C1')], 0);
      await store.setChannelKind('C1', 'private', 100);
      expect(await other.claimChannel({ owner: 'b', now: 200, leaseMs: 1000, limit: 5 })).toMatchObject({
        kind: 'private',
        kindCheckedAt: 100,
      });
      await other.releaseChannel('C1', 'b', 0);
      await other.setChannelKind('C1', undefined, 300);
      const claim = await store.claimChannel({ owner: 'a', now: 400, leaseMs: 1000, limit: 5 });
      expect(claim?.kind).toBeUndefined();
      expect(claim?.kindCheckedAt).toBe(0);
      // A channel the outbox has not seen yet can be given a kind too.
      await expect(store.setChannelKind('C9', 'public', 5)).resolves.toBeUndefined();
    });

    it('lets another claimer take a channel whose lease expired (its owner died)', async () => {
      await store.enqueue([row('C1')], 0);
      expect(await store.claimChannel({ owner: 'dead', now: 0, leaseMs: 100, limit: 5 })).toBeDefined();
      expect(await store.renewChannel('C1', 'dead', 200)).toBe(true);
      expect(await store.claimChannel({ owner: 'b', now: 150, leaseMs: 100, limit: 5 })).toBeUndefined();
      const taken = await store.claimChannel({ owner: 'b', now: 201, leaseMs: 100, limit: 5 });
      expect(taken?.rows).toHaveLength(1);
      expect(await store.renewChannel('C1', 'dead', 1000)).toBe(false);
    });

    it('moves rows through posting, posted, rescheduled, failed and withheld', async () => {
      await store.enqueue([row('C1'), row('C1'), row('C1'), row('C1')], 0);
      const [a, b, c, d] = await store.listOutbox();
      if (!a || !b || !c || !d) throw new Error('rows missing');
      await store.markPosting([a.id, b.id], 'key-1', 10);
      await store.markPosted([a.id], '123.456', 11);
      await store.reschedule([b.id], 5000, 'timeout', 'posting', 12);
      await store.markFailed([c.id], 'invalid_blocks', 13);
      await store.markWithheld([d.id], 'TLP:RED above the channel ceiling', 14);
      const after = await store.listOutbox();
      expect(after.map((r) => [r.state, r.attempts])).toEqual([
        ['posted', 1],
        ['posting', 1],
        ['failed', 0],
        ['withheld', 0],
      ]);
      expect(after[0]?.slackTs).toBe('123.456');
      expect(after[1]?.deliveryKey).toBe('key-1');
      expect(after[1]?.nextAttemptAt).toBe(5000);
      expect(await store.counts()).toEqual({ pending: 0, posting: 1, posted: 1, failed: 1, withheld: 1 });
      // The posting row is due at 5000 and comes first so it is reconciled before anything is posted.
      await store.enqueue([row('C1')], 20);
      expect(await store.claimChannel({ owner: 'x', now: 100, leaseMs: 10, limit: 5 })).toMatchObject({
        rows: [{ state: 'pending' }],
      });
      const claim = await store.claimChannel({ owner: 'x', now: 6000, leaseMs: 10, limit: 5 });
      expect(claim?.rows.map((r) => r.state)).toEqual(['posting', 'pending']);
    });

    it('disables a channel: its open rows fail and it is not claimed until enabled', async () => {
      await store.enqueue([row('C1'), row('C2')], 0);
      await store.disableChannel('C1', 'not_in_channel', 1);
      expect(await store.channelDisabled('C1')).toBe('not_in_channel');
      expect((await store.claimChannel({ owner: 'a', now: 2, leaseMs: 10, limit: 5 }))?.channelId).toBe('C2');
      expect((await store.listOutbox({ channelId: 'C1' }))[0]?.state).toBe('failed');
      await store.enableChannel('C1');
      expect(await store.channelDisabled('C1')).toBeUndefined();
    });

    it('remembers the original message of an event per channel', async () => {
      const event = makeAlertEvent();
      await store.saveMessage({ eventUuid: event.uuid, channelId: 'C1', ts: '1.1', publishTs: 5, event });
      await store.saveMessage({
        eventUuid: event.uuid,
        channelId: 'C1',
        ts: '1.1',
        publishTs: 9,
        event: { ...event, info: 'changed' },
      });
      const m = await store.getMessage(event.uuid, 'C1');
      expect(m).toMatchObject({ ts: '1.1', publishTs: 9, event: { info: 'changed' } });
      expect(await store.getMessage(event.uuid, 'C2')).toBeUndefined();
    });

    it('gives the poller lease to one holder until it is released', async () => {
      const other = await h.open();
      extra.push(other);
      expect(await store.acquireLease('a', 0, 1000)).toBe(true);
      expect(await store.acquireLease('a', 10, 1000)).toBe(true);
      expect(await other.acquireLease('b', 20, 1000)).toBe(false);
      await store.releaseLease('a');
      expect(await other.acquireLease('b', 30, 1000)).toBe(true);
      expect(await store.acquireLease('a', 40, 1000)).toBe(false);
    });

    it('never leases one channel to two concurrent claimers', async () => {
      const others = [await h.open(), await h.open()];
      extra.push(...others);
      for (let i = 0; i < 5; i++) await store.enqueue([row(`C${i}`), row(`C${i}`)], 0);
      const claims = await Promise.all(
        [store, ...others].flatMap((s, k) =>
          [0, 1, 2].map((j) => s.claimChannel({ owner: `o${k}${j}`, now: 1, leaseMs: 10_000, limit: 10 })),
        ),
      );
      const channels = claims.filter((c) => c !== undefined).map((c) => c.channelId);
      expect(channels.length).toBe(5);
      expect(new Set(channels).size).toBe(5);
    });
  });
}
