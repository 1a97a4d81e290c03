// The lookups `npm start` prints are the ones this package's README tells a newcomer to try.
import { readFileSync } from 'node:fs';
import { demoIndicators } from '@mispkit/misp-sandbox';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs module of the root scripts, without declarations
import { demoExampleLines, demoExamples } from '../../../scripts/demo-examples.mjs';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('the demo lookups printed by npm start', () => {
  it('are every /intel example of the README demo table, in its order', () => {
    const fromReadme = [...readme.matchAll(/^\| `(\/intel [^`]+)`/gm)].map((m) => m[1]);
    const printed = (demoExamples(demoIndicators) as [string, string][]).map(([command]) => command);
    expect(fromReadme.length).toBeGreaterThan(3);
    expect(printed.filter((c) => c !== '/intel help')).toEqual(fromReadme);
  });

  it('line up: every description starts in the same column', () => {
    const lines = (demoExampleLines(demoIndicators) as string).split('\n');
    const columns = lines.map((line) => {
      const gap = /\S\s{2,}(?=\S)/.exec(line);
      return gap ? gap.index + gap[0].length : undefined;
    });
    expect(columns).not.toContain(undefined);
    expect(new Set(columns).size).toBe(1);
  });
});
