// Every card and message builder, driven with MISP text as long and as hostile as it comes: each
// result must pass the Slack sandbox's Block Kit validator (Slack's own limits), and no character
// that can hide or reorder text (bidi controls and isolates, zero-width and other format
// characters, unpaired surrogates) may reach Slack.
import { validateBlocks } from '@mispkit/slack-sandbox';
import type { KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import {
  acknowledgeBlocks,
  alertCard,
  changeSummary,
  digestMessage,
  type SlackMessage,
} from '../../src/alerts/blocks.js';
import { withPolicyTlp } from '../../src/alerts/event.js';
import { alertHomeSection } from '../../src/alerts/home.js';
import { NO_SENDER_STATS } from '../../src/alerts/sender.js';
import { describeFilters, formatSubscription } from '../../src/alerts/subscriptions.js';
import type { AlertEvent, Subscription } from '../../src/alerts/types.js';
import { errorBlocks } from '../../src/blocks/errors.js';
import { noIndicatorBlocks, usageBlocks } from '../../src/blocks/help.js';
import { homeView } from '../../src/blocks/home.js';
import { renderLookupMessage } from '../../src/blocks/lookup-message.js';
import type { AttributeHit, IndicatorResult } from '../../src/lookup/types.js';
import { CONVERSATION_KINDS, defaultTlpPolicy } from '../../src/tlp.js';
import { defaultVerdictConfig } from '../../src/verdict.js';
import { makeAlertEvent } from '../alerts/helpers.js';

/** Every character that can hide, reorder or disguise text, one of each. */
const INVISIBLE = [
  '\u202a',
  '\u202b',
  '\u202c',
  '\u202d',
  '\u202e', // embeddings and overrides
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069', // isolates
  '\u200e',
  '\u200f',
  '\u061c', // marks
  '\u200b',
  '\u200c',
  '\u200d',
  '\u2060',
  '\ufeff', // zero-width
  '\u00ad',
  '\u180e',
  '\u2061',
  '\u2062',
  '\u2063',
  '\u2064',
  '\u206a',
  '\u206f', // other format characters
  '\ufff9',
  '\ufffb',
  '\u{e0001}',
  '\u{e0041}',
  '\u{e007f}',
  '\u{1d173}',
  '\u{1bca0}', // annotation, tags, musical, shorthand
  '\u3164',
  '\u115f',
  '\u1160',
  '\uffa0', // Hangul fillers
  '\u0000',
  '\u0007',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u009b', // control characters
  '\ud800',
  '\udfff', // unpaired surrogates
];
// biome-ignore lint/suspicious/noControlCharactersInRegex: detecting them is the point
const FORBIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\p{Cf}\u115f\u1160\u3164\uffa0]|\p{Cs}/u;

/** Slack mrkdwn and mention syntax, entities, emoji (surrogate pairs) and every invisible character. */
const NASTY = `<!channel> <@U0ALICE> <http://evil.example|click> *b* _i_ ~s~ \`c\` &amp; & < > 🦠👨‍👩‍👧 ${INVISIBLE.join('x')} `;
const long = (n = 10_000) => NASTY.repeat(Math.ceil(n / NASTY.length)).slice(0, n);

function hostileEvent(overrides: Partial<AlertEvent> = {}): AlertEvent {
  return makeAlertEvent({
    info: long(),
    org: long(),
    date: long(200),
    tags: Array.from({ length: 300 }, (_, i) => `${i}${long(1000)}`),
    tlpTags: ['tlp:green', long(300)],
    galaxies: Array.from({ length: 300 }, () => long(1000)),
    attributeCount: 10_000,
    attributeCounts: Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`${i}${long(500)}`, i])),
    indicators: Array.from({ length: 10 }, () => ({ type: long(500), value: `http://${long(5000)}`, toIds: false })),
    values: Array.from({ length: 500 }, (_, i) => `${i}${long(300)}`),
    ...overrides,
  });
}

function hostileHit(n: number, tlp: string): AttributeHit {
  return {
    id: String(n),
    eventId: String(n),
    type: long(300),
    category: long(300),
    value: `evil${n}.example`,
    toIds: n % 2 === 0,
    comment: long(),
    firstSeen: long(100),
    lastSeen: long(100),
    tags: [
      { name: tlp, inherited: false },
      ...Array.from({ length: 50 }, () => ({ name: long(500), inherited: false })),
    ],
    sightings: Array.from({ length: 20 }, (_, i) => ({
      type: '0' as const,
      timestamp: 1_800_000_000 + i,
      source: long(2000),
      org: long(2000),
    })),
    warninglists: [long(1000)],
    event: {
      id: String(n),
      info: long(),
      date: long(100),
      threatLevelId: '1',
      published: true,
      analysis: long(100),
      org: long(),
      tags: Array.from({ length: 50 }, (_, i) => ({
        name: i % 2 ? `misp-galaxy:${long(300)}="${long(300)}"` : long(500),
        inherited: true,
      })),
    },
  };
}

function hostileResults(count: number): IndicatorResult[] {
  return Array.from({ length: count }, (_, i) => ({
    indicator: { kind: long(200), value: `http://${long(5000)}/${i}` },
    hits: [hostileHit(i * 2, 'tlp:clear'), hostileHit(i * 2 + 1, 'tlp:red')],
    warninglists: Array.from({ length: 10 }, () => long(1000)),
    host: long(3000),
    hostHits: [hostileHit(1000 + i, 'tlp:green')],
  }));
}

