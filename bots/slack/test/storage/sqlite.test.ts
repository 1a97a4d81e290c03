import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/storage/sqlite.js';

describe('SQLite store', () => {
  it('keeps lookups, audit records and replay keys across a reopen (migrations run once)', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'mispkit-')), 'bot.sqlite');
    const store = openSqliteStore(file);
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

    const again = openSqliteStore(file);
    expect(await again.getLookup('L1')).toMatchObject({ cut: 2, indicators: [{ value: '1.2.3.4' }] });
    expect(await again.listAudit()).toMatchObject([{ action: 'lookup', withheld: { red: 1 }, latencyMs: 13 }]);
    expect(await again.rememberRequest('sig', 600, 200)).toBe(false);
    expect(await again.rememberRequest('sig', 600, 701)).toBe(true);
    await again.prune(100_000, 3600);
    expect(await again.getLookup('L1')).toBeUndefined();
    await again.close();
  });
});
