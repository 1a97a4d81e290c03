import { describe, expect, it } from 'vitest';
import { normaliseAttribute, normaliseWarninglistCheck } from '../../src/lookup/normalise.js';
import { group } from '../../src/lookup/run.js';

describe('normaliseAttribute', () => {
  it('reads a restSearch attribute with context, inherited tags, galaxies and sightings', () => {
    const hit = normaliseAttribute({
      id: '5',
      event_id: '2',
      type: 'ip-dst|port',
      value: '1.2.3.4|443',
      to_ids: true,
      Tag: [
        { name: 'tlp:red', inherited: 1 },
        { name: 'malware', inherited: 0 },
      ],
      Sighting: [{ type: '1', date_sighting: '1700000000', source: 'x', Organisation: { name: 'ORG' } }, { type: '9' }],
      warnings: [{ warninglist_name: 'List A' }, { warninglist_name: 'List A' }],
      Event: {
        id: '2',
        info: 'Title',
        threat_level_id: '1',
        published: true,
        Orgc: { name: 'CIRCL' },
        Galaxy: [{ type: 'threat-actor', GalaxyCluster: [{ value: 'APT1' }] }],
      },
    });
    expect(hit).toMatchObject({
      id: '5',
      toIds: true,
      tags: [
        { name: 'tlp:red', inherited: true },
        { name: 'malware', inherited: false },
      ],
      sightings: [{ type: '1', timestamp: 1_700_000_000, org: 'ORG' }],
      warninglists: ['List A'],
      event: { id: '2', org: 'CIRCL', published: true, tags: [{ name: 'misp-galaxy:threat-actor="APT1"' }] },
    });
  });
  it('keeps the highest decay score among the models MISP applied, and none when it gave none', () => {
    const base = { id: '1', event_id: '1', type: 'ip-dst', value: '198.51.100.1' };
    const hit = normaliseAttribute({
      ...base,
      decay_score: [
        { score: 10.5, base_score: 80, decayed: true, DecayingModel: { id: '1', name: 'A' } },
        { score: 55, base_score: 80, decayed: false, DecayingModel: { id: '2', name: 'B' } },
        { score: 'NaN?', DecayingModel: { id: '3', name: 'C' } },
      ],
    });
    expect(hit?.decay).toEqual({ score: 55, decayed: false, model: 'B' });
    expect(normaliseAttribute(base)?.decay).toBeUndefined();
  });
  it('returns undefined for garbage instead of throwing', () => {
    for (const junk of [null, 42, 'x', [], { id: 1 }, { value: 'v' }]) expect(normaliseAttribute(junk)).toBeUndefined();
  });
});

describe('normaliseWarninglistCheck', () => {
  it('reads hits per value and accepts MISP’s empty array', () => {
    expect(
      normaliseWarninglistCheck({ '8.8.8.8': [{ id: '1', name: 'DNS', matched: '8.8.8.8' }], 'x.example': [] }),
    ).toEqual(new Map([['8.8.8.8', ['DNS']]]));
    expect(normaliseWarninglistCheck([])).toEqual(new Map());
  });
});

describe('group', () => {
  it('assigns composite attributes to either half and ignores case', () => {
    const hit = normaliseAttribute({ id: '1', value: 'Evil.EXE|abc', type: 'filename|sha256' });
    if (!hit) throw new Error('unparsed');
    const results = group(
      [
        { kind: 'sha256', value: 'ABC' },
        { kind: 'domain', value: 'other.example' },
      ],
      [hit],
      new Map([['other.example', ['Top sites']]]),
    );
    expect(results.map((r) => r.hits.length)).toEqual([1, 0]);
    expect(results[1]?.warninglists).toEqual(['Top sites']);
  });
});
