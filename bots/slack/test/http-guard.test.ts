import { describe, expect, it } from 'vitest';
import { checkRequest, sign } from '../src/http-guard.js';
import { openSqliteStore } from '../src/storage/sqlite.js';

const secret = 'f00dfeedf00dfeedf00dfeedf00dfeed';
const now = 1_800_000_000;

function setup() {
  const store = openSqliteStore(':memory:');
  let clock = now * 1000;
  const options = { signingSecret: secret, store, now: () => clock };
  return { options, advance: (s: number) => (clock += s * 1000) };
}

describe('checkRequest', () => {
  const body = 'command=%2Fintel&text=1.2.3.4';
  it('accepts a correctly signed, current request', async () => {
    const { options } = setup();
    expect(await checkRequest({ signature: sign(secret, now, body), timestamp: String(now) }, body, options)).toEqual({
      ok: true,
    });
  });
  it('rejects a replay within the window, and still after the timestamp window would have let it through', async () => {
    const { options, advance } = setup();
    const headers = { signature: sign(secret, now, body), timestamp: String(now) };
    await checkRequest(headers, body, options);
    expect(await checkRequest(headers, body, options)).toMatchObject({ ok: false, reason: 'replayed request' });
    advance(299);
    expect(await checkRequest(headers, body, options)).toMatchObject({ ok: false, reason: 'replayed request' });
    advance(2);
    expect(await checkRequest(headers, body, options)).toMatchObject({ ok: false, reason: 'stale timestamp' });
  });
  it('rejects a timestamp more than five minutes in the future', async () => {
    const { options } = setup();
    const ts = now + 301;
    expect(
      await checkRequest({ signature: sign(secret, ts, body), timestamp: String(ts) }, body, options),
    ).toMatchObject({ ok: false, reason: 'timestamp in the future' });
  });
  it('rejects a stale timestamp', async () => {
    const { options } = setup();
    const ts = now - 301;
    expect(
      await checkRequest({ signature: sign(secret, ts, body), timestamp: String(ts) }, body, options),
    ).toMatchObject({ ok: false, reason: 'stale timestamp' });
  });
  it('rejects a signature over another body, a wrong secret, and missing or malformed headers', async () => {
    const { options } = setup();
    expect(
      await checkRequest({ signature: sign(secret, now, 'other'), timestamp: String(now) }, body, options),
    ).toMatchObject({ reason: 'bad signature' });
    expect(
      await checkRequest({ signature: sign('x', now, body), timestamp: String(now) }, body, options),
    ).toMatchObject({ reason: 'bad signature' });
    expect(await checkRequest({ signature: undefined, timestamp: String(now) }, body, options)).toMatchObject({
      reason: 'missing signature headers',
    });
    expect(await checkRequest({ signature: 'v0=1', timestamp: '1e9' }, body, options)).toMatchObject({
      reason: 'malformed timestamp',
    });
  });
});
