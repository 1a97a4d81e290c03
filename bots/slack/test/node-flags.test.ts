import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('how the bot is started', () => {
  it('uses the same Node.js flags in package.json as npm start and the bench (BOT_NODE_FLAGS)', async () => {
    const { BOT_NODE_FLAGS } = await import('../src/node-flags.js');
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      scripts: { start: string };
    };
    expect(pkg.scripts.start).toBe(`node ${BOT_NODE_FLAGS.join(' ')} dist/main.js`);
  });
});
