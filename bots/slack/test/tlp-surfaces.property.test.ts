// Every surface that posts decides TLP from the same policy object, and they agree: for random
// policies (default TLP and ceilings) and random MISP tags, an alert reaches a channel exactly when a
// shared lookup card there shows the same data, the alert card, digest and republish reply carry the
// TLP the policy gives, and App Home states that policy. The expected TLP comes from a reference
// implementation written here, not from the code under test.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alertCard, changeSummary, digestMessage } from '../src/alerts/blocks.js';
import { toAlertEvent, withPolicyTlp } from '../src/alerts/event.js';
import { mayDeliver } from '../src/alerts/subscriptions.js';
import type { SubscriptionFilters } from '../src/alerts/types.js';
import { describeTlpPolicy } from '../src/blocks/home.js';
import { renderLookupMessage } from '../src/blocks/lookup-message.js';
import type { AttributeHit } from '../src/lookup/types.js';
import {
  CONVERSATION_KINDS,
  type ConversationKind,
  defaultTlpPolicy,
  TLP_LEVELS,
  type Tlp,
  type TlpPolicy,
  tlpLabel,
} from '../src/tlp.js';
import { defaultVerdictConfig } from '../src/verdict.js';

const RANK: Record<string, number> & Record<Tlp, number> = {
  clear: 0,
  white: 0,
  green: 1,
  amber: 2,
  'amber+strict': 3,
  red: 4,
};

/** Reference: strictest known `tlp:` tag; an unknown `tlp:` value or no TLP tag at all is the default. */
function expectedTlp(tags: string[], policy: TlpPolicy): Tlp {
  let rank = -1;
  for (const tag of tags) {
    const m = /^\s*tlp\s*:\s*(.+?)\s*$/i.exec(tag);
    if (!m) continue;
    const known = RANK[(m[1] ?? '').toLowerCase()];
    rank = Math.max(rank, known ?? TLP_LEVELS.indexOf(policy.defaultTlp));
  }
  return rank < 0 ? policy.defaultTlp : (TLP_LEVELS[rank] as Tlp);
}

const tagPool = fc.constantFrom(
  'tlp:red',
  'TLP:RED',
  'tlp:amber',
  'TLP:AMBER+STRICT',
  'tlp:green',
  'Tlp:Green',
  'tlp:clear',
  'tlp:white',
  'tlp:ex:chr',
  'tlp:unknown-level',
  'PAP:CLEAR',
  'pap:red',
  'osint',
  'misp-galaxy:threat-actor="APT28"',
);
const tags = fc.array(tagPool, { maxLength: 3 });
const tlpArb = fc.constantFrom<Tlp>(...TLP_LEVELS);
const policyArb: fc.Arbitrary<TlpPolicy> = fc.record({
  defaultTlp: tlpArb,
  ceilings: fc.record({ requester: tlpArb, dm: tlpArb, private: tlpArb, public: tlpArb, shared: tlpArb }),
});
const channelKind = fc.constantFrom<ConversationKind>('dm', 'private', 'public', 'shared');

let seq = 0;
function mispEvent(eventTags: string[], attributeTags: string[]) {
  seq += 1;
  const uuid = `5f1c3a2e-1111-4222-8333-${String(seq).padStart(12, '0')}`;
  return {
    Event: {
      id: String(seq),
      uuid,
      info: `Event ${seq}`,
      date: '2026-11-28',
      threat_level_id: '1',
      published: true,
      publish_timestamp: String(1_800_000_000 + seq),
      Orgc: { name: 'CIRCL' },
      Tag: eventTags.map((name) => ({ name })),
      Attribute: [
        { type: 'ip-dst', value: `203.0.113.${seq % 250}`, to_ids: true, Tag: attributeTags.map((name) => ({ name })) },
      ],
    },
  };
}

function hitWith(eventTags: string[], attributeTags: string[]): AttributeHit {
  return {
    id: '1',
    eventId: '77',
    type: 'ip-dst',
    value: '203.0.113.9',
    toIds: true,
    comment: 'MARKERcomment',
    tags: attributeTags.map((name) => ({ name, inherited: false })),
    sightings: [],
    warninglists: [],
    event: {
      id: '77',
      info: 'MARKERtitle',
      published: true,
      threatLevelId: '1',
      org: 'CIRCL',
      tags: eventTags.map((name) => ({ name, inherited: true })),
    },
  };
}

describe('TLP: alerts, shares, digests, republish replies and App Home agree under one policy', () => {
  it('holds for random policies, tags, channel kinds and subscription ceilings', () => {
    fc.assert(
      fc.property(
        policyArb,
        tags,
        tags,
        tags,
        channelKind,
        fc.option(tlpArb, { nil: undefined }),
        (policy, eventTags, attributeTags, laterTags, kind, subCeiling) => {
          const want = expectedTlp([...eventTags, ...attributeTags], policy);
          const ceiling = policy.ceilings[kind];
          const allowedByKind = RANK[want] <= RANK[ceiling];
          const filters: SubscriptionFilters = {
            minThreat: 1,
            includeTags: [],
            excludeTags: [],
            orgs: [],
            tlpCeiling: subCeiling,
          };
          const allowed = allowedByKind && (subCeiling === undefined || RANK[want] <= RANK[subCeiling]);

          // An event read with the policy, and one stored by a process with another policy (an old
          // row, another replica): the delivery decision follows the policy it is made with.
          for (const readWith of [policy, defaultTlpPolicy]) {
            const event = toAlertEvent(mispEvent(eventTags, attributeTags), readWith);
            expect(mayDeliver(event, kind, filters, policy)).toBe(allowed);
            const shown = withPolicyTlp(event, policy);
            expect(shown.tlp).toBe(want);
            const card = JSON.stringify(alertCard(shown));
            expect(card).toContain(`*TLP*\\n${tlpLabel(want)}`);
            expect(JSON.stringify(digestMessage([shown]))).toContain(tlpLabel(want));
          }

          // The republish reply names the TLP change exactly as the policy decides it.
          const before = withPolicyTlp(toAlertEvent(mispEvent(eventTags, attributeTags), defaultTlpPolicy), policy);
          const after = withPolicyTlp(toAlertEvent(mispEvent(laterTags, attributeTags), defaultTlpPolicy), policy);
          const wantAfter = expectedTlp([...laterTags, ...attributeTags], policy);
          const reply = JSON.stringify(changeSummary(before, after));
          if (want === wantAfter) expect(reply).not.toContain('• TLP: ');
          else expect(reply).toContain(`TLP: ${tlpLabel(want)} → ${tlpLabel(wantAfter)}`);

          // The same data as a lookup card shared in a channel of that kind.
          const message = renderLookupMessage({
            results: [
              {
                indicator: { kind: 'ip', value: '203.0.113.9' },
                warninglists: [],
                hits: [hitWith(eventTags, attributeTags)],
              },
            ],
            page: 0,
            ctx: {
              kind,
              policy,
              verdictConfig: defaultVerdictConfig,
              mispUrl: 'https://misp.example',
              nowSeconds: 1_800_000_000,
              offerShare: false,
              lookupId: 'L1',
            },
          });
          expect(JSON.stringify(message).includes('MARKERtitle')).toBe(allowedByKind);

          // App Home states the policy these decisions were made with.
          const home = describeTlpPolicy(policy);
          expect(home).toContain(`untagged results count as ${tlpLabel(policy.defaultTlp)}`);
          for (const k of CONVERSATION_KINDS) expect(home).toContain(tlpLabel(policy.ceilings[k]));
        },
      ),
      { numRuns: 500 },
    );
  });
});
