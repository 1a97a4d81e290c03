// Every identifier Slack routes on, in one place: listeners register on these, block builders
// emit them, and test/manifest.test.ts checks that manifest.yaml declares exactly these.

/** Slash commands (the manifest's `features.slash_commands[].command`). */
export const commands = {
  intel: '/intel',
} as const;

/** Global or message shortcuts (the manifest's `features.shortcuts[].callback_id`). */
export const shortcuts = {
  lookupIndicators: 'lookup_indicators',
} as const;

/** Block action ids on verdict cards. Buttons on cards carry these. */
export const actions = {
  sighting: 'intel_sighting',
  falsePositive: 'intel_false_positive',
  expired: 'intel_expired',
  shareInChannel: 'intel_share_in_channel',
  showMore: 'intel_show_more',
  /** "Details" on a compact line: the full card of that one indicator. */
  details: 'intel_details',
  /** "Add to MISP" on a not-found card: opens the modal whose submission adds the attribute. */
  addToMisp: 'intel_add_to_misp',
  openInMisp: 'intel_open_in_misp',
} as const;

/** Modal callback ids (`view_submission` is routed on these). */
export const views = {
  addToMisp: 'intel_add_to_misp_form',
} as const;

/** Block action ids on alert messages (defined with the alert blocks that emit them). */
export { alertActions } from './alerts/ids.js';

/** Bot events the app subscribes to (the manifest's `settings.event_subscriptions.bot_events`). */
export const events = {
  appHomeOpened: 'app_home_opened',
  /** A channel became (or stopped being) Slack Connect: its TLP ceiling changes. */
  channelShared: 'channel_shared',
  channelUnshared: 'channel_unshared',
  /** Someone joined a channel the bot is in (perhaps from another organisation): ask Slack again. */
  memberJoinedChannel: 'member_joined_channel',
  /** `@misp-intel 1.2.3.4` in a channel or thread: answered in the thread. */
  appMention: 'app_mention',
  /** A message in a DM with the bot (Bolt event `message`, channel_type `im`). */
  directMessage: 'message.im',
} as const;

/** Prefixes for block ids; the indicator's index follows the prefix so one message can hold many cards. */
export const blockIds = {
  card: 'intel_card_',
  cardActions: 'intel_card_actions_',
  more: 'intel_more',
  withheld: 'intel_withheld_',
  hostContext: 'intel_host_',
} as const;

export type ActionId = (typeof actions)[keyof typeof actions];
export type WriteActionId = typeof actions.sighting | typeof actions.falsePositive | typeof actions.expired;

/** MISP sighting type for each write button: 0 sighting, 1 false positive, 2 expiration. */
export const sightingTypeFor: Record<WriteActionId, '0' | '1' | '2'> = {
  [actions.sighting]: '0',
  [actions.falsePositive]: '1',
  [actions.expired]: '2',
};
