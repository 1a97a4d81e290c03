import { describe, expect, it } from 'vitest';
import { ConfigError, canWrite, loadConfig } from '../src/config.js';

const good = {
  MISP_URL: 'https://misp.example.org/',
  MISP_API_KEY: 'a'.repeat(40),
  SLACK_BOT_TOKEN: 'xoxb-1-2-secretvalue',
  SLACK_APP_TOKEN: 'xapp-1-A-secretvalue',
};

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('reads a complete Socket Mode configuration with defaults', () => {
    const config = loadConfig(good);
    expect(config).toMatchObject({
      mode: 'socket',
      mispUrl: 'https://misp.example.org',
      mispPublicUrl: 'https://misp.example.org',
      databasePath: './mispkit.sqlite',
      writers: [],
      maxIndicators: 50,
      port: 3000,
    });
  });

  it('uses HTTP mode when only a signing secret is set', () => {
    const { SLACK_APP_TOKEN: _, ...env } = good;
    expect(loadConfig({ ...env, SLACK_SIGNING_SECRET: 'f'.repeat(32), PORT: '8081' })).toMatchObject({
      mode: 'http',
      port: 8081,
    });
  });

  it('names every missing variable in one message', () => {
    const list = problems({});
    expect(list.join('\n')).toMatch(/MISP_URL is missing/);
    expect(list.join('\n')).toMatch(/MISP_API_KEY is missing/);
    expect(list.join('\n')).toMatch(/SLACK_BOT_TOKEN is missing/);
    expect(list.join('\n')).toMatch(/SLACK_APP_TOKEN \(Socket Mode\) or SLACK_SIGNING_SECRET \(HTTP mode\) is missing/);
    expect(list).toHaveLength(4);
  });

  it('names malformed variables without echoing secrets', () => {
    const env = {
      ...good,
      MISP_URL: 'ftp://x',
      MISP_API_KEY: 'short-secret',
      SLACK_BOT_TOKEN: 'xoxp-user-secret',
      PORT: 'eighty',
      MISPKIT_WRITERS: 'alice',
    };
    let message = '';
    try {
      loadConfig(env);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('MISP_URL is not an http(s) URL');
    expect(message).toContain('MISP_API_KEY is malformed');
    expect(message).toContain('SLACK_BOT_TOKEN is malformed');
    expect(message).toContain('PORT must be an integer');
    expect(message).toContain('MISPKIT_WRITERS');
    expect(message).not.toContain('short-secret');
    expect(message).not.toContain('xoxp-user-secret');
  });

  it('accepts a PostgreSQL URL and names a malformed one', () => {
    expect(loadConfig({ ...good, MISPKIT_DATABASE: 'postgres://mispkit@127.0.0.1:5432/test' }).databasePath).toBe(
      'postgres://mispkit@127.0.0.1:5432/test',
    );
    expect(problems({ ...good, MISPKIT_DATABASE: 'postgres://' }).join()).toContain('MISPKIT_DATABASE');
  });

  it('turns alerts on by default and reads their settings', () => {
    expect(loadConfig(good).alerts).toEqual({});
    const config = loadConfig({
      ...good,
      MISPKIT_POLL_INTERVAL_MS: '2000',
      MISPKIT_WEBHOOK_PORT: '8090',
      MISPKIT_WEBHOOK_SECRET: 'a-long-shared-webhook-secret',
    });
    expect(config.alerts).toMatchObject({ pollIntervalMs: 2000, webhook: { port: 8090, host: '127.0.0.1' } });
    expect(loadConfig({ ...good, MISPKIT_ALERTS: 'false' }).alerts).toBeUndefined();
  });

  it('lists bad alert variables in the same single message as the others, without the webhook secret', () => {
    let message = '';
    try {
      loadConfig({
        MISP_URL: 'https://misp.example.org',
        MISP_API_KEY: 'a'.repeat(40),
        MISPKIT_POLL_INTERVAL_MS: 'soon',
        MISPKIT_ALERT_BURST: '0',
        MISPKIT_WEBHOOK_PORT: '8090',
        MISPKIT_WEBHOOK_SECRET: 'tooshortsecret',
        MISPKIT_ALERTS: 'maybe',
      });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('SLACK_BOT_TOKEN is missing');
    expect(message).toContain('MISPKIT_POLL_INTERVAL_MS');
    expect(message).toContain('MISPKIT_ALERT_BURST');
    expect(message).toContain('MISPKIT_WEBHOOK_SECRET: use at least 16 characters');
    expect(message).toContain('MISPKIT_ALERTS must be true or false');
    expect(message).not.toContain('tooshortsecret');
  });

  it('reads writers, TLP default and verdict options', () => {
    const config = loadConfig({
      ...good,
      MISPKIT_WRITERS: 'U0ALICE, U0BOB',
      MISPKIT_DEFAULT_TLP: 'TLP:GREEN',
      MISPKIT_MALICIOUS_THREAT_LEVELS: '1,2',
      MISPKIT_MALICIOUS_TAGS: 'kill-chain:*',
      MISPKIT_HOST_VERDICT: 'Malicious',
    });
    expect(config.writers).toEqual(['U0ALICE', 'U0BOB']);
    expect(config.tlp.defaultTlp).toBe('green');
    expect(config.verdict.maliciousThreatLevels).toEqual(['1', '2']);
    expect(config.verdict.maliciousTags).toEqual(['kill-chain:*']);
    expect(config.verdict.hostVerdictCeiling).toBe('malicious');
    expect(loadConfig(good).verdict.hostVerdictCeiling).toBe('suspicious');
    expect(() => loadConfig({ ...good, MISPKIT_HOST_VERDICT: 'benign' })).toThrow(
      'MISPKIT_HOST_VERDICT must be malicious, suspicious or off',
    );
    expect(canWrite(config, 'U0BOB')).toBe(true);
    expect(canWrite(config, 'U0EVE')).toBe(false);
    expect(canWrite(loadConfig({ ...good, MISPKIT_WRITERS: '*' }), 'U0EVE')).toBe(true);
  });
});

describe('MISPKIT_TRIAGE_EVENT', () => {
  it('takes a MISP event id or uuid, and is off when unset', () => {
    expect(loadConfig(good).triageEvent).toBeUndefined();
    expect(loadConfig({ ...good, MISPKIT_TRIAGE_EVENT: '42' }).triageEvent).toBe('42');
    const uuid = '5f0c2b1e-8d4a-4c3b-9a1e-2b3c4d5e6f70';
    expect(loadConfig({ ...good, MISPKIT_TRIAGE_EVENT: uuid }).triageEvent).toBe(uuid);
  });

  it('refuses anything else', () => {
    expect(problems({ ...good, MISPKIT_TRIAGE_EVENT: 'triage' })).toContain(
      'MISPKIT_TRIAGE_EVENT must be a MISP event id or uuid',
    );
  });
});
