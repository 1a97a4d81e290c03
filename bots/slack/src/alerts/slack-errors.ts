// How a failed Slack call should be treated by the sender. @slack/web-api errors carry a stable
// `code`; platform errors name the reason in `data.error`.

export type SlackFailure =
  /** 429: nothing was posted; wait `retryAfterMs`. */
  | { kind: 'rate_limited'; retryAfterMs: number; reason: string }
  /** The channel cannot receive anything (bot removed, archived, deleted). */
  | { kind: 'channel_gone'; reason: string }
  /** Slack refused this message; it was not posted. Retrying may or may not help. */
  | { kind: 'rejected'; reason: string }
  /** Unknown outcome (timeout, connection reset, HTTP 5xx): it may have been posted. */
  | { kind: 'ambiguous'; reason: string };

const CHANNEL_GONE = new Set([
  'not_in_channel',
  'channel_not_found',
  'is_archived',
  'account_inactive',
  'team_access_not_granted',
]);
/** Platform errors that mean Slack itself is struggling: it did not post, try later. */
const TRANSIENT = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'ratelimited']);

export function classifySlackError(error: unknown): SlackFailure & { transient?: boolean } {
  const e = (error ?? {}) as { code?: unknown; retryAfter?: unknown; statusCode?: unknown; data?: { error?: unknown } };
  switch (e.code) {
    case 'slack_webapi_rate_limited_error':
      return {
        kind: 'rate_limited',
        retryAfterMs: Math.max(1, Number(e.retryAfter) || 1) * 1000,
        reason: 'ratelimited',
      };
    case 'slack_webapi_platform_error': {
      const reason = typeof e.data?.error === 'string' ? e.data.error : 'unknown_error';
      if (reason === 'ratelimited') return { kind: 'rate_limited', retryAfterMs: 1000, reason };
      if (CHANNEL_GONE.has(reason)) return { kind: 'channel_gone', reason };
      return { kind: 'rejected', reason, transient: TRANSIENT.has(reason) };
    }
    case 'slack_webapi_http_error':
      return { kind: 'ambiguous', reason: `http_${Number(e.statusCode) || 'error'}` };
    default:
      return { kind: 'ambiguous', reason: e.code === 'slack_webapi_request_error' ? 'request_error' : 'unknown_error' };
  }
}
