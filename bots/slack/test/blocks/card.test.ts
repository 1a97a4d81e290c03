import { describe, expect, it } from 'vitest';
import { type CardContext, renderCard } from '../../src/blocks/card.js';
import { renderLookupMessage } from '../../src/blocks/lookup-message.js';
import { actions } from '../../src/ids.js';
import { defaultTlpPolicy } from '../../src/tlp.js';
import { defaultVerdictConfig } from '../../src/verdict.js';
import { makeEvent, makeHit, makeResult, tags } from '../fixtures.js';

const ctx: CardContext = {
  kind: 'requester',
  policy: defaultTlpPolicy,
  verdictConfig: defaultVerdictConfig,
  mispUrl: 'https://misp.example/',
  nowSeconds: 1_800_000_000,
  offerShare: true,
  lookupId: 'L1',
};

const hostile = [
  '<!channel>',
  '<!here>',
  '<@U123>',
  '<#C123>',
  '<http://evil.example|click me>',
  'Tom & Jerry',
  '*bold*',
];

function mrkdwnTexts(value: unknown): string[] {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const obj = node as Record<string, unknown>;
      if (obj.type === 'mrkdwn' && typeof obj.text === 'string') {
        out.push(obj.text);
        expect(obj.verbatim).toBe(true);
      }
      Object.values(obj).forEach(walk);
    }
  };
  walk(value);
  return out;
}

describe('renderCard with hostile MISP data', () => {
  it('escapes every angle bracket and ampersand from MISP so nothing pings or links', () => {
    const hit = makeHit({
      comment: hostile.join(' '),
      tags: tags(...hostile),
      sightings: [{ type: '0', timestamp: 1_700_000_000, org: '<!everyone>', source: 'x' }],
      event: makeEvent({
        info: hostile.join(' '),
        org: '<@U999> & co',
        tags: tags('misp-galaxy:threat-actor="<!channel>"'),
      }),
    });
    const card = renderCard(makeResult([hit], { warninglists: ['<!here> list'] }), 0, ctx);
    const texts = mrkdwnTexts(card.blocks).join('\n');
    for (const token of ['<!channel>', '<!here>', '<!everyone>', '<@U123>', '<@U999>', '<#C123>', '<http://evil']) {
      expect(texts).not.toContain(token);
    }
    expect(texts).toContain('&lt;!channel&gt;');
    expect(texts).toContain('Tom &amp; Jerry');
    // The only links are the ones the bot built to MISP itself.
    const links = texts.match(/<[^>]*>/g) ?? [];
    for (const l of links) expect(l.startsWith('<https://misp.example/events/view/')).toBe(true);
  });

  it('shows the indicator defanged inside a code span', () => {
    const hit = makeHit({ value: 'http://bad.example/x', type: 'url' });
    const card = renderCard(makeResult([hit], { indicator: { kind: 'url', value: 'http://bad.example/x' } }), 0, ctx);
    const text = mrkdwnTexts(card.blocks)[0] ?? '';
    expect(text).toContain('`hxxp[://]bad[.]example/x`');
    expect(text).not.toContain('http://bad.example');
  });

  it('links each event to MISP using the configured public URL', () => {
    const card = renderCard(makeResult([makeHit({ event: makeEvent({ id: '42', info: 'Phishing wave' }) })]), 0, ctx);
    expect(JSON.stringify(card.blocks)).toContain('<https://misp.example/events/view/42|Phishing wave>');
  });

  it('lists event details, tags, galaxy clusters, sightings, to_ids and first/last seen', () => {
    const hit = makeHit({
      firstSeen: '2026-10-01T00:00:00.000000+00:00',
      lastSeen: '2026-11-02T00:00:00.000000+00:00',
      tags: tags('tlp:green'),
      sightings: [
        { type: '0', timestamp: 1_790_000_000, org: 'ORGNAME' },
        { type: '1', timestamp: 1_780_000_000 },
      ],
      event: makeEvent({
        info: 'C2 server',
        org: 'CIRCL',
        date: '2026-10-01',
        threatLevelId: '1',
        tags: tags('misp-galaxy:threat-actor="APT28"'),
      }),
    });
    const text = mrkdwnTexts(renderCard(makeResult([hit]), 0, ctx).blocks).join('\n');
    expect(text).toContain('*Malicious*');
    expect(text).toContain('CIRCL · 2026-10-01 · threat High · analysis Complete · published');
    expect(text).toContain('threat-actor: APT28');
    expect(text).toContain('`tlp:green`');
    expect(text).toContain('to_ids: yes');
    expect(text).toContain('first seen 2026-10-01 · last seen 2026-11-02');
    expect(text).toContain('sightings: 1 seen · 1 false positive · 0 expired (latest sighting 2026-09-21 by ORGNAME)');
  });

  it('shows the best decay score MISP gave, with its model name escaped and cut', () => {
    const plain = mrkdwnTexts(renderCard(makeResult([makeHit()]), 0, ctx).blocks).join('\n');
    expect(plain).not.toContain('decay score');
    const hits = [
      makeHit({ decay: { score: 12.4, decayed: true, model: 'Old model' } }),
      makeHit({ id: '2', decay: { score: 63.6, decayed: false, model: `<!channel> ${'x'.repeat(100)}` } }),
    ];
    const text = mrkdwnTexts(renderCard(makeResult(hits), 0, ctx).blocks).join('\n');
    expect(text).toContain('decay score 64 (&lt;!channel&gt; xxx');
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('x'.repeat(60));
    const decayed = mrkdwnTexts(renderCard(makeResult([hits[0] as never]), 0, ctx).blocks).join('\n');
    expect(decayed).toContain('decay score 12, decayed (Old model)');
  });

  it('counts withheld results by TLP instead of dropping them silently', () => {
    const red = makeHit({ tags: tags('tlp:red') });
    const green = makeHit({ tags: tags('tlp:green') });
    const red2 = makeHit({ event: makeEvent({ tags: tags('TLP:RED') }) });
    const card = renderCard(makeResult([red, green, red2]), 0, { ...ctx, kind: 'public', offerShare: false });
    expect(JSON.stringify(card.blocks)).toContain('2 more results are TLP:RED');
    expect(card.disclosure.withheld).toEqual({ red: 2 });
    expect(card.disclosure.shownHits).toBe(1);
  });

  it('offers write buttons and share only where they make sense', () => {
    const ids = (blocks: unknown) => [...JSON.stringify(blocks).matchAll(/"action_id":"([^"]+)"/g)].map((m) => m[1]);
    const found = renderCard(makeResult([makeHit()]), 0, ctx);
    expect(ids(found.blocks)).toEqual([
      actions.sighting,
      actions.falsePositive,
      actions.expired,
      actions.shareInChannel,
      actions.openInMisp,
    ]);
    const inChannel = renderCard(makeResult([makeHit()]), 0, { ...ctx, kind: 'private', offerShare: false });
    expect(ids(inChannel.blocks)).not.toContain(actions.shareInChannel);
    const notFound = renderCard(makeResult([], { indicator: { kind: 'domain', value: 'x.example' } }), 0, ctx);
    expect(ids(notFound.blocks)).toEqual([actions.shareInChannel]);
  });
});

