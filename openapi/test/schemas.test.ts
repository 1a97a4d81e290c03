// Validates the bundled contract the way the sandbox's contract tests use it (ajv, JSON Schema 2020-12):
// every schema compiles in strict mode, every example in the spec validates against its media type,
// and the schemas reject what real MISP never sends.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';

// biome-ignore lint/suspicious/noExplicitAny: the bundled spec is walked generically; ajv checks the shapes.
type Json = Record<string, any>;
const spec: Json = JSON.parse(readFileSync(fileURLToPath(new URL('../dist/openapi.json', import.meta.url)), 'utf8'));

function createAjv() {
  const ajv = new Ajv2020({ strict: true, strictRequired: false, allowUnionTypes: true, allErrors: true });
  addFormats(ajv);
  ajv.addKeyword('components');
  ajv.addSchema({ $id: 'spec', components: spec.components });
  return ajv;
}
const ajv = createAjv();
const toSpecRefs = (schema: unknown) => JSON.parse(JSON.stringify(schema).replaceAll('"$ref":"#/', '"$ref":"spec#/'));
const valid = (name: string, data: unknown) => ajv.validate({ $ref: `spec#/components/schemas/${name}` }, data);
const example = (name: string): Json => structuredClone(spec.components.examples[name].value);
function deref(node: Json | undefined): Json | undefined {
  let current = node;
  while (current?.$ref) {
    const keys = (current.$ref as string).slice(2).split('/');
    current = keys.reduce<Json>((parent, key) => parent[key.replaceAll('~1', '/').replaceAll('~0', '~')], spec);
  }
  return current;
}

const operations = Object.entries(spec.paths as Json).flatMap(([path, item]) =>
  Object.entries(item as Json).map(([method, op]) => ({ path, method, op: op as Json })),
);

describe('bundled contract', () => {
  it('has at least the 43 first operations, with unique camelCase operationIds', () => {
    const ids = operations.map(({ op }) => op.operationId as string);
    expect(ids.length).toBeGreaterThanOrEqual(43);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z][a-zA-Z0-9]*$/);
  });

  it('declares 413 Payload Too Large with an error body on every operation that takes a request body', () => {
    const withBody = operations.filter(({ op }) => op.requestBody);
    expect(withBody.length).toBeGreaterThan(10);
    for (const { path, method, op } of withBody) {
      const response = op.responses['413'];
      expect(response?.$ref, `${method} ${path}`).toBe('#/components/responses/PayloadTooLarge');
    }
    expect(deref(spec.components.responses.PayloadTooLarge)?.content['application/json'].schema.$ref).toBe(
      '#/components/schemas/ErrorResponse',
    );
  });

  it('declares the HEAD existence checks on the view routes, answering 200 or 404 without a body', () => {
    const heads = operations.filter(({ method }) => method === 'head');
    expect(heads.map(({ path, op }) => `${op.operationId} ${path}`).sort()).toEqual([
      'attributeExists /attributes/view/{attributeId}',
      'eventExists /events/view/{eventId}',
      'objectExists /objects/view/{objectId}',
      'organisationExists /organisations/view/{organisationId}',
      'sharingGroupExists /sharing_groups/view/{sharingGroupId}',
    ]);
    for (const { op } of heads) {
      expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '404']));
      for (const response of Object.values(op.responses as Json)) expect(deref(response)?.content).toBeUndefined();
    }
  });

  it('compiles every component schema with ajv in strict mode', () => {
    const strictAjv = createAjv();
    for (const name of Object.keys(spec.components.schemas)) {
      expect(() => strictAjv.getSchema(`spec#/components/schemas/${name}`), name).not.toThrow();
    }
  });

  it('validates every example against the schema of its media type', () => {
    let checked = 0;
    for (const { path, method, op } of operations) {
      const media = [deref(op.requestBody), ...Object.values((op.responses ?? {}) as Json).map((r) => deref(r))]
        .map((container) => container?.content?.['application/json'])
        .filter((m): m is Json => Boolean(m?.examples));
      for (const { schema, examples } of media) {
        const validate = ajv.compile(toSpecRefs(schema));
        for (const [name, ref] of Object.entries(examples as Json)) {
          checked++;
          expect(
            validate(deref(ref)?.value),
            `${method} ${path} example ${name}: ${ajv.errorsText(validate.errors)}`,
          ).toBe(true);
        }
      }
    }
    expect(checked).toBeGreaterThan(20);
  });
});

