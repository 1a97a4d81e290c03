// Slack's Block Kit limits (reference: docs.slack.dev block reference and @slack/types).
// Builders clamp to these rather than let Slack reject a message.
export const LIMITS = {
  blocksPerMessage: 50,
  blocksPerHomeView: 100,
  sectionText: 3000,
  sectionField: 2000,
  sectionFields: 10,
  contextElements: 10,
  contextText: 2000,
  headerText: 150,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  buttonUrl: 3000,
  blockId: 255,
  actionId: 255,
  /** Fallback `text`; Slack truncates far later, a notification preview needs far less. */
  messageText: 3000,
} as const;
