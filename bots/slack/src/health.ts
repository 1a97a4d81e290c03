// MISP connection state for the App Home: version (servers/getVersion) and the key's user
// (users/view/me), with latency. Cached briefly so opening the Home tab repeatedly costs nothing.
import type { MispHealth } from './blocks/home.js';
import type { BotContext } from './context.js';
import { describeMispFailure } from './lookup/errors.js';

function field(obj: unknown, ...path: string[]): string | undefined {
  let cur = obj;
  for (const key of path) cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[key] : undefined;
  return typeof cur === 'string' ? cur : undefined;
}

export function createHealthCheck(ctx: BotContext, ttlMs = 15_000) {
  let cached: { at: number; health: MispHealth } | undefined;
  return async (): Promise<MispHealth> => {
    if (cached && ctx.clock() - cached.at < ttlMs) return cached.health;
    const started = performance.now();
    let health: MispHealth;
    try {
      const [version, me] = await Promise.all([
        ctx.misp.server.version({ timeoutMs: ctx.config.mispTimeoutMs }),
        ctx.misp.users.me({ timeoutMs: ctx.config.mispTimeoutMs }),
      ]);
      health = {
        ok: true,
        version: field(version, 'version'),
        user: field(me, 'User', 'email'),
        org: field(me, 'Organisation', 'name'),
        latencyMs: performance.now() - started,
      };
    } catch (error) {
      health = { ok: false, error: describeMispFailure(error, ctx.config.mispTimeoutMs) };
    }
    cached = { at: ctx.clock(), health };
    return health;
  };
}
