/** What users do in the workspace — slash commands, button clicks, shortcuts — turned into deliveries. */
import type { Core } from './core.js';
import type { Delivery, DeliveryResult } from './delivery.js';
import type { Message } from './messages.js';
import {
  appHomeOpenedEvent,
  blockActionsPayload,
  eventCallbackPayload,
  messageShortcutPayload,
  slashCommandPayload,
  viewActionsPayload,
  viewSubmissionPayload,
} from './payloads.js';
import type { ResponseUrls } from './response-url.js';

export class InteractionError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface SlashCommandInput {
  user: string;
  channel: string;
  command: string;
  text?: string;
}

export interface ClickButtonInput {
  user: string;
  channel: string;
  messageTs: string;
  actionId: string;
  value?: string;
  blockId?: string;
}

export interface ViewButtonInput {
  user: string;
  viewId: string;
  actionId: string;
  value?: string;
  blockId?: string;
}

/** A person submits an open modal: `values` as Slack puts them in `view.state.values` (block → action → value). */
export interface ViewSubmissionInput {
  user: string;
  viewId: string;
  values: Record<string, Record<string, unknown>>;
}

/** What became of a submitted modal: closed, kept open with field errors, or replaced (`response_action`). */
export interface ViewSubmissionResult extends DeliveryResult {
  outcome: 'closed' | 'errors' | 'updated' | 'not_acked';
  errors?: Record<string, string>;
}

export interface UserMessageInput {
  user: string;
  channel: string;
  text: string;
  thread_ts?: string;
}

export interface MessageShortcutInput {
  user: string;
  channel: string;
  messageTs: string;
  callbackId: string;
}

export interface SlashCommandResult extends DeliveryResult {
  /** The message the ack body became (ephemeral unless `response_type: 'in_channel'`). */
  ackMessage?: Message;
}

type Element = { type?: string; action_id?: string; value?: string; text?: unknown; options?: unknown };

/**
 * The `actions[0]` entry Slack sends: buttons carry `text` and `value`; overflow and static selects
 * carry `selected_option` (the option whose value was chosen, else the first).
 */
function actionFields(element: Element, blockId: string, actionId: string, value: string | undefined) {
  const type = element.type ?? 'button';
  const base = { action_id: actionId, block_id: blockId, type };
  if (type === 'overflow' || type === 'static_select') {
    const options = Array.isArray(element.options) ? (element.options as { value?: string }[]) : [];
    const selected = options.find((o) => o.value === value) ?? options[0];
    return { ...base, ...(selected ? { selected_option: selected } : {}) };
  }
  const chosen = value ?? element.value;
  return {
    ...base,
    ...(element.text === undefined ? {} : { text: element.text }),
    ...(chosen === undefined ? {} : { value: chosen }),
  };
}

export class Interactions {
  constructor(
    private readonly core: Core,
    private readonly urls: ResponseUrls,
    private readonly delivery: () => Delivery,
  ) {}

  private user(id: string) {
    const user = this.core.workspace.users.get(id);
    if (!user || user.is_bot) throw new InteractionError('user_not_found', `unknown user ${id}`);
    return user;
  }

  private channel(ref: string, userId: string) {
    const channel = this.core.workspace.resolveChannel(ref);
    if (!channel) throw new InteractionError('channel_not_found', `unknown channel ${ref}`);
    if (!channel.members.includes(userId)) {
      throw new InteractionError('not_in_channel', `user ${userId} is not in channel ${channel.id}`);
    }
    return channel;
  }

  private message(channelId: string, ts: string, userId: string): Message {
    const message = this.core.store.find(channelId, ts);
    if (!message || (message.ephemeral_to && message.ephemeral_to !== userId)) {
      throw new InteractionError('message_not_found', `no message ${ts} in ${channelId}`);
    }
    return message;
  }

