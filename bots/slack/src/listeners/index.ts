// Registers every listener on the ids from ids.ts; test/manifest.test.ts ties those to manifest.yaml.
import type { App } from '@slack/bolt';
import type { BotContext } from '../context.js';
import { createHealthCheck } from '../health.js';
import { actions, alertActions, commands, events, shortcuts, views } from '../ids.js';
import { addToMispAction } from './actions/add-to-misp.js';
import { alertAcknowledgeAction } from './actions/alert-acknowledge.js';
import { alertLookupAction } from './actions/alert-lookup.js';
import { detailsAction } from './actions/details.js';
import { expiredAction } from './actions/expired.js';
import { falsePositiveAction } from './actions/false-positive.js';
import { openInMispAction } from './actions/open-in-misp.js';
import { shareInChannelAction } from './actions/share-in-channel.js';
import { showMoreAction } from './actions/show-more.js';
import { sightingAction } from './actions/sighting.js';
import { intelCommand } from './commands/intel.js';
import { appHomeOpened } from './events/app-home-opened.js';
import { channelSharingChanged } from './events/channel-shared.js';
import { directMessageEvent, mentionEvent } from './events/mention.js';
import { lookupIndicatorsShortcut } from './shortcuts/lookup-indicators.js';
import { addToMispSubmission } from './views/add-to-misp.js';

/** The ids each kind of listener is registered on, for the wiring test. */
export const registered = {
  commands: [commands.intel],
  shortcuts: [shortcuts.lookupIndicators],
  actions: [...Object.values(actions), ...Object.values(alertActions)],
  views: Object.values(views),
  events: [
    events.appHomeOpened,
    events.channelShared,
    events.channelUnshared,
    events.memberJoinedChannel,
    events.appMention,
    events.directMessage,
  ],
};

export function registerListeners(app: App, ctx: BotContext): void {
  app.command(commands.intel, intelCommand(ctx));
  app.shortcut({ callback_id: shortcuts.lookupIndicators, type: 'message_action' }, lookupIndicatorsShortcut(ctx));
  app.action(actions.sighting, sightingAction(ctx));
  app.action(actions.falsePositive, falsePositiveAction(ctx));
  app.action(actions.expired, expiredAction(ctx));
  app.action(actions.shareInChannel, shareInChannelAction(ctx));
  app.action(actions.showMore, showMoreAction(ctx));
  app.action(actions.details, detailsAction(ctx));
  app.action(actions.addToMisp, addToMispAction(ctx));
  app.view(views.addToMisp, addToMispSubmission(ctx));
  app.action(actions.openInMisp, openInMispAction());
  app.action(alertActions.acknowledge, alertAcknowledgeAction(ctx));
  app.action(alertActions.lookup, alertLookupAction(ctx));
  app.action(alertActions.openInMisp, openInMispAction());
  app.event(events.appHomeOpened, appHomeOpened(ctx, createHealthCheck(ctx)));
  app.event(events.channelShared, channelSharingChanged(ctx));
  app.event(events.channelUnshared, channelSharingChanged(ctx));
  app.event(events.memberJoinedChannel, channelSharingChanged(ctx));
  app.event(events.appMention, mentionEvent(ctx));
  // Slack delivers `message.im` as the Bolt event `message` with channel_type `im`.
  app.event('message', directMessageEvent(ctx));
}
