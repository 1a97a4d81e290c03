#!/usr/bin/env node
// `npx @mispkit/slack-bot` (or `mispkit-slack-bot` once installed): the bot, configured by the
// environment or a `.env` in the working directory (see .env.example). It runs dist/main.js in a
// child Node with the flags the bot is measured with (src/node-flags.ts), passing signals on so a
// service manager's SIGTERM stops it cleanly, and exits with its exit code.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const { BOT_NODE_FLAGS } = await import('../dist/node-flags.js');
const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const child = spawn(process.execPath, [...BOT_NODE_FLAGS, main, ...process.argv.slice(2)], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
