// The `mispkit-doctor` command (bin/mispkit-doctor.js; `npx @mispkit/sdk doctor` without installing):
// arguments and environment in, a table or JSON out, exit code 0 when every answer is as the contract says.
// The key is read from MISP_API_KEY (or --key) and never printed; errors are one line, never a stack trace.
import type { FetchFn } from '../internal/transport.js';
import { DoctorError, type DoctorReport, type DoctorRow, FAILING, runDoctor, type Verdict } from './run.js';

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  env: Record<string, string | undefined>;
  fetch?: FetchFn | undefined;
}

const USAGE = `Usage: mispkit-doctor [--url URL] [--key KEY] [--json] [--timeout SECONDS] [--insecure]
                      [--write --test-instance HOST]
  (without installing: npx @mispkit/sdk doctor …)

Checks that a MISP answers as the @mispkit/sdk contract says: its version, what the API key's role may do,
then every read-only operation, each answer validated against the contract's response schema.

  --url URL            MISP root URL (default: $MISP_URL)
  --key KEY            API key (default: $MISP_API_KEY; prefer the variable: arguments show up in ps)
  --json               one JSON report on stdout instead of the table
  --timeout SECONDS    per call (default 20)
  --insecure           accept a self-signed TLS certificate (test instances only)
  --write              also create an event, add an attribute, tag it and delete the event;
  --test-instance HOST   required with --write: the host name of MISP_URL, to confirm it is a test instance

Exit code: 0 when every answer is as the contract says (rows "forbidden for this role" and "skipped" included),
1 otherwise: an answer differs, an operation is missing or failed, or the check could not run.`;

interface Args {
  url?: string | undefined;
  key?: string | undefined;
  json: boolean;
  timeoutMs?: number | undefined;
  insecure: boolean;
  write: boolean;
  testInstance?: string | undefined;
  help: boolean;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { json: false, insecure: false, write: false, help: false };
  const list = [...argv];
  // `npx @mispkit/sdk doctor`: npx runs the package's only bin with `doctor` as its first argument.
  if (list[0] === 'doctor') list.shift();
  for (let i = 0; i < list.length; i++) {
    const raw = list[i] as string;
    const [flag, inline] =
      raw.startsWith('--') && raw.includes('=')
        ? [raw.slice(0, raw.indexOf('=')), raw.slice(raw.indexOf('=') + 1)]
        : [raw, undefined];
    const value = () => {
      const v = inline ?? list[++i];
      if (v === undefined || (inline === undefined && v.startsWith('--')))
        throw new DoctorError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--url':
        args.url = value();
        break;
      case '--key':
        args.key = value();
        break;
      case '--json':
        args.json = true;
        break;
      case '--insecure':
        args.insecure = true;
        break;
      case '--write':
        args.write = true;
        break;
      case '--test-instance':
        args.testInstance = value();
        break;
      case '--timeout': {
        const seconds = Number(value());
        if (!Number.isFinite(seconds) || seconds <= 0) throw new DoctorError('--timeout takes a number of seconds');
        args.timeoutMs = Math.round(seconds * 1000);
        break;
      }
      case '-h':
      case '--help':
        args.help = true;
        break;
      default:
        throw new DoctorError(`unknown argument ${JSON.stringify(raw)} (see --help)`);
    }
  }
  return args;
}

const LABEL: Record<Verdict, string> = {
  ok: 'ok',
  differs: 'differs',
  forbidden: 'forbidden for this role',
  missing: 'not in this MISP version',
  skipped: 'skipped',
  error: 'error',
};

function verdictText(row: DoctorRow): string {
  if (row.verdict === 'ok' || row.verdict === 'forbidden' || row.verdict === 'missing') return LABEL[row.verdict];
  return row.detail ? `${LABEL[row.verdict]}: ${row.detail}` : LABEL[row.verdict];
}

export function renderTable(report: DoctorReport): string {
  const header = ['operation', 'request', 'status', 'verdict'];
  const rows = report.rows.map((r) => [
    r.write ? `${r.operation} (write)` : r.operation,
    r.request.length > 60 ? `${r.request.slice(0, 59)}…` : r.request,
    r.status === undefined ? '-' : String(r.status),
    verdictText(r),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] as number)))
      .join('  ')
      .trimEnd();
  const who = report.user
    ? `${report.user.email} (${report.user.role}, ${report.user.organisation}); may: ${report.permissions.join(', ') || 'nothing'}`
    : 'unknown user';
  return [
    `MISP ${report.version ?? '?'} at ${report.url}`,
    `key of ${who}`,
    '',
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    '',
    summaryLine(report),
  ].join('\n');
}

export function summaryLine(report: DoctorReport): string {
  const s = report.summary;
  const parts = [
    `${s.ok} ok`,
    `${s.differs} differ`,
    `${s.forbidden} forbidden for this role`,
    `${s.missing} not in this MISP version`,
    `${s.skipped} skipped`,
    `${s.error} failed`,
  ];
  const total = report.rows.length;
  const bad = report.rows.filter((r) => FAILING.has(r.verdict)).length;
  return `${total} operations: ${parts.join(', ')} — ${report.ok ? 'MISP answers as the contract says' : `${bad} not as the contract says`}`;
}

/** Runs the command; resolves with the exit code. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (error) {
    io.err(`mispkit-doctor: ${(error as Error).message}`);
    return 1;
  }
  if (args.help) {
    io.out(USAGE);
    return 0;
  }
  const url = args.url ?? io.env.MISP_URL;
  const key = args.key ?? io.env.MISP_API_KEY ?? io.env.MISP_KEY;
  if (!url || !key) {
    io.err(
      `mispkit-doctor: ${!url ? 'MISP_URL' : 'MISP_API_KEY'} is not set: set MISP_URL and MISP_API_KEY (or pass --url/--key); --help for more`,
    );
    return 1;
  }
  if (args.insecure) {
    // Node's fetch honours this for the whole process; the doctor is a short-lived command.
    io.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
    if (typeof process !== 'undefined') process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
    io.err('mispkit-doctor: --insecure: TLS certificates are not checked');
  }
  try {
    const report = await runDoctor({
      baseUrl: url,
      apiKey: key,
      fetch: io.fetch,
      timeoutMs: args.timeoutMs,
      write: args.write,
      testInstance: args.testInstance,
    });
    io.out(args.json ? JSON.stringify(report, null, 2) : renderTable(report));
    return report.ok ? 0 : 1;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // A DoctorError is already one line; anything else is ours: say it without the stack.
    io.err(`mispkit-doctor: ${message.split('\n')[0]?.split(key).join('[redacted]')}`);
    return 1;
  }
}
