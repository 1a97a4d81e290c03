// The sandbox against a real MISP 2.5 (the oracle): the corpus goes to a fresh sandbox and to a fresh
// MISP, both given the same starting data; the report lands in oracle/out/. Needs MISP_ORACLE_URL and
// MISP_ORACLE_KEY (a fresh MISP's site admin key, as printed by ../shared/real-misp/start); without them it
// says so and skips. MISP_ORACLE_DIR (the start script's DIR) lets it run queued jobs (see jobs.ts).
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MispSandbox } from '../src/index.js';
import { allowList } from './allow-list.js';
import { Contract } from './contract.js';
import { corpus } from './corpus/index.js';
import { type CaseResult, runCorpus } from './differential.js';
import { send } from './http.js';
import { mispAppDir, oracleJobs } from './jobs.js';
import { prepareOracle, startSandboxTarget } from './prepare.js';
import { type RunInfo, summarise, summaryLine, writeReport } from './report.js';

const url = process.env.MISP_ORACLE_URL?.replace(/\/+$/, '');
const key = process.env.MISP_ORACLE_KEY;
if (!url || !key) {
  console.warn(
    'test:oracle: MISP_ORACLE_URL and MISP_ORACLE_KEY are not set, so the sandbox is not compared with a real MISP ' +
      '(see "Checked against a real MISP" in the README).',
  );
}

const OUT = fileURLToPath(new URL('./out/', import.meta.url));

describe.skipIf(!url || !key)('the sandbox against a real MISP 2.5', () => {
  let contract: Contract;
  let sandbox: MispSandbox | undefined;
  let results: CaseResult[] = [];
  let info: RunInfo;

  beforeAll(async () => {
    const started = performance.now();
    contract = new Contract();
    const setupStarted = performance.now();
    const oracle = await prepareOracle(url as string, key as string);
    const side = await startSandboxTarget();
    sandbox = side.sandbox;
    oracle.timings.total = Math.round(performance.now() - setupStarted) / 1000;
    results = await runCorpus({
      corpus,
      sandbox: side.target,
      misp: oracle.target,
      contract,
      allowList,
      hooks: oracleJobs(oracle.target, mispAppDir(process.env.MISP_ORACLE_DIR)),
      log: process.env.MISP_ORACLE_VERBOSE ? (line) => console.log(line) : undefined,
    });
    const version = async (target: typeof oracle.target) =>
      String((await send(target, 'GET', '/servers/getVersion')).body?.version);
    const covered = new Set(results.map((r) => r.operation));
    info = {
      oracleUrl: url as string,
      oracleVersion: await version(oracle.target),
      sandboxVersion: await version(side.target),
      startedAt: new Date().toISOString(),
      seconds: Math.round(performance.now() - started) / 1000,
      setupSeconds: oracle.timings,
      uncovered: contract.operations.map((o) => o.id).filter((id) => !covered.has(id)),
      staleAllowances: allowList
        .filter((entry) => !entry.intermittent)
        .filter(
          (entry) => !results.some((r) => [...r.differences, ...r.specProblems].some((d) => d.allowedBy === entry)),
        )
        .map((entry) => `${entry.cases} ${entry.differences ?? ''}: ${entry.reason}`),
    };
    const files = writeReport(OUT, results, info);
    console.log(`test:oracle: ${summaryLine(summarise(results))} (${info.seconds} s). Report: ${files.markdown}`);
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  it('sends every operation of the contract', () => {
    expect(info.uncovered).toEqual([]);
  });

  it('finds no difference outside the allow-list', () => {
    const unexplained = results.flatMap((r) =>
      r.differences
        .filter((d) => !d.allowedBy)
        .map(
          (d) =>
            `${r.name}: ${d.kind} ${d.path} (sandbox ${JSON.stringify(d.sandbox)}, MISP ${JSON.stringify(d.misp)})`,
        ),
    );
    expect(unexplained).toEqual([]);
  });

  it("finds the real MISP's answers as the contract describes them, apart from allow-listed problems", () => {
    const problems = results.flatMap((r) =>
      r.specProblems.filter((p) => !p.allowedBy).map((p) => `${r.name}: ${p.problem}`),
    );
    expect(problems).toEqual([]);
  });

  it('has no allow-list entry that matches nothing any more', () => {
    expect(info.staleAllowances).toEqual([]);
  });
});
