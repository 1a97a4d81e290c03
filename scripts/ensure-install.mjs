// Runs `npm ci` when node_modules is missing or older than package-lock.json, so that
// `npm start` and `npm test` work as the very first command on a fresh clone.
//
// The first install takes minutes (better-sqlite3 compiles from source), so it says what it is
// doing and how long it has taken, instead of sitting silent. npm's notes that install scripts
// ran (esbuild, better-sqlite3: both expected) are left out; everything else npm says is shown.
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';

const marker = 'node_modules/.package-lock.json';
const stale = !existsSync(marker) || statSync(marker).mtimeMs < statSync('package-lock.json').mtimeMs;
if (stale) await install();

async function install() {
  const started = Date.now();
  const elapsed = () => `${Math.round((Date.now() - started) / 1000)} s`;
  console.log(
    'mispkit: installing dependencies (npm ci). The first time takes 2–6 minutes: most of it is compiling\n' +
      'mispkit: better-sqlite3, the SQLite driver of the MISP sandbox and the bot, from source. Later runs skip this.',
  );
  const child = spawn('npm', ['ci', '--no-audit', '--no-fund'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let expectedNotes = 0;
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      if (/^npm warn install-scripts\b/.test(line)) {
        expectedNotes += 1;
        return;
      }
      if (line.trim()) console.log(line);
    });
  }
  const heartbeat = setInterval(() => {
    console.log(`mispkit: still installing (${elapsed()}; compiling better-sqlite3 is the long part) ...`);
  }, 30_000);
  const code = await new Promise((resolve) => child.on('close', resolve));
  clearInterval(heartbeat);
  if (code !== 0) {
    console.error(`mispkit: npm ci failed after ${elapsed()} (exit code ${code}); see npm's messages above.`);
    process.exit(code ?? 1);
  }
  console.log(
    `mispkit: dependencies installed in ${elapsed()}` +
      (expectedNotes ? ' (npm noted the install scripts of esbuild and better-sqlite3, as expected).' : '.'),
  );
}
