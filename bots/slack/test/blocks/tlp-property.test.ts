import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderLookupMessage } from '../../src/blocks/lookup-message.js';
import type { AttributeHit, IndicatorResult } from '../../src/lookup/types.js';
import { CONVERSATION_KINDS, type ConversationKind, defaultTlpPolicy, effectiveTlp, mayShow } from '../../src/tlp.js';
import { defaultVerdictConfig } from '../../src/verdict.js';

const tlpTag = fc.constantFrom(
  'tlp:red',
  'TLP:RED',
  'tlp:amber',
  'tlp:amber+strict',
  'Tlp:Green',
  'tlp:clear',
  'tlp:white',
  'tlp:ex:chr',
);
const tagList = fc.array(fc.oneof(tlpTag, fc.constantFrom('osint', 'misp-galaxy:threat-actor="X"')), { maxLength: 3 });

const hitArb = fc.record({ eventTags: tagList, attributeTags: tagList, threat: fc.constantFrom('1', '2', '3', '4') });
const resultArb = fc.array(hitArb, { minLength: 0, maxLength: 6 });

describe('TLP property: nothing above a conversation’s ceiling is ever rendered into it', () => {
  it('holds for random results, tags and conversation kinds', () => {
    fc.assert(
      fc.property(
        fc.array(resultArb, { minLength: 1, maxLength: 8 }),
        fc.constantFrom<ConversationKind>(...CONVERSATION_KINDS),
        fc.constantFrom('clear', 'green', 'amber', 'red') as fc.Arbitrary<'clear' | 'green' | 'amber' | 'red'>,
        (spec, kind, defaultTlp) => {
          const policy = { ...defaultTlpPolicy, defaultTlp };
          let n = 0;
          const secrets: string[] = [];
          const results: IndicatorResult[] = spec.map((hits, r) => {
            const made = hits.map((h): AttributeHit => {
              n += 1;
              const marker = `SECRET${n}X`;
              const eventTags = h.eventTags.map((name) => ({ name, inherited: true }));
              const attributeTags = [...h.attributeTags, `marker:${marker}tag`].map((name) => ({
                name,
                inherited: false,
              }));
              const tlp = effectiveTlp([...h.eventTags, ...h.attributeTags], policy);
              if (!mayShow(tlp, kind, policy)) secrets.push(marker, `/events/view/9${n}9|`, `/events/view/9${n}9"`);
              return {
                id: `${n}`,
                eventId: `9${n}9`,
                type: 'domain',
                value: `indicator${r}.example`,
                toIds: true,
                comment: `${marker}comment`,
                tags: attributeTags,
                sightings: [{ type: '0', timestamp: 1_700_000_000, source: `${marker}source`, org: `${marker}org` }],
                warninglists: [],
                event: {
                  id: `9${n}9`,
                  info: `${marker}title`,
                  published: true,
                  threatLevelId: h.threat,
                  org: `${marker}org`,
                  tags: eventTags,
                },
              };
            });
            // Every other result is a URL whose hits are on its host: they must be gated just the same.
            return r % 2 === 0
              ? { indicator: { kind: 'domain', value: `indicator${r}.example` }, warninglists: [], hits: made }
              : {
                  indicator: { kind: 'url', value: `http://indicator${r}.example/x` },
                  warninglists: [],
                  hits: [],
                  host: `indicator${r}.example`,
                  hostHits: made,
                };
          });
          for (let page = 0; page < 3; page++) {
            const message = renderLookupMessage({
              results,
              page,
              ctx: {
                kind,
                policy,
                verdictConfig: defaultVerdictConfig,
                mispUrl: 'https://misp.example',
                nowSeconds: 1_800_000_000,
                offerShare: kind === 'requester',
                lookupId: 'L1',
              },
            });
            const rendered = JSON.stringify(message);
            for (const secret of secrets) expect(rendered).not.toContain(secret);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