function check(label: string, blocks: KnownBlock[], text?: string, maxBlocks?: number) {
  const json = JSON.stringify({ blocks, text });
  expect(validateBlocks(blocks, maxBlocks ? { maxBlocks } : {}), label).toEqual([]);
  expect(FORBIDDEN.exec(json)?.[0], `${label}: invisible character`).toBeUndefined();
  // Escaped mentions only: nothing from MISP may ping a channel or link somewhere.
  expect(json, label).not.toMatch(/<!channel>|<@U0ALICE>|<http:\/\/evil/);
  if (text !== undefined) expect(text.length, `${label}: text`).toBeLessThanOrEqual(3000);
}

function checkMessage(label: string, m: SlackMessage) {
  check(label, m.blocks, m.text);
  if (m.reduced) check(`${label} (reduced)`, m.reduced.blocks, m.reduced.text);
}

describe('builders with maximal, hostile MISP text', () => {
  const mispUrl = 'https://misp.example.org';

  it('alert cards, acknowledgements, digests and republish replies stay within Slack limits', () => {
    const event = withPolicyTlp(hostileEvent(), defaultTlpPolicy);
    checkMessage('alert card', alertCard(event, { mispUrl }));
    checkMessage('alert card, no MISP link', alertCard(event));
    const ack = alertCard(event, {
      mispUrl,
      acknowledged: { userId: 'U0CAROL', at: new Date(0) },
      updatedAt: new Date(0),
    });
    checkMessage('acknowledged alert card', ack);
    check('acknowledge update', acknowledgeBlocks(alertCard(event, { mispUrl }).blocks, 'U0BOB', new Date(0)));
    check('acknowledge, forged user id', acknowledgeBlocks(ack.blocks, long(300), new Date(0)));
    const many = Array.from({ length: 50 }, () => withPolicyTlp(hostileEvent(), defaultTlpPolicy));
    checkMessage('digest', digestMessage(many, { mispUrl }));
    checkMessage('digest without links', digestMessage(many));
    const other = withPolicyTlp(hostileEvent({ tlpTags: ['tlp:red'], threatLevel: 3 }), defaultTlpPolicy);
    checkMessage('republish reply', changeSummary(event, other));
    checkMessage('republish reply, reversed', changeSummary(other, event));
  });

  it('lookup answers (full, compact, paged) stay within Slack limits in every kind of conversation', () => {
    for (const kind of CONVERSATION_KINDS) {
      for (const count of [1, 4, 30]) {
        for (const page of [0, 1]) {
          const message = renderLookupMessage({
            results: hostileResults(count),
            page,
            cut: 10_000,
            ctx: {
              kind,
              policy: defaultTlpPolicy,
              verdictConfig: defaultVerdictConfig,
              mispUrl,
              nowSeconds: 1_800_000_000,
              offerShare: kind === 'requester',
              lookupId: 'L1',
              maxEvents: 10,
            },
          });
          check(`lookup ${kind} ×${count} page ${page}`, message.blocks, message.text);
        }
      }
    }
  });

  it('App Home, help, errors and subscription texts stay within Slack limits', () => {
    const home = homeView({
      misp: { ok: false, version: long(), user: long(), org: long(), latencyMs: 1, error: long() },
      mispUrl: `https://${long(3000)}`,
      canWrite: true,
      maxIndicators: 100,
      checkedAt: new Date(0),
      policy: defaultTlpPolicy,
    });
    const connected = homeView({
      misp: { ok: true, version: long(), user: long(), org: long(), latencyMs: 1 },
      mispUrl,
      canWrite: false,
      maxIndicators: 100,
      checkedAt: new Date(0),
      policy: defaultTlpPolicy,
    });
    const subs: Subscription[] = Array.from({ length: 30 }, (_, i) => ({
      channelId: `C${i}`,
      minThreat: 2,
      includeTags: [long(2000), long(2000)],
      excludeTags: [long(2000)],
      orgs: [long(2000)],
      tlpCeiling: 'green',
      createdBy: 'U0ALICE',
      createdAt: 0,
    }));
    const alerts = alertHomeSection(
      {
        poller: {
          role: 'leader',
          breaker: 'open',
          consecutiveFailures: 3,
          lastSuccessAt: 0,
          lagSeconds: 5,
          lastError: long(),
          eventsSeen: 1,
          skippedEvents: 2,
          recoveredEvents: 1,
        },
        sender: { ...NO_SENDER_STATS },
        outbox: { pending: 1, posting: 0, posted: 0, failed: 0, withheld: 0 },
      },
      subs,
    );
    check('App Home, MISP down', [...home.blocks, ...alerts], undefined, 100);
    check('App Home, connected', [...connected.blocks, ...alerts], undefined, 100);
    check('help', usageBlocks(100));
    // Static text is escaped too: a bare `<text>` would be read by Slack as a link.
    expect(JSON.stringify(usageBlocks(100))).toContain('/intel &lt;text&gt;');
    expect(JSON.stringify([...home.blocks, ...alerts])).not.toMatch(/<(?![@#!]|https?:)/);
    check('no indicators', noIndicatorBlocks());
    check('error', errorBlocks(long(), long()));
    const sub = subs[0] as Subscription;
    for (const text of [describeFilters(sub), formatSubscription('C1', sub)]) {
      check('subscription text', [], text);
    }
  });
});
