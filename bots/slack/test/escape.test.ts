import { describe, expect, it } from 'vitest';
import { clampEscaped, codeSpan, escapeMrkdwn, link, safeText } from '../src/escape.js';

describe('escapeMrkdwn', () => {
  it.each([
    ['<!channel>', '&lt;!channel&gt;'],
    ['<@U123>', '&lt;@U123&gt;'],
    ['<http://evil|click>', '&lt;http://evil|click&gt;'],
    ['Tom & Jerry', 'Tom &amp; Jerry'],
    ['&lt;', '&amp;lt;'],
  ])('makes %s inert', (input, expected) => {
    expect(escapeMrkdwn(input)).toBe(expected);
  });
  it('strips control and invisible characters', () => {
    expect(escapeMrkdwn('a\u0000b\u200bc\u202ed')).toBe('abcd');
  });
});

describe('safeText', () => {
  it('neutralises formatting so *bold* and `code` stay literal', () => {
    expect(safeText('*bold* _it_ ~s~ `c`')).not.toMatch(/[*_~`]/);
  });

  it.each([
    'to_ids',
    'invoice_final_v2.doc',
    'C:\\Users\\bob_smith\\AppData',
    'a*b',
    '2 * 3 * 4',
    '*.exe',
    'Q3~Q4 campaign',
    "it's `one backtick",
    'APT_28 / Fancy_Bear',
  ])('keeps %s exactly, so a copy matches MISP', (text) => {
    expect(safeText(text)).toBe(text);
  });

  it.each([
    ['*URGENT* invoice', '∗URGENT∗ invoice'],
    ['_draft_ report', 'ˍdraftˍ report'],
    ['~not~ malicious', '∼not∼ malicious'],
    ['run `rm -rf` now', 'run ˋrm -rfˋ now'],
    ['to_ids _x_', 'to_ids ˍxˍ'],
  ])('changes only the markers that could format: %s', (text, expected) => {
    expect(safeText(text)).toBe(expected);
  });

  it('still makes mentions and links inert', () => {
    expect(safeText('<!channel> <http://evil|click> & _a_')).toBe(
      '&lt;!channel&gt; &lt;http://evil|click&gt; &amp; ˍaˍ',
    );
  });
});

describe('codeSpan', () => {
  it('cannot be closed early by a backtick in the data', () => {
    const span = codeSpan('a`<!here>`b');
    expect(span.slice(1, -1)).not.toContain('`');
    expect(span).not.toContain('<');
  });
});

describe('link', () => {
  it('escapes the label and keeps it from splitting the link', () => {
    expect(link('https://misp.example/events/view/1', '<!channel>|x>')).toBe(
      '<https://misp.example/events/view/1|&lt;!channel&gt;¦x&gt;>',
    );
  });
});

describe('clampEscaped', () => {
  it('never cuts an entity in half', () => {
    const out = clampEscaped(escapeMrkdwn('aaaa<<<<'), 8);
    expect(out.length).toBeLessThanOrEqual(8);
    expect(out).toMatch(/^(?:[^&]|&(?:lt|gt|amp);)*…$/);
  });
});
