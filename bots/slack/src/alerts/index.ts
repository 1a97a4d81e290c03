// Public surface of the alert pipeline (issue 6), for createApp and main.ts to wire.

export { acknowledgeBlocks, alertCard, changeSummary, digestMessage } from './blocks.js';
export { createAlertWebClient } from './client.js';
export {
  ALERT_SUBCOMMANDS,
  type AlertCommandArgs,
  type AlertCommandResult,
  handleAlertCommand,
  isAlertCommand,
} from './commands.js';
export { alertConfigFromEnv } from './config.js';
export { demoEvent, startDemoPublisher } from './demo.js';
export { toAlertEvent } from './event.js';
export { alertHomeSection } from './home.js';
export { ALERT_EVENT_TYPE, alertActions, alertBlockIds, DIGEST_EVENT_TYPE } from './ids.js';
export {
  type AlertHealth,
  type AlertPipeline,
  type AlertPipelineConfig,
  type AlertPipelineDeps,
  createAlertPipeline,
} from './pipeline.js';
export type { AlertMisp } from './ports.js';
export { type AlertStore, openAlertStore } from './store.js';
export { matchesFilters, parseSubscribeArgs } from './subscriptions.js';
export type { AlertEvent, Subscription, SubscriptionFilters } from './types.js';
export { createWebhookReceiver, verifySignature, WEBHOOK_SIGNATURE_HEADER } from './webhook.js';
