// Sends the corpus to both sides, one request at a time and in the same order, and classifies each case.
import type { Allowance } from './allow-list.js';
import { type CompareOptions, type Difference, diff, normalise } from './compare.js';
import type { Contract, Verdict } from './contract.js';
import type { Case, Saved } from './corpus/index.js';
import { type Answer, type Json, send, type Target } from './http.js';

export type Outcome = 'identical' | 'differ' | 'not comparable';

export interface Side {
  path: string;
  status: number;
  /** Normalised body (keys, ids, uuids and times replaced), or a marker for an empty or non-JSON body. */
  body: Json;
  ms: number;
}

export interface CaseResult {
  name: string;
  method: string;
  as: string;
  outcome: Outcome;
  reason?: string;
  differences: (Difference & { allowedBy?: Allowance })[];
  sandbox: Side;
  misp: Side;
  operation?: string;
  /** The oracle's answer against the contract; `allowedBy` when the allow-list accepts the problem. */
  specProblems: { problem: string; allowedBy?: Allowance }[];
  /** The sandbox's answer against the contract (test/contract.test.ts also checks these). */
  sandboxSpecProblems: string[];
}

export interface Hooks {
  /**
   * Runs the background job a case queued on the oracle (MISP has no workers here), e.g. the publish job.
   * Returns false when it cannot (no MISP directory given): later cases that need the job's effect are
   * then not comparable.
   */
  runJob(kind: 'publish', eventId: string): Promise<boolean>;
  /** Runs the newest waiting job of `jobType` with `cake Server <args…> <job id>`; false when it cannot. */
  runServerJob?(jobType: string, args: string[]): Promise<boolean>;
}

/** Headers whose value both sides must agree on when the oracle sends them. */
const COMPARED_HEADERS = ['x-result-count', 'location'];

function bodyOf(answer: Answer, secrets: string[], origin: string): Json {
  if (answer.text === '') return '<empty>';
  const type = answer.headers.get('content-type') ?? 'no content-type';
  // Exports (csv, text) are compared as text, with uuids and epoch times masked as in JSON answers.
  if (answer.body === undefined && /^text\/(csv|plain)/.test(type))
    return `<${type}> ${answer.text.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<uuid>').replace(/\b\d{10}\b/g, '<time>')}`;
  if (answer.body === undefined) return `<non-JSON: ${type}>`;
  return normalise(answer.body, { secrets, origin });
}

function resolve<T>(value: T | ((saved: Saved) => T), saved: Saved): T {
  return typeof value === 'function' ? (value as (saved: Saved) => T)(saved) : value;
}

const matches = (entry: Allowance, name: string, subject: string) =>
  entry.cases.test(name) && (!entry.differences || entry.differences.test(subject));

