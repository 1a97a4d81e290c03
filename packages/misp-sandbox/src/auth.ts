import { createHash, randomBytes } from 'node:crypto';
import { negotiate } from './negotiate.js';

export const AUTH_FAILED =
  'Authentication failed. Please make sure you pass the API key of an API enabled user along in the Authorization header.';
export const NO_PERMISSION = 'You do not have permission to use this functionality.';

const KEY_RE = /^[a-zA-Z0-9]{40}$/;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * Keys are stored as SHA-256 digests. A key is 40 random alphanumerics (~238 bits), so a slow
 * password hash adds nothing against guessing, while a deterministic digest can be looked up by
 * index in one query instead of comparing against every stored hash.
 */
export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export function generateKey(): string {
  const bytes = randomBytes(40);
  let key = '';
  for (const byte of bytes) key += ALPHABET[byte % ALPHABET.length];
  return key;
}

export function isValidKey(key: string): boolean {
  return KEY_RE.test(key);
}

/** Keys from `Authorization` or `X-MISP-AUTH`: comma-separated, trimmed, `Basic …` ignored. */
export function candidateKeys(headers: Record<string, string | string[] | undefined>): string[] {
  const keys: string[] = [];
  for (const name of ['authorization', 'x-misp-auth']) {
    const raw = headers[name];
    const value = Array.isArray(raw) ? raw.join(',') : raw;
    if (!value || /^basic\s/i.test(value)) continue;
    for (const part of value.split(',')) {
      const key = part.trim();
      if (KEY_RE.test(key)) keys.push(key);
    }
  }
  return keys;
}

// Keys are checked against `auth_keys` (expiry, allowed_ips, disabled users): accounts/auth-keys.ts.

/**
 * MISP treats a request as an API call only when it asks for JSON (`application/json` in Accept), prefers
 * XML or CSV (a browser's `text/html,…,application/xml;q=0.9` prefers HTML), uses a `.json` suffix, or calls
 * an automation action.
 */
export function isRestRequest(accept: string | undefined, hasJsonSuffix: boolean, automation: boolean): boolean {
  if (hasJsonSuffix || automation) return true;
  return negotiate(accept, false) !== undefined;
}
