// Type behaviour of the client: request bodies, helper results, and mistakes that must not compile.
import { describe, expectTypeOf, it } from 'vitest';
import { attributes, createMispClient as createCoreClient } from '../src/core.js';
import {
  type Attribute,
  type AttributeSearchFilters,
  createMispClient,
  type EventIndexItem,
  isMispErrorCode,
  type MispCapabilities,
  type MispError,
  type MispEvent,
  type RequestBody,
  type Schemas,
  type Sighting,
  ThreatLevel,
  type WarninglistHit,
} from '../src/index.js';

const misp = createMispClient({ baseUrl: 'http://misp.test', apiKey: 'k'.repeat(40) });

describe('request types', () => {
  it('types the restSearch body', () => {
    expectTypeOf<AttributeSearchFilters>().toEqualTypeOf<RequestBody<'/attributes/restSearch', 'post'>>();
    expectTypeOf(misp.attributes.search).parameter(0).toEqualTypeOf<AttributeSearchFilters>();
    expectTypeOf<{
      value: '1.2.3.4';
      to_ids: 1;
      last: '7d';
      tags: { NOT: ['tlp:red'] };
    }>().toExtend<AttributeSearchFilters>();
    // @ts-expect-error a typo'd filter (MISP would silently ignore it and return everything)
    misp.attributes.search({ vaule: '1.2.3.4' });
    // @ts-expect-error to_ids is a flag, not a list of words
    misp.attributes.search({ to_ids: ['yes'] });
  });

  it('rejects unknown paths and wrong path parameters on the raw client', () => {
    // @ts-expect-error not a MISP path in the spec
    misp.GET('/events/viewAll');
    // @ts-expect-error eventId, not attributeId
    misp.GET('/events/view/{eventId}', { params: { path: { attributeId: '1' } } });
    // @ts-expect-error restSearch is POST only
    misp.GET('/attributes/restSearch');
  });

  it('rejects a sighting with a type outside 0/1/2', () => {
    // @ts-expect-error '3' (true positive) is not implemented by MISP
    misp.sightings.add({ value: '1.2.3.4', type: '3' });
  });
});

describe('response types', () => {
  it('helpers return unwrapped MISP objects', () => {
    expectTypeOf(misp.attributes.search).returns.resolves.toEqualTypeOf<Attribute[]>();
    expectTypeOf(misp.events.search).returns.resolves.toEqualTypeOf<MispEvent[]>();
    expectTypeOf(misp.events.get).returns.resolves.toEqualTypeOf<MispEvent>();
    expectTypeOf(misp.sightings.add).returns.resolves.toEqualTypeOf<Sighting>();
    expectTypeOf(misp.warninglists.check).returns.resolves.toEqualTypeOf<Record<string, WarninglistHit[]>>();
    expectTypeOf<Attribute['id']>().toEqualTypeOf<string>();
    expectTypeOf<Attribute['to_ids']>().toEqualTypeOf<boolean>();
    expectTypeOf<MispEvent['threat_level_id']>().toEqualTypeOf<'1' | '2' | '3' | '4'>();
  });

  it('types the raw client result from the spec', async () => {
    const { data } = await misp.GET('/events/view/{eventId}', { params: { path: { eventId: '1' } } });
    // Both ways rather than toEqualTypeOf: analyst data nests recursively (notes on notes), which defeats
    // expectTypeOf's structural equality check even for identical types.
    expectTypeOf(data).toExtend<{ Event: MispEvent } | undefined>();
    expectTypeOf<{ Event: MispEvent } | undefined>().toExtend<typeof data>();
  });

  it('paginate yields the scope item type', () => {
    expectTypeOf(misp.paginate('attributes', { type: 'ip-dst' })).toEqualTypeOf<AsyncIterableIterator<Attribute>>();
    expectTypeOf(misp.paginate('events', {})).toEqualTypeOf<AsyncIterableIterator<MispEvent>>();
    expectTypeOf(misp.paginate(async () => [1, 2])).toEqualTypeOf<AsyncIterableIterator<number>>();
    // @ts-expect-error only attributes and events have a named paginator
    misp.paginate('tags', {});
  });
});

describe('generated methods', () => {
  it('take path parameters, then the body, then options with the query parameters', () => {
    expectTypeOf(misp.events.index).parameter(0).toExtend<{ limit?: number; page?: number } | undefined>();
    // @ts-expect-error a typo'd query parameter
    misp.events.index({ limt: 5 });
    // @ts-expect-error context is 'attribute' or 'event'
    misp.sightings.search('object', { id: '1' });
    expectTypeOf(misp.sightings.search('event', { id: '1' })).resolves.toEqualTypeOf<Schemas['Sighting'][]>();
    expectTypeOf(misp.objects.exists).returns.resolves.toEqualTypeOf<boolean>();
  });

  it('keep the one-or-many shape of attributes.add', () => {
    expectTypeOf(misp.attributes.add('1', { type: 'domain', value: 'a.example' })).resolves.toEqualTypeOf<Attribute>();
    expectTypeOf(misp.attributes.add('1', [{ type: 'domain', value: 'a.example' }])).resolves.toEqualTypeOf<
      Attribute[]
    >();
  });

  it('paginate walks any paginated method with its item type', () => {
    expectTypeOf(misp.paginate(misp.attributes.search, { type: 'ip-dst' })).toEqualTypeOf<
      AsyncIterableIterator<Attribute>
    >();
    expectTypeOf(misp.paginate(misp.events.index)).toEqualTypeOf<
      AsyncIterableIterator<EventIndexItem | Schemas['EventIndexMinimalItem']>
    >();
  });

  it('server.capabilities() resolves MispCapabilities', () => {
    expectTypeOf(misp.server.capabilities).returns.resolves.toEqualTypeOf<MispCapabilities>();
  });

  it('the core client has the resources it was given, and no others', () => {
    const core = createCoreClient({ baseUrl: 'http://misp.test', apiKey: 'k'.repeat(40), resources: { attributes } });
    expectTypeOf(core.attributes.search).returns.resolves.toEqualTypeOf<Attribute[]>();
    // @ts-expect-error events were not passed
    core.events;
  });
});

describe('errors and constants', () => {
  it('narrows with isMispErrorCode', () => {
    const error: unknown = new Error('x');
    if (isMispErrorCode(error, 'misp_rate_limited')) {
      expectTypeOf(error).toExtend<MispError>();
      expectTypeOf(error.code).toEqualTypeOf<'misp_rate_limited'>();
    }
    // @ts-expect-error not a MispErrorCode
    isMispErrorCode(error, 'misp_teapot');
  });

  it('keeps enum constants as literal strings', () => {
    expectTypeOf(ThreatLevel.High).toEqualTypeOf<'1'>();
    expectTypeOf<ThreatLevel>().toEqualTypeOf<'1' | '2' | '3' | '4'>();
  });
});
