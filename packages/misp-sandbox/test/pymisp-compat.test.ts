/**
 * A replay of the HTTP requests PyMISP (pymisp/api.py, 2.5.x) sends — NOT PyMISP itself, which
 * cannot be installed here. Headers, paths and bodies follow PyMISP's `_prepare_request`,
 * constructor handshake, `add_event`, `search` (which sends 0 for every unset include flag and
 * drops None values) and `add_sighting`; assertions check what PyMISP then reads.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoIndicators as I, type MispSandbox, startMispSandbox } from '../src/index.js';
import type { Json } from './helpers.js';

let misp: MispSandbox;

beforeAll(async () => {
  misp = await startMispSandbox({ seed: 'demo', log: () => {} });
});
afterAll(() => misp.close());

/** PyMISP._prepare_request: urljoin(root, path-without-leading-slash), JSON body without None keys. */
async function pymisp(method: 'GET' | 'POST', path: string, data?: Record<string, unknown> | unknown[]) {
  const body =
    data && !Array.isArray(data)
      ? Object.fromEntries(Object.entries(data).filter(([, v]) => v !== null && v !== undefined))
      : data;
  const response = await fetch(new URL(path, `${misp.url}/`), {
    method,
    headers: {
      Authorization: misp.userKey,
      Accept: 'application/json',
      'content-type': 'application/json',
      'User-Agent': 'PyMISP 2.5.34.1 - Python 3.12',
      'Accept-Encoding': 'gzip, deflate, br',
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = (await response.json()) as Json;
  // PyMISP._check_response strips a top-level `response` key.
  return {
    status: response.status,
    json: json && typeof json === 'object' && 'response' in json ? json.response : json,
  };
}

/** Body PyMISP's search() builds: every include flag sent as 0 unless set. */
function searchQuery(overrides: Record<string, unknown>) {
  return {
    returnFormat: 'json',
    page: null,
    limit: null,
    value: null,
    type: null,
    category: null,
    org: null,
    tags: null,
    quickFilter: null,
    from: null,
    to: null,
    eventid: null,
    withAttachments: 0,
    metadata: 0,
    uuid: null,
    published: null,
    enforceWarninglist: 0,
    deleted: null,
    includeEventUuid: 0,
    includeEventTags: 0,
    sgReferenceOnly: 0,
    eventinfo: null,
    searchall: null,
    requested_attributes: null,
    includeContext: 0,
    headerless: 0,
    includeSightings: 0,
    includeCorrelations: 0,
    ...overrides,
  };
}

describe('PyMISP request replay', () => {
  it('completes the constructor handshake: getVersion, users/view/me, describeTypes.json', async () => {
    const version = await pymisp('GET', 'servers/getVersion');
    expect(version.json.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(version.json.pymisp_recommended_version).toBeDefined();
    const me = await pymisp('GET', 'users/view/me');
    for (const key of ['User', 'Role', 'UserSetting']) expect(me.json).toHaveProperty(key);
    const types = await pymisp('GET', 'attributes/describeTypes.json');
    expect(types.json.result.sane_defaults['ip-dst']).toEqual({ default_category: 'Network activity', to_ids: 1 });
    expect(types.json.result.category_type_mappings['Network activity']).toContain('ip-dst');
  });

  it('adds an event as MISPEvent.to_json() serialises it', async () => {
    const uuid = '5d1e1b8c-2c4e-4e0f-9a77-0f2a1c3b4d5e';
    const created = await pymisp('POST', 'events/add', {
      Event: {
        uuid,
        info: 'PyMISP replay event',
        date: '2026-11-20',
        threat_level_id: 1,
        analysis: 0,
        distribution: 1,
        published: false,
        Attribute: [
          {
            uuid: '0b8e2f0c-8a9f-4c5e-9d3e-1a2b3c4d5e6f',
            type: 'ip-dst',
            category: 'Network activity',
            to_ids: true,
            value: '203.0.113.200',
            disable_correlation: false,
            comment: 'replayed',
            Tag: [{ name: 'PAP:AMBER' }],
          },
          {
            uuid: '9f1b6a4e-3c2d-4b1a-8e7f-6d5c4b3a2f10',
            type: 'domain',
            category: 'Network activity',
            to_ids: true,
            value: 'pymisp-replay.example',
          },
        ],
        Tag: [{ name: 'tlp:amber' }],
      },
    });
    expect(created.status).toBe(200);
    expect(created.json.Event.uuid).toBe(uuid);
    expect(created.json.Event.Attribute).toHaveLength(2);
    expect(created.json.Event.Attribute[0].Tag[0].name).toBe('PAP:AMBER');
    expect(created.json.Event.Tag[0].name).toBe('tlp:amber');
  });

  it('searches attributes with PyMISP 0/1 flags and gets {Attribute:[…]} after unwrapping', async () => {
    const result = await pymisp(
      'POST',
      'attributes/restSearch',
      searchQuery({ value: 'pymisp-replay.example', includeEventTags: 1, to_ids: 1 }),
    );
    expect(result.status).toBe(200);
    expect(result.json.Attribute.map((a: Json) => a.value)).toEqual(['pymisp-replay.example']);
    expect(result.json.Attribute[0].Tag.map((t: Json) => t.name)).toContain('tlp:amber');
  });

  it('searches events with PyMISP body and gets a list of {Event}', async () => {
    const result = await pymisp('POST', 'events/restSearch', searchQuery({ value: I.maliciousDomain, metadata: 0 }));
    expect(Array.isArray(result.json)).toBe(true);
    expect(result.json[0].Event.Attribute.length).toBeGreaterThan(0);
    const index = await pymisp('POST', 'events/index', { published: null, eventid: null, tags: ['tlp:red'] });
    expect(index.json.every((e: Json) => e.EventTag.some((t: Json) => t.Tag.name === 'tlp:red'))).toBe(true);
  });

  it('adds a sighting as add_sighting posts it, by value and by attribute', async () => {
    const byValue = await pymisp('POST', 'sightings/add', {
      value: 'pymisp-replay.example',
      source: 'pymisp',
      type: '0',
    });
    expect(byValue.json.Sighting.source).toBe('pymisp');
    const attribute = (await pymisp('POST', 'attributes/restSearch', searchQuery({ value: '203.0.113.200' }))).json
      .Attribute[0];
    const byId = await pymisp('POST', `sightings/add/${attribute.id}`, { source: 'pymisp', type: '1' });
    expect(byId.json.Sighting).toMatchObject({ attribute_id: attribute.id, type: '1' });
  });

  it('gets {"errors"}-style 4xx bodies PyMISP can read (no exception on 403/404)', async () => {
    const missing = await pymisp('GET', 'events/view/987654');
    expect(missing.status).toBe(404);
    expect(missing.json.message).toBe('Invalid event');
  });
});
