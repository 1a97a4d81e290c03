import type { ButtonArgs } from './payload.js';

/** "Open in MISP" is a link button; Slack still sends an action, which must be acknowledged. */
export function openInMispAction() {
  return async ({ ack }: ButtonArgs): Promise<void> => {
    await ack();
  };
}
