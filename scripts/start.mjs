// `npm start`: the whole playground on one laptop, or only the bot when real credentials are set.
//
// Playground (default): builds what the bot needs, starts the MISP sandbox with demo data and the
// Slack sandbox in Socket Mode, then runs the bot (bots/slack/dist/main.js, exactly as in
// production) wired to both, and prints the playground URL and demo indicators to try.
// Alerts: the MISP sandbox sends its publish webhook to the bot (the poller runs too, as the safety
// net), #soc-alerts is subscribed with `/intel subscribe`, and a demo publisher (bots/slack/dist/demo.js,
// never part of the bot itself) publishes a new high-severity event every
// MISPKIT_DEMO_PUBLISH_INTERVAL seconds (default 20; 0 = off).
// Real mode: with SLACK_BOT_TOKEN and MISP_URL in the environment, runs only the bot against them.
// Ctrl-C stops everything cleanly.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { parseEnv } from 'node:util';
import { demoExampleLines } from './demo-examples.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const botMain = fileURLToPath(new URL('../bots/slack/dist/main.js', import.meta.url));
const botDemo = new URL('../bots/slack/dist/demo.js', import.meta.url).href;
// Read through one helper: these are the user's variables, not inputs of a turbo task.
const fromEnv = (name) => process.env[name];
// A `.env` at the root counts as the environment (variables already set win), as for the bot itself.
const dotEnv = new URL('../.env', import.meta.url);
if (existsSync(dotEnv) && fromEnv('MISPKIT_ENV_FILE') !== '') {
  for (const [name, value] of Object.entries(parseEnv(readFileSync(dotEnv, 'utf8')))) process.env[name] ||= value;
}
const real = Boolean(fromEnv('SLACK_BOT_TOKEN') && fromEnv('MISP_URL'));

