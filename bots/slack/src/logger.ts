// Structured JSON logs, one object per line, with secrets redacted by key and by shape.
// Implements Bolt's Logger interface so Bolt and the web client log through it too.
import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';

const SECRET_KEYS = /token|secret|authorization|api[-_]?key|password|response_url|trigger_id|cookie/i;
const SECRET_VALUES: [RegExp, string][] = [
  [/xox[abposr]-[A-Za-z0-9-]+/g, 'xox?-[redacted]'],
  [/xapp-[A-Za-z0-9-]+/g, 'xapp-[redacted]'],
  [/https:\/\/hooks\.slack\.com\/[^\s"']+/g, '[redacted response_url]'],
  [/\/_sandbox\/response\/[^\s"']+|\/response_url\/[^\s"']+/g, '[redacted response_url]'],
];

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6) return '[…]';
  if (typeof value === 'string') {
    let out = value;
    for (const [re, replacement] of SECRET_VALUES) out = out.replace(re, replacement);
    return out;
  }
  if (value instanceof Error)
    return { name: value.name, message: redact(value.message, depth + 1), code: (value as { code?: unknown }).code };
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value))
      out[key] = SECRET_KEYS.test(key) ? '[redacted]' : redact(v, depth + 1);
    return out;
  }
  return value;
}

export interface Logger extends BoltLogger {
  /** A structured record: `event` names what happened, `fields` are redacted before writing. */
  event(level: 'debug' | 'info' | 'warn' | 'error', event: string, fields?: Record<string, unknown>): void;
}

const ORDER = { debug: 0, info: 1, warn: 2, error: 3 } as const;

export function createLogger(
  options: { level?: keyof typeof ORDER; write?: (line: string) => void; name?: string } = {},
): Logger {
  let level: keyof typeof ORDER = options.level ?? 'info';
  let name = options.name ?? 'mispkit-slack-bot';
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const emit = (lvl: keyof typeof ORDER, event: string, fields: Record<string, unknown> = {}) => {
    if (ORDER[lvl] < ORDER[level]) return;
    write(JSON.stringify({ time: new Date().toISOString(), level: lvl, name, event, ...(redact(fields) as object) }));
  };
  const fromArgs =
    (lvl: keyof typeof ORDER) =>
    (...msgs: unknown[]) =>
      emit(lvl, 'log', { message: msgs.map((m) => (typeof m === 'string' ? m : JSON.stringify(redact(m)))).join(' ') });
  return {
    event: emit,
    debug: fromArgs('debug'),
    info: fromArgs('info'),
    warn: fromArgs('warn'),
    error: fromArgs('error'),
    setLevel(l: LogLevel) {
      level = l === LogLevel.DEBUG ? 'debug' : l === LogLevel.WARN ? 'warn' : l === LogLevel.ERROR ? 'error' : 'info';
    },
    getLevel() {
      return { debug: LogLevel.DEBUG, info: LogLevel.INFO, warn: LogLevel.WARN, error: LogLevel.ERROR }[level];
    },
    setName(n: string) {
      name = n;
    },
  };
}
