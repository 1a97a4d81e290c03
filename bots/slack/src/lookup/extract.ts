// Indicator extraction is the SDK's job (`@mispkit/sdk/indicators`: Slack markup, defanged forms,
// type detection); the bot only de-duplicates and caps the list, remembering how many it cut.
import { extractIndicators } from '@mispkit/sdk/indicators';
import type { IndicatorRef } from './types.js';

export interface Extracted {
  indicators: IndicatorRef[];
  /** How many distinct indicators beyond `max` were dropped. */
  cut: number;
}

export function extract(text: string, max: number): Extracted {
  const seen = new Set<string>();
  const all: IndicatorRef[] = [];
  for (const found of extractIndicators(text)) {
    const key = found.value.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    all.push({ kind: String(found.kind), value: found.value });
  }
  return { indicators: all.slice(0, max), cut: Math.max(0, all.length - max) };
}
