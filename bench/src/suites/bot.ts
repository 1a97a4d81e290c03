// End-to-end lookup latency of the Slack bot: slash command into the Slack sandbox (Socket Mode)
// → bot → MISP sandbox with a large attribute table → verdict card back in the Slack sandbox.
// The bot runs as its own process (bots/slack/dist/main.js with BOT_NODE_FLAGS, as in production) so its RSS is its own.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { scaleValue, seedScale, startMispSandbox } from '@mispkit/misp-sandbox';
import { startSlackSandbox } from '@mispkit/slack-sandbox';
import { BOT_NODE_FLAGS } from '../../../bots/slack/src/node-flags.js';
import { round, type Section, type Suite, summarise } from '../report.js';

const ATTRIBUTES = Number(process.env.BENCH_BOT_ATTRIBUTES ?? 1_000_000);
const RUNS_ONE = 200;
const RUNS_FIFTY = 40;
const botMain = fileURLToPath(new URL('../../../bots/slack/dist/main.js', import.meta.url));

function rssMb(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? Number.NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

const suite: Suite = {
  name: 'bot',
  async run(): Promise<Section[]> {
    if (!existsSync(botMain)) {
      return [
        {
          title: 'Slack bot: end-to-end lookup',
          rows: [],
          notes: [
            'bots/slack/dist/main.js is missing: run `npx turbo run build --filter=@mispkit/slack-bot...` first.',
          ],
        },
      ];
    }
    const misp = await startMispSandbox({ seed: 'demo', log: () => {} });
    const seeded = seedScale(misp, { attributes: ATTRIBUTES });
    const slack = await startSlackSandbox({ mode: 'socket', rateLimits: { chatPostMessage: false } });
    const bot = spawn(process.execPath, [...BOT_NODE_FLAGS, botMain], {
      env: {
        ...process.env,
        MISP_URL: misp.url,
        MISP_API_KEY: misp.userKey,
        SLACK_BOT_TOKEN: slack.botToken,
        SLACK_APP_TOKEN: slack.appToken,
        SLACK_API_URL: slack.apiUrl,
        MISPKIT_DATABASE: ':memory:',
        MISPKIT_RATE_LIMIT_BURST: '1000',
        MISPKIT_RATE_LIMIT_PER_MINUTE: '6000',
        // The alert poller's own MISP requests would be counted as the lookups' (misp.stats()).
        MISPKIT_ALERTS: 'false',
        LOG_LEVEL: 'error',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    try {
      // Ready when the Socket Mode connection is open.
      for (let i = 0; i < 200 && slack.socketConnections() === 0; i++) await new Promise((r) => setTimeout(r, 50));
      if (slack.socketConnections() === 0) throw new Error('the bot did not connect to the Slack sandbox');

      let n = 0;
      const lookup = async (values: string[]): Promise<{ ms: number; mispCalls: number; text: string }> => {
        n += 1;
        const channel = 'C0SOC';
        const expected = values.length === 1 ? '1 indicator looked up' : `${values.length} indicators looked up`;
        const before = misp.stats().requests;
        const started = performance.now();
        let resolveAnswer: (text: string) => void = () => {};
        const answered = new Promise<string>((resolve) => {
          resolveAnswer = resolve;
        });
        const off = slack.onMessage((change) => {
          // The answer replaces the "Looking up…" message, so it arrives as an update (a post if that one failed).
          if (change.type !== 'deleted' && change.channel === channel && change.message.text.startsWith(expected))
            resolveAnswer(change.message.text);
        });
        const ack = await slack.slashCommand({ user: 'U0ALICE', channel, command: '/intel', text: values.join(' ') });
        if (!ack.acked) throw new Error(`lookup ${n} not acknowledged: ${ack.error}`);
        // A lookup that never answers must fail the suite, not hang it.
        const timeout = setTimeout(() => resolveAnswer(''), 30_000);
        const text = await answered;
        clearTimeout(timeout);
        off();
        if (!text) throw new Error(`lookup ${n} got no answer within 30 s`);
        return { ms: performance.now() - started, mispCalls: misp.stats().requests - before, text };
      };

      const pick = (i: number) => scaleValue(Math.floor((i * 7919) % ATTRIBUTES)).value;
      for (let i = 0; i < 10; i++) await lookup([pick(i)]); // warm-up
      const one: number[] = [];
      for (let i = 0; i < RUNS_ONE; i++) one.push((await lookup([pick(i + 100)])).ms);
      const fifty: number[] = [];
      let maxCalls = 0;
      let lastText = '';
      for (let i = 0; i < RUNS_FIFTY; i++) {
        const values = Array.from({ length: 50 }, (_, j) => pick(1000 + i * 50 + j));
        const result = await lookup(values);
        fifty.push(result.ms);
        maxCalls = Math.max(maxCalls, result.mispCalls);
        lastText = result.text;
      }
      const s1 = summarise(one);
      const s50 = summarise(fifty);
      const mem = rssMb(bot.pid ?? 0);
      return [
        {
          title: 'Slack bot: end-to-end lookup (slash command in → card out, Socket Mode, both sandboxes)',
          rows: [
            { name: 'attributes in MISP', value: seeded.attributes },
            { name: '1 indicator p50', value: round(s1.p50, 1), unit: 'ms' },
            { name: '1 indicator p95', value: round(s1.p95, 1), unit: 'ms', target: '≤ 250 ms', met: s1.p95 <= 250 },
            { name: '50 indicators p50', value: round(s50.p50, 1), unit: 'ms' },
            { name: '50 indicators p95', value: round(s50.p95, 1), unit: 'ms' },
            { name: 'MISP calls per 50-indicator lookup (max)', value: maxCalls, target: '≤ 2', met: maxCalls <= 2 },
            {
              name: 'bot RSS after the runs',
              value: round(mem.rss, 1),
              unit: 'MB',
              target: '≤ 150 MB',
              met: mem.rss <= 150,
            },
            { name: 'bot peak RSS', value: round(mem.peak, 1), unit: 'MB' },
          ],
          notes: [
            `${RUNS_ONE} sequential 1-indicator and ${RUNS_FIFTY} 50-indicator lookups of scale-seeded values after 10 warm-up lookups; ` +
              `seeding took ${round(seeded.seconds, 1)} s. The bot is a separate process (dist/main.js); both sandboxes run in the bench process.`,
            `Last 50-indicator answer: "${lastText}".`,
          ],
        },
      ];
    } finally {
      bot.kill('SIGTERM');
      await new Promise((resolve) => bot.once('exit', resolve));
      await slack.close();
      await misp.close();
    }
  },
};

export default suite;
