import { describe, expect, it } from 'vitest';
import {
  channelCeiling,
  describeFilters,
  formatSubscription,
  matchesFilters,
  mayDeliver,
  parseSubscribeArgs,
} from '../../src/alerts/subscriptions.js';
import type { SubscriptionFilters } from '../../src/alerts/types.js';
import { defaultTlpPolicy } from '../../src/tlp.js';
import { makeAlertEvent } from './helpers.js';

const filters = (text: string): SubscriptionFilters => {
  const r = parseSubscribeArgs(text);
  if (!r.ok) throw new Error(r.error);
  return r.filters;
};

describe('parsing /intel subscribe filters', () => {
  it('defaults to High threat with no other filter', () => {
    expect(filters('')).toEqual({ minThreat: 1, includeTags: [], excludeTags: [], orgs: [] });
  });

  it('reads threat levels, tags, exclusions, organisations and a TLP ceiling', () => {
    expect(filters('threat:medium tag:tlp:green -tag:osint org:CIRCL org:"Some CERT" tlp:AMBER')).toEqual({
      minThreat: 2,
      includeTags: ['tlp:green'],
      excludeTags: ['osint'],
      orgs: ['CIRCL', 'Some CERT'],
      tlpCeiling: 'amber',
    });
    expect(filters('threat:any').minThreat).toBe(4);
    expect(filters('threat:low').minThreat).toBe(3);
    expect(filters('tlp:white').tlpCeiling).toBe('clear');
    expect(filters('tag:misp-galaxy:threat-actor="APT 28"').includeTags).toEqual(['misp-galaxy:threat-actor=APT 28']);
  });

  it.each([
    ['threat:severe', 'Unknown threat level'],
    ['tlp:purple', 'Unknown TLP'],
    ['colour:red', 'Unknown filter'],
    ['tag:', 'needs a value'],
    ['-org:CIRCL', 'Only tags can be excluded'],
    ['threat:high threat:low', 'only once'],
    ['tag:x -tag:X', 'both required and excluded'],
    ['org:"unclosed', 'Unbalanced quote'],
    ['hello', "don't understand"],
  ])('explains what is wrong with %s', (text, message) => {
    const r = parseSubscribeArgs(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(message);
  });

  it('escapes hostile input echoed in errors and descriptions', () => {
    const r = parseSubscribeArgs('<!channel>');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).not.toContain('<!channel>');
    expect(describeFilters({ ...filters(''), orgs: ['<@U123>'] })).not.toContain('<@U123>');
  });

  it('formats a channel with and without a subscription', () => {
    expect(formatSubscription('C1', filters('threat:medium -tag:osint'))).toContain(
      'threat Medium or higher, without `osint`',
    );
    expect(formatSubscription('C1', undefined)).toContain('has no alert subscription');
  });
});

describe('matching events against a subscription', () => {
  it('applies threat level, tags (case-insensitive), organisation and the published flag', () => {
    const f = filters('threat:medium tag:TLP:GREEN -tag:osint org:circl');
    expect(matchesFilters(makeAlertEvent({ threatLevel: 2, tags: ['tlp:green'] }), f)).toBe(true);
    expect(matchesFilters(makeAlertEvent({ threatLevel: 3, tags: ['tlp:green'] }), f)).toBe(false);
    expect(matchesFilters(makeAlertEvent({ tags: ['tlp:green', 'OSINT'] }), f)).toBe(false);
    expect(matchesFilters(makeAlertEvent({ tags: ['tlp:amber'] }), f)).toBe(false);
    expect(matchesFilters(makeAlertEvent({ tags: ['tlp:green'], org: 'Other' }), f)).toBe(false);
    expect(matchesFilters(makeAlertEvent({ tags: ['tlp:green'], published: false }), f)).toBe(false);
  });

  it('drops an event whose every attribute is on a warninglist (the default rule)', () => {
    expect(matchesFilters(makeAlertEvent({ allWarninglisted: true }), filters(''))).toBe(false);
    expect(matchesFilters(makeAlertEvent({ allWarninglisted: false }), filters(''))).toBe(true);
  });

  it('uses the stricter of the channel kind and the subscription as the TLP ceiling', () => {
    expect(channelCeiling('private', filters(''), defaultTlpPolicy)).toBe('amber+strict');
    expect(channelCeiling('private', filters('tlp:green'), defaultTlpPolicy)).toBe('green');
    expect(channelCeiling('shared', filters('tlp:red'), defaultTlpPolicy)).toBe('clear');
    expect(mayDeliver(makeAlertEvent({ tlp: 'amber' }), 'public', filters(''), defaultTlpPolicy)).toBe(false);
    expect(mayDeliver(makeAlertEvent({ tlp: 'green' }), 'public', filters(''), defaultTlpPolicy)).toBe(true);
    expect(mayDeliver(makeAlertEvent({ tlp: 'red' }), 'private', filters(''), defaultTlpPolicy)).toBe(false);
    expect(mayDeliver(makeAlertEvent({ tlp: 'green' }), 'shared', filters(''), defaultTlpPolicy)).toBe(false);
  });
});
