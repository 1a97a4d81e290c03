#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { type MispSandboxOptions, seedScale, startMispSandbox } from './index.js';

const HELP = `misp-sandbox — a MISP-compatible REST server on SQLite

Usage: misp-sandbox [options]

  --port N             port to listen on (default 8080; 0 = any free port)
  --host HOST          interface to bind (default 127.0.0.1)
  --db PATH            SQLite file (default :memory:)
  --seed demo|none     none (default): a freshly installed MISP (site admin, ORGNAME,
                       default roles, catalogues); demo: demo organisations, users, events
  --scale N            bulk-load N attributes in N/10 events (benchmarks)
  --admin-key KEY      site admin key (40 alphanumerics; generated if absent)
  --user-key KEY       demo publisher's key (--seed demo; generated if absent)
  --read-only-key KEY  demo read-only user's key (--seed demo; generated if absent)
  --webhook URL        POST published events to URL (MISP workflow shape)
  --webhook-secret S   HMAC-SHA256 secret for the X-Mispkit-Signature header
  --max-body-bytes N   largest accepted request body (default 10485760)
  --rate-limit N       restSearch calls per user per 15 min (default unlimited)
  --serve-feed         serve published all-communities events as a MISP feed at /feed/
  --allow-remote-feeds let feeds and sync servers reach hosts beyond loopback
  --feed-timeout-ms N  time box of each feed or sync server request (default 10000)
  --noticelists DIR    install the noticelists of DIR (misp-noticelist layout: lists/<name>/list.json)
  --communities FILE   serve the sharing communities of FILE (MISP's community-metadata JSON list)
  --help               show this help
`;

function fail(message: string): never {
  process.stderr.write(`misp-sandbox: ${message}\n\n${HELP}`);
  process.exit(2);
}

async function main(): Promise<void> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string', default: '8080' },
        host: { type: 'string', default: '127.0.0.1' },
        db: { type: 'string', default: ':memory:' },
        seed: { type: 'string', default: 'none' },
        scale: { type: 'string' },
        'admin-key': { type: 'string' },
        'user-key': { type: 'string' },
        'read-only-key': { type: 'string' },
        webhook: { type: 'string' },
        'webhook-secret': { type: 'string' },
        'max-body-bytes': { type: 'string' },
        'rate-limit': { type: 'string' },
        'serve-feed': { type: 'boolean', default: false },
        'allow-remote-feeds': { type: 'boolean', default: false },
        'feed-timeout-ms': { type: 'string' },
        noticelists: { type: 'string' },
        communities: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail('--port must be an integer between 0 and 65535');
  const seed = values.seed;
  if (seed !== 'demo' && seed !== 'none') fail('--seed must be "demo" or "none"');
  if (values.webhook && !values['webhook-secret']) fail('--webhook needs --webhook-secret');
  if (seed !== 'demo' && (values['user-key'] !== undefined || values['read-only-key'] !== undefined))
    fail('--user-key and --read-only-key need --seed demo (--seed none has only the site admin)');
  const options: MispSandboxOptions = { port, host: String(values.host), db: String(values.db), seed };
  for (const [flag, key] of [
    ['admin-key', 'adminKey'],
    ['user-key', 'userKey'],
    ['read-only-key', 'readOnlyKey'],
  ] as const) {
    const value = values[flag];
    if (typeof value === 'string') options[key] = value;
  }
  if (typeof values.webhook === 'string')
    options.webhook = { url: values.webhook, secret: String(values['webhook-secret']) };
  if (typeof values['max-body-bytes'] === 'string') {
    const max = Number(values['max-body-bytes']);
    if (!Number.isInteger(max) || max <= 0) fail('--max-body-bytes must be a positive integer');
    options.maxBodyBytes = max;
  }
  if (typeof values['rate-limit'] === 'string') {
    const limit = Number(values['rate-limit']);
    if (!Number.isInteger(limit) || limit < 0) fail('--rate-limit must be a non-negative integer');
    options.rateLimit = limit;
  }
  if (values['serve-feed']) options.serveFeed = true;
  options.sync = { loopbackOnly: !values['allow-remote-feeds'] };
  if (typeof values['feed-timeout-ms'] === 'string') {
    const timeout = Number(values['feed-timeout-ms']);
    if (!Number.isInteger(timeout) || timeout <= 0) fail('--feed-timeout-ms must be a positive integer');
    options.sync.timeoutMs = timeout;
  }

  if (typeof values.noticelists === 'string') options.noticelists = values.noticelists;
  if (typeof values.communities === 'string') options.communities = values.communities;

  let misp: Awaited<ReturnType<typeof startMispSandbox>>;
  try {
    misp = await startMispSandbox(options);
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  if (values.scale !== undefined) {
    const n = Number(values.scale);
    if (!Number.isInteger(n) || n < 0) fail('--scale must be a non-negative integer');
    const result = seedScale(misp, { attributes: n });
    process.stdout.write(
      `Loaded ${result.attributes} attributes in ${result.events} events (${Math.round(result.attributesPerSecond)}/s)\n`,
    );
  }
  const [admin, user, readOnly, ...partners] = misp.users;
  process.stdout.write(
    [
      `MISP sandbox listening on ${misp.url}`,
      `  database:       ${options.db}`,
      `  admin key:      ${admin?.key}   (${admin?.email}, site admin, ${admin?.org})`,
      ...(user && readOnly
        ? [
            `  user key:       ${user.key}   (${user.email}, publisher, ${user.org})`,
            `  read-only key:  ${readOnly.key}   (${readOnly.email}, ${readOnly.org})`,
            ...partners.map((u) => `  ${u.org}: ${u.key}   (${u.email})`),
          ]
        : ['  (a fresh MISP: add organisations and users through the API, or start with --seed demo)']),
      '',
    ].join('\n'),
  );
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`Received ${signal}, shutting down\n`);
    misp.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

void main();
