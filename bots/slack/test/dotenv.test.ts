import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDotEnv } from '../src/dotenv.js';

function dirWith(content: string, name = '.env'): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'mispkit-dotenv-'));
  writeFileSync(path.join(dir, name), content);
  return dir;
}

describe('loadDotEnv', () => {
  it('reads .env from the working directory, the environment winning', () => {
    const dir = dirWith('MISP_URL=https://misp.example.org\nMISP_API_KEY="abc"\n# comment\nLOG_LEVEL=debug\n');
    const env: NodeJS.ProcessEnv = { LOG_LEVEL: 'warn' };
    const result = loadDotEnv(env, dir);
    expect(env).toEqual({ LOG_LEVEL: 'warn', MISP_URL: 'https://misp.example.org', MISP_API_KEY: 'abc' });
    expect(result.loaded.sort()).toEqual(['MISP_API_KEY', 'MISP_URL']);
  });

  it('reads the file MISPKIT_ENV_FILE names, none when it is empty, and fails on a missing one', () => {
    const dir = dirWith('SLACK_BOT_TOKEN=xoxb-1\n', 'bot.env');
    const env: NodeJS.ProcessEnv = { MISPKIT_ENV_FILE: 'bot.env' };
    loadDotEnv(env, dir);
    expect(env.SLACK_BOT_TOKEN).toBe('xoxb-1');

    const off: NodeJS.ProcessEnv = { MISPKIT_ENV_FILE: '' };
    expect(loadDotEnv(off, dirWith('X=1\n')).loaded).toEqual([]);
    expect(off.X).toBeUndefined();

    expect(() => loadDotEnv({ MISPKIT_ENV_FILE: 'missing.env' }, dir)).toThrow(/missing\.env, which does not exist/);
  });

  it('is silent when there is no .env', () => {
    const env: NodeJS.ProcessEnv = {};
    expect(loadDotEnv(env, mkdtempSync(path.join(tmpdir(), 'mispkit-dotenv-')))).toEqual({ loaded: [] });
  });
});
