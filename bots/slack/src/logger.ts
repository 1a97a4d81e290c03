// Structured JSON logs, one object per line, with secrets redacted by key and by shape.
// Implements Bolt's Logger interface so Bolt and the web client log through it too.
import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';

const SECRET_KEY_NAMES = 'token|secret|authorization|api[-_]?key|password|response_url|trigger_id|cookie';
const SECRET_KEYS = new RegExp(SECRET_KEY_NAMES, 'i');
// Bolt, the Web API client and Socket Mode log whole payloads as JSON text at debug level, so
// strings are scrubbed by key inside JSON text too, and by shape. The markers name no secret kind,
// so a search of the logs for "response_url" finds only keys whose values are gone.
const SECRET_VALUES: [RegExp, string][] = [
  [new RegExp(`("[^"]*(?:${SECRET_KEY_NAMES})[^"]*"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, 'gi'), '$1"[redacted]"'],
  [/xox[abposre]-[A-Za-z0-9-]+/g, 'xox?-[redacted]'],
  [/xapp-[A-Za-z0-9-]+/g, 'xapp-[redacted]'],
  [/https:\/\/hooks\.slack\.com\/[^\s"']+/g, '[redacted-url]'],
  [/https?%3A%2F%2Fhooks\.slack\.com%2F[^\s"'&]+/gi, '[redacted-url]'],
  [/\/_sandbox\/response\/[^\s"']+|\/response_url\/[^\s"']+/g, '/[redacted-url]'],
  // The Socket Mode WebSocket URL carries a connection ticket.
  [/([?&](?:ticket|token|[\w-]*secret)=)[^&\s"']+/gi, '$1[redacted]'],
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

export interface LoggerOptions {
  level?: keyof typeof ORDER;
  write?: (line: string) => void;
  name?: string;
  /** Exact values (tokens, signing secret, MISP key) never to write, whatever their shape or key. */
  secrets?: readonly (string | undefined)[];
}

export function createLogger(options: LoggerOptions = {}): Logger {
  let level: keyof typeof ORDER = options.level ?? 'info';
  let name = options.name ?? 'mispkit-slack-bot';
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  // Short values would blank out ordinary words; real secrets are long.
  const secrets = [...new Set(options.secrets ?? [])].filter(
    (v): v is string => typeof v === 'string' && v.length >= 8,
  );
  const scrub = (line: string) => secrets.reduce((out, secret) => out.split(secret).join('[redacted]'), line);
  const emit = (lvl: keyof typeof ORDER, event: string, fields: Record<string, unknown> = {}) => {
    if (ORDER[lvl] < ORDER[level]) return;
    const record = { time: new Date().toISOString(), level: lvl, name, event, ...(redact(fields) as object) };
    write(scrub(JSON.stringify(record)));
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

/** The configured secrets, for `createLogger({ secrets })`. */
export function configSecrets(config: {
  slackBotToken: string;
  slackAppToken?: string | undefined;
  slackSigningSecret?: string | undefined;
  mispApiKey: string;
  alerts?: { webhook?: { secret?: string | undefined } | undefined } | undefined;
}): string[] {
  return [
    config.slackBotToken,
    config.mispApiKey,
    config.slackAppToken,
    config.slackSigningSecret,
    config.alerts?.webhook?.secret,
  ].filter((v): v is string => Boolean(v));
}
