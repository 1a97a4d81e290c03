// Real MISP and Slack sandboxes over real sockets, an alert store, and helpers to publish events.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPartners, startMispSandbox } from '@mispkit/misp-sandbox';
import { createMispClient, noRetry } from '@mispkit/sdk';
import { startSlackSandbox } from '@mispkit/slack-sandbox';
import { createAlertWebClient } from '../../src/alerts/client.js';
import { type AlertPipeline, type AlertPipelineConfig, createAlertPipeline } from '../../src/alerts/pipeline.js';
import type { AlertMisp } from '../../src/alerts/ports.js';
import type { AlertStore } from '../../src/alerts/store.js';
import { openPostgresAlertStore } from '../../src/alerts/store-postgres.js';
import { openSqliteAlertStore } from '../../src/alerts/store-sqlite.js';
import type { SubscriptionFilters } from '../../src/alerts/types.js';
import { defaultTlpPolicy } from '../../src/tlp.js';
import { dropSchema, PG_URL, randomSchema } from './helpers.js';

export type Misp = Awaited<ReturnType<typeof startMispSandbox>>;
export type Slack = Awaited<ReturnType<typeof startSlackSandbox>>;

/** Settings that make tests quick: fast polls, no pacing beyond what the test sets. */
export const FAST: AlertPipelineConfig = {
  pollIntervalMs: 100,
  overlapSeconds: 5,
  perChannelIntervalMs: 10,
  leaseMs: 3000,
  initialCursor: 0,
  backoff: { baseMs: 20, maxMs: 200 },
  sendBackoff: { baseMs: 20, maxMs: 200 },
  breaker: { threshold: 3, resetMs: 300 },
  mispTimeoutMs: 2000,
  mispUrl: 'https://misp.example.org',
};

export interface Harness {
  /** A fresh MISP (seed 'none') given the partner accounts through its admin API (`createPartners`). */
  misp: Misp;
  /** Publisher of the host organisation, the bot's key. */
  userKey: string;
  slack: Slack;
  /** Admin SDK client for creating and publishing events. */
  admin: ReturnType<typeof createMispClient>;
  /** The client the pipeline uses (user key, no SDK retries: the poller has its own backoff). */
  mispForBot: AlertMisp;
  location: string;
  schema?: string;
  openStore(): Promise<AlertStore>;
  pipeline(
    store: AlertStore,
    config?: AlertPipelineConfig,
    extra?: Partial<Parameters<typeof createAlertPipeline>[0]>,
  ): AlertPipeline;
  channel(name: string, options?: { is_private?: boolean; is_ext_shared?: boolean }): string;
  subscribe(store: AlertStore, channelId: string, filters?: Partial<SubscriptionFilters>): Promise<void>;
  publish(event: {
    info?: string;
    threat?: 1 | 2 | 3 | 4;
    tags?: string[];
    values?: string[];
  }): Promise<{ id: string; uuid: string }>;
  alerts(channelId: string): ReturnType<Slack['messages']>;
  close(): Promise<void>;
}

export async function startHarness(
  options: { db?: 'sqlite' | 'postgres'; webhook?: { url: string; secret: string } } = {},
): Promise<Harness> {
  const misp = await startMispSandbox({
    seed: 'none',
    log: () => undefined,
    ...(options.webhook ? { webhook: options.webhook } : {}),
  });
  const slack = await startSlackSandbox({ mode: 'socket', rateLimits: { chatPostMessage: false } });
  const admin = createMispClient({ baseUrl: misp.url, apiKey: misp.adminKey });
  const { userKey } = await createPartners(misp);
  const mispForBot = createMispClient({
    baseUrl: misp.url,
    apiKey: userKey,
    retry: noRetry,
  }) as unknown as AlertMisp;
  const dir = mkdtempSync(join(tmpdir(), 'mispkit-alerts-e2e-'));
  const schema = options.db === 'postgres' ? randomSchema() : undefined;
  const location = schema ? PG_URL : join(dir, 'alerts.sqlite');
  const stores: AlertStore[] = [];
  const pipelines: AlertPipeline[] = [];
  let n = 0;
  const h: Harness = {
    misp,
    userKey,
    slack,
    admin,
    mispForBot,
    location,
    ...(schema ? { schema } : {}),
    async openStore() {
      const store = schema ? await openPostgresAlertStore(PG_URL, { schema }) : openSqliteAlertStore(location);
      stores.push(store);
      return store;
    },
    pipeline(store, config = {}, extra = {}) {
      const p = createAlertPipeline({
        store,
        misp: mispForBot,
        client: createAlertWebClient(slack.botToken, { slackApiUrl: slack.apiUrl, timeoutMs: 5000 }),
        config: { ...FAST, ...config },
        policy: defaultTlpPolicy,
        ...(process.env.ALERTS_DEBUG
          ? { log: (level, event, fields) => console.error(level, event, JSON.stringify(fields)) }
          : {}),
        ...extra,
      });
      pipelines.push(p);
      return p;
    },
    channel(name, opts = {}) {
      return slack.createChannel({ name: `${name}-${++n}`, ...opts }).id;
    },
    async subscribe(store, channelId, filters = {}) {
      await store.upsertSubscription({
        channelId,
        minThreat: 1,
        includeTags: [],
        excludeTags: [],
        orgs: [],
        createdBy: 'U0ALICE',
        createdAt: Date.now(),
        ...filters,
      });
    },
    async publish(e) {
      const values = e.values ?? [
        `185.220.${Math.floor(Math.random() * 250) + 1}.${Math.floor(Math.random() * 250) + 1}`,
      ];
      const created = (await admin.events.add({
        info: e.info ?? 'Test event',
        threat_level_id: String(e.threat ?? 1),
        distribution: '0',
        analysis: '0',
        date: '2026-11-28',
        Attribute: values.map((value) => ({
          type: /^\d+\.\d+\.\d+\.\d+$/.test(value) ? 'ip-dst' : 'domain',
          category: 'Network activity',
          value,
          to_ids: true,
        })),
      } as never)) as { id: string; uuid: string };
      for (const tag of e.tags ?? ['tlp:green']) await admin.tags.attach({ uuid: created.uuid, tag });
      await admin.events.publish(created.id);
      return { id: String(created.id), uuid: String(created.uuid) };
    },
    alerts(channelId) {
      return slack.messages(channelId).filter((m) => !m.ephemeral_to);
    },
    async close() {
      for (const p of pipelines) await p.stop().catch(() => undefined);
      for (const s of stores) await s.close().catch(() => undefined);
      await slack.close();
      await misp.close();
      if (schema) await dropSchema(schema);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return h;
}

/** Messages in a channel carrying alert metadata for this event uuid (top level or in threads). */
export function alertsFor(h: Harness, channelId: string, uuid: string) {
  return h
    .alerts(channelId)
    .filter((m) => (m.metadata?.event_payload as { event_uuid?: string } | undefined)?.event_uuid === uuid);
}
