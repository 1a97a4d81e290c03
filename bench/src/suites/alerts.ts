// Alert pipeline: publish-to-post latency (polling and webhook) and draining a 10,000-event
// backlog across 20 channels at the Slack sandbox's real chat.postMessage limit (1/s/channel,
// burst 5), on SQLite with one process and on PostgreSQL with 3 replicas. Every run counts lost
// and duplicated alerts; both must be 0.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPartners, startMispSandbox } from '@mispkit/misp-sandbox';
import { createMispClient, noRetry } from '@mispkit/sdk';
import { startSlackSandbox } from '@mispkit/slack-sandbox';
import pg from 'pg';
import { createAlertWebClient } from '../../../bots/slack/src/alerts/client.js';
import {
  type AlertPipeline,
  type AlertPipelineConfig,
  createAlertPipeline,
} from '../../../bots/slack/src/alerts/pipeline.js';
import type { AlertMisp } from '../../../bots/slack/src/alerts/ports.js';
import { type AlertStore, openAlertStore } from '../../../bots/slack/src/alerts/store.js';
import { defaultTlpPolicy } from '../../../bots/slack/src/tlp.js';
import { seedBacklog } from '../../../bots/slack/test/alerts/fixtures/backlog.js';
import { round, type Section, type Suite, summarise } from '../report.js';

const PG_URL = process.env.MISPKIT_TEST_PG ?? 'postgres://root@127.0.0.1:5432/test';
const LATENCY_SAMPLES = Number(process.env.BENCH_ALERT_SAMPLES ?? 10);
const BACKLOG = Number(process.env.BENCH_ALERT_BACKLOG ?? 10_000);
const CHANNELS = 20;
const DIGEST_MAX = 50;
const POLL_MS = 1000;
const SECRET = 'bench-webhook-secret-0123456789';

type Misp = Awaited<ReturnType<typeof startMispSandbox>>;
type Slack = Awaited<ReturnType<typeof startSlackSandbox>>;

async function env(webhookUrl?: string) {
  const misp = await startMispSandbox({
    seed: 'none',
    log: () => {},
    ...(webhookUrl ? { webhook: { url: webhookUrl, secret: SECRET } } : {}),
  });
  // The sandbox's default limit: chat.postMessage 1/s per channel, burst 5 (as Slack documents).
  const slack = await startSlackSandbox({ mode: 'socket' });
  // A fresh MISP: the bot's publisher is added through the admin API, as on a real one.
  const { userKey } = await createPartners(misp);
  return { misp, slack, userKey };
}

function pipelineFor(
  misp: { url: string; userKey: string },
  slack: Slack,
  store: AlertStore,
  config: AlertPipelineConfig,
): AlertPipeline {
  return createAlertPipeline({
    store,
    misp: createMispClient({ baseUrl: misp.url, apiKey: misp.userKey, retry: noRetry }) as unknown as AlertMisp,
    client: createAlertWebClient(slack.botToken, { slackApiUrl: slack.apiUrl }),
    config: { initialCursor: 0, overlapSeconds: 5, ...config },
    policy: defaultTlpPolicy,
  });
}

async function publish(misp: Misp, info: string): Promise<string> {
  const admin = createMispClient({ baseUrl: misp.url, apiKey: misp.adminKey });
  const ip = `185.${(Math.random() * 200) | 0}.${(Math.random() * 250) | 0}.${1 + ((Math.random() * 250) | 0)}`;
  const e = (await admin.events.add({
    info,
    threat_level_id: '1',
    distribution: '0',
    analysis: '0',
    Attribute: [{ type: 'ip-dst', category: 'Network activity', value: ip, to_ids: true }],
  } as never)) as { id: string; uuid: string };
  await admin.tags.attach({ uuid: e.uuid, tag: 'tlp:green' });
  await admin.events.publish(e.id);
  return e.uuid;
}

