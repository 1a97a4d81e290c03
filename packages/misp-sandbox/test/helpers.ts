import {
  createPartners,
  type MispSandbox,
  type MispSandboxOptions,
  type Partners,
  startMispSandbox,
} from '../src/index.js';

// biome-ignore lint/suspicious/noExplicitAny: JSON from the wire; the assertions check its shape.
export type Json = any;

export interface ApiResponse {
  status: number;
  headers: Headers;
  body: Json;
  text: string;
}

export type Api = (
  method: string,
  path: string,
  body?: unknown,
  options?: { key?: string | null; headers?: Record<string, string> },
) => Promise<ApiResponse>;

/** A JSON client that behaves like PyMISP/our SDK: raw key in Authorization, JSON Accept. */
export function apiFor(misp: MispSandbox, defaultKey = misp.adminKey): Api {
  return async (method, path, body, options = {}) => {
    const key = options.key === undefined ? defaultKey : options.key;
    const headers: Record<string, string> = {
      Accept: 'application/json',
      'Content-Type': 'application/json',
      ...(key ? { Authorization: key } : {}),
      ...options.headers,
    };
    const response = await fetch(`${misp.url}${path}`, {
      method,
      headers,
      redirect: 'manual',
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: response.status, headers: response.headers, body: parsed, text };
  };
}

export async function withSandbox(options: MispSandboxOptions = {}) {
  const misp = await startMispSandbox({ log: () => {}, ...options });
  return { misp, api: apiFor(misp) };
}

/**
 * A fresh sandbox (seed 'none') given the partner organisations, users and sharing group through the admin API
 * (`createPartners`), as a site admin of a new MISP would add them.
 */
export async function withPartners(options: Omit<MispSandboxOptions, 'seed'> = {}) {
  const { misp, api } = await withSandbox(options);
  return { misp, api, partners: await createPartners(misp) };
}

/** The key of the first user of an organisation: of a demo sandbox, or of the users `createPartners` added. */
export const partnerKey = (source: MispSandbox | Partners, org: string) =>
  source.users.find((u) => u.org === org)?.key as string;