  async slashCommand(input: SlashCommandInput): Promise<SlashCommandResult> {
    const user = this.user(input.user);
    const channel = this.channel(input.channel, user.id);
    const command = input.command.startsWith('/') ? input.command : `/${input.command}`;
    if (!/^\/[\w-]{1,31}$/.test(command)) throw new InteractionError('invalid_command', `invalid command ${command}`);
    const payload = slashCommandPayload(this.core, this.urls, { user, channel, command, text: input.text ?? '' });
    const result: SlashCommandResult = await this.delivery().deliver('slash_commands', payload);
    if (!result.acked) {
      // Slack tells the user, and only the user, that the app did not answer.
      const reason = result.error === 'operation_timeout' ? 'operation_timeout' : 'dispatch_failed';
      this.core.store.add({
        type: 'message',
        ts: this.core.store.nextTs(),
        channel: channel.id,
        user: 'USLACKBOT',
        text: `${command} failed with the error "${reason}"`,
        ephemeral_to: user.id,
        response_type: 'ephemeral',
      });
    }
    if (result.acked && result.ackBody) {
      // Like Slack: a non-empty ack body is the immediate response, ephemeral unless in_channel.
      const posted = this.urls.respondTo(payload.response_url ?? '', result.ackBody);
      if (posted) result.ackMessage = posted;
    }
    return result;
  }

  async clickButton(input: ClickButtonInput): Promise<DeliveryResult> {
    const user = this.user(input.user);
    const channel = this.channel(input.channel, user.id);
    const message = this.message(channel.id, input.messageTs, user.id);
    const found = findElement(message, input.actionId, input.blockId);
    if (!found) throw new InteractionError('action_not_found', `no element ${input.actionId} in message ${message.ts}`);
    const value = input.value;
    const payload = blockActionsPayload(this.core, this.urls, {
      user,
      channel,
      message,
      action: actionFields(found.element, found.blockId, input.actionId, value),
    });
    return this.delivery().deliver('interactive', payload);
  }

  /** A click on a button in a view (App Home or modal): block_actions with a `view` container. */
  async clickViewButton(input: ViewButtonInput): Promise<DeliveryResult> {
    const user = this.user(input.user);
    const view = this.core.views.byId.get(input.viewId);
    if (!view || (view.user !== undefined && view.user !== user.id)) {
      throw new InteractionError('view_not_found', `no view ${input.viewId} for ${user.id}`);
    }
    const found = findElement({ blocks: view.body.blocks as unknown[] }, input.actionId, input.blockId);
    if (!found) throw new InteractionError('action_not_found', `no element ${input.actionId} in view ${view.id}`);
    const value = input.value;
    const payload = viewActionsPayload(this.core, {
      user,
      view,
      action: actionFields(found.element, found.blockId, input.actionId, value),
    });
    return this.delivery().deliver('interactive', payload);
  }

  /**
   * A person submits a modal the app opened for them: `view_submission`. Like Slack, the ack decides:
   * `response_action: 'errors'` keeps the modal open with field errors, `'update'` replaces it, anything
   * else closes it.
   */
  async submitView(input: ViewSubmissionInput): Promise<ViewSubmissionResult> {
    const user = this.user(input.user);
    const view = this.core.views.byId.get(input.viewId);
    if (view?.type !== 'modal' || (view.user !== undefined && view.user !== user.id)) {
      throw new InteractionError('view_not_found', `no open modal ${input.viewId} for ${user.id}`);
    }
    const result = await this.delivery().deliver(
      'interactive',
      viewSubmissionPayload(this.core, { user, view, values: input.values }),
    );
    if (!result.acked) return { ...result, outcome: 'not_acked' };
    const action = result.ackBody?.response_action;
    if (action === 'errors') {
      return { ...result, outcome: 'errors', errors: (result.ackBody?.errors ?? {}) as Record<string, string> };
    }
    if (action === 'update' && result.ackBody?.view && typeof result.ackBody.view === 'object') {
      view.body = result.ackBody.view as Record<string, unknown>;
      this.core.notify({ type: 'modal', user: user.id, view_id: view.id });
      return { ...result, outcome: 'updated' };
    }
    this.core.views.byId.delete(view.id);
    this.core.notify({ type: 'modal_closed', user: user.id, view_id: view.id });
    return { ...result, outcome: 'closed' };
  }

