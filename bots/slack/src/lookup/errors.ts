// Turns whatever a MISP call threw into one sentence an analyst can act on. Relies on the SDK's
// stable error codes; the SDK already strips credentials, and we never include URLs with keys.
import { isMispError } from '@mispkit/sdk';

export function describeMispFailure(error: unknown, timeoutMs: number): string {
  const seconds = Math.round(timeoutMs / 100) / 10;
  if (isMispError(error)) {
    const e = error as { code: string; status?: number; retryAfter?: number };
    switch (e.code) {
      case 'misp_timeout':
        return `MISP did not answer within ${seconds} s. Try again in a moment.`;
      case 'misp_connection':
        return 'MISP could not be reached (connection failed). It may be down or the bot’s MISP_URL is wrong.';
      case 'misp_authentication':
        return 'MISP refused the bot’s API key (403). An admin needs to check MISP_API_KEY.';
      case 'misp_forbidden':
        return 'MISP refused this request: the bot’s MISP user lacks the permission for it (403).';
      case 'misp_rate_limited':
        return `MISP is rate-limiting the bot${e.retryAfter ? `; try again in ${e.retryAfter} s` : ''}.`;
      case 'misp_server':
        return `MISP failed with a server error${e.status ? ` (HTTP ${e.status})` : ''}. Try again later.`;
      case 'misp_bad_response':
        return 'MISP answered with something that is not valid MISP JSON. An admin should check the MISP server.';
      case 'misp_validation':
        return 'MISP rejected the request as invalid.';
      case 'misp_not_found':
        return 'MISP does not know that item (404).';
      default:
        return 'MISP returned an error.';
    }
  }
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `MISP did not answer within ${seconds} s. Try again in a moment.`;
  }
  return 'Something went wrong talking to MISP.';
}

/** A short, secret-free code for logs and the audit trail. */
export function failureCode(error: unknown): string {
  if (isMispError(error)) return (error as { code: string }).code;
  if (error instanceof Error) return error.name;
  return 'unknown';
}
