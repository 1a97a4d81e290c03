// Configuration from the environment, validated in one place. loadConfig() collects every
// problem and reports them together, so a misconfigured deploy is fixed in one round trip.
import { alertConfigFromEnv } from './alerts/config.js';
import type { AlertPipelineConfig } from './alerts/pipeline.js';
import { defaultTlpPolicy, TLP_LEVELS, type Tlp, type TlpPolicy } from './tlp.js';
import { defaultVerdictConfig, HOST_VERDICT_CEILINGS, type HostVerdictCeiling, type VerdictConfig } from './verdict.js';

export interface Config {
  mispUrl: string;
  mispApiKey: string;
  /** Base for links shown to users; defaults to mispUrl. */
  mispPublicUrl: string;
  mispTimeoutMs: number;
  slackBotToken: string;
  slackAppToken?: string | undefined;
  slackSigningSecret?: string | undefined;
  slackApiUrl?: string | undefined;
  /** Socket Mode when an app token is set, else HTTP on `port`. */
  mode: 'socket' | 'http';
  port: number;
  /** SQLite file path, `:memory:`, or a `postgres://` URL (alerts and the bot's own tables). */
  databasePath: string;
  /** Alert pipeline settings (MISPKIT_POLL_*, MISPKIT_ALERT_*, MISPKIT_WEBHOOK_*); undefined when MISPKIT_ALERTS=false. */
  alerts: AlertPipelineConfig | undefined;
  /** Slack user ids allowed to press write buttons; `'*'` = everyone. */
  writers: '*' | string[];
  /** MISP event (id or uuid) that "Add to MISP" adds not-found indicators to; unset = no such button. */
  triageEvent?: string | undefined;
  maxIndicators: number;
  /** Token bucket per user on /intel: `burst` lookups, refilled at `perMinute`. */
  rateLimit: { burst: number; perMinute: number };
  tlp: TlpPolicy;
  verdict: VerdictConfig;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`mispkit slack bot: invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function url(env: Env, name: string, problems: string[], required: boolean): string | undefined {
  const value = env[name]?.trim();
  if (!value) {
    if (required) problems.push(`${name} is missing (e.g. https://misp.example.org)`);
    return undefined;
  }
  try {
    const parsed = new URL(value);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('scheme');
    return value.replace(/\/+$/, '');
  } catch {
    problems.push(`${name} is not an http(s) URL`);
    return undefined;
  }
}

function int(
  env: Env,
  name: string,
  fallback: number,
  problems: string[],
  min = 0,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    problems.push(`${name} must be an integer between ${min} and ${max}`);
    return fallback;
  }
  return value;
}

function tlp(env: Env, name: string, fallback: Tlp, problems: string[]): Tlp {
  const raw = env[name]?.trim().toLowerCase().replace(/^tlp:/, '');
  if (!raw) return fallback;
  const value = raw === 'white' ? 'clear' : raw;
  if (!(TLP_LEVELS as readonly string[]).includes(value)) {
    problems.push(`${name} must be one of ${TLP_LEVELS.map((t) => `TLP:${t.toUpperCase()}`).join(', ')}`);
    return fallback;
  }
  return value as Tlp;
}

