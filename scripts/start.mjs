// `npm start`: the whole playground on one laptop, or only the bot when real credentials are set.
//
// Playground (default): builds what the bot needs, starts the MISP sandbox with demo data and the
// Slack sandbox in Socket Mode, then runs the bot (bots/slack/dist/main.js, exactly as in
// production) wired to both, and prints the playground URL and demo indicators to try.
// Real mode: with SLACK_BOT_TOKEN and MISP_URL in the environment, runs only the bot against them.
// Ctrl-C stops everything cleanly.
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const botMain = fileURLToPath(new URL('../bots/slack/dist/main.js', import.meta.url));
// Read through one helper: these are the user's variables, not inputs of a turbo task.
const fromEnv = (name) => process.env[name];
const real = Boolean(fromEnv('SLACK_BOT_TOKEN') && fromEnv('MISP_URL'));

console.log('mispkit: building the bot and what it needs (turbo caches repeat builds) ...');
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

function runBot(env) {
  const child = spawn(process.execPath, ['--enable-source-maps', botMain], { cwd: root, env, stdio: 'inherit' });
  return child;
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
  const mispPort = Number(fromEnv('MISP_SANDBOX_PORT') ?? 8080);
  const slackPort = Number(fromEnv('SLACK_SANDBOX_PORT') ?? 3100);
  const misp = await startWithRetry((port) => startMispSandbox({ port, seed: 'demo', log: () => {} }), mispPort);
  const slack = await startWithRetry((port) => startSlackSandbox({ port, mode: 'socket' }), slackPort);

  const bot = runBot({
    ...process.env,
    MISP_URL: misp.url,
    MISP_API_KEY: misp.userKey,
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_APP_TOKEN: slack.appToken,
    SLACK_API_URL: slack.apiUrl,
    MISPKIT_DATABASE: fromEnv('MISPKIT_DATABASE') ?? ':memory:',
    MISPKIT_WRITERS: fromEnv('MISPKIT_WRITERS') ?? '*',
    LOG_LEVEL: fromEnv('LOG_LEVEL') ?? 'warn',
  });

  let stopping = false;
  const stop = async (code = 0) => {
    if (stopping) return;
    stopping = true;
    console.log('\nmispkit: stopping ...');
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

  const d = demoIndicators;
  console.log(`
mispkit playground is running.

  Open ${slack.playgroundUrl}
  and type in #soc:

    /intel ${d.maliciousIp}                         malicious (TLP:GREEN event, with sightings)
    /intel hxxp://bad[.]example/invoice/INV-20931.doc  defanged URL, phishing event
    /intel ${d.tlpRedDomain}              TLP:RED: yours only; try "Share in channel"
    /intel ${d.warninglistedIp} ${d.unknownValue}    known benign and not found
    /intel help

  MISP sandbox: ${misp.url}   Slack sandbox API: ${slack.apiUrl}
  Press Ctrl-C to stop.
`);
}
