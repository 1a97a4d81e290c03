/**
 * HTTP delivery: POSTs payloads to the app's request URL the way Slack does — slash commands
 * form-encoded, interactions as `payload=<json>`, events as JSON — signed with the v0 scheme.
 * Events are retried on timeout/failure with `X-Slack-Retry-Num` / `X-Slack-Retry-Reason`;
 * slash commands and interactions are not retried (the user sees `operation_timeout`).
 */
import { createHmac } from 'node:crypto';
import { DEFAULT_ACK_TIMEOUT_MS, type Delivery, type DeliveryResult, type EnvelopeType } from './delivery.js';

export interface HttpDeliveryOptions {
  requestUrl: string;
  signingSecret: string;
  ackTimeoutMs?: number;
  /** Delay before each event retry. Slack: immediately after a timeout, then about 1 and 5 minutes. */
  eventRetryDelaysMs?: number[];
}

export const DEFAULT_EVENT_RETRY_DELAYS_MS = [0, 60_000, 300_000];

export function signRequest(signingSecret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export function encodeBody(
  type: EnvelopeType,
  payload: Record<string, unknown>,
): { body: string; contentType: string } {
  if (type === 'events_api') return { body: JSON.stringify(payload), contentType: 'application/json' };
  if (type === 'interactive') {
    return {
      body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
      contentType: 'application/x-www-form-urlencoded',
    };
  }
  const form = new URLSearchParams();
  for (const [key, value] of Object.entries(payload)) form.set(key, String(value));
  return { body: form.toString(), contentType: 'application/x-www-form-urlencoded' };
}

type Attempt =
  | { kind: 'ok'; result: DeliveryResult }
  | { kind: 'retry'; reason: 'http_timeout' | 'http_error' | 'connection_failed'; error: string };

export class HttpDelivery implements Delivery {
  private readonly controllers = new Set<AbortController>();
  private closed = false;
  /** Every attempt made, for tests and the CLI log (headers without the signature). */
  readonly attempts: { type: EnvelopeType; retryNum: number; retryReason?: string; status?: number }[] = [];

  constructor(private readonly options: HttpDeliveryOptions) {}

  async deliver(type: EnvelopeType, payload: Record<string, unknown>): Promise<DeliveryResult> {
    const { body, contentType } = encodeBody(type, payload);
    const delays = this.options.eventRetryDelaysMs ?? DEFAULT_EVENT_RETRY_DELAYS_MS;
    const maxRetries = type === 'events_api' ? delays.length : 0;
    let attempt = await this.post(type, body, contentType, 0, undefined);
    for (let retry = 1; attempt.kind === 'retry' && retry <= maxRetries && !this.closed; retry++) {
      const delay = attempt.reason === 'http_timeout' ? 0 : (delays[retry - 1] ?? 0);
      if (delay > 0) await new Promise((r) => setTimeout(r, delay).unref());
      attempt = await this.post(type, body, contentType, retry, attempt.reason);
    }
    return attempt.kind === 'ok' ? attempt.result : { acked: false, error: attempt.error };
  }

  private async post(
    type: EnvelopeType,
    body: string,
    contentType: string,
    retryNum: number,
    retryReason: string | undefined,
  ): Promise<Attempt> {
    const timestamp = Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = {
      'content-type': contentType,
      'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signRequest(this.options.signingSecret, timestamp, body),
    };
    if (retryNum > 0 && retryReason) {
      headers['x-slack-retry-num'] = String(retryNum);
      headers['x-slack-retry-reason'] = retryReason;
    }
    const controller = new AbortController();
    this.controllers.add(controller);
    const timer = setTimeout(() => controller.abort(), this.options.ackTimeoutMs ?? DEFAULT_ACK_TIMEOUT_MS);
    const record: (typeof this.attempts)[number] = { type, retryNum, ...(retryReason ? { retryReason } : {}) };
    this.attempts.push(record);
    try {
      const response = await fetch(this.options.requestUrl, {
        method: 'POST',
        headers,
        body,
        signal: controller.signal,
        redirect: 'manual',
      });
      const text = await response.text();
      record.status = response.status;
      if (response.status !== 200) {
        return { kind: 'retry', reason: 'http_error', error: `http_error_${response.status}` };
      }
      return { kind: 'ok', result: { acked: true, ...ackBody(text, response.headers.get('content-type')) } };
    } catch {
      if (controller.signal.aborted) return { kind: 'retry', reason: 'http_timeout', error: 'operation_timeout' };
      return { kind: 'retry', reason: 'connection_failed', error: 'connection_failed' };
    } finally {
      clearTimeout(timer);
      this.controllers.delete(controller);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const controller of this.controllers) controller.abort();
  }
}

/** A 200 body is an immediate response: JSON message, or plain text meaning `{text}`. */
function ackBody(text: string, contentType: string | null): { ackBody?: Record<string, unknown> } {
  if (text.trim() === '') return {};
  if ((contentType ?? '').includes('json')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed === 'object' && parsed !== null && Object.keys(parsed).length > 0) {
        return { ackBody: parsed as Record<string, unknown> };
      }
      return {};
    } catch {
      return {};
    }
  }
  return { ackBody: { text } };
}
