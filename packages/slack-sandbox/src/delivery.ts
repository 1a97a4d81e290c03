/** How payloads reach the app: over a Socket Mode WebSocket or as signed HTTP POSTs. */

export type EnvelopeType = 'slash_commands' | 'interactive' | 'events_api';

export interface DeliveryResult {
  /** The app acknowledged within the ack timeout (3 s, like Slack). */
  acked: boolean;
  /** The ack's payload (Socket Mode) or response body (HTTP), when it had one. */
  ackBody?: Record<string, unknown>;
  /** Why it was not acknowledged: `no_connection`, `operation_timeout`, `http_error_<status>`, `connection_failed`. */
  error?: string;
}

export interface Delivery {
  deliver(type: EnvelopeType, payload: Record<string, unknown>): Promise<DeliveryResult>;
  close(): Promise<void>;
}

export const DEFAULT_ACK_TIMEOUT_MS = 3000;
