// Megabyte inputs built to make a backtracking or quadratic scanner blow up. These tests check the answers;
// the time each takes is measured by `npm run bench -- indicators` (target < 1 s each). A quadratic
// scanner would need minutes here and hit the test timeout.
import { describe, expect, it } from 'vitest';
import { extractIndicators, refang } from '../../src/indicators/index.js';

const MB = 1 << 20;
const repeat = (unit: string) => unit.repeat(Math.ceil(MB / unit.length));

describe('megabyte adversarial inputs', () => {
  it.each([
    ['a.', []],
    ['a-a.', []],
    ['[.]', []],
    ['x[dot]', []],
    ['1.', []],
    ['1,', []],
    ['a', []],
    ['<|', []],
    ['<http:', []],
    ['hxxp://', []],
    ['(', []],
    ['a@', []],
    ['1:', []],
    ['3:a', []],
    ['&amp;', []],
    ['\u200b', []],
    ['访a', []],
  ])('finds nothing in %j repeated to 1 MB', (unit, expected) => {
    expect(extractIndicators(repeat(unit))).toEqual(expected);
  });

  it('reads a megabyte of repeated URLs as one URL', () => {
    const text = repeat('http://a.com/');
    expect(extractIndicators(text).map((found) => found.kind)).toEqual(['url']);
  });

  it('reads a megabyte of Slack links to one domain as one indicator', () => {
    expect(extractIndicators(repeat('<http://a.com|a.com> ')).map((found) => found.value)).toEqual(['a.com']);
  });

  it('reads a megabyte of separate ASNs as one ASN', () => {
    expect(extractIndicators(repeat('AS 1 ')).map((found) => found.value)).toEqual(['AS1']);
  });

  it('refangs a megabyte of defanged dots', () => {
    expect(refang(repeat('[.]'))).toBe('.'.repeat(Math.ceil(MB / 3)));
  });
});
