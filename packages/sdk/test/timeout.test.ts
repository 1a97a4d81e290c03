import { describe, expect, it } from 'vitest';
import { isMispError, MispTimeoutError, retryPolicy } from '../src/index.js';
import { createTestClient, hang, json } from './helpers.js';

describe('timeouts', () => {
  it('throws MispTimeoutError when the client timeout elapses', async () => {
    const { misp } = createTestClient(hang, { timeoutMs: 50 });
    const error = await misp.server.version().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MispTimeoutError);
    expect((error as MispTimeoutError).code).toBe('misp_timeout');
    expect((error as MispTimeoutError).message).toBe('MISP call timed out after 50 ms');
  });

  it('lets a call override the timeout', async () => {
    const { misp } = createTestClient(hang, { timeoutMs: 60_000 });
    await expect(misp.events.get(1, { timeoutMs: 30 })).rejects.toMatchObject({ code: 'misp_timeout' });
  });

  it('covers retries and waits: the deadline is per call, not per attempt', async () => {
    const { misp, requests } = createTestClient(
      (request, n) => (n === 1 ? new Response(null, { status: 503 }) : hang(request)),
      // The retry waits 1–2 ms and the second attempt hangs: the 2 s deadline leaves a loaded machine
      // ample room to send it, and still ends the call however many attempts it would allow.
      { timeoutMs: 2_000, retry: retryPolicy({ baseDelayMs: 1, maxDelayMs: 2 }) },
    );
    await expect(misp.server.version()).rejects.toMatchObject({ code: 'misp_timeout' });
    expect(requests).toHaveLength(2);
  });

  it('applies to the raw typed client too', async () => {
    const { misp } = createTestClient(hang, { timeoutMs: 30 });
    await expect(misp.GET('/servers/getVersion')).rejects.toMatchObject({ code: 'misp_timeout' });
  });
});

describe('caller abort', () => {
  it('rejects with the AbortError itself, not a MispError', async () => {
    const { misp } = createTestClient(hang);
    const controller = new AbortController();
    const pending = misp.attributes.search({ value: 'x' }, { signal: controller.signal });
    controller.abort();
    const error = await pending.catch((e: unknown) => e);
    expect((error as Error).name).toBe('AbortError');
    expect(isMispError(error)).toBe(false);
  });

  it('rejects with a custom abort reason as given', async () => {
    const { misp } = createTestClient(hang);
    const reason = new Error('user left the channel');
    const error = await misp.events.get(1, { signal: AbortSignal.abort(reason) }).catch((e: unknown) => e);
    expect(error).toBe(reason);
  });

  it('stops waiting between retries when aborted', async () => {
    const { misp, requests } = createTestClient(
      () => new Response(null, { status: 503, headers: { 'Retry-After': '5' } }),
      {
        retry: retryPolicy({ maxRetryAfterMs: 60_000 }),
      },
    );
    const controller = new AbortController();
    const pending = misp.server.version({ signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(requests).toHaveLength(1);
  });

  it('accepts a signal on raw calls', async () => {
    const { misp } = createTestClient(hang);
    const controller = new AbortController();
    const pending = misp.GET('/servers/getVersion', { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('does not affect a call that already finished', async () => {
    const { misp } = createTestClient(() => json({ version: '2.5.1' }));
    const controller = new AbortController();
    const version = await misp.server.version({ signal: controller.signal });
    controller.abort();
    expect(version).toMatchObject({ version: '2.5.1' });
  });
});