  /**
   * A person posts a plain message. Like Slack, the app receives a `message` event only for
   * conversations it is in, plus `app_mention` when the text mentions the bot.
   */
  postUserMessage(input: UserMessageInput): Message {
    const user = this.user(input.user);
    const channel = this.channel(input.channel, user.id);
    if (channel.is_archived) throw new InteractionError('is_archived', `channel ${channel.id} is archived`);
    if (input.text.trim() === '') throw new InteractionError('no_text', 'message text is empty');
    if (input.text.length > 40_000) throw new InteractionError('msg_too_long', 'message text is too long');
    if (input.thread_ts !== undefined && !this.core.store.find(channel.id, input.thread_ts)) {
      throw new InteractionError('thread_not_found', `no message ${input.thread_ts} in ${channel.id}`);
    }
    const message = this.core.store.add({
      type: 'message',
      ts: this.core.store.nextTs(),
      channel: channel.id,
      user: user.id,
      team: this.core.workspace.team.id,
      text: input.text,
      ...(input.thread_ts ? { thread_ts: input.thread_ts } : {}),
    });
    const bot = this.core.workspace.bot;
    if (this.core.workspace.isBotMember(channel)) {
      const event = {
        type: 'message',
        channel: channel.id,
        channel_type: channel.is_im ? 'im' : channel.is_private ? 'group' : 'channel',
        user: user.id,
        text: message.text,
        ts: message.ts,
        team: message.team,
        ...(message.thread_ts ? { thread_ts: message.thread_ts } : {}),
      };
      void this.sendEvent(event).catch(() => {});
      if (message.text.includes(`<@${bot.userId}>`)) {
        void this.sendEvent({ ...event, type: 'app_mention', channel_type: undefined }).catch(() => {});
      }
    }
    return message;
  }

  async messageShortcut(input: MessageShortcutInput): Promise<DeliveryResult> {
    const user = this.user(input.user);
    const channel = this.channel(input.channel, user.id);
    const message = this.message(channel.id, input.messageTs, user.id);
    if (message.ephemeral_to)
      throw new InteractionError('message_not_found', 'shortcuts do not apply to ephemeral messages');
    const payload = messageShortcutPayload(this.core, this.urls, {
      user,
      channel,
      message,
      callbackId: input.callbackId,
    });
    return this.delivery().deliver('interactive', payload);
  }

  async sendEvent(event: Record<string, unknown>): Promise<DeliveryResult> {
    return this.delivery().deliver('events_api', eventCallbackPayload(this.core, event));
  }

  async appHomeOpened(userId: string): Promise<DeliveryResult> {
    return this.sendEvent(appHomeOpenedEvent(this.core, this.user(userId)));
  }
}

function findElement(
  message: { blocks?: unknown[] | undefined },
  actionId: string,
  blockId: string | undefined,
): { element: Element; blockId: string } | undefined {
  for (const [index, raw] of (message.blocks ?? []).entries()) {
    const block = raw as { type?: string; block_id?: string; elements?: Element[]; accessory?: Element };
    // Slack assigns a block_id to blocks that have none; ours is stable per position.
    const id = block.block_id ?? `block-${index}`;
    if (blockId !== undefined && id !== blockId) continue;
    const candidates = [
      ...(block.type === 'actions' ? (block.elements ?? []) : []),
      ...(block.accessory ? [block.accessory] : []),
    ];
    const element = candidates.find((e) => e.action_id === actionId);
    if (element) return { element, blockId: id };
  }
  return undefined;
}