console.log(
  'mispkit: building the bot and what it needs (about a minute the first time; turbo caches repeat builds) ...',
);
const build = spawnSync(
  'npx',
  ['turbo', 'run', 'build', '--filter=@mispkit/slack-bot...', '--output-logs=errors-only'],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
if (build.status !== 0) {
  console.error('mispkit: the build failed; see the errors above.');
  process.exit(build.status ?? 1);
}

// The same flags as `npm start -w @mispkit/slack-bot` (see bots/slack/src/node-flags.ts).
const { BOT_NODE_FLAGS } = await import('../bots/slack/dist/node-flags.js');

function runBot(env) {
  const child = spawn(process.execPath, [...BOT_NODE_FLAGS, botMain], { cwd: root, env, stdio: 'inherit' });
  return child;
}

/** A free local port for the bot's webhook receiver (MISP must know the URL before the bot starts). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(check, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

async function startWithRetry(start, port) {
  try {
    return await start(port);
  } catch (error) {
    if (error?.code !== 'EADDRINUSE') throw error;
    return start(0);
  }
}

if (real) {
  console.log('mispkit: SLACK_BOT_TOKEN and MISP_URL are set: running only the bot against them.');
  const bot = runBot(process.env);
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => bot.kill(signal));
  bot.on('exit', (code) => process.exit(code ?? 0));
} else {
  const { startMispSandbox, demoIndicators } = await import('@mispkit/misp-sandbox');
  const { startSlackSandbox } = await import('@mispkit/slack-sandbox');
  const { createMispClient } = await import('@mispkit/sdk');
  const { startDemoPublisher } = await import(botDemo);
  const mispPort = Number(fromEnv('MISP_SANDBOX_PORT') ?? 8080);
  const slackPort = Number(fromEnv('SLACK_SANDBOX_PORT') ?? 3100);
  const publishSeconds = Number(fromEnv('MISPKIT_DEMO_PUBLISH_INTERVAL') ?? 20);
  if (!Number.isFinite(publishSeconds) || publishSeconds < 0) {
    console.error('mispkit: MISPKIT_DEMO_PUBLISH_INTERVAL must be a number of seconds (0 = off).');
    process.exit(2);
  }
  const webhookPort = Number(fromEnv('MISPKIT_WEBHOOK_PORT') ?? (await freePort()));
  const webhookSecret = fromEnv('MISPKIT_WEBHOOK_SECRET') ?? randomBytes(24).toString('hex');
  const webhook = { url: `http://127.0.0.1:${webhookPort}/misp/webhook`, secret: webhookSecret };
  const misp = await startWithRetry(
    (port) => startMispSandbox({ port, seed: 'demo', webhook, log: () => {} }),
    mispPort,
  );
  const slack = await startWithRetry((port) => startSlackSandbox({ port, mode: 'socket' }), slackPort);
  // "Add to MISP" on not-found cards adds to this event, as a triage event would be in production.
  const triage = await createMispClient({ baseUrl: misp.url, apiKey: misp.userKey }).events.add({
    info: 'Slack triage: indicators added from the playground',
    distribution: 0,
  });

  const bot = runBot({
    ...process.env,
    MISP_URL: misp.url,
    MISP_API_KEY: misp.userKey,
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_APP_TOKEN: slack.appToken,
    SLACK_API_URL: slack.apiUrl,
    MISPKIT_DATABASE: fromEnv('MISPKIT_DATABASE') ?? ':memory:',
    // The playground is self-contained: the bot must not pick up a .env meant for real credentials.
    MISPKIT_ENV_FILE: '',
    MISPKIT_WRITERS: fromEnv('MISPKIT_WRITERS') ?? '*',
    MISPKIT_TRIAGE_EVENT: fromEnv('MISPKIT_TRIAGE_EVENT') ?? String(triage.id),
    MISPKIT_WEBHOOK_PORT: String(webhookPort),
    MISPKIT_WEBHOOK_SECRET: webhookSecret,
    MISPKIT_POLL_INTERVAL_MS: fromEnv('MISPKIT_POLL_INTERVAL_MS') ?? '5000',
    LOG_LEVEL: fromEnv('LOG_LEVEL') ?? 'warn',
  });
  let publisher;

  let stopping = false;
  const stop = async (code = 0) => {
    if (stopping) return;
    stopping = true;
    console.log('\nmispkit: stopping ...');
    publisher?.stop();
    if (bot.exitCode === null) {
      const exited = new Promise((resolve) => bot.once('exit', resolve));
      bot.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    }
    await Promise.allSettled([slack.close(), misp.close()]);
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  bot.on('exit', (code) => {
    if (!stopping) {
      console.error(`mispkit: the bot exited (code ${code}); stopping the sandboxes.`);
      void stop(code ?? 1);
    }
  });

  // Subscribe #soc-alerts the way a user would, once the bot is connected.
  const alertsChannel = 'C0SOCALERTS';
  let subscribed = false;
  if (await waitFor(() => slack.socketConnections() > 0, 30_000)) {
    const answer = slack
      .waitForMessage((m) => m.channel === alertsChannel && m.ephemeral_to === 'U0ALICE', { timeoutMs: 15_000 })
      .catch(() => undefined);
    await slack.slashCommand({ user: 'U0ALICE', channel: alertsChannel, command: '/intel', text: 'subscribe' });
    subscribed = Boolean((await answer)?.text.startsWith('Subscribed'));
  }
  if (!subscribed) console.error('mispkit: could not subscribe #soc-alerts; type /intel subscribe there yourself.');
  if (publishSeconds > 0) {
    const admin = createMispClient({ baseUrl: misp.url, apiKey: misp.adminKey });
    publisher = startDemoPublisher(admin, {
      intervalMs: publishSeconds * 1000,
      immediate: true,
      onError: (error) => console.error(`mispkit: demo publisher: ${error?.message ?? error}`),
    });
  }

  const exampleLines = demoExampleLines(demoIndicators);
  console.log(`
mispkit playground is running.

  Open ${slack.playgroundUrl}
  and type in #soc:

${exampleLines}

  #soc-alerts is subscribed to new high-severity MISP events (/intel subscriptions there).
  ${
    publishSeconds > 0
      ? `A demo publisher adds one to the MISP sandbox every ${publishSeconds} s (MISPKIT_DEMO_PUBLISH_INTERVAL, 0 = off);`
      : 'The demo publisher is off (MISPKIT_DEMO_PUBLISH_INTERVAL=0);'
  }
  watch them arrive in #soc-alerts, then try Acknowledge and Look up indicators on one.

  MISP sandbox: ${misp.url} ("Open in MISP" links: sign in as admin@admin.test, password admin)
  Slack sandbox API: ${slack.apiUrl}
  Press Ctrl-C to stop.
`);
}