/** Reads the configuration; throws ConfigError naming every missing or malformed variable. Never echoes secrets. */
export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const mispUrl = url(env, 'MISP_URL', problems, true);
  const mispPublicUrl = url(env, 'MISP_PUBLIC_URL', problems, false);
  const slackApiUrl = url(env, 'SLACK_API_URL', problems, false);

  const mispApiKey = env.MISP_API_KEY?.trim();
  if (!mispApiKey) problems.push('MISP_API_KEY is missing (the 40-character MISP auth key of the bot’s MISP user)');
  else if (!/^[A-Za-z0-9]{40}$/.test(mispApiKey))
    problems.push('MISP_API_KEY is malformed (expected 40 letters and digits)');

  const slackBotToken = env.SLACK_BOT_TOKEN?.trim();
  if (!slackBotToken) problems.push('SLACK_BOT_TOKEN is missing (the xoxb- bot token)');
  else if (!slackBotToken.startsWith('xoxb-'))
    problems.push('SLACK_BOT_TOKEN is malformed (expected it to start with xoxb-)');

  const slackAppToken = env.SLACK_APP_TOKEN?.trim() || undefined;
  const slackSigningSecret = env.SLACK_SIGNING_SECRET?.trim() || undefined;
  if (slackAppToken && !slackAppToken.startsWith('xapp-'))
    problems.push('SLACK_APP_TOKEN is malformed (expected it to start with xapp-)');
  if (!slackAppToken && !slackSigningSecret) {
    problems.push('SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode) is missing; set one of them');
  }

  const database = env.MISPKIT_DATABASE?.trim() || './mispkit.sqlite';
  if (/^postgres(ql)?:/i.test(database)) {
    try {
      const parsed = new URL(database);
      if (!parsed.hostname) throw new Error('host');
    } catch {
      problems.push('MISPKIT_DATABASE is not a valid postgres:// URL (e.g. postgres://mispkit@db.example.org/mispkit)');
    }
  }

  const alertsSwitch = env.MISPKIT_ALERTS?.trim().toLowerCase() || 'true';
  if (!['true', 'false'].includes(alertsSwitch)) problems.push('MISPKIT_ALERTS must be true or false');
  const alertSettings = alertConfigFromEnv(env);
  problems.push(...alertSettings.problems);

  const writersRaw = env.MISPKIT_WRITERS?.trim();
  const writerList = list(writersRaw);
  const writers: '*' | string[] = writersRaw === '*' ? '*' : writerList;
  for (const id of writerList) {
    if (writersRaw !== '*' && !/^[UW][A-Z0-9]+$/.test(id))
      problems.push(`MISPKIT_WRITERS: "${id.slice(0, 20)}" is not a Slack user id (like U0123ABCD)`);
  }

  const defaultTlp = tlp(env, 'MISPKIT_DEFAULT_TLP', defaultTlpPolicy.defaultTlp, problems);
  const logLevel = (env.LOG_LEVEL?.trim().toLowerCase() || 'info') as Config['logLevel'];
  if (!['debug', 'info', 'warn', 'error'].includes(logLevel))
    problems.push('LOG_LEVEL must be debug, info, warn or error');

  const malicious = list(env.MISPKIT_MALICIOUS_TAGS);
  const suspicious = list(env.MISPKIT_SUSPICIOUS_TAGS);
  const benign = list(env.MISPKIT_BENIGN_TAGS);
  const levels = list(env.MISPKIT_MALICIOUS_THREAT_LEVELS);
  for (const level of levels)
    if (!['1', '2', '3', '4'].includes(level))
      problems.push('MISPKIT_MALICIOUS_THREAT_LEVELS must list 1 (High) to 4 (Undefined)');
  const hostVerdict = env.MISPKIT_HOST_VERDICT?.trim().toLowerCase() || defaultVerdictConfig.hostVerdictCeiling;
  if (!(HOST_VERDICT_CEILINGS as readonly string[]).includes(hostVerdict))
    problems.push('MISPKIT_HOST_VERDICT must be malicious, suspicious or off');

  const triageEvent = env.MISPKIT_TRIAGE_EVENT?.trim() || undefined;
  if (triageEvent && !/^(\d+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i.test(triageEvent))
    problems.push('MISPKIT_TRIAGE_EVENT must be a MISP event id or uuid');

  const config = {
    mispUrl: mispUrl ?? '',
    mispApiKey: mispApiKey ?? '',
    mispPublicUrl: mispPublicUrl ?? mispUrl ?? '',
    mispTimeoutMs: int(env, 'MISP_TIMEOUT_MS', 5000, problems, 100, 60_000),
    slackBotToken: slackBotToken ?? '',
    slackAppToken,
    slackSigningSecret,
    slackApiUrl: slackApiUrl ? `${slackApiUrl}/` : undefined,
    mode: slackAppToken ? 'socket' : 'http',
    port: int(env, 'PORT', 3000, problems, 0, 65535),
    databasePath: database,
    alerts: alertsSwitch === 'false' ? undefined : alertSettings.config,
    writers,
    triageEvent,
    maxIndicators: int(env, 'MISPKIT_MAX_INDICATORS', 50, problems, 1, 50),
    rateLimit: {
      burst: int(env, 'MISPKIT_RATE_LIMIT_BURST', 10, problems, 1, 1000),
      perMinute: int(env, 'MISPKIT_RATE_LIMIT_PER_MINUTE', 20, problems, 1, 6000),
    },
    tlp: { ...defaultTlpPolicy, defaultTlp },
    verdict: {
      ...defaultVerdictConfig,
      ...(malicious.length ? { maliciousTags: malicious } : {}),
      ...(suspicious.length ? { suspiciousTags: suspicious } : {}),
      ...(benign.length ? { benignTags: benign } : {}),
      ...(levels.length ? { maliciousThreatLevels: levels } : {}),
      hostVerdictCeiling: hostVerdict as HostVerdictCeiling,
    },
    logLevel,
  } satisfies Config;
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

export function canWrite(config: Pick<Config, 'writers'>, userId: string): boolean {
  return config.writers === '*' || config.writers.includes(userId);
}
