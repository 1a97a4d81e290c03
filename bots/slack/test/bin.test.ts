// `npx @mispkit/slack-bot`: the package's one bin runs the built bot with its Node flags.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dir = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(`${dir}package.json`, 'utf8')) as {
  bin: Record<string, string>;
  private?: boolean;
};

describe('the mispkit-slack-bot command', () => {
  it('is the package’s only bin, so `npx @mispkit/slack-bot` runs it', () => {
    expect(pkg.private).toBeUndefined();
    expect(Object.values(pkg.bin)).toEqual(['./bin/mispkit-slack-bot.js']);
  });

  it('starts the bot, which names the missing configuration and exits 2', () => {
    const run = spawnSync(process.execPath, [`${dir}bin/mispkit-slack-bot.js`], {
      env: { PATH: process.env.PATH ?? '', MISPKIT_ENV_FILE: '' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('MISP_URL');
    expect(run.stderr).toContain('SLACK_BOT_TOKEN');
  });
});
