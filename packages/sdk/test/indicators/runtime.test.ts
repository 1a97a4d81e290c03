import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractIndicators } from '../../src/indicators/index.js';
import { punycodeEncode } from '../../src/indicators/punycode.js';

const sourceDir = new URL('../../src/indicators/', import.meta.url);

describe('runtime independence', () => {
  it('imports nothing but its own modules (no node:*, no Buffer, no packages)', () => {
    for (const file of readdirSync(sourceDir).filter((name) => name.endsWith('.ts'))) {
      const source = readFileSync(new URL(file, sourceDir), 'utf8');
      const imports = [...source.matchAll(/from '([^']+)'/g)].map((match) => match[1]);
      expect(
        imports.every((specifier) => specifier?.startsWith('./')),
        file,
      ).toBe(true);
      expect(source, file).not.toMatch(/\bBuffer\b|\bprocess\./);
    }
  });

  it.each([
    'münchen.de',
    'bücher.example',
    'ex\u0430mple.com',
    '例子.中国',
    'пример.рф',
    'faß.de',
    'ελληνικά.gr',
    'xn--mnchen-3ya.de',
  ])('punycodes %s exactly as the WHATWG URL parser does', (host) => {
    expect(extractIndicators(host).map((found) => found.value)).toEqual([new URL(`http://${host}`).hostname]);
  });

  it('encodes the RFC 3492 sample strings', () => {
    expect(punycodeEncode('bücher')).toBe('bcher-kva');
    expect(punycodeEncode('他们为什么不说中文')).toBe('ihqwcrb4cv8a8dqg056pqjye');
    expect(punycodeEncode('Pročprostěnemluvíčesky')).toBe('Proprostnemluvesky-uyb24dma41a');
  });
});
