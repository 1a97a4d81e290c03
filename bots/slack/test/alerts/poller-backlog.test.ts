// A poll that spans several pages: channels with a full digest's worth get their rows while
// paging continues; the others get theirs in one go at the last page; a failure midway writes
// what was read and leaves the cursor where it was.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createIntake } from '../../src/alerts/intake.js';
import { createPoller, type PollerOptions } from '../../src/alerts/poller.js';
import type { AlertMisp } from '../../src/alerts/ports.js';
import type { AlertStore } from '../../src/alerts/store.js';
import { defaultTlpPolicy } from '../../src/tlp.js';
import { seedBacklog } from './fixtures/backlog.js';
import { type Harness, startHarness } from './harness.js';

const PAGE = 10;
const FULL_AT = 20;

describe('a poll over several pages', () => {
  let h: Harness;
  let store: AlertStore;
  let busy: string;
  let quiet: string;
  /** Rows per channel in the outbox each time a page was requested. */
  let seenAtPage: { busy: number; quiet: number }[];
  let failOnPage: number | undefined;
  /** Runs once, just before the first request for page 2 (i.e. while the poll is paging). */
  let beforePage2: (() => void) | undefined;

  const count = async (channelId: string) => (await store.listOutbox({ channelId })).length;

  // The bot's client, recording the outbox before each page is read (i.e. after the previous one).
  const misp = (): AlertMisp => ({
    events: {
      async search(filters, options) {
        seenAtPage.push({ busy: await count(busy), quiet: await count(quiet) });
        if (filters.page === 2 && beforePage2) {
          beforePage2();
          beforePage2 = undefined;
        }
        if (filters.page === failOnPage) throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
        return h.mispForBot.events.search(filters, options);
      },
    },
    warninglists: h.mispForBot.warninglists,
  });

  const poller = (extra: Partial<PollerOptions> = {}) => {
    const m = misp();
    return createPoller({
      store,
      misp: m,
      intake: createIntake({ store, misp: m, clock: Date.now }),
      owner: 'test',
      policy: defaultTlpPolicy,
      initialCursor: 0,
      pageSize: PAGE,
      backlogFullAt: FULL_AT,
      ...extra,
    });
  };

  beforeEach(async () => {
    h = await startHarness();
    store = await h.openStore();
    seenAtPage = [];
    failOnPage = undefined;
    beforePage2 = undefined;
    // 60 events over 6 pages, alternating shard:0 / shard:1; three early ones also tagged `rare`.
    seedBacklog(h.misp, { events: 60, shards: 2 });
    const db = h.misp.db;
    db.prepare("INSERT INTO tags (name, colour) VALUES ('rare', '#000000')").run();
    db.prepare(
      "INSERT INTO event_tags (event_id, tag_id) SELECT id, (SELECT id FROM tags WHERE name = 'rare') FROM events ORDER BY id LIMIT 3",
    ).run();
    busy = h.channel('busy');
    quiet = h.channel('quiet');
    await h.subscribe(store, busy, { minThreat: 4, includeTags: ['shard:0'] });
    await h.subscribe(store, quiet, { minThreat: 4, includeTags: ['rare'] });
  });
  afterEach(async () => {
    await h.close();
  });

  it('writes a flooded channel’s rows while paging and a quiet channel’s at the last page', async () => {
    const result = await poller().pollOnce();
    expect(result).toMatchObject({ outcome: 'polled', events: 60, enqueued: 33, recovered: 0 });
    // First pass: pages 1–3 give the busy channel 15 rows (held); page 4 makes 20, so they are written.
    const firstPass = seenAtPage.slice(0, 7);
    expect(firstPass.map((s) => s.busy)).toEqual([0, 0, 0, 0, 20, 25, 30]);
    // The quiet channel's three rows from page 1 wait for the last page (the 7th, empty).
    expect(firstPass.map((s) => s.quiet)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    // The second pass reads the same 7 pages and finds nothing new.
    expect(seenAtPage).toHaveLength(14);
    expect(await count(busy)).toBe(30);
    expect(await count(quiet)).toBe(3);
    expect(await store.getCursor()).toBeGreaterThan(0);
  });

  it('writes what was read when a page fails, keeps the cursor, and the next poll adds only the rest', async () => {
    failOnPage = 3;
    const p = poller();
    expect((await p.pollOnce()).outcome).toBe('failed');
    expect(await store.getCursor()).toBeUndefined();
    // Pages 1 and 2: 10 busy rows (below FULL_AT, held) and the quiet channel's 3, all written on failure.
    expect(await count(busy)).toBe(10);
    expect(await count(quiet)).toBe(3);
    failOnPage = undefined;
    expect(await p.pollOnce()).toMatchObject({ outcome: 'polled', events: 60, enqueued: 20 });
    expect(await count(busy)).toBe(30);
    expect(await count(quiet)).toBe(3);
    const rows = await store.listOutbox();
    expect(new Set(rows.map((r) => `${r.eventUuid}/${r.channelId}`)).size).toBe(rows.length);
  });

  it('recovers an event that offset paging skipped because MISP changed while it paged', async () => {
    // Unpublishing the 3rd event after page 1 moves the 11th into page 1's slots: page 2 starts at
    // the 12th, and the 11th (a busy-channel event, published long before the overlap window) is
    // never returned by the first pass.
    const ids = (h.misp.db.prepare('SELECT id FROM events ORDER BY id').all() as { id: number }[]).map((r) => r.id);
    const [third, eleventh] = [ids[2], ids[10]];
    beforePage2 = () => h.misp.db.prepare('UPDATE events SET published = 0 WHERE id = ?').run(third);
    const result = await poller().pollOnce();
    expect(result).toMatchObject({ outcome: 'polled', recovered: 1 });
    const uuid = (h.misp.db.prepare('SELECT uuid FROM events WHERE id = ?').get(eleventh) as { uuid: string }).uuid;
    expect((await store.listOutbox({ channelId: busy })).map((r) => r.eventUuid)).toContain(uuid);
    expect(await count(busy)).toBe(30);
  });

  it('skips an unreadable event, counts it once, and delivers the rest', async () => {
    // A uuid MISP should never send: the event cannot be keyed, so it is skipped, not fatal.
    const [first] = h.misp.db.prepare('SELECT id FROM events ORDER BY id LIMIT 1').all() as { id: number }[];
    h.misp.db.prepare("UPDATE events SET uuid = 'not-a-uuid' WHERE id = ?").run(first?.id);
    const errors: unknown[] = [];
    const p = poller({ onError: (error) => errors.push(error) });
    expect(await p.pollOnce()).toMatchObject({ outcome: 'polled', events: 59, recovered: 0 });
    // Read twice (two passes), counted and reported once.
    expect(p.health().skippedEvents).toBe(1);
    expect(errors).toHaveLength(1);
    expect(await count(busy)).toBe(29);
  });

  it('does not hold anything back when everything fits in one page', async () => {
    expect(await poller({ pageSize: 100 }).pollOnce()).toMatchObject({ outcome: 'polled', events: 60, enqueued: 33 });
    expect(seenAtPage).toEqual([{ busy: 0, quiet: 0 }]);
  });
});
