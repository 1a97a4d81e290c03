// The bot store's behaviour, run against every implementation (SQLite and PostgreSQL).
import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/storage/types.js';

export interface StoreTarget {
  /** Opens the same underlying database each time (a reopen must see earlier writes). */
  open(): Promise<Store>;
  cleanup?(): Promise<void>;
}

export function describeStore(name: string, target: () => StoreTarget): void {
  describe(`${name} bot store`, () => {
    it('keeps channel info for the TLP check across a reopen, and forgets it', async () => {
      const t = target();
      try {
        const store = await t.open();
        expect(await store.getChannelInfo('C1')).toBeUndefined();
        await store.saveChannelInfo('C1', { is_private: true }, 100);
        await store.saveChannelInfo('C1', { is_private: true, is_ext_shared: true }, 200);
        await store.close();
        const reopened = await t.open();
        expect(await reopened.getChannelInfo('C1')).toEqual({
          info: { is_private: true, is_ext_shared: true },
          checkedAt: 200,
        });
        await reopened.forgetChannelInfo('C1');
        expect(await reopened.getChannelInfo('C1')).toBeUndefined();
        await reopened.close();
      } finally {
        await t.cleanup?.();
      }
    });

    it('keeps lookups, audit records and replay keys across a reopen (migrations run once)', async () => {
      const t = target();
      try {
        const store = await t.open();
        await store.saveLookup({
          id: 'L1',
          userId: 'U1',
          channelId: 'C1',
          indicators: [{ kind: 'ipv4', value: '1.2.3.4' }],
          cut: 2,
          createdAt: 100,
        });
        await store.appendAudit({
          at: 100,
          userId: 'U1',
          channelId: 'C1',
          action: 'lookup',
          visibility: 'ephemeral',
          conversation: 'requester',
          indicators: ['1[.]2[.]3[.]4'],
          disclosed: [{ indicator: '1[.]2[.]3[.]4', verdict: 'malicious', events: ['7'], maxTlp: 'green' }],
          withheld: { red: 1 },
          outcome: 'ok',
          latencyMs: 12.6,
        });
        expect(await store.rememberRequest('sig', 600, 100)).toBe(true);
        await store.close();

        const again = await t.open();
        expect(await again.getLookup('L1')).toMatchObject({ cut: 2, indicators: [{ value: '1.2.3.4' }] });
        expect(await again.getLookup('nope')).toBeUndefined();
        expect(await again.listAudit()).toMatchObject([{ action: 'lookup', withheld: { red: 1 }, latencyMs: 13 }]);
        expect(await again.rememberRequest('sig', 600, 200)).toBe(false);
        expect(await again.rememberRequest('sig', 600, 701)).toBe(true);
        await again.prune(100_000, 3600);
        expect(await again.getLookup('L1')).toBeUndefined();
        await again.close();
      } finally {
        await t.cleanup?.();
      }
    });

    it('lists audit records newest first, up to the limit', async () => {
      const t = target();
      try {
        const store = await t.open();
        for (const at of [1, 2, 3]) {
          await store.appendAudit({
            at,
            userId: 'U1',
            channelId: 'C1',
            action: 'lookup',
            visibility: 'ephemeral',
            conversation: 'requester',
            indicators: [],
            disclosed: [],
            withheld: {},
            outcome: 'ok',
          });
        }
        expect((await store.listAudit({ limit: 2 })).map((r) => r.at)).toEqual([3, 2]);
        await store.close();
      } finally {
        await t.cleanup?.();
      }
    });

    it('accepts a request key once even when two callers race for it', async () => {
      const t = target();
      try {
        const store = await t.open();
        const results = await Promise.all(Array.from({ length: 8 }, () => store.rememberRequest('k', 60, 1000)));
        expect(results.filter(Boolean)).toHaveLength(1);
        await store.close();
      } finally {
        await t.cleanup?.();
      }
    });
  });
}