/** Publishes events one at a time and times each until its alert is in the channel. */
async function latency(mode: 'poll' | 'webhook'): Promise<number[]> {
  let intake: AlertPipeline['intake'] | undefined;
  const { createWebhookReceiver } = await import('../../../bots/slack/src/alerts/webhook.js');
  const receiver = createWebhookReceiver({
    secret: SECRET,
    intake: (e, o) => (intake ? intake(e, o) : Promise.resolve({ events: 0, enqueued: 0 })),
    policy: defaultTlpPolicy,
  });
  const { url } = await receiver.start();
  const { misp, slack, userKey } = await env(mode === 'webhook' ? url : undefined);
  const dir = mkdtempSync(join(tmpdir(), 'bench-alerts-'));
  const store = await openAlertStore(join(dir, 'alerts.sqlite'));
  const channel = slack.createChannel({ name: 'bench-latency' }).id;
  await store.upsertSubscription({
    channelId: channel,
    minThreat: 1,
    includeTags: [],
    excludeTags: [],
    orgs: [],
    createdBy: 'bench',
    createdAt: Date.now(),
  });
  const pipeline = pipelineFor({ url: misp.url, userKey }, slack, store, {
    pollIntervalMs: POLL_MS,
    poll: mode === 'poll',
    initialCursor: Math.floor(Date.now() / 1000),
  });
  intake = pipeline.intake;
  await pipeline.start();
  const samples: number[] = [];
  for (let i = 0; i < LATENCY_SAMPLES; i++) {
    const started = performance.now();
    const uuid = await publish(misp, `latency ${mode} ${i}`);
    await slack.waitForMessage(
      (m) => (m.metadata?.event_payload as { event_uuid?: string } | undefined)?.event_uuid === uuid,
      { timeoutMs: 30_000 },
    );
    samples.push(performance.now() - started);
    // Spread publications over the poll cycle instead of always landing right after a poll, and
    // keep them over a second apart: this measures latency, not the channel's 1/s pacing (the
    // backlog below measures that).
    await new Promise((r) => setTimeout(r, POLL_MS + Math.random() * POLL_MS));
  }
  await pipeline.stop();
  await receiver.stop();
  await store.close();
  await slack.close();
  await misp.close();
  rmSync(dir, { recursive: true, force: true });
  return samples;
}

interface DrainResult {
  /** From pipeline start to the last alert visible in Slack. */
  seconds: number;
  /** From pipeline start to the first message in any channel. */
  firstPostSeconds: number;
  /** From pipeline start until every event had its outbox rows (MISP read + intake). */
  intakeSeconds: number;
  messages: number;
  alerts: number;
  lost: number;
  duplicated: number;
  /** Least time Slack's 1 message/s/channel allows: the busiest channel's fewest possible messages − 1. */
  floorSeconds: number;
  /** HTTP 429 answers the senders got from Slack (any method). */
  rateLimited: number;
  /** conversations.info calls (Tier 3: 50 a minute) made for the TLP check. */
  infoCalls: number;
}

