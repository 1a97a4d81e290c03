export { BLOCK_LIMITS, validateBlocks } from './block-kit.js';
export type { DeliveryResult, EnvelopeType } from './delivery.js';
export { signRequest } from './http-delivery.js';
export type {
  ClickButtonInput,
  MessageShortcutInput,
  SlashCommandInput,
  SlashCommandResult,
  UserMessageInput,
  ViewButtonInput,
  ViewSubmissionInput,
  ViewSubmissionResult,
} from './interactions.js';
export { InteractionError } from './interactions.js';
export type { Message, MessageChange } from './messages.js';
export type { BucketLimit, ForcedRateLimit, RateLimitOptions } from './rate-limit.js';
export { METHOD_TIERS } from './rate-limit.js';
export { RESPONSE_URL_LIFETIME_MS, RESPONSE_URL_MAX_USES } from './response-url.js';
export { type SlackSandbox, type SlackSandboxOptions, startSlackSandbox } from './sandbox.js';
export type { DisconnectReason } from './socket-mode.js';
export { SUPPORTED_METHODS } from './web-api/index.js';
export type { Bot, Channel, NewChannel, NewUser, Team, User, Workspace, WorkspaceOptions } from './workspace.js';
export { DEFAULT_BOT, DEFAULT_CHANNELS, DEFAULT_TEAM, DEFAULT_USERS } from './workspace.js';
