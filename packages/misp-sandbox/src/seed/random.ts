import { createHash } from 'node:crypto';

/** Deterministic UUID (v4 layout) derived from a label, so seeded data is identical on every run. */
export function stableUuid(label: string): string {
  const hex = createHash('sha256').update(label).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${((Number.parseInt(hex[16] as string, 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function stableHex(label: string, length: number): string {
  let out = '';
  for (let i = 0; out.length < length; i++) out += createHash('sha512').update(`${label}#${i}`).digest('hex');
  return out.slice(0, length);
}

/** Small seeded PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
