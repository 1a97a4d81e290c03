/**
 * Payload builders: what Slack delivers for slash commands, interactions and events
 * (fields per Bolt's `SlashCommand`, `BlockAction`, `MessageShortcut` and `AppHomeOpenedEvent` types).
 */
import { type Core, randomId } from './core.js';
import type { Message } from './messages.js';
import type { ResponseUrls } from './response-url.js';
import type { View } from './web-api/types.js';
import type { Channel, User } from './workspace.js';

/** The legacy verification token field; deprecated by Slack, present for shape fidelity only. */
const VERIFICATION_TOKEN = 'sandbox-verification-token';

const actionTs = (): string => (Date.now() / 1000).toFixed(6);

function publicMessage(message: Message): Record<string, unknown> {
  const {
    channel: _channel,
    ephemeral_to: _e,
    response_type: _r,
    unfurl_links: _l,
    unfurl_media: _m,
    ...rest
  } = message;
  return rest;
}

export function slashCommandPayload(
  core: Core,
  urls: ResponseUrls,
  input: { user: User; channel: Channel; command: string; text: string },
): Record<string, string> {
  const { workspace } = core;
  return {
    token: VERIFICATION_TOKEN,
    team_id: workspace.team.id,
    team_domain: workspace.team.domain,
    channel_id: input.channel.id,
    channel_name: input.channel.is_im ? 'directmessage' : input.channel.name,
    user_id: input.user.id,
    user_name: input.user.name,
    command: input.command,
    text: input.text,
    api_app_id: workspace.bot.appId,
    is_enterprise_install: 'false',
    response_url: urls.create({ channel: input.channel.id, user: input.user.id }),
    trigger_id: core.triggers.issue(workspace.team.id, input.user.id),
  };
}

function userRef(core: Core, user: User) {
  return { id: user.id, username: user.name, name: user.name, team_id: core.workspace.team.id };
}

function channelRef(channel: Channel) {
  return { id: channel.id, name: channel.is_im ? 'directmessage' : channel.name };
}

export function blockActionsPayload(
  core: Core,
  urls: ResponseUrls,
  input: {
    user: User;
    channel: Channel;
    message: Message;
    action: { action_id: string; block_id: string; type: string } & Record<string, unknown>;
  },
): Record<string, unknown> {
  const { workspace } = core;
  const isEphemeral = input.message.ephemeral_to !== undefined;
  const payload: Record<string, unknown> = {
    type: 'block_actions',
    user: userRef(core, input.user),
    api_app_id: workspace.bot.appId,
    token: VERIFICATION_TOKEN,
    container: {
      type: 'message',
      message_ts: input.message.ts,
      channel_id: input.channel.id,
      is_ephemeral: isEphemeral,
      ...(input.message.thread_ts ? { thread_ts: input.message.thread_ts } : {}),
    },
    trigger_id: core.triggers.issue(workspace.team.id, input.user.id),
    team: { id: workspace.team.id, domain: workspace.team.domain },
    enterprise: null,
    is_enterprise_install: false,
    channel: channelRef(input.channel),
    state: { values: {} },
    response_url: urls.create({ channel: input.channel.id, user: input.user.id, sourceTs: input.message.ts }),
    actions: [{ ...input.action, action_ts: actionTs() }],
  };
  // Slack omits the message for clicks on ephemeral messages.
  if (!isEphemeral) payload.message = publicMessage(input.message);
  return payload;
}

export function viewActionsPayload(
  core: Core,
  input: {
    user: User;
    view: View;
    action: { action_id: string; block_id: string; type: string } & Record<string, unknown>;
  },
): Record<string, unknown> {
  const { workspace } = core;
  return {
    type: 'block_actions',
    user: userRef(core, input.user),
    api_app_id: workspace.bot.appId,
    token: VERIFICATION_TOKEN,
    container: { type: 'view', view_id: input.view.id },
    trigger_id: core.triggers.issue(workspace.team.id, input.user.id),
    team: { id: workspace.team.id, domain: workspace.team.domain },
    enterprise: null,
    is_enterprise_install: false,
    view: {
      id: input.view.id,
      team_id: workspace.team.id,
      app_id: workspace.bot.appId,
      bot_id: workspace.bot.botId,
      hash: input.view.hash,
      state: { values: {} },
      ...input.view.body,
    },
    actions: [{ ...input.action, action_ts: actionTs() }],
  };
}

/** `view_submission`: the modal as submitted, with the values of its input blocks in `view.state`. */
export function viewSubmissionPayload(
  core: Core,
  input: { user: User; view: View; values: Record<string, Record<string, unknown>> },
): Record<string, unknown> {
  const { workspace } = core;
  const body = input.view.body as Record<string, unknown>;
  return {
    type: 'view_submission',
    team: { id: workspace.team.id, domain: workspace.team.domain },
    user: userRef(core, input.user),
    api_app_id: workspace.bot.appId,
    token: VERIFICATION_TOKEN,
    trigger_id: core.triggers.issue(workspace.team.id, input.user.id),
    is_enterprise_install: false,
    enterprise: null,
    view: {
      id: input.view.id,
      team_id: workspace.team.id,
      type: 'modal',
      app_id: workspace.bot.appId,
      bot_id: workspace.bot.botId,
      hash: input.view.hash,
      private_metadata: '',
      callback_id: '',
      external_id: input.view.external_id ?? '',
      root_view_id: input.view.id,
      previous_view_id: null,
      ...body,
      state: { values: input.values },
    },
    response_urls: [],
  };
}

export function messageShortcutPayload(
  core: Core,
  urls: ResponseUrls,
  input: { user: User; channel: Channel; message: Message; callbackId: string },
): Record<string, unknown> {
  const { workspace } = core;
  return {
    type: 'message_action',
    token: VERIFICATION_TOKEN,
    action_ts: actionTs(),
    team: { id: workspace.team.id, domain: workspace.team.domain },
    user: userRef(core, input.user),
    channel: channelRef(input.channel),
    is_enterprise_install: false,
    enterprise: null,
    callback_id: input.callbackId,
    trigger_id: core.triggers.issue(workspace.team.id, input.user.id),
    response_url: urls.create({ channel: input.channel.id, user: input.user.id }),
    message_ts: input.message.ts,
    message: publicMessage(input.message),
  };
}

/** An Events API `event_callback` wrapper around `event`. */
export function eventCallbackPayload(core: Core, event: Record<string, unknown>): Record<string, unknown> {
  const { workspace } = core;
  const now = Math.floor(Date.now() / 1000);
  return {
    token: VERIFICATION_TOKEN,
    team_id: workspace.team.id,
    context_team_id: workspace.team.id,
    api_app_id: workspace.bot.appId,
    event: { event_ts: actionTs(), ...event },
    type: 'event_callback',
    event_id: `Ev${randomId(5).toUpperCase()}`,
    event_time: now,
    authorizations: [
      {
        enterprise_id: null,
        team_id: workspace.team.id,
        user_id: workspace.bot.userId,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
  };
}

export function appHomeOpenedEvent(core: Core, user: User): Record<string, unknown> {
  const dm = core.workspace.resolveChannel(user.id);
  return { type: 'app_home_opened', user: user.id, channel: dm?.id ?? '', tab: 'home' };
}
