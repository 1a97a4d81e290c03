import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';

/** "Open in MISP" is a link button; Slack still sends an action, which must be acknowledged. */
export function openInMispAction() {
  return async ({ ack }: AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction>): Promise<void> => {
    await ack();
  };
}
