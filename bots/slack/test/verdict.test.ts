import { describe, expect, it } from 'vitest';
import { decideVerdict, defaultVerdictConfig, tagMatches, withHostVerdict } from '../src/verdict.js';
import { makeEvent, makeHit, tags } from './fixtures.js';

describe('decideVerdict', () => {
  it('says not found when MISP has nothing and no warninglist knows the value', () => {
    expect(decideVerdict([], []).verdict).toBe('not_found');
  });
  it('says known benign for an unknown value on a warninglist, naming the list', () => {
    const out = decideVerdict([], ['List of known Google DNS resolvers']);
    expect(out.verdict).toBe('benign');
    expect(out.reasons[0]).toContain('Google DNS');
  });
  it('calls a to_ids attribute in a High threat event malicious', () => {
    const out = decideVerdict([makeHit({ event: makeEvent({ threatLevelId: '1' }) })], []);
    expect(out).toEqual({ verdict: 'malicious', reasons: ['threat level High with to_ids'] });
  });
  it('does not let threat level alone promote an attribute without to_ids', () => {
    const out = decideVerdict([makeHit({ toIds: false, event: makeEvent({ threatLevelId: '1' }) })], []);
    expect(out.verdict).toBe('suspicious');
  });
  it('calls a hit tagged with a malicious pattern malicious whatever the threat level', () => {
    const hit = makeHit({ event: makeEvent({ threatLevelId: '3', tags: tags('misp-galaxy:threat-actor="APT28"') }) });
    expect(decideVerdict([hit], []).verdict).toBe('malicious');
  });
  it('lets a suspicious tag stop the threat-level rule', () => {
    const hit = makeHit({
      tags: tags('estimative-language:likelihood-probability="roughly-even-chance"'),
      event: makeEvent({ threatLevelId: '1' }),
    });
    expect(decideVerdict([hit], []).verdict).toBe('suspicious');
  });
  it('lets a confirmed false-positive tag make a hit benign', () => {
    const hit = makeHit({ tags: tags('false-positive:confirmed="true"'), event: makeEvent({ threatLevelId: '1' }) });
    expect(decideVerdict([hit], []).verdict).toBe('benign');
  });
  it('takes the most severe hit', () => {
    const low = makeHit({ event: makeEvent({ threatLevelId: '3' }) });
    const high = makeHit({ event: makeEvent({ threatLevelId: '1' }) });
    expect(decideVerdict([low, high], []).verdict).toBe('malicious');
  });
  it('steps down one level when false-positive sightings outnumber sightings', () => {
    const hit = makeHit({
      event: makeEvent({ threatLevelId: '1' }),
      sightings: [
        { type: '1', timestamp: 1 },
        { type: '1', timestamp: 2 },
        { type: '0', timestamp: 3 },
      ],
    });
    const out = decideVerdict([hit], []);
    expect(out.verdict).toBe('suspicious');
    expect(out.reasons[1]).toBe('2 false-positive sightings vs 1 sighting');
  });
  it('can be told to ignore false-positive sightings', () => {
    const hit = makeHit({ event: makeEvent({ threatLevelId: '1' }), sightings: [{ type: '1', timestamp: 1 }] });
    expect(decideVerdict([hit], [], { ...defaultVerdictConfig, falsePositiveSightingsDowngrade: false }).verdict).toBe(
      'malicious',
    );
  });
  it('demotes malicious to suspicious when every hit has expired', () => {
    const hit = makeHit({ event: makeEvent({ threatLevelId: '1' }), sightings: [{ type: '2', timestamp: 100 }] });
    expect(decideVerdict([hit], [], defaultVerdictConfig, 200).verdict).toBe('suspicious');
    expect(decideVerdict([hit], [], defaultVerdictConfig, 50).verdict).toBe('malicious');
  });
  it('calls a warninglisted value known benign unless a hit is explicitly tagged malicious', () => {
    const heuristic = makeHit({ event: makeEvent({ threatLevelId: '1' }) });
    expect(decideVerdict([heuristic], ['Top 1000 websites']).verdict).toBe('benign');
    const explicit = makeHit({ tags: tags('misp-galaxy:malpedia="Emotet"') });
    const out = decideVerdict([explicit], ['Top 1000 websites']);
    expect(out.verdict).toBe('malicious');
    expect(out.reasons).toContain('also on warninglist Top 1000 websites');
  });
  it('honours configured threat levels and tags', () => {
    const config = { ...defaultVerdictConfig, maliciousThreatLevels: ['1', '2'], maliciousTags: ['kill-chain:*'] };
    expect(decideVerdict([makeHit({ event: makeEvent({ threatLevelId: '2' }) })], [], config).verdict).toBe(
      'malicious',
    );
    expect(decideVerdict([makeHit({ toIds: false, tags: tags('Kill-Chain:Delivery') })], [], config).verdict).toBe(
      'malicious',
    );
  });
});

