import { EventEmitter } from 'node:events';

/** A message as the sandbox stores it: Slack's message fields plus who may see it. */
export interface Message {
  type: 'message';
  ts: string;
  channel: string;
  text: string;
  user?: string;
  bot_id?: string;
  app_id?: string;
  team?: string;
  blocks?: unknown[];
  attachments?: unknown[];
  thread_ts?: string;
  reply_count?: number;
  reply_users?: string[];
  latest_reply?: string;
  /** Only set for ephemeral messages: the one user who sees it. */
  ephemeral_to?: string;
  edited?: { user: string; ts: string };
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  /** How a response_url / ack message was posted (`ephemeral` or `in_channel`). */
  response_type?: 'ephemeral' | 'in_channel';
  subtype?: string;
  unfurl_links?: boolean;
  unfurl_media?: boolean;
  reply_broadcast?: boolean;
}

export type MessageChange = { type: 'posted' | 'updated' | 'deleted'; channel: string; message: Message };

/** Per-channel ordered message log; emits `change` for the SSE stream and `waitForMessage`. */
export class MessageStore {
  private readonly byChannel = new Map<string, Message[]>();
  private readonly events = new EventEmitter();
  private lastTs = 0;

  constructor() {
    this.events.setMaxListeners(0);
  }

  /** Slack `ts`: unix seconds with six decimals, unique and increasing within the workspace. */
  nextTs(): string {
    const candidate = Math.floor(Date.now() * 1000);
    this.lastTs = Math.max(candidate, this.lastTs + 1);
    const seconds = Math.floor(this.lastTs / 1_000_000);
    const micros = String(this.lastTs % 1_000_000).padStart(6, '0');
    return `${seconds}.${micros}`;
  }

  list(channel: string): Message[] {
    return this.byChannel.get(channel) ?? [];
  }

  all(): Message[] {
    return [...this.byChannel.values()].flat();
  }

  find(channel: string, ts: string): Message | undefined {
    return this.list(channel).find((m) => m.ts === ts);
  }

  add(message: Message): Message {
    // Replying to a reply threads under the root, as Slack does.
    if (message.thread_ts && message.thread_ts !== message.ts) {
      const target = this.find(message.channel, message.thread_ts);
      if (target?.thread_ts && target.thread_ts !== target.ts) message.thread_ts = target.thread_ts;
    }
    const list = this.byChannel.get(message.channel) ?? [];
    list.push(message);
    this.byChannel.set(message.channel, list);
    if (message.thread_ts && message.thread_ts !== message.ts && !message.ephemeral_to) {
      const parent = this.find(message.channel, message.thread_ts);
      if (parent) {
        parent.reply_count = (parent.reply_count ?? 0) + 1;
        parent.latest_reply = message.ts;
        const who = message.user ?? message.bot_id;
        parent.reply_users = [...new Set([...(parent.reply_users ?? []), ...(who ? [who] : [])])];
        // A thread parent always carries its own ts as thread_ts.
        parent.thread_ts = parent.ts;
        this.emit('updated', parent);
      }
    }
    this.emit('posted', message);
    return message;
  }

  update(message: Message, changes: Partial<Message>): Message {
    Object.assign(message, changes);
    this.emit('updated', message);
    return message;
  }

  remove(message: Message): void {
    const list = this.byChannel.get(message.channel);
    if (!list) return;
    const index = list.indexOf(message);
    if (index >= 0) list.splice(index, 1);
    this.emit('deleted', message);
    const parent =
      message.thread_ts && message.thread_ts !== message.ts && !message.ephemeral_to
        ? this.find(message.channel, message.thread_ts)
        : undefined;
    if (parent?.reply_count) {
      parent.reply_count -= 1;
      this.emit('updated', parent);
    }
  }

  onChange(listener: (change: MessageChange) => void): () => void {
    this.events.on('change', listener);
    return () => this.events.off('change', listener);
  }

  private emit(type: MessageChange['type'], message: Message): void {
    this.events.emit('change', { type, channel: message.channel, message: { ...message } });
  }
}
