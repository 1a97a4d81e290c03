// App Home: usage and the state of the MISP connection, published on every visit to the tab.
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { MispHealth } from '../../blocks/home.js';
import { homeView } from '../../blocks/home.js';
import { canWrite } from '../../config.js';
import type { BotContext } from '../../context.js';

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
      });
      await client.views.publish({ user_id: event.user, view });
    } catch (error) {
      ctx.logger.event('error', 'home_publish_failed', { error });
    }
  };
}
