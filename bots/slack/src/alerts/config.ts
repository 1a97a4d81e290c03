// Alert settings from the environment (all optional), with one message naming every bad value.
import type { AlertPipelineConfig } from './pipeline.js';

export function alertConfigFromEnv(env: Record<string, string | undefined> = process.env): {
  config: AlertPipelineConfig;
  problems: string[];
} {
  const problems: string[] = [];
  const int = (name: string, min: number): number | undefined => {
    const raw = env[name];
    if (raw === undefined || raw === '') return undefined;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) {
      problems.push(`${name}: expected an integer ≥ ${min}, got "${raw.slice(0, 40)}"`);
      return undefined;
    }
    return n;
  };
  const config: AlertPipelineConfig = {};
  const interval = int('MISPKIT_POLL_INTERVAL_MS', 100);
  if (interval !== undefined) config.pollIntervalMs = interval;
  const overlap = int('MISPKIT_POLL_OVERLAP_SECONDS', 0);
  if (overlap !== undefined) config.overlapSeconds = overlap;
  const burst = int('MISPKIT_ALERT_BURST', 1);
  if (burst !== undefined) config.burstThreshold = burst;
  const pace = int('MISPKIT_ALERT_CHANNEL_INTERVAL_MS', 0);
  if (pace !== undefined) config.perChannelIntervalMs = pace;
  const port = int('MISPKIT_WEBHOOK_PORT', 0);
  const secret = env.MISPKIT_WEBHOOK_SECRET;
  if (port !== undefined && !secret) problems.push('MISPKIT_WEBHOOK_PORT is set but MISPKIT_WEBHOOK_SECRET is missing');
  if (port !== undefined && secret) {
    if (secret.length < 16) problems.push('MISPKIT_WEBHOOK_SECRET: use at least 16 characters');
    else config.webhook = { port, secret, host: env.MISPKIT_WEBHOOK_HOST ?? '127.0.0.1' };
  }
  if (env.MISPKIT_ALERTS_POLL === 'false') config.poll = false;
  return { config, problems };
}
