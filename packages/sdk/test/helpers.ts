// A fresh client per test over an injected fetch that runs a tiny local handler (no mocks of our code).
import { createMispClient, type MispClientOptions, noRetry } from '../src/index.js';

export const API_KEY = 'Zx9TestApiKey0000000000000000000000000042';

export type Handler = (request: Request, attempt: number) => Response | Promise<Response>;

export function json(body: unknown, init: ResponseInit = {}): Response {
  return new Response(JSON.stringify(body), {
    ...init,
    headers: { 'Content-Type': 'application/json', ...(init.headers as Record<string, string>) },
  });
}

/** Resolves never; rejects with the request's abort reason, like a real fetch on a hung server. */
export function hang(request: Request): Promise<Response> {
  return new Promise((_, reject) => {
    if (request.signal.aborted) reject(request.signal.reason);
    request.signal.addEventListener('abort', () => reject(request.signal.reason), { once: true });
  });
}

export function createTestClient(handler: Handler, options: Partial<MispClientOptions> = {}) {
  const requests: Request[] = [];
  const fetch = async (input: string | Request, init?: RequestInit) => {
    const request = new Request(input, init);
    requests.push(request);
    return handler(request, requests.length);
  };
  const misp = createMispClient({ baseUrl: 'http://misp.test', apiKey: API_KEY, fetch, retry: noRetry, ...options });
  return { misp, requests };
}