describe('renderLookupMessage', () => {
  function manyResults(n: number) {
    return Array.from({ length: n }, (_, i) =>
      makeResult(
        i % 2
          ? [makeHit({ value: `v${i}.example`, event: makeEvent({ threatLevelId: '1', info: 'x'.repeat(5000) }) })]
          : [],
        {
          indicator: { kind: 'domain', value: `v${i}.example` },
        },
      ),
    );
  }

  it('stays within 50 blocks and Slack’s text limits for 50 indicators, with a show-more path', () => {
    const message = renderLookupMessage({ results: manyResults(50), ctx, cut: 7 });
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    expect(message.hasMore).toBe(true);
    expect(JSON.stringify(message.blocks)).toContain(actions.showMore);
    expect(JSON.stringify(message.blocks)).toContain('7 more indicators were cut');
    const last = renderLookupMessage({ results: manyResults(50), ctx, page: 2 });
    expect(last.hasMore).toBe(false);
  });

  it('ranks malicious indicators first', () => {
    const message = renderLookupMessage({ results: manyResults(4), ctx });
    const first = message.blocks.find((b) => b.type === 'section' && b.block_id?.startsWith('intel_card_'));
    expect(JSON.stringify(first)).toContain('Malicious');
  });

  it('clamps long MISP text to the section limit', () => {
    const hit = makeHit({ event: makeEvent({ info: '<'.repeat(10_000) }) });
    const message = renderLookupMessage({ results: [makeResult([hit])], ctx });
    for (const text of mrkdwnTexts(message.blocks)) expect(text.length).toBeLessThanOrEqual(3000);
  });
});

describe('an indicator whose every result is withheld', () => {
  it('is shown as restricted, never as not found', () => {
    const card = renderCard(makeResult([makeHit({ tags: tags('tlp:red') })]), 0, {
      ...ctx,
      kind: 'public',
      offerShare: false,
    });
    const text = JSON.stringify(card.blocks);
    expect(text).toContain(':lock: *Restricted*');
    expect(text).not.toContain('Not found');
    expect(text).not.toContain('more result');
    expect(text).toContain(
      'Nothing can be shown here: MISP has 1 result for this indicator, marked TLP:RED, and this conversation may only see up to',
    );
  });
});

describe('renderCard for a URL whose host MISP knows', () => {
  const url = { kind: 'url', value: 'http://bad.example/other' };
  const hostHit = (tlp: string, info = 'Phishing <!channel> wave') =>
    makeHit({
      type: 'domain',
      value: 'bad.example',
      event: makeEvent({ id: '77', info, threatLevelId: '1', tags: tags(tlp) }),
    });

  it('shows the host context apart from exact hits, escaped and defanged, with the capped verdict', () => {
    const card = renderCard(
      makeResult([], { indicator: url, host: 'bad.example', hostHits: [hostHit('tlp:green')] }),
      0,
      ctx,
    );
    const texts = mrkdwnTexts(card.blocks).join('\n');
    expect(card.verdict.verdict).toBe('suspicious');
    expect(texts).toContain('MISP has no attribute with this value');
    expect(texts).toContain('Host `bad[.]example` is known to MISP: 1 event · 1 attribute');
    expect(texts).toContain('<https://misp.example/events/view/77|Phishing &lt;!channel&gt; wave>');
    expect(texts).not.toContain('<!channel>');
    expect(texts).not.toMatch(/\bbad\.example\b/);
    expect(card.disclosure.shownEvents).toEqual(['77']);
  });

  it('withholds host hits above the conversation TLP, counting them and keeping the verdict out of them', () => {
    const card = renderCard(
      makeResult([], { indicator: url, host: 'bad.example', hostHits: [hostHit('tlp:amber', 'Secret wave')] }),
      0,
      { ...ctx, kind: 'public', offerShare: false },
    );
    const texts = mrkdwnTexts(card.blocks).join('\n');
    expect(texts).not.toContain('Secret wave');
    expect(texts).not.toContain('is known to MISP');
    expect(texts).toContain('Nothing can be shown here: MISP has 1 result for this indicator, marked TLP:AMBER');
    expect(texts).toContain('*Restricted*');
    expect(card.disclosure.shownEvents).toEqual([]);
    expect(card.disclosure.withheld).toEqual({ amber: 1 });
  });
});
