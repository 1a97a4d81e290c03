import { randomBytes } from 'node:crypto';
import type { Message, MessageStore } from './messages.js';
import type { RateLimiter } from './rate-limit.js';
import type { ViewStore } from './web-api/types.js';
import type { Workspace } from './workspace.js';

export interface Tokens {
  botToken: string;
  appToken: string;
  signingSecret: string;
}

/** State shared by the Web API, response_url handling, deliveries and the playground API. */
export interface Core {
  readonly workspace: Workspace;
  readonly store: MessageStore;
  readonly rateLimiter: RateLimiter;
  readonly tokens: Tokens;
  readonly triggers: TriggerIds;
  readonly views: ViewStore;
  /** Epoch milliseconds; decides rate limits and expiry. `Date.now` unless a test injects a fake clock. */
  readonly clock: () => number;
  /** Tells playground pages about changes that are not messages (e.g. `{type:'home', user}`). */
  notify(event: Record<string, unknown>): void;
  /** `http://host:port` once listening. */
  baseUrl(): string;
}

export const randomId = (bytes = 12): string => randomBytes(bytes).toString('hex');

/** A message from the app's bot user with the identity fields Slack attaches. */
export function botMessage(core: Core, fields: Omit<Message, 'type' | 'ts' | 'team'> & { ts?: string }): Message {
  return {
    type: 'message',
    ts: fields.ts ?? core.store.nextTs(),
    team: core.workspace.team.id,
    user: core.workspace.bot.userId,
    bot_id: core.workspace.bot.botId,
    app_id: core.workspace.bot.appId,
    ...fields,
  };
}

/** trigger_id values: issued with each interaction, valid once for 3 seconds (views.open). */
export class TriggerIds {
  private readonly expiry = new Map<string, number>();
  /** Who the interaction that issued a trigger came from: views.open shows the modal to them. */
  private readonly users = new Map<string, string>();
  constructor(
    private readonly clock: () => number,
    private readonly lifetimeMs = 3000,
  ) {}

  issue(teamId: string, userId?: string): string {
    const now = this.clock();
    const id = `${now}.${teamId}.${randomId(16)}`;
    this.expiry.set(id, now + this.lifetimeMs);
    if (userId) this.users.set(id, userId);
    return id;
  }

  /** The user a trigger was issued to (read it before `consume`, which forgets the trigger). */
  userOf(id: string): string | undefined {
    return this.users.get(id);
  }

  consume(id: string): 'ok' | 'invalid_trigger_id' | 'expired_trigger_id' {
    const expires = this.expiry.get(id);
    if (expires === undefined) return 'invalid_trigger_id';
    this.expiry.delete(id);
    this.users.delete(id);
    return expires < this.clock() ? 'expired_trigger_id' : 'ok';
  }
}
