// App Home: usage, the state of the MISP connection and, with alerts on, the subscriptions of the
// user's channels and the alert pipeline's health; published on every visit to the tab.
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import { alertHomeSection } from '../../alerts/home.js';
import type { MispHealth } from '../../blocks/home.js';
import { homeView } from '../../blocks/home.js';
import { LIMITS } from '../../blocks/limits.js';
import { canWrite } from '../../config.js';
import type { BotContext } from '../../context.js';
import { subscriptionsForUser } from '../../user-channels.js';

export function appHomeOpened(ctx: BotContext, health: () => Promise<MispHealth>) {
  return async ({ event, client }: AllMiddlewareArgs & SlackEventMiddlewareArgs<'app_home_opened'>): Promise<void> => {
    if (event.tab !== undefined && event.tab !== 'home') return;
    try {
      const view = homeView({
        misp: await health(),
        mispUrl: ctx.config.mispPublicUrl,
        canWrite: canWrite(ctx.config, event.user),
        maxIndicators: ctx.config.maxIndicators,
        checkedAt: new Date(ctx.clock()),
        policy: ctx.config.tlp,
      });
      let alerts: KnownBlock[] = [];
      if (ctx.alerts) {
        try {
          alerts = alertHomeSection(
            await ctx.alerts.pipeline.health(),
            await subscriptionsForUser(client, ctx.alerts.store, event.user),
          );
        } catch (error) {
          ctx.logger.event('error', 'home_alerts_failed', { error });
        }
      }
      const blocks = [...view.blocks, ...alerts].slice(0, LIMITS.blocksPerHomeView);
      await client.views.publish({ user_id: event.user, view: { ...view, blocks } });
    } catch (error) {
      ctx.logger.event('error', 'home_publish_failed', { error });
    }
  };
}