describe('attribute schema', () => {
  const attribute = example('AttributeSearchResult').response.Attribute[0];

  it('accepts MISP output, extra fields, and a missing Object for standalone attributes', () => {
    const { Object: _object, ...standalone } = attribute;
    expect(valid('Attribute', attribute)).toBe(true);
    expect(valid('Attribute', { ...standalone, object_id: '0', new_field: 1 })).toBe(true);
  });

  it('rejects numeric ids, string flags, unknown types and distribution 6', () => {
    expect(valid('Attribute', { ...attribute, id: 42 })).toBe(false);
    expect(valid('Attribute', { ...attribute, to_ids: '1' })).toBe(false);
    expect(valid('Attribute', { ...attribute, type: 'ip-dstt' })).toBe(false);
    expect(valid('Attribute', { ...attribute, distribution: '6' })).toBe(false);
  });

  it('requires first_seen to be an ISO string or null', () => {
    expect(valid('Attribute', { ...attribute, first_seen: null })).toBe(true);
    expect(valid('Attribute', { ...attribute, first_seen: 1732700000 })).toBe(false);
  });
});

describe('event schema', () => {
  it('rejects distribution 5 (inherit) on events', () => {
    const { Event } = example('Event');
    expect(valid('EventResponse', { Event })).toBe(true);
    expect(valid('EventResponse', { Event: { ...Event, distribution: '5' } })).toBe(false);
  });

  it('accepts both full and minimal events/index items', () => {
    expect(valid('EventIndexResponse', example('EventIndex'))).toBe(true);
    expect(valid('EventIndexResponse', example('EventIndexMinimal'))).toBe(true);
    expect(valid('EventIndexResponse', [{ id: '1' }])).toBe(false);
  });
});

describe('search filters', () => {
  it('accept every documented form of filter values, times and flags', () => {
    const filters = {
      value: ['1.2.3.4', '!8.8.8.8', '%.example.org'],
      tags: { AND: ['tlp:amber'], NOT: 'tlp:red' },
      type: 'ip-src&&ip-dst',
      last: '7d',
      timestamp: [1700000000, '1700003600'],
      publish_timestamp: 1700000000.25,
      to_ids: '1',
      deleted: [0, 1],
      limit: 100,
      page: 2,
    };
    expect(valid('AttributeSearchFilters', { ...filters, includeEventTags: true })).toBe(true);
    expect(valid('EventSearchFilters', { ...filters, metadata: 1, 'org.sector': 'finance' })).toBe(true);
    expect(valid('EventSearchFilters', { ...filters, includeEventTags: true })).toBe(false);
  });

  it('reject unknown keys, which MISP would silently ignore', () => {
    expect(valid('AttributeSearchFilters', { valeu: '1.2.3.4' })).toBe(false);
    expect(valid('EventSearchFilters', { return_format: 'json' })).toBe(false);
  });

  it('reject flags that MISP does not understand', () => {
    expect(valid('AttributeSearchFilters', { to_ids: 'yes' })).toBe(false);
    expect(valid('AttributeSearchFilters', { returnFormat: 'jsonl' })).toBe(false);
  });
});

describe('quirky envelopes', () => {
  it('model warninglist no-hit answers as an empty array', () => {
    expect(valid('WarninglistCheckResponse', [])).toBe(true);
    expect(valid('WarninglistCheckResponse', example('WarninglistHits'))).toBe(true);
    expect(valid('WarninglistCheckResponse', ['8.8.8.8'])).toBe(false);
  });

  it('model the HTTP-200 sighting failure next to the success body', () => {
    expect(valid('SightingAddResponse', example('SightingNotAdded'))).toBe(true);
    expect(valid('SightingAddResponse', { Sighting: { id: '1' } })).toBe(false);
  });

  it('model nested validation errors of batch attribute adds', () => {
    const body = {
      saved: false,
      name: 'n',
      message: 'n',
      url: '/attributes/add/1',
      errors: { attribute_0: { value: ['x'] } },
    };
    expect(valid('ValidationErrorResponse', body)).toBe(true);
    expect(valid('ValidationErrorResponse', { ...body, saved: true })).toBe(false);
  });

  it('accept UserSetting as a map or as the empty PHP array', () => {
    const me = example('CurrentUser');
    expect(valid('CurrentUserResponse', me)).toBe(true);
    expect(valid('CurrentUserResponse', { ...me, UserSetting: { homepage: { path: '/events/index' } } })).toBe(true);
    expect(valid('CurrentUserResponse', { ...me, UserSetting: ['x'] })).toBe(false);
  });

  it('require tags/index counts to be real integers', () => {
    const tag = example('TagList').Tag[0];
    expect(valid('TagListResponse', { Tag: [tag] })).toBe(true);
    expect(valid('TagListResponse', { Tag: [{ ...tag, count: '12' }] })).toBe(false);
  });
});
