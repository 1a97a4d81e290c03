// The report of a differential run: a summary line, the differences (each with both bodies), the
// oracle's contract problems, and the cases that could not be compared. Markdown for people, JSON for tools.
// It holds the oracle's answers, so it is written to oracle/out/ (git-ignored) and never committed.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CaseResult } from './differential.js';

export interface RunInfo {
  oracleUrl: string;
  oracleVersion: string;
  sandboxVersion: string;
  startedAt: string;
  seconds: number;
  setupSeconds: Record<string, number>;
  uncovered: string[];
  staleAllowances: string[];
}

export interface Summary {
  cases: number;
  identical: number;
  differ: number;
  /** Cases that differ only in allow-listed ways. */
  differAllowed: number;
  notComparable: number;
  unexplained: number;
  specProblems: number;
  specUnexplained: number;
}

export function summarise(results: CaseResult[]): Summary {
  const differing = results.filter((r) => r.outcome === 'differ');
  const unexplained = differing.filter((r) => r.differences.some((d) => !d.allowedBy));
  const spec = results.flatMap((r) => r.specProblems);
  return {
    cases: results.length,
    identical: results.filter((r) => r.outcome === 'identical').length,
    differ: differing.length,
    differAllowed: differing.length - unexplained.length,
    notComparable: results.filter((r) => r.outcome === 'not comparable').length,
    unexplained: unexplained.length,
    specProblems: spec.length,
    specUnexplained: spec.filter((p) => !p.allowedBy).length,
  };
}

export const summaryLine = (s: Summary) =>
  `${s.cases} requests: ${s.identical} identical / ${s.differ} differ (${s.differAllowed} only in allow-listed ways) / ${s.notComparable} not comparable; ` +
  `${s.specProblems} contract problems in the oracle's answers (${s.specUnexplained} not allow-listed)`;

const BODY_LIMIT = 6000;
const pretty = (value: unknown) => {
  const text = JSON.stringify(value, null, 2) ?? 'undefined';
  return text.length > BODY_LIMIT
    ? `${text.slice(0, BODY_LIMIT)}\n… (${text.length - BODY_LIMIT} more characters)`
    : text;
};
const inline = (value: unknown) => (value === undefined ? '–' : `\`${JSON.stringify(value)}\``);

export function writeReport(dir: string, results: CaseResult[], info: RunInfo): { markdown: string; json: string } {
  mkdirSync(dir, { recursive: true });
  const summary = summarise(results);
  const lines: string[] = [
    '# The MISP sandbox against a real MISP',
    '',
    `${info.startedAt}: sandbox ${info.sandboxVersion} against MISP ${info.oracleVersion} (${info.oracleUrl}), ${info.seconds} s.`,
    '',
    `**${summaryLine(summary)}.**`,
    '',
    `Oracle preparation: ${Object.entries(info.setupSeconds)
      .map(([step, s]) => `${step} ${s} s`)
      .join(', ')}.`,
    '',
  ];
  if (info.uncovered.length)
    lines.push(`Operations of the contract not in the corpus: ${info.uncovered.join(', ')}.`, '');
  if (info.staleAllowances.length)
    lines.push(
      'Allow-list entries that matched nothing (remove them):',
      ...info.staleAllowances.map((s) => `- ${s}`),
      '',
    );

  lines.push('## Every request', '', '| outcome | sandbox | MISP | case |', '| --- | --- | --- | --- |');
  for (const r of results) {
    const mark =
      r.outcome === 'differ'
        ? r.differences.every((d) => d.allowedBy)
          ? 'differ (allowed)'
          : '**differ**'
        : r.outcome;
    lines.push(`| ${mark} | ${r.sandbox.status} | ${r.misp.status} | ${r.name} |`);
  }

  lines.push('', '## Differences', '');
  for (const r of results.filter((x) => x.outcome === 'differ')) {
    lines.push(
      `### ${r.name}`,
      '',
      `\`${r.method} ${r.misp.path}\` as ${r.as}: sandbox ${r.sandbox.status}, MISP ${r.misp.status}`,
      '',
    );
    for (const d of r.differences.slice(0, 40)) {
      const why = d.allowedBy ? ` — allowed (${d.allowedBy.status}: ${d.allowedBy.reason})` : '';
      lines.push(`- ${d.kind} \`${d.path}\`: sandbox ${inline(d.sandbox)}, MISP ${inline(d.misp)}${why}`);
    }
    if (r.differences.length > 40) lines.push(`- … and ${r.differences.length - 40} more`);
    lines.push(
      '',
      'Sandbox:',
      '```json',
      pretty(r.sandbox.body),
      '```',
      'MISP:',
      '```json',
      pretty(r.misp.body),
      '```',
      '',
    );
  }

  lines.push("## The oracle's answers against the contract", '');
  const problems = results.flatMap((r) => r.specProblems.map((p) => ({ r, p })));
  if (!problems.length) lines.push('Every answer of the real MISP conforms to openapi/.');
  for (const { r, p } of problems) {
    const why = p.allowedBy ? ` — allowed (${p.allowedBy.status}: ${p.allowedBy.reason})` : '';
    lines.push(`- ${r.name}: ${p.problem}${why}`);
  }
  const sandboxProblems = results.flatMap((r) => r.sandboxSpecProblems.map((p) => `${r.name}: ${p}`));
  if (sandboxProblems.length)
    lines.push('', "The sandbox's answers against the contract:", ...sandboxProblems.map((p) => `- ${p}`));

  lines.push('', '## Not comparable', '');
  for (const r of results.filter((x) => x.outcome === 'not comparable')) lines.push(`- ${r.name}: ${r.reason}`);

  const markdown = join(dir, 'report.md');
  const json = join(dir, 'report.json');
  writeFileSync(markdown, `${lines.join('\n')}\n`);
  writeFileSync(json, `${JSON.stringify({ info, summary, results }, null, 2)}\n`);
  return { markdown, json };
}
