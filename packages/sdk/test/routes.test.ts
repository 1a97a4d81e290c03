// How a route row becomes a call: arguments, query string, envelope unwrapping, HTTP-200 failures,
// and path parameters checked before anything is sent. Through the client, over an injected fetch.
import { describe, expect, it } from 'vitest';
import { isMispErrorCode, MispValidationError } from '../src/index.js';
import { createTestClient, json } from './helpers.js';

describe('generated methods', () => {
  it('put path parameters in the path, the body in the body and query parameters as named parameters', async () => {
    const { misp, requests } = createTestClient(() => json({ message: 'Attribute deleted.' }));
    await misp.attributes.delete('12', { hard: true, timeoutMs: 5_000 });
    await misp.attributes.delete('13', { hard: false });
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST http://misp.test/attributes/delete/12/hard:1',
      'POST http://misp.test/attributes/delete/13/hard:0',
    ]);
    expect(requests[0]?.body).toBeNull();
  });

  it("send query parameters from the options object as MISP's named parameters, without the call options", async () => {
    const { misp, requests } = createTestClient(() => json([]));
    const controller = new AbortController();
    await misp.events.index({ limit: 5, page: 2, minimal: 1, signal: controller.signal, retry: undefined });
    expect(requests[0]?.url).toBe('http://misp.test/events/index/limit:5/page:2/minimal:1');
  });

  it('send events/index filters under the search-prefixed names MISP reads (x-mispkit named)', async () => {
    const { misp, requests } = createTestClient(() => json([]));
    await misp.events.index({ eventinfo: 'phishing', tags: 'tlp:red', org: 'CIRCL', searchall: 'x', limit: 2 });
    await misp.events.index({ threatlevel: '1', published: 1, publish_timestamp: '7d', datefrom: '2026-01-01' });
    expect(requests.map((r) => r.url)).toEqual([
      'http://misp.test/events/index/searcheventinfo:phishing/searchtags:tlp%3Ared/searchorg:CIRCL/searchall:x/limit:2',
      'http://misp.test/events/index/searchthreatlevel:1/searchpublished:1/searchpublish_timestamp:7d/searchdatefrom:2026-01-01',
    ]);
  });

  it('send an option MISP reads by position as a path argument (x-mispkit positional)', async () => {
    const { misp, requests } = createTestClient(() => json({ message: 'Object deleted' }));
    await misp.objects.delete('7', { hard: true });
    await misp.objects.delete('8', { hard: false });
    await misp.objects.delete('9');
    expect(requests.map((r) => r.url)).toEqual([
      'http://misp.test/objects/delete/7/1',
      'http://misp.test/objects/delete/8/0',
      'http://misp.test/objects/delete/9',
    ]);
  });

  it('encode named values as MISP decodes them, lists as `a|b`, and refuse a "/" before sending', async () => {
    const { misp, requests } = createTestClient(() => json([]));
    await misp.events.index({ eventinfo: 'a b:c ünï+%' });
    await misp.events.index({ tags: ['tlp:red', 'tlp:amber'] as unknown as string });
    expect(requests.map((r) => r.url)).toEqual([
      'http://misp.test/events/index/searcheventinfo:a%20b%3Ac%20%C3%BCn%C3%AF%252B%2525',
      'http://misp.test/events/index/searchtags:tlp%3Ared%7Ctlp%3Aamber',
    ]);
    const error = await misp.events.index({ eventinfo: 'a/b' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MispValidationError);
    expect((error as Error).message).toBe(
      'Invalid eventinfo "a/b": MISP reads it from the URL path, where a value cannot contain "/"',
    );
    expect(requests).toHaveLength(2);
  });

  it('move a raw call’s query string into named parameters, which is where MISP reads it', async () => {
    const { misp, requests } = createTestClient(() => json([]));
    await misp.GET('/events/index', { params: { query: { limit: 1, eventinfo: 'x' } } });
    await misp.GET('/tags/index', { params: { query: { searchall: 'tlp' } } });
    expect(requests.map((r) => r.url)).toEqual([
      'http://misp.test/events/index/limit:1/searcheventinfo:x',
      'http://misp.test/tags/index/searchall:tlp',
    ]);
  });

  it('send an optional body only when given', async () => {
    const { misp, requests } = createTestClient(() => json([]));
    await misp.events.list();
    await misp.events.list({ published: 1 });
    expect(requests[0]?.body).toBeNull();
    expect(await requests[1]?.json()).toEqual({ published: 1 });
    expect(requests[1]?.headers.get('content-type')).toBe('application/json');
  });

  it('unwrap what x-mispkit.unwrap names: fields, arrays, and fields of each item', async () => {
    const { misp } = createTestClient((request) => {
      const path = new URL(request.url).pathname;
      if (path === '/sightings/restSearch/event') return json({ response: [{ Sighting: { id: '4' } }] });
      if (path === '/warninglists/index') return json({ Warninglists: [{ Warninglist: { id: '9' } }] });
      if (path === '/attributes/describeTypes') return json({ result: { types: ['ip-dst'] } });
      return json({}, { status: 404 });
    });
    expect(await misp.sightings.search('event', { id: '1' })).toEqual([{ id: '4' }]);
    expect(await misp.warninglists.list()).toEqual([{ id: '9' }]);
    expect((await misp.attributes.describeTypes()).types).toEqual(['ip-dst']);
  });

  it('refuse an envelope the spec does not promise with MispResponseError', async () => {
    const { misp } = createTestClient(() => json({ response: { Attribute: 'nope' } }));
    const error = await misp.attributes.search({ value: 'x' }).catch((e: unknown) => e);
    expect(isMispErrorCode(error, 'misp_bad_response')).toBe(true);
    expect((error as Error).message).toBe(
      'Unexpected MISP response: expected an array in "Attribute", got an object with keys Attribute',
    );
  });

  it("turn MISP's HTTP-200 failures into MispValidationError where the spec says so", async () => {
    const { misp } = createTestClient(() => json({ saved: false, errors: 'Tag not found.' }));
    const error = await misp.tags
      .attach({ uuid: '5f5b9b3c-0b0a-4c1e-8f6a-2a3b4c5d6e7f', tag: 'tlp:red' })
      .catch((e) => e);
    expect(error).toBeInstanceOf(MispValidationError);
    expect((error as MispValidationError).errors).toEqual({ _: ['Tag not found.'] });
  });

  it('check path parameters before sending: ids numeric or UUIDs, enums one of their values', async () => {
    const { misp, requests } = createTestClient(() => json({}));
    const badId = await misp.objects.get('1/../../admin').catch((e: unknown) => e);
    expect((badId as Error).message).toBe('Invalid objectId "1/../../admin": expected a numeric id or a UUID');
    const badContext = await misp.sightings.search('object' as 'event', { id: '1' }).catch((e: unknown) => e);
    expect((badContext as Error).message).toBe('Invalid context "object": expected one of attribute, event');
    expect(requests).toHaveLength(0);
  });

  it('send free-string path parameters as they are, refusing an empty one or one with "/"', async () => {
    const { misp, requests } = createTestClient(() => json([]));
    await misp.tags.searchByTerm('tlp:%');
    await misp.server.getSetting('MISP.baseurl').catch(() => undefined);
    expect(requests.map((r) => new URL(r.url).pathname)).toEqual([
      '/tags/search/tlp%3A%25',
      '/servers/getSetting/MISP.baseurl',
    ]);
    const slash = await misp.tags.searchByTerm('a/b').catch((e: unknown) => e);
    expect((slash as Error).message).toBe('Invalid tagSearchTerm "a/b": expected a value without "/"');
    const blank = await misp.tags.searchByTerm(' ').catch((e: unknown) => e);
    expect(blank).toBeInstanceOf(MispValidationError);
    expect(requests).toHaveLength(2);
  });

  it('answer true/false for HEAD existence checks', async () => {
    const { misp } = createTestClient(
      (request) => new Response(null, { status: request.url.endsWith('/7') ? 200 : 404 }),
    );
    expect(await misp.objects.exists(7)).toBe(true);
    expect(await misp.organisations.exists(8)).toBe(false);
  });
});
