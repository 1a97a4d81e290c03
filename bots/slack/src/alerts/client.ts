// The WebClient the sender must use: no automatic retries and 429s thrown, not queued, because the
// client's own retry of a timed-out chat.postMessage double-posts (reference conventions §A7).
import webApi, { type WebClient, type WebClientOptions } from '@slack/web-api';

export function createAlertWebClient(
  token: string,
  options: { slackApiUrl?: string | undefined; timeoutMs?: number } & Omit<
    WebClientOptions,
    'slackApiUrl' | 'timeout'
  > = {},
): WebClient {
  const { slackApiUrl, timeoutMs, ...rest } = options;
  return new webApi.WebClient(token, {
    ...rest,
    ...(slackApiUrl ? { slackApiUrl } : {}),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: timeoutMs ?? 10_000,
  });
}
