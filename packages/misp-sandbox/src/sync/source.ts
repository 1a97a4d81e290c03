import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import type { Database } from 'better-sqlite3';

/**
 * How the sandbox reaches feeds and sync servers. Every fetch is time-boxed (`timeoutMs`), and by default only
 * loopback addresses and local files are reached (`loopbackOnly`), so a test or a demo never talks to the
 * internet: a feed or server elsewhere is refused with a clear error before any request is made.
 */
export interface SyncOptions {
  /** Default true: refuse feed and server URLs whose host is not 127.0.0.0/8, ::1 or localhost. */
  loopbackOnly: boolean;
  /** Default 10 000 ms for each request to a feed or a server (and each local file read). */
  timeoutMs: number;
  /** Largest feed file or server answer read (default 50 MiB); a larger one is refused. */
  maxBytes: number;
  /** `fetch` used for feeds and servers (default globalThis.fetch). */
  fetch: typeof fetch;
}

export const DEFAULT_SYNC_OPTIONS: SyncOptions = {
  loopbackOnly: true,
  timeoutMs: 10_000,
  maxBytes: 50 * 1024 * 1024,
  fetch: (...args) => globalThis.fetch(...args),
};

const optionsByDb = new WeakMap<Database, SyncOptions>();

export function setSyncOptions(db: Database, options: Partial<SyncOptions>): void {
  optionsByDb.set(db, { ...DEFAULT_SYNC_OPTIONS, ...withoutUndefined(options) });
}

export function syncOptions(db: Database): SyncOptions {
  return optionsByDb.get(db) ?? DEFAULT_SYNC_OPTIONS;
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** A failure reaching or reading a feed or a server, in words fit for an API answer. */
export class SourceError extends Error {}

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1' || host.startsWith('::ffff:127.');
  return false;
}

/** Checks an http(s) URL against the options without fetching it. */
export function checkRemoteUrl(raw: string, options: SyncOptions): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new SourceError(`Invalid URL: ${raw}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new SourceError(`Unsupported URL scheme: ${raw}`);
  if (options.loopbackOnly && !isLoopbackHost(url.hostname)) {
    throw new SourceError(
      `Refused to connect to ${url.host}: this sandbox only reaches loopback addresses (option loopbackOnly).`,
    );
  }
  return url;
}

export interface FetchedText {
  status: number;
  text: string;
}

/** GETs or POSTs a URL with the time box and size limit; network failures and timeouts become SourceError. */
export async function fetchText(
  raw: string,
  options: SyncOptions,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<FetchedText> {
  const url = checkRemoteUrl(raw, options);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  try {
    const response = await options.fetch(url, { ...init, signal: controller.signal, redirect: 'manual' });
    const text = await readLimited(response, options.maxBytes);
    return { status: response.status, text };
  } catch (error) {
    if (error instanceof SourceError) throw error;
    if (controller.signal.aborted) {
      throw new SourceError(`${url.origin}${url.pathname} did not answer within ${options.timeoutMs} ms.`);
    }
    throw new SourceError(`Could not reach ${url.origin}${url.pathname}: ${(error as Error).message}`);
  } finally {
    clearTimeout(timer);
  }
}

async function readLimited(response: Response, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > maxBytes) throw new SourceError(`The answer is larger than ${maxBytes} bytes.`);
  const buffer = Buffer.from(await response.arrayBuffer());
  if (buffer.length > maxBytes) throw new SourceError(`The answer is larger than ${maxBytes} bytes.`);
  return buffer.toString('utf8');
}

/** Reads a local feed file (input_source local), time-boxed like a network fetch. */
export async function readLocal(path: string, options: SyncOptions): Promise<string> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  try {
    const buffer = await readFile(path, { signal: controller.signal });
    if (buffer.length > options.maxBytes) throw new SourceError(`${path} is larger than ${options.maxBytes} bytes.`);
    return buffer.toString('utf8');
  } catch (error) {
    if (error instanceof SourceError) throw error;
    if (controller.signal.aborted) throw new SourceError(`Reading ${path} took longer than ${options.timeoutMs} ms.`);
    throw new SourceError(`Could not read ${path}: ${(error as Error).message}`);
  } finally {
    clearTimeout(timer);
  }
}

/** Parses JSON from a feed or server, or fails with the URL in the message. */
export function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new SourceError(`${where} did not answer JSON.`);
  }
}
