import { describe, expect, it } from 'vitest';
import { defang, extractIndicators, refang } from '../../src/indicators/index.js';

describe('refang', () => {
  it.each([
    ['hxxps://evil[.]example[/]a', 'https://evil.example/a'],
    ['hXXp[:]//1.2.3[.]4', 'http://1.2.3.4'],
    ['http[://]evil(.)com', 'http://evil.com'],
    ['user[at]example(dot)com', 'user@example.com'],
    ['user[@]example{.}com', 'user@example.com'],
    ['ev\u200bil\uff0ecom', 'evil.com'],
    ['8,8,8,8', '8.8.8.8'],
    ['CVE\u20132021\u201344228', 'CVE-2021-44228'],
    ['evil\\.com', 'evil.com'],
  ])('refangs %j to %j', (input, expected) => {
    expect(refang(input)).toBe(expected);
  });

  it('leaves prose, Slack markup and HTML entities alone', () => {
    const text = 'We met at the café. <@U123> said &lt;hi&gt; [note] (see above) 1,234,567 items, 3.14';
    expect(refang(text)).toBe(text);
  });
});

describe('defang', () => {
  it.each([
    ['https://evil.com/a.b', 'hxxps://evil[.]com/a.b'],
    ['http://1.2.3.4:8080/x', 'hxxp://1.2.3[.]4:8080/x'],
    ['ftp://files.evil.com/x', 'ftp://files[.]evil[.]com/x'],
    ['http://user@evil.com/', 'hxxp://user@evil[.]com/'],
    ['http://[2001:db8::1]/x', 'hxxp://[2001:db8::1]/x'],
    ['evil.com/gate.php', 'evil[.]com/gate.php'],
    ['sub.evil.co.uk', 'sub[.]evil[.]co[.]uk'],
    ['1.2.3.4', '1.2.3[.]4'],
    ['10.0.0.0/8', '10.0.0[.]0/8'],
    ['first.last@evil.com', 'first.last[@]evil[.]com'],
    ['2001:db8::1', '2001:db8::1'],
    ['d41d8cd98f00b204e9800998ecf8427e', 'd41d8cd98f00b204e9800998ecf8427e'],
    ['CVE-2021-44228', 'CVE-2021-44228'],
  ])('defangs %j as %j', (value, expected) => {
    expect(defang(value)).toBe(expected);
    expect(refang(expected)).toBe(value);
  });

  it('defangs every indicator in free text and keeps the rest', () => {
    expect(defang('Block https://Evil.com/x and 1.2.3.4, then tell bob@evil.com.')).toBe(
      'Block hxxps://evil[.]com/x and 1.2.3[.]4, then tell bob[@]evil[.]com.',
    );
  });

  it('defanged text yields the same indicators as the original', () => {
    const text = 'https://evil.com/x 1.2.3.4 bob@evil.com evil.zip';
    expect(extractIndicators(defang(text)).map((found) => found.value)).toEqual(
      extractIndicators(text).map((found) => found.value),
    );
  });

  it('keeps ports that follow a bare address or host', () => {
    expect(defang('C2 at 45.9.148.108:8080 and evil.com:443')).toBe('C2 at 45.9.148[.]108:8080 and evil[.]com:443');
  });

  it('returns text without indicators unchanged', () => {
    expect(defang('nothing to see here, v1.2.3')).toBe('nothing to see here, v1.2.3');
  });
});
