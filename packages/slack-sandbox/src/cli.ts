#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { startSlackSandbox } from './sandbox.js';

const USAGE = `Usage: slack-sandbox [options]

  --port N              port to listen on (default 3100; 0 = any free port)
  --host HOST           address to bind (default 127.0.0.1)
  --mode socket|http    deliver to the app over Socket Mode (default) or signed HTTP POSTs
  --request-url URL     the app's request URL (http mode), e.g. http://127.0.0.1:3000/slack/events
  --signing-secret S    signing secret for http mode (generated if absent)
  --bot-token T         fixed bot token (xoxb-…; generated if absent)
  --app-token T         fixed app-level token (xapp-…; generated if absent)
  --no-rate-limit       no rate limits (chat.postMessage per channel, method tiers)
  -h, --help            show this help
`;

async function main(): Promise<void> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string', default: '3100' },
        host: { type: 'string', default: '127.0.0.1' },
        mode: { type: 'string', default: 'socket' },
        'request-url': { type: 'string' },
        'signing-secret': { type: 'string' },
        'bot-token': { type: 'string' },
        'app-token': { type: 'string' },
        'no-rate-limit': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const port = Number(values.port);
  const mode = values.mode;
  const problems: string[] = [];
  if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push('--port must be an integer 0–65535');
  if (mode !== 'socket' && mode !== 'http') problems.push('--mode must be socket or http');
  const requestUrl = values['request-url'] as string | undefined;
  if (requestUrl !== undefined && !/^https?:\/\//.test(requestUrl))
    problems.push('--request-url must be an http(s) URL');
  const botToken = values['bot-token'] as string | undefined;
  const appToken = values['app-token'] as string | undefined;
  if (botToken !== undefined && !botToken.startsWith('xoxb-')) problems.push('--bot-token must start with xoxb-');
  if (appToken !== undefined && !appToken.startsWith('xapp-')) problems.push('--app-token must start with xapp-');
  if (problems.length > 0) {
    process.stderr.write(`${problems.join('\n')}\n\n${USAGE}`);
    process.exit(2);
  }
  const signingSecret = values['signing-secret'] as string | undefined;
  const slack = await startSlackSandbox({
    port,
    host: values.host as string,
    mode: mode as 'socket' | 'http',
    ...(requestUrl ? { requestUrl } : {}),
    ...(signingSecret ? { signingSecret } : {}),
    ...(botToken ? { botToken } : {}),
    ...(appToken ? { appToken } : {}),
    ...(values['no-rate-limit'] ? { rateLimits: { chatPostMessage: false, tiers: false } } : {}),
  });
  // The tokens are printed on purpose: this is a local sandbox and the app needs them to connect.
  const lines = [
    `Slack sandbox (${slack.mode} mode)`,
    `  Web API:        ${slack.apiUrl}   (slackApiUrl)`,
    `  Playground:     ${slack.playgroundUrl}`,
    `  Bot token:      ${slack.botToken}`,
    `  App token:      ${slack.appToken}`,
    `  Signing secret: ${slack.signingSecret}`,
    ...(slack.mode === 'http' ? [`  Request URL:    ${requestUrl ?? '(none — pass --request-url)'}`] : []),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal} received, shutting down\n`);
    await slack.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`slack-sandbox: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
