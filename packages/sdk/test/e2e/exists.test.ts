// events.exists / attributes.exists: MISP's HEAD existence checks, against the sandbox over HTTP.
import { describe, expect, it } from 'vitest';
import { isMispErrorCode, MispValidationError } from '../../src/index.js';
import { useSandbox } from './sandbox.js';

const e2e = useSandbox();

/** A key of a partner organisation (not the read-write user's ORGNAME). */
const partnerKey = () => e2e.sandbox.users.find((u) => u.org === 'Northwind CERT')?.key as string;

describe('events.exists', () => {
  it('is true for an existing event by id and by uuid, false for an unknown id', async () => {
    const event = await e2e.misp.events.add({ info: 'e2e: exists', distribution: '0' });
    expect(await e2e.misp.events.exists(event.id)).toBe(true);
    expect(await e2e.misp.events.exists(event.uuid)).toBe(true);
    expect(await e2e.misp.events.exists('999999')).toBe(false);
    expect(await e2e.misp.events.exists('00000000-0000-4000-8000-000000000000')).toBe(false);
    await e2e.misp.events.delete(event.id);
    expect(await e2e.misp.events.exists(event.id)).toBe(false);
  });

  it('is false for an event the caller may not see', async () => {
    const partner = e2e.client({ apiKey: partnerKey() });
    const hidden = await partner.events.add({ info: 'e2e: partner only', distribution: '0' });
    expect(await partner.events.exists(hidden.id)).toBe(true);
    expect(await e2e.misp.events.exists(hidden.id)).toBe(false);
    await partner.events.delete(hidden.id);
  });

  it('sends HEAD and reads no body', async () => {
    const seen: string[] = [];
    const misp = e2e.client({
      fetch: (input, init) => {
        const request = new Request(input, init);
        seen.push(`${request.method} ${new URL(request.url).pathname}`);
        return fetch(request);
      },
    });
    expect(await misp.events.exists(1)).toBe(true);
    expect(seen).toEqual(['HEAD /events/view/1']);
  });
});

describe('attributes.exists', () => {
  it('is true for an existing attribute, false once it is deleted (404, not the 405 of a GET)', async () => {
    const event = await e2e.misp.events.add({ info: 'e2e: attribute exists', distribution: '0' });
    const attribute = await e2e.misp.attributes.add(event.id, { type: 'domain', value: 'exists.example' });
    expect(await e2e.misp.attributes.exists(attribute.id)).toBe(true);
    expect(await e2e.misp.attributes.exists(attribute.uuid)).toBe(true);
    await e2e.misp.attributes.delete(attribute.id, { hard: true });
    expect(await e2e.misp.attributes.exists(attribute.id)).toBe(false);
    expect(await e2e.misp.attributes.exists(999999)).toBe(false);
    await e2e.misp.events.delete(event.id);
  });
});

describe('exists failures', () => {
  it('throws MispAuthenticationError for a refused key instead of answering false', async () => {
    const stranger = e2e.client({ apiKey: 'C'.repeat(40) });
    const events = await stranger.events.exists(1).catch((e: unknown) => e);
    expect(isMispErrorCode(events, 'misp_authentication')).toBe(true);
    expect(events).toMatchObject({ status: 403 });
    const attributes = await stranger.attributes.exists(1).catch((e: unknown) => e);
    expect(isMispErrorCode(attributes, 'misp_authentication')).toBe(true);
  });

  it('refuses a malformed id before sending anything', async () => {
    await expect(e2e.misp.events.exists('1 OR 1=1')).rejects.toBeInstanceOf(MispValidationError);
    await expect(e2e.misp.attributes.exists('../view/1')).rejects.toBeInstanceOf(MispValidationError);
  });

  it("reports MISP's login redirect clearly when a proxy drops the Accept header", async () => {
    const misp = e2e.client({
      fetch: (input, init) => {
        const request = new Request(input, init);
        request.headers.delete('accept');
        return fetch(request);
      },
    });
    const error = await misp.events.exists(1).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'misp_bad_response',
      status: 302,
      message:
        'MISP redirected to /users/login: the request was not treated as an API call (send Accept: application/json)',
    });
  });
});
