/** One measured figure. `target` is the goal in words (e.g. "≤ 1.10"); `met` says whether it was reached. */
export interface Row {
  name: string;
  value: number | string;
  unit?: string;
  target?: string;
  met?: boolean;
}

export interface Section {
  title: string;
  rows: Row[];
  notes?: string[];
}

export interface Suite {
  name: string;
  run: () => Promise<Section[]>;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

export function summarise(samples: number[]): { p50: number; p95: number; p99: number; mean: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = sorted.reduce((sum, x) => sum + x, 0) / Math.max(1, sorted.length);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), mean };
}

export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export function renderMarkdown(sections: Section[], meta: Record<string, string>): string {
  const lines = ['# mispkit benchmark results', ''];
  for (const [key, value] of Object.entries(meta)) lines.push(`- ${key}: ${value}`);
  for (const section of sections) {
    lines.push('', `## ${section.title}`, '', '| measure | value | target | met |', '| --- | --- | --- | --- |');
    for (const row of section.rows) {
      const met = row.met === undefined ? '' : row.met ? 'yes' : '**no**';
      lines.push(`| ${row.name} | ${row.value}${row.unit ? ` ${row.unit}` : ''} | ${row.target ?? ''} | ${met} |`);
    }
    for (const note of section.notes ?? []) lines.push('', note);
  }
  return `${lines.join('\n')}\n`;
}