describe('tagMatches', () => {
  it('matches case-insensitively with * wildcards and nothing else special', () => {
    expect(tagMatches('MISP-GALAXY:threat-actor="Sofacy"', 'misp-galaxy:threat-actor=*')).toBe(true);
    expect(tagMatches('misp-galaxy:tool="x"', 'misp-galaxy:threat-actor=*')).toBe(false);
    expect(tagMatches('a.b', 'a?b')).toBe(false);
  });
});

describe('event tags versus attribute tags', () => {
  it('lets an event’s malware tag condemn only its to_ids attributes', () => {
    const event = makeEvent({ threatLevelId: '3', tags: tags('misp-galaxy:malpedia="NightFerry"') });
    expect(decideVerdict([makeHit({ toIds: true, event })], []).verdict).toBe('malicious');
    expect(decideVerdict([makeHit({ toIds: false, event })], []).verdict).toBe('suspicious');
  });
  it('calls a warninglisted context value in a malware event known benign', () => {
    const event = makeEvent({ threatLevelId: '1', tags: tags('misp-galaxy:malpedia="NightFerry"') });
    const out = decideVerdict([makeHit({ toIds: false, value: '8.8.8.8', event })], ['Public DNS resolvers']);
    expect(out.verdict).toBe('benign');
  });
});

describe('withHostVerdict (rule 6: a URL and its host)', () => {
  const highHostHit = () => makeHit({ type: 'domain', value: 'bad.example', event: makeEvent({ threatLevelId: '1' }) });
  const notFound = { verdict: 'not_found' as const, reasons: [] };

  it('makes an unknown URL on a malicious host at most suspicious by default, saying why', () => {
    const out = withHostVerdict(notFound, [highHostHit()]);
    expect(out.verdict).toBe('suspicious');
    expect(out.reasons).toEqual(['host known to MISP (malicious, capped at suspicious)']);
  });
  it('lets the host make it malicious when the ceiling allows', () => {
    const config = { ...defaultVerdictConfig, hostVerdictCeiling: 'malicious' as const };
    expect(withHostVerdict(notFound, [highHostHit()], config).verdict).toBe('malicious');
  });
  it('only shows host context when the ceiling is off', () => {
    const config = { ...defaultVerdictConfig, hostVerdictCeiling: 'off' as const };
    expect(withHostVerdict(notFound, [highHostHit()], config)).toEqual(notFound);
  });
  it('never lowers the URL own verdict and never raises a known benign URL', () => {
    const malicious = { verdict: 'malicious' as const, reasons: ['threat level High with to_ids'] };
    expect(withHostVerdict(malicious, [highHostHit()])).toEqual(malicious);
    const benign = { verdict: 'benign' as const, reasons: ['on warninglist Top sites'] };
    expect(withHostVerdict(benign, [highHostHit()])).toEqual(benign);
  });
  it('ignores a host whose own hits are benign', () => {
    const hit = makeHit({ value: 'bad.example', tags: tags('false-positive:confirmed="true"') });
    expect(withHostVerdict(notFound, [hit])).toEqual(notFound);
  });
});
