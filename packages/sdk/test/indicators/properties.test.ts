import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FILE_EXTENSION_TLDS } from '../../src/indicators/domain.js';
import { defang, extractIndicators, refang } from '../../src/indicators/index.js';

const chars = (alphabet: string, minLength: number, maxLength: number) =>
  fc.string({ unit: fc.constantFrom(...alphabet), minLength, maxLength });

const label = fc
  .tuple(chars('abcdefghijklmnopqrstuvwxyz', 1, 1), chars('abcdefghijklmnopqrstuvwxyz0123456789-', 0, 12))
  .map(([first, rest]) => (first + rest).replace(/-+$/, ''));
// TLDs with no file-extension ambiguity (see docs: `name.zip` needs context, so it is not a fixed point alone).
const tld = fc.constantFrom('com', 'net', 'org', 'de', 'io', 'co.uk', 'xn--p1ai', 'info', 'ru', 'example');
const domain = fc
  .tuple(fc.array(label, { minLength: 1, maxLength: 3 }), tld)
  .map(([labels, t]) => `${labels.join('.')}.${t}`);
const ipv4 = fc.ipV4();
const ipv6 = fc.ipV6();
const path = chars('abcdefghijklmnopqrstuvwxyzABC0123456789-_.~/%=&?', 0, 20).map((p) => p.replace(/[.?&=~_-]+$/, ''));
const url = fc
  .tuple(
    fc.constantFrom('http', 'https', 'ftp'),
    fc.oneof(domain, ipv4),
    fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
    path,
  )
  .map(([scheme, host, port, rest]) => `${scheme}://${host}${port === undefined ? '' : `:${port}`}/${rest}`);
const email = fc
  .tuple(
    chars('abcdefghijklmnopqrstuvwxyz0123456789', 1, 1),
    chars('abcdefghijklmnopqrstuvwxyz0123456789_+-', 0, 10),
    domain,
  )
  .map(([first, rest, host]) => `${first}${rest}@${host}`);
const hexHash = fc
  .constantFrom(32, 40, 56, 64, 96, 128)
  .chain((length) => chars('0123456789abcdef', length, length))
  .filter((h) => /[a-f]/.test(h));
const cve = fc
  .tuple(fc.integer({ min: 1999, max: 2099 }), fc.integer({ min: 1000, max: 9999999 }))
  .map(([year, id]) => `CVE-${year}-${id}`);
const asn = fc.integer({ min: 0, max: 4294967295 }).map((n) => `AS${n}`);
const indicator = fc.oneof(domain, ipv4, ipv6, url, email, hexHash, cve, asn);

const filler = fc.constantFrom('see', 'and', 'then', 'IOC:', '-', '(', ')', '\n', 'the host', 'v1.2.3', '12:30');

/** Values of everything extracted from `text`. */
const values = (text: string) => extractIndicators(text).map((found) => found.value);

const tricky = fc.string({
  unit: fc.constantFrom(
    ...'.[](){}<>|:/\\@&;-_hxtpsHX 1234567890abcdefASNCVEatdot,\u200b\u00ad\uff0e\u3002\u2013\u00fc\u0430\n\t'.split(
      '',
    ),
    '&lt;',
    '&gt;',
    '&amp;',
    'hxxp://',
    '[.]',
    '<http://',
    '<@U1>',
    'mailto:',
    '::',
  ),
  maxLength: 80,
});

describe('extractIndicators properties', () => {
  it('never throws on arbitrary strings, including full Unicode and lone surrogates', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), tricky), (text) => {
        const found = extractIndicators(text);
        for (const indicator of found) {
          expect(indicator.value.length).toBeGreaterThan(0);
          expect(indicator.mispTypes.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('never reports the same kind and value twice', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(indicator, filler, tricky)), (parts) => {
        const keys = extractIndicators(parts.join(' ')).map((found) => `${found.kind} ${found.value}`);
        expect(new Set(keys).size).toBe(keys.length);
      }),
    );
  });

  it('finds every generated indicator alone, and its value is what was generated (normalised)', () => {
    fc.assert(
      fc.property(fc.oneof(domain, ipv4, url, email, hexHash, cve, asn), (value) => {
        const scheme = value.indexOf('://');
        const pathStart = scheme < 0 ? -1 : value.indexOf('/', scheme + 3);
        const expected =
          pathStart < 0
            ? /^(cve-\d{4}-\d+|as\d+)$/i.test(value)
              ? value.toUpperCase()
              : value.toLowerCase()
            : value.slice(0, pathStart).toLowerCase() + value.slice(pathStart);
        expect(values(value)).toEqual([expected]);
      }),
    );
  });

  it('round-trips every extracted value: refang(defang(v)) === v', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(indicator, filler, tricky), { maxLength: 8 }), (parts) => {
        for (const value of values(parts.join(' '))) expect(refang(defang(value))).toBe(value);
      }),
    );
  });

  it('finds v in a text made of defang(v)', () => {
    fc.assert(
      fc.property(fc.array(indicator, { minLength: 1, maxLength: 6 }), fc.array(filler), (items, words) => {
        const expected = values(items.join(' '));
        const text = items.map((item, i) => `${words[i] ?? ''} ${defang(item)}`).join(' ');
        expect(values(text)).toEqual(expect.arrayContaining(expected));
      }),
    );
  });

  it('is a fixed point: extracting from the joined values gives the same values', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(indicator, filler, tricky, fc.string({ unit: 'binary' })), { maxLength: 8 }),
        (parts) => {
          // Documented exception: a bare `name.zip` is only a domain with context (defanged, in a link, `www.`).
          const first = extractIndicators(parts.join(' ')).filter(
            (found) =>
              !(
                found.kind === 'domain' && FILE_EXTENSION_TLDS.has(found.value.slice(found.value.lastIndexOf('.') + 1))
              ),
          );
          const again = extractIndicators(first.map((found) => found.value).join(' '));
          expect(again.map((found) => [found.kind, found.value])).toEqual(
            first.map((found) => [found.kind, found.value]),
          );
        },
      ),
      { numRuns: 3000 },
    );
  });
});
