// One JSON client for both sides of the comparison: what PyMISP and the SDK send (the raw key in
// Authorization, JSON Accept and Content-Type), one request at a time, redirects not followed.

// biome-ignore lint/suspicious/noExplicitAny: JSON from the wire; the comparison walks it generically.
export type Json = any;

/** Who sends a request: the users both sides have (see prepare.ts), no key, or a key nobody has. */
export type Actor = 'admin' | 'user' | 'readonly' | 'partner' | 'anonymous' | 'badKey';

export const BAD_KEY = 'Zq9'.repeat(13).concat('Z');

export interface Answer {
  status: number;
  headers: Headers;
  body: Json;
  text: string;
  ms: number;
}

export interface Target {
  name: 'sandbox' | 'misp';
  url: string;
  keys: Record<'admin' | 'user' | 'readonly' | 'partner', string>;
}

export function keyOf(target: Target, actor: Actor): string | undefined {
  if (actor === 'anonymous') return undefined;
  if (actor === 'badKey') return BAD_KEY;
  return target.keys[actor];
}

/** Generous: the oracle is one PHP process, and a galaxy or warninglist update takes seconds. */
const TIMEOUT_MS = 120_000;

export async function send(
  target: Target,
  method: string,
  path: string,
  body?: unknown,
  actor: Actor = 'admin',
  extraHeaders: Record<string, string> = {},
): Promise<Answer> {
  const key = keyOf(target, actor);
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Content-Type': 'application/json',
    ...(key ? { Authorization: key } : {}),
    ...extraHeaders,
  };
  const started = performance.now();
  const response = await fetch(`${target.url}${path}`, {
    method,
    headers,
    redirect: 'manual',
    signal: AbortSignal.timeout(TIMEOUT_MS),
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  let parsed: Json;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: response.status, headers: response.headers, body: parsed, text, ms: performance.now() - started };
}
