// The alert section of App Home: health lines, and the warning about events that could have been missed.
import { validateBlocks } from '@mispkit/slack-sandbox';
import { describe, expect, it } from 'vitest';
import { alertHomeSection } from '../../src/alerts/home.js';
import type { AlertHealth } from '../../src/alerts/pipeline.js';
import { NO_SENDER_STATS } from '../../src/alerts/sender.js';

const health = (poller: Partial<AlertHealth['poller']> = {}): AlertHealth => ({
  poller: {
    role: 'leader',
    breaker: 'closed',
    consecutiveFailures: 0,
    lastSuccessAt: Date.UTC(2026, 10, 28, 12, 0, 0),
    lagSeconds: 3,
    eventsSeen: 10,
    skippedEvents: 0,
    recoveredEvents: 0,
    ...poller,
  },
  sender: { ...NO_SENDER_STATS },
  outbox: { pending: 1, posting: 0, posted: 5, failed: 0, withheld: 2 },
});

const text = (h: AlertHealth) => JSON.stringify(alertHomeSection(h, []));

describe('App Home alert health', () => {
  it('shows reachability, last poll, and queued / delivered / withheld counts', () => {
    const t = text(health());
    expect(t).toContain('MISP reachable');
    expect(t).toContain('Last successful poll: 2026-11-28 12:00:00 UTC (3 s ago)');
    expect(t).toContain('Alerts queued: 1 · delivered: 5 · withheld by TLP: 2');
    expect(t).not.toContain('Unreadable events');
    expect(validateBlocks(alertHomeSection(health(), []))).toEqual([]);
  });

  it('warns about unreadable and recovered events once there are any', () => {
    const t = text(health({ skippedEvents: 2, recoveredEvents: 1 }));
    expect(t).toContain('Unreadable events skipped: 2');
    expect(t).toContain("found only by a poll's second read: 1");
  });
});
