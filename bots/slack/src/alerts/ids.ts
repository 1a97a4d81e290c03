// Identifiers the alert messages carry. The lead registers listeners on the action ids.
export const alertActions = {
  lookup: 'alert_lookup',
  acknowledge: 'alert_acknowledge',
  openInMisp: 'alert_open_in_misp',
} as const;

export const alertBlockIds = {
  actions: 'alert_actions',
  ack: 'alert_ack',
} as const;

/** `metadata.event_type` of alert messages: reconciliation after a crash searches for these. */
export const ALERT_EVENT_TYPE = 'misp_alert';
export const DIGEST_EVENT_TYPE = 'misp_alert_digest';
