// The address arithmetic behind CIDR correlation (src/model/cidr.ts).
import { describe, expect, it } from 'vitest';
import { cidrContains, cidrTextPrefix, textPrefixEnd } from '../src/model/cidr.js';

describe('cidrContains', () => {
  it('IPv4: inside, outside, host bits of the range ignored, other version never', () => {
    expect(cidrContains('10.1.2.64/26', '10.1.2.127')).toBe(true);
    expect(cidrContains('10.1.2.64/26', '10.1.2.128')).toBe(false);
    expect(cidrContains('10.1.2.77/24', '10.1.2.1')).toBe(true);
    expect(cidrContains('0.0.0.0/0', '203.0.113.9')).toBe(true);
    expect(cidrContains('10.0.0.0/8', '::ffff:10.0.0.1')).toBe(false);
  });

  it('IPv6: compressed and expanded spellings, zero groups', () => {
    expect(cidrContains('2001:db8::/32', '2001:0db8:ffff::1')).toBe(true);
    expect(cidrContains('2001:db8::/32', '2001:db9::1')).toBe(false);
    expect(cidrContains('::/1', '::ffff:1')).toBe(true);
    expect(cidrContains('2001:db8:0:1::/64', '2001:db8::1:0:0:1')).toBe(false);
    expect(cidrContains('2001:db8:0:1::/64', '2001:db8:0:1:ffff::')).toBe(true);
  });

  it('anything that is not a range and an address is no match', () => {
    expect(cidrContains('10.0.0.0', '10.0.0.0')).toBe(false);
    expect(cidrContains('10.0.0.0/33', '10.0.0.1')).toBe(false);
    expect(cidrContains('10.0.0.0/8', 'example.org')).toBe(false);
  });
});

describe('cidrTextPrefix', () => {
  it('is the text every address of the range starts with', () => {
    expect(cidrTextPrefix('10.1.2.64/26')).toBe('10.1.2.');
    expect(cidrTextPrefix('10.1.2.5/17')).toBe('10.1.');
    expect(cidrTextPrefix('10.0.0.0/7')).toBe('');
    expect(cidrTextPrefix('2001:db8:a5::/48')).toBe('2001:db8:a5:');
    expect(cidrTextPrefix('2001:0:1::/48')).toBe('2001:');
    expect(cidrTextPrefix('::/1')).toBe('');
  });

  it('textPrefixEnd bounds every text with that prefix', () => {
    expect(textPrefixEnd('10.1.2.')).toBe('10.1.2/');
    expect('10.1.2.255' < textPrefixEnd('10.1.2.')).toBe(true);
    expect('10.1.3.0' < textPrefixEnd('10.1.2.')).toBe(false);
    expect('ffff::' < textPrefixEnd('')).toBe(true);
  });
});
