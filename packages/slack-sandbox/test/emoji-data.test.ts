// The playground's emoji table is generated from emoji-datasource (Slack's shortcode data) and
// committed; it must match what the generator makes from the installed package.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build script, without declarations
import { emojiData, render } from '../scripts/emoji-data.mjs';
// @ts-expect-error: a plain browser module, without declarations
import { EMOJI, SKIN } from '../src/playground/emoji-data.js';

describe('src/playground/emoji-data.js', () => {
  it('is up to date with emoji-datasource (regenerate: node scripts/emoji-data.mjs)', () => {
    const committed = readFileSync(new URL('../src/playground/emoji-data.js', import.meta.url), 'utf8');
    expect(committed).toBe(render(emojiData()));
  });

  it('has Slack’s names, aliases and skin tones', () => {
    expect(EMOJI.red_circle).toBe('🔴');
    expect(EMOJI.large_green_circle).toBe('🟢');
    expect(EMOJI['+1']).toBe(EMOJI.thumbsup);
    expect(EMOJI.dna).toBe('🧬');
    expect(SKIN['+1'].split(' ')[1]).toBe('👍🏼'); // :skin-tone-3:
    expect(EMOJI['skin-tone-6']).toBe('🏿');
    expect(Object.keys(EMOJI).length).toBeGreaterThan(1900);
  });
});