async function drain(db: 'sqlite' | 'postgres', replicas: number): Promise<DrainResult> {
  const { misp, slack, userKey } = await env();
  const dir = mkdtempSync(join(tmpdir(), 'bench-alerts-'));
  const schema = `mispkit_bench_${Date.now()}`;
  const location = db === 'sqlite' ? join(dir, 'alerts.sqlite') : PG_URL;
  const open = () => openAlertStore(location, db === 'postgres' ? { schema } : {});
  const stores = await Promise.all(Array.from({ length: replicas }, open));
  const store = stores[0] as AlertStore;
  const { shardTags } = seedBacklog(misp, { events: BACKLOG, shards: CHANNELS });
  const channels = shardTags.map((tag, i) => ({ tag, id: slack.createChannel({ name: `bench-drain-${i}` }).id }));
  for (const c of channels) {
    await store.upsertSubscription({
      channelId: c.id,
      minThreat: 4,
      includeTags: [c.tag],
      excludeTags: [],
      orgs: [],
      createdBy: 'bench',
      createdAt: Date.now(),
    });
  }
  const config: AlertPipelineConfig = {
    pollIntervalMs: POLL_MS,
    perChannelIntervalMs: 1000,
    burstThreshold: 10,
    digestMax: DIGEST_MAX,
    senderConcurrency: 8,
  };
  const pipelines = stores.map((s) => pipelineFor({ url: misp.url, userKey }, slack, s, config));
  const started = Date.now();
  let intakeSeconds = Number.NaN;
  await Promise.all(pipelines.map((p) => p.start()));
  for (;;) {
    const c = await store.counts();
    const rows = c.pending + c.posting + c.posted + c.failed + c.withheld;
    if (Number.isNaN(intakeSeconds) && rows >= BACKLOG) intakeSeconds = (Date.now() - started) / 1000;
    if (c.posted + c.failed + c.withheld >= BACKLOG && c.pending === 0 && c.posting === 0) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const rateLimited = pipelines.reduce((n, p) => n + p.sender.stats().rateLimited, 0);
  const infoCalls = slack.apiCalls()['conversations.info'] ?? 0;
  await Promise.all(pipelines.map((p) => p.stop()));
  // Count what each channel actually shows, from the message metadata.
  // Message ts are the sandbox's clock in microseconds, so they also time the posting phase.
  let alerts = 0;
  let messages = 0;
  let busiest = 0;
  let first = Number.POSITIVE_INFINITY;
  let last = 0;
  for (const c of channels) {
    const shown = slack.messages(c.id).filter((m) => m.metadata);
    messages += shown.length;
    const inChannel = shown.reduce((n, m) => n + Number(m.metadata?.event_payload?.count ?? 1), 0);
    alerts += inChannel;
    busiest = Math.max(busiest, inChannel);
    for (const m of shown) {
      const at = Number(m.ts) * 1000;
      first = Math.min(first, at);
      last = Math.max(last, at);
    }
  }
  const counts = await store.counts();
  for (const s of stores) await s.close();
  await slack.close();
  await misp.close();
  if (db === 'postgres') {
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  }
  rmSync(dir, { recursive: true, force: true });
  return {
    seconds: (last - started) / 1000,
    firstPostSeconds: (first - started) / 1000,
    intakeSeconds,
    messages,
    alerts,
    lost: Math.max(0, BACKLOG - counts.posted),
    duplicated: Math.max(0, alerts - counts.posted),
    // At 1 message/s/channel, with digests of at most DIGEST_MAX, the busiest channel needs
    // (its fewest possible messages − 1) seconds after its first post.
    floorSeconds: Math.max(0, Math.ceil(busiest / DIGEST_MAX) - 1),
    rateLimited,
    infoCalls,
  };
}

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const suite: Suite = {
  name: 'alerts',
  async run(): Promise<Section[]> {
    const poll = summarise(await latency('poll'));
    const hook = summarise(await latency('webhook'));
    const sections: Section[] = [
      {
        title: 'Alerts: publish-to-post latency (MISP sandbox → bot → Slack sandbox, SQLite)',
        rows: [
          { name: `polling every ${POLL_MS} ms, p50`, value: round(poll.p50, 0), unit: 'ms' },
          {
            name: `polling every ${POLL_MS} ms, p95`,
            value: round(poll.p95, 0),
            unit: 'ms',
            target: `≤ ${POLL_MS + 1000} ms`,
            met: poll.p95 <= POLL_MS + 1000,
          },
          { name: 'webhook, p50', value: round(hook.p50, 0), unit: 'ms' },
          { name: 'webhook, p95', value: round(hook.p95, 0), unit: 'ms', target: '≤ 1000 ms', met: hook.p95 <= 1000 },
        ],
        notes: [
          `${LATENCY_SAMPLES} events each, published one at a time, 1–2 s apart; time from the publish call to the message in the channel.`,
        ],
      },
    ];
    const pgReachable = await postgresReachable();
    const runs: [string, 'sqlite' | 'postgres', number][] = [['SQLite, 1 process', 'sqlite', 1]];
    if (pgReachable) runs.push(['PostgreSQL, 3 replicas', 'postgres', 3]);
    for (const [label, db, replicas] of runs) {
      const r = await drain(db, replicas);
      sections.push({
        title: `Alerts: ${BACKLOG.toLocaleString('en')}-event backlog across ${CHANNELS} channels, ${label}`,
        rows: [
          { name: 'drain time (start → last alert in Slack)', value: round(r.seconds, 2), unit: 's' },
          { name: 'time the rate limit alone requires', value: r.floorSeconds, unit: 's' },
          {
            name: 'time lost beyond the rate limit',
            value: round(r.seconds - r.floorSeconds, 2),
            unit: 's',
            target: '≤ 1 s',
            met: r.seconds - r.floorSeconds <= 1,
          },
          { name: 'drain time ÷ that floor', value: round(r.seconds / r.floorSeconds, 3) },
          { name: 'first message posted after', value: round(r.firstPostSeconds, 2), unit: 's' },
          { name: 'every event read and enqueued after', value: round(r.intakeSeconds, 2), unit: 's' },
          { name: 'alerts per second', value: round(BACKLOG / r.seconds, 0), unit: '/s' },
          { name: `Slack messages (digests of ≤ ${DIGEST_MAX})`, value: r.messages },
          { name: 'Slack 429 answers', value: r.rateLimited, target: '0', met: r.rateLimited === 0 },
          { name: 'conversations.info calls (Tier 3, 50/min)', value: r.infoCalls },
          { name: 'lost', value: r.lost, target: '0', met: r.lost === 0 },
          { name: 'duplicated', value: r.duplicated, target: '0', met: r.duplicated === 0 },
        ],
        notes: [
          "Slack sandbox limits: chat.postMessage 1/s per channel, burst 5 (the sender paces at 1/s/channel and does not use the burst); every other method by Slack's tiers, per workspace.",
          `The floor is (the busiest channel's fewest possible messages − 1) s: ${BACKLOG / CHANNELS} alerts in digests of ≤ ${DIGEST_MAX}. Time lost = drain time − floor; most of it is reading the first pages from MISP before a channel has a full digest. Target ≤ 1 s: one post interval.`,
        ],
      });
    }
    if (!pgReachable)
      sections.push({
        title: 'Alerts: PostgreSQL replicas',
        rows: [],
        notes: [`PostgreSQL not reachable at ${PG_URL}; not measured.`],
      });
    return sections;
  },
};

export default suite;