export async function runCorpus(options: {
  corpus: Case[];
  sandbox: Target;
  misp: Target;
  contract: Contract;
  allowList: Allowance[];
  hooks: Hooks;
  log?: ((line: string) => void) | undefined;
}): Promise<CaseResult[]> {
  const { corpus, sandbox, misp, contract, allowList, hooks } = options;
  const secrets = [...Object.values(sandbox.keys), ...Object.values(misp.keys)].filter(Boolean);
  const saved: Record<'sandbox' | 'misp', Saved> = { sandbox: {}, misp: {} };
  const results: CaseResult[] = [];
  /** Jobs that were queued on the oracle but could not be run: the reason later cases are not comparable. */
  let pendingJob: string | undefined;

  for (const testCase of corpus) {
    if (testCase.oracleOnly) {
      const answer = await send(
        misp,
        testCase.method,
        resolve(testCase.path, saved.misp),
        resolve(testCase.body, saved.misp),
      );
      if (answer.status !== 200)
        throw new Error(`oracle: "${testCase.name}" answered ${answer.status}: ${answer.text.slice(0, 300)}`);
      continue;
    }
    const answers = {} as Record<'sandbox' | 'misp', { path: string; answer: Answer }>;
    for (const target of [sandbox, misp]) {
      const path = resolve(testCase.path, saved[target.name]);
      const body = resolve(testCase.body, saved[target.name]);
      const key = testCase.asKey?.(saved[target.name]);
      const headers = testCase.asKey ? { ...testCase.headers, Authorization: key ?? '' } : testCase.headers;
      const answer = await send(target, testCase.method, path, body, testCase.as ?? 'admin', headers);
      answers[target.name] = { path, answer };
      if (testCase.save && answer.status === 200) saved[target.name][testCase.save] = answer.body;
      // Keys that cases create (admin/users/add, auth_keys/add) are secrets too: never compared or reported.
      for (const created of [answer.body?.User?.authkey, answer.body?.AuthKey?.authkey_raw])
        if (typeof created === 'string' && created) secrets.push(created);
    }
    const { answer: left, path: leftPath } = answers.sandbox;
    const { answer: right, path: rightPath } = answers.misp;
    if (testCase.setup && (left.status !== 200 || right.status !== 200)) {
      throw new Error(
        `starting data: "${testCase.name}" answered ${left.status} (sandbox) and ${right.status} (MISP): ${right.text.slice(0, 300)}`,
      );
    }
    if (testCase.queuesServerJob && right.status === 200) {
      const { jobType, args } = testCase.queuesServerJob;
      if (!(await hooks.runServerJob?.(jobType, args(saved.misp)))) {
        pendingJob = `the ${jobType} job "${testCase.name}" queued was not run (set MISP_ORACLE_DIR to run it)`;
      }
    }
    if (testCase.queuesJob && right.status === 200) {
      const eventId = saved.misp[testCase.queuesJob.event]?.Event?.id;
      if (!(await hooks.runJob(testCase.queuesJob.kind, String(eventId)))) {
        pendingJob = `the ${testCase.queuesJob.kind} job "${testCase.name}" queued was not run (set MISP_ORACLE_DIR to run it)`;
      }
    }

    const outside: Verdict = { problems: [] };
    const verdict = testCase.outsideContract ? outside : contract.check(testCase.method, rightPath, right);
    const sandboxVerdict = testCase.outsideContract ? outside : contract.check(testCase.method, leftPath, left);
    const sides = {
      sandbox: {
        path: leftPath,
        status: left.status,
        body: bodyOf(left, secrets, new URL(sandbox.url).origin),
        ms: Math.round(left.ms),
      },
      misp: {
        path: rightPath,
        status: right.status,
        body: bodyOf(right, secrets, new URL(misp.url).origin),
        ms: Math.round(right.ms),
      },
    };
    const reason = testCase.notComparable ?? (testCase.needsJob ? pendingJob : undefined);
    const differences = reason ? [] : compare(left, right, sides.sandbox.body, sides.misp.body, testCase);
    const result: CaseResult = {
      name: testCase.name,
      method: testCase.method,
      as: testCase.asKey ? 'created user' : (testCase.as ?? 'admin'),
      outcome: reason ? 'not comparable' : differences.length ? 'differ' : 'identical',
      ...(reason ? { reason } : {}),
      differences: differences.map((d) => {
        const allowedBy = allowList.find((e) => !e.spec && matches(e, testCase.name, `${d.kind} ${d.path}`));
        return allowedBy ? { ...d, allowedBy } : d;
      }),
      sandbox: sides.sandbox,
      misp: sides.misp,
      ...(verdict.operation ? { operation: verdict.operation } : {}),
      specProblems: verdict.problems.map((problem) => {
        const allowedBy = allowList.find((e) => e.spec && matches(e, testCase.name, problem));
        return allowedBy ? { problem, allowedBy } : { problem };
      }),
      sandboxSpecProblems: sandboxVerdict.problems,
    };
    results.push(result);
    options.log?.(`${result.outcome.padEnd(14)} ${left.status} ${right.status}  ${testCase.name}`);
  }
  return results;
}

function compare(left: Answer, right: Answer, leftBody: Json, rightBody: Json, testCase: Case): Difference[] {
  const out: Difference[] = [];
  if (left.status !== right.status)
    out.push({ kind: 'status', path: 'status', sandbox: left.status, misp: right.status });
  for (const name of COMPARED_HEADERS) {
    const a = maskOrigin(left.headers.get(name));
    const b = maskOrigin(right.headers.get(name));
    if (b !== null && a !== b)
      out.push({ kind: a === null ? 'missing' : 'value', path: `header ${name}`, sandbox: a, misp: b });
  }
  if (testCase.method === 'HEAD') return out;
  const options: CompareOptions = testCase.unordered ? { unordered: testCase.unordered } : {};
  return [...out, ...diff(leftBody, rightBody, options)];
}

/** A redirect's target with its origin (which differs by construction) masked, so absolute still differs from relative. */
const maskOrigin = (value: string | null) => (value === null ? null : value.replace(/^https?:\/\/[^/]+/, '<origin>'));
