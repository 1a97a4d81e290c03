import { validateBlocks } from '@mispkit/slack-sandbox';
import { describe, expect, it } from 'vitest';
import { acknowledgeBlocks, alertCard, changeSummary, digestMessage } from '../../src/alerts/blocks.js';
import { toAlertEvent } from '../../src/alerts/event.js';
import { defaultTlpPolicy } from '../../src/tlp.js';
import { makeAlertEvent } from './helpers.js';

const hostile = makeAlertEvent({
  info: '<!channel> *urgent* <http://evil.example|click> & more '.repeat(40),
  org: '<@U0ALICE>',
  tags: Array.from({ length: 200 }, (_, i) => `<!here> tag ${i} ${'x'.repeat(50)}`),
  galaxies: ['Threat Actor: <#C0SOC>'],
  indicators: [
    { type: 'url', value: 'http://evil.example/<!everyone>', toIds: true },
    { type: 'ip-dst', value: '185.220.101.4', toIds: false },
  ],
  attributeCounts: Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`type-${i}`, i])),
  values: ['http://evil.example/a', 'new.evil.example'],
});

describe('alert messages', () => {
  it('render hostile MISP data inert and within Block Kit limits', () => {
    for (const message of [
      alertCard(hostile, { mispUrl: 'https://misp.example.org' }),
      digestMessage(Array(300).fill(hostile)),
      changeSummary(makeAlertEvent(), hostile),
    ]) {
      expect(validateBlocks(message.blocks)).toEqual([]);
      const text = JSON.stringify(message);
      for (const token of ['<!channel>', '<!here>', '<!everyone>', '<@U0ALICE>', '<#C0SOC>', '<http://evil'])
        expect(text).not.toContain(token);
      expect(message.text.length).toBeGreaterThan(0);
    }
  });

  it('shows threat, title, organisation, TLP, tags, counts, defanged indicators and buttons', () => {
    const event = makeAlertEvent({
      info: 'Emotet',
      org: 'CIRCL',
      tags: ['tlp:green', 'malware'],
      galaxies: ['Malware: Emotet'],
      indicators: [{ type: 'domain', value: 'bad.example', toIds: true }],
      attributeCounts: { domain: 3, 'ip-dst': 2 },
      attributeCount: 5,
    });
    const text = JSON.stringify(alertCard(event, { mispUrl: 'https://misp.example.org/' }).blocks);
    for (const part of [
      'High threat',
      'Emotet',
      'CIRCL',
      'TLP:GREEN',
      '`malware`',
      'Malware: Emotet',
      'domain 3',
      'ip-dst 2',
      'bad[.]example',
      'alert_lookup',
      'alert_acknowledge',
    ]) {
      expect(text).toContain(part);
    }
    expect(text).toContain(`https://misp.example.org/events/view/${event.id}`);
    expect(text).not.toContain('bad.example');
  });

  it('replaces the acknowledge button with who acknowledged it and when', () => {
    const blocks = acknowledgeBlocks(alertCard(makeAlertEvent()).blocks, 'U0BOB', new Date('2026-11-28T12:00:00Z'));
    const text = JSON.stringify(blocks);
    expect(text).not.toContain('alert_acknowledge');
    expect(text).toContain('<@U0BOB>');
    expect(text).toContain('2026-11-28 12:00 UTC');
    expect(JSON.stringify(acknowledgeBlocks(blocks, '<!channel>', new Date()))).not.toContain('<!channel>');
  });

  it('summarises what a republish changed', () => {
    const before = makeAlertEvent({ info: 'v1', tags: ['tlp:green'], values: ['a.example'], attributeCount: 1 });
    const after = {
      ...before,
      info: 'v2',
      threatLevel: 2 as const,
      tags: ['tlp:green', 'ransomware'],
      values: ['a.example', 'b.example'],
      attributeCount: 2,
    };
    const text = JSON.stringify(changeSummary(before, after).blocks);
    for (const part of ['v1 → v2', 'High → Medium', '`ransomware`', '1 → 2', 'b[.]example'])
      expect(text).toContain(part);
  });
});

describe('reading MISP events', () => {
  it('normalises a restSearch event and a webhook payload alike', () => {
    const raw = {
      uuid: '5F1C3A2E-1111-4222-8333-944455556666',
      id: '7',
      info: 'x',
      date: '2026-11-28',
      threat_level_id: '2',
      publish_timestamp: '1800000000',
      published: true,
      Orgc: { name: 'CIRCL' },
      Tag: [{ name: 'tlp:green' }],
      Attribute: [{ type: 'ip-dst', value: '185.220.101.4', to_ids: true, Tag: [{ name: 'tlp:amber' }] }],
      Object: [
        {
          Attribute: [
            { type: 'domain', value: 'a.example', to_ids: false },
            { type: 'domain', value: 'gone.example', deleted: true },
          ],
        },
      ],
      Galaxy: [{ name: 'Threat Actor', GalaxyCluster: [{ value: 'APT28' }] }],
    };
    const e = toAlertEvent(raw, defaultTlpPolicy);
    expect(e).toMatchObject({
      uuid: '5f1c3a2e-1111-4222-8333-944455556666',
      threatLevel: 2,
      publishTimestamp: 1800000000,
      org: 'CIRCL',
      tlp: 'amber',
      attributeCount: 2,
      attributeCounts: { 'ip-dst': 1, domain: 1 },
      galaxies: ['Threat Actor: APT28'],
    });
    expect(e.indicators[0]?.value).toBe('185.220.101.4');
    const flattened = toAlertEvent(
      {
        Event: {
          ...raw,
          Attribute: undefined,
          Object: undefined,
          _AttributeFlattened: [{ type: 'md5', value: 'd41d8cd98f00b204e9800998ecf8427e' }],
        },
      },
      defaultTlpPolicy,
    );
    expect(flattened.attributeCounts).toEqual({ md5: 1 });
  });

  it('rejects events without a uuid or publish timestamp with a clear error', () => {
    expect(() => toAlertEvent({ Event: { info: 'x' } }, defaultTlpPolicy)).toThrow(/uuid/);
    expect(() =>
      toAlertEvent({ uuid: '5f1c3a2e-1111-4222-8333-944455556666', publish_timestamp: 'soon' }, defaultTlpPolicy),
    ).toThrow(/publish_timestamp/);
    expect(() => toAlertEvent('nope', defaultTlpPolicy)).toThrow(/not an object/);
  });
});
