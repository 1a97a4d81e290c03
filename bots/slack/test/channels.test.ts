// Channel kinds for the TLP check are stored in the bot's database, so replicas share them and a
// channel_shared event handled by one replica makes every replica ask Slack again.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type SlackSandbox, startSlackSandbox } from '@mispkit/slack-sandbox';
import { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createChannelKinds } from '../src/channels.js';
import { createLogger } from '../src/logger.js';
import { openSqliteStore } from '../src/storage/sqlite.js';
import type { Store } from '../src/storage/types.js';

describe('channel kinds shared by replicas', () => {
  let slack: SlackSandbox;
  let dir: string;
  const stores: Store[] = [];
  beforeEach(async () => {
    slack = await startSlackSandbox();
    dir = mkdtempSync(join(tmpdir(), 'mispkit-kinds-'));
  });
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
    await slack.close();
    rmSync(dir, { recursive: true, force: true });
  });

  // A clock that stands still: the 5-minute TTL cannot run out while a slow machine runs the test.
  const replica = () => {
    const store = openSqliteStore(join(dir, 'bot.sqlite'));
    stores.push(store);
    const logger = createLogger({ write: () => undefined });
    return { store, kinds: createChannelKinds({ store, now: () => 0, logger }) };
  };

  it('asks Slack once for all replicas, and again for all once one of them forgets', async () => {
    const client = new WebClient(slack.botToken, { slackApiUrl: slack.apiUrl });
    const [a, b] = [replica(), replica()];
    const infoCalls = () => slack.apiCalls()['conversations.info'] ?? 0;
    expect(await a.kinds.kindOf(client, 'C0SOCPRIV', 'U0ALICE')).toBe('private');
    expect(await b.kinds.kindOf(client, 'C0SOCPRIV', 'U0ALICE')).toBe('private');
    expect(infoCalls()).toBe(1);
    // Only what decides the kind is kept.
    expect(Object.keys((await a.store.getChannelInfo('C0SOCPRIV'))?.info ?? {})).not.toContain('name');

    await slack.shareChannel('C0SOCPRIV');
    expect(await a.kinds.kindOf(client, 'C0SOCPRIV', 'U0ALICE')).toBe('private'); // still stored
    await b.kinds.forget('C0SOCPRIV'); // the replica that received channel_shared
    expect(await a.kinds.kindOf(client, 'C0SOCPRIV', 'U0ALICE')).toBe('shared');
    expect(infoCalls()).toBe(2);
  });

  it('asks Slack again after a restart: a channel shared while the bot was down is not trusted as private', async () => {
    const client = new WebClient(slack.botToken, { slackApiUrl: slack.apiUrl });
    let now = 1_000_000;
    const start = (startedAt: number) => {
      const store = openSqliteStore(join(dir, 'bot.sqlite'));
      stores.push(store);
      return createChannelKinds({ store, now: () => now, startedAt, logger: createLogger({ write: () => undefined }) });
    };
    const before = start(now);
    expect(await before.kindOf(client, 'C0SOCPRIV', 'U0ALICE')).toBe('private');
    // The bot stops; the channel becomes Slack Connect; channel_shared reaches nobody.
    now += 1000;
    expect((await slack.shareChannel('C0SOCPRIV')).acked).toBe(false);
    now += 1000;
    // Well within the 5-minute TTL, but the stored reading is older than this process.
    const after = start(now);
    expect(await after.kindOf(client, 'C0SOCPRIV', 'U0ALICE')).toBe('shared');
    // Within the same process a reading is reused until the TTL ends.
    now += 60_000;
    const calls = slack.apiCalls()['conversations.info'] ?? 0;
    expect(await after.kindOf(client, 'C0SOCPRIV', 'U0ALICE')).toBe('shared');
    expect(slack.apiCalls()['conversations.info'] ?? 0).toBe(calls);
  });
});
