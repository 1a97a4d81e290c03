// MISP objects, object references and object templates as MISP 2.5 answers them (each expectation was
// checked against a real MISP 2.5): add with template validation, edit, view, soft and hard delete,
// restSearch, references, templates, and objects inside events/add and events/edit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MispSandbox } from '../src/index.js';
import { partner } from './accounts/fixtures.js';
import { SpecChecker } from './accounts/spec-check.js';
import { type Api, apiFor, type Json, withSandbox } from './helpers.js';
import { OBJECT_OPERATIONS } from './object-operations.js';

const DOMAIN_IP = '43b3b146-77eb-4931-b4cc-b66c60f28734';
const URL_TEMPLATE = '60efb77b-40b5-4c46-871b-ed1ed999fce5';
const u = (c: string) => `${c.repeat(8)}-${c.repeat(4)}-4${c.repeat(3)}-8${c.repeat(3)}-${c.repeat(12)}`;

let misp: MispSandbox;
let api: Api;
const checker = new SpecChecker();
let eventId: string;

const count = (table: string) => (misp.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
const templateId = (uuid: string) =>
  String((misp.db.prepare('SELECT id FROM object_templates WHERE uuid = ?').get(uuid) as { id: number }).id);

beforeAll(async () => {
  let raw: Api;
  ({ misp, api: raw } = await withSandbox());
  api = async (method, path, body, options) => checker.check(method, path, await raw(method, path, body, options));
  const event = await api('POST', '/events/add', { Event: { info: 'objects test', distribution: '0' } });
  eventId = event.body.Event.id;
});
afterAll(() => misp.close());

describe('objects/add', () => {
  it('fills name, meta-category, description and version from the template named in the URL', async () => {
    const r = await api('POST', `/objects/add/${eventId}/${templateId(DOMAIN_IP)}`, {
      Object: { first_seen: '2024-03-01', Attribute: [{ object_relation: 'ip', type: 'ip-dst', value: '10.9.9.9' }] },
    });
    expect(r.status).toBe(200);
    expect(r.body.Object).toMatchObject({
      name: 'domain-ip',
      'meta-category': 'network',
      template_uuid: DOMAIN_IP,
      distribution: '0',
      first_seen: '2024-03-01T00:00:00.000000+00:00',
      last_seen: null,
    });
    expect(r.body.Object.description).toMatch(/domain\/hostname and IP address/);
    // The object's first_seen is given to the attributes that have none.
    expect(r.body.Object.Attribute[0]).toMatchObject({
      object_relation: 'ip',
      value1: '10.9.9.9',
      value2: '',
      first_seen: '2024-03-01T00:00:00.000000+00:00',
    });
  });

  it("saves the object's notes and opinions (MISP's saveObject captures them)", async () => {
    const r = await api('POST', `/objects/add/${eventId}/${templateId(DOMAIN_IP)}`, {
      Object: {
        Note: [{ note: 'added with the object' }],
        Attribute: [{ object_relation: 'ip', type: 'ip-dst', value: '10.9.9.10' }],
      },
    });
    const view = (await api('GET', `/events/view/${eventId}`)).body.Event;
    const saved = view.Object.find((o: Json) => o.uuid === r.body.Object.uuid);
    expect(saved.Note).toMatchObject([{ note: 'added with the object', object_type: 'Object' }]);
  });

  it('refuses an object missing all of requiredOneOf, and writes nothing', async () => {
    const before = [count('objects'), count('attributes')];
    const r = await api('POST', `/objects/add/${eventId}/${DOMAIN_IP}`, {
      Attribute: [{ object_relation: 'port', type: 'port', value: '80' }],
    });
    expect(r.status).toBe(403);
    expect(r.body).toEqual({
      saved: false,
      name: 'Could not add Object',
      message: 'Could not add Object',
      url: '/objects/add',
      errors:
        'Could not save the object as it requires at least one of the following attributes to be set: ip, domain, hostname',
    });
    expect([count('objects'), count('attributes')]).toEqual(before);
  });

  it('refuses a relation used twice without the multiple flag', async () => {
    const r = await api('POST', `/objects/add/${eventId}/${templateId(URL_TEMPLATE)}`, {
      Attribute: [
        { object_relation: 'url', type: 'url', value: 'http://x.example/1' },
        { object_relation: 'url', type: 'url', value: 'http://x.example/2' },
      ],
    });
    expect(r.status).toBe(403);
    expect(r.body.errors).toMatch(/^Could not save the object as a unique relationship/);
  });

  it('checks the payload template (uuid and version) when the URL names none', async () => {
    const version = misp.db.prepare('SELECT version FROM object_templates WHERE uuid = ?').get(URL_TEMPLATE) as Json;
    const r = await api('POST', `/objects/add/${eventId}`, {
      name: 'url',
      'meta-category': 'network',
      description: 'x',
      template_uuid: URL_TEMPLATE,
      template_version: String(version.version),
      Attribute: [{ object_relation: 'port', type: 'port', value: '80' }],
    });
    expect(r.status).toBe(403);
    expect(r.body.errors).toBe(
      'Could not save the object as it requires at least one of the following attributes to be set: url, resource_path',
    );
  });

  it('answers an unknown template uuid with 404 and an unknown template id with a failed save', async () => {
    const byUuid = await api('POST', `/objects/add/${eventId}/${u('9')}`, {
      Attribute: [{ object_relation: 'url', type: 'url', value: 'http://x.example/1' }],
    });
    expect(byUuid.status).toBe(404);
    expect(byUuid.body.message).toBe('Invalid template.');
    const byId = await api('POST', `/objects/add/${eventId}/99999`, {
      Attribute: [{ object_relation: 'url', type: 'url', value: 'http://x.example/1' }],
    });
    expect(byId.status).toBe(403);
    expect(byId.body).toEqual({
      saved: false,
      name: 'Could not add object',
      message: 'Could not add object',
      url: `/objects/add/${eventId}/99999`,
      errors: 'No valid template found to edit the object.',
      id: `${eventId}/99999`,
    });
  });

  it('without a template, needs the template fields in the payload', async () => {
    const r = await api('POST', `/objects/add/${eventId}`, {
      name: 'url',
      Attribute: [{ object_relation: 'url', type: 'url', value: 'http://x.example/3' }],
    });
    expect(r.status).toBe(403);
    expect(r.body.errors).toBe(
      'Object could not be saved.\ntemplate: No valid template found and object lacking template information. (meta-category)',
    );
  });

  it('accepts relations the template does not know', async () => {
    const r = await api('POST', `/objects/add/${eventId}/${templateId(URL_TEMPLATE)}`, {
      Attribute: [
        { object_relation: 'url', type: 'url', value: 'http://x.example/4' },
        { object_relation: 'bogus', type: 'text', value: 'zz' },
      ],
    });
    expect(r.status).toBe(200);
    expect(r.body.Object.Attribute.map((a: Json) => a.object_relation)).toEqual(['url', 'bogus']);
  });

  it('refuses an invalid attribute naming its relation, and writes nothing', async () => {
    const before = [count('objects'), count('attributes')];
    const r = await api('POST', `/objects/add/${eventId}/${templateId(URL_TEMPLATE)}`, {
      Attribute: [
        { object_relation: 'url', type: 'url', value: 'http://x.example/5' },
        { object_relation: 'ip', type: 'ip-dst', value: 'notanip' },
      ],
    });
    expect(r.status).toBe(403);
    expect(r.body.name).toBe('Could not add object');
    expect(r.body.errors).toMatch(/^Could not save object as at least one attribute has failed validation \(ip\)\. /);
    expect([count('objects'), count('attributes')]).toEqual(before);
  });
});

describe('objects/edit, view, delete', () => {
  let objectId: string;
  beforeAll(async () => {
    const r = await api('POST', `/objects/add/${eventId}/${templateId(DOMAIN_IP)}`, {
      Attribute: [
        {
          object_relation: 'domain',
          type: 'domain',
          value: 'edit.example',
          uuid: u('b'),
          Tag: [{ name: 'tlp:green' }],
        },
        { object_relation: 'ip', type: 'ip-dst', value: '10.2.2.2', uuid: u('c') },
      ],
    });
    objectId = r.body.Object.id;
  });

  it('views the object with its event and each attribute with its AttributeTag links', async () => {
    const r = await api('GET', `/objects/view/${objectId}`);
    expect(r.status).toBe(200);
    expect(Object.keys(r.body.Object)).toContain('Event');
    expect(r.body.Object.Attribute[0].AttributeTag[0]).toMatchObject({
      relationship_type: '',
      local: false,
      Tag: { name: 'tlp:green', org_id: '0' },
    });
    expect((await api('GET', `/objects/view/${u('b')}`)).status).toBe(404);
    expect((await api('GET', '/objects/view/abc')).body.message).toBe('Invalid object ID.');
  });

  it('replaces the attribute list: by uuid updated, new added, the others soft-deleted', async () => {
    const r = await api('POST', `/objects/edit/${objectId}`, {
      Object: {
        comment: 'edited',
        last_seen: '2024-05-01T00:00:00Z',
        Attribute: [
          { uuid: u('c'), object_relation: 'ip', type: 'ip-dst', value: '10.2.2.3' },
          { object_relation: 'hostname', type: 'hostname', value: 'h.example' },
        ],
      },
    });
    expect(r.status).toBe(200);
    expect(r.body.Event).toMatchObject({ id: eventId });
    expect(r.body.Object).toMatchObject({ comment: 'edited', last_seen: '2024-05-01T00:00:00.000000+00:00' });
    expect(r.body.Object.Attribute.map((a: Json) => [a.object_relation, a.value, a.last_seen])).toEqual([
      ['ip', '10.2.2.3', null],
      ['hostname', 'h.example', '2024-05-01T00:00:00.000000+00:00'],
    ]);
    const domain = misp.db.prepare('SELECT deleted FROM attributes WHERE uuid = ?').get(u('b')) as Json;
    expect(domain.deleted).toBe(1);
  });

  it('fails the edit on an invalid last_seen, naming the object id', async () => {
    const r = await api('POST', `/objects/edit/${objectId}`, { first_seen: '2024-06-01', last_seen: '2024-01-01' });
    expect(r.status).toBe(403);
    expect(r.body).toEqual({
      saved: false,
      name: 'Could not edit Object',
      message: 'Could not edit Object',
      url: '/objects/edit',
      errors: objectId,
    });
    expect((await api('POST', '/objects/edit/999999', { comment: 'x' })).status).toBe(404);
  });

  it('soft-deletes (still viewable, flagged, without attributes) then hard-deletes', async () => {
    const soft = await api('POST', `/objects/delete/${objectId}`);
    expect(soft.body).toMatchObject({ saved: true, message: 'Object deleted', url: `/objects/delete/${eventId}` });
    const viewed = await api('GET', `/objects/view/${objectId}`);
    expect(viewed.body.Object.deleted).toBe(true);
    expect(viewed.body.Object.Attribute).toBeUndefined();
    const plain = await api('GET', `/events/view/${eventId}`);
    expect(plain.body.Event.Object.map((o: Json) => o.id)).not.toContain(objectId);
    const withDeleted = await api('GET', `/events/view/${eventId}/deleted:1`);
    expect(withDeleted.body.Event.Object.find((o: Json) => o.id === objectId)).toMatchObject({ deleted: true });
    const hard = await api('POST', `/objects/delete/${objectId}/1`);
    expect(hard.status).toBe(200);
    expect((await api('GET', `/objects/view/${objectId}`)).status).toBe(404);
    expect(misp.db.prepare('SELECT COUNT(*) AS n FROM attributes WHERE object_id = ?').get(objectId)).toEqual({ n: 0 });
  });
});

describe('object references', () => {
  let event: Json;
  beforeAll(async () => {
    const r = await api('POST', '/events/add', {
      Event: {
        info: 'references test',
        distribution: '0',
        Attribute: [{ type: 'ip-src', value: '10.3.3.3', uuid: u('e') }],
        Object: [
          {
            name: 'domain-ip',
            'meta-category': 'network',
            description: 'd',
            template_uuid: DOMAIN_IP,
            template_version: '11',
            uuid: u('a'),
            first_seen: '2024-01-01T00:00:00Z',
            last_seen: '2024-02-01T10:00:00.123456+02:00',
            Attribute: [{ object_relation: 'domain', type: 'domain', value: 'ref.example' }],
            ObjectReference: [
              { referenced_uuid: u('d'), relationship_type: 'related-to', comment: 'c1' },
              { referenced_uuid: u('e'), relationship_type: 'resolves-to' },
              { referenced_uuid: u('9'), relationship_type: 'dropped' },
            ],
          },
          {
            name: 'url',
            'meta-category': 'network',
            description: 'u',
            template_uuid: URL_TEMPLATE,
            template_version: '10',
            uuid: u('d'),
            Attribute: [{ object_relation: 'url', type: 'url', value: 'http://ref.example/x' }],
          },
          // Dropped as MISP drops it: no meta-category, no template uuid.
          { name: 'url', Attribute: [{ object_relation: 'url', type: 'url', value: 'http://dropped.example/' }] },
        ],
      },
    });
    event = r.body.Event;
  });

  it('events/add saves objects with first/last seen and references (also forward ones), with summaries', () => {
    expect(event.Object).toHaveLength(2);
    const [domainIp] = event.Object;
    expect(domainIp).toMatchObject({
      first_seen: '2024-01-01T00:00:00.000000+00:00',
      last_seen: '2024-02-01T08:00:00.123456+00:00',
    });
    // events/add does not pass the object's seen on to its attributes (objects/add does).
    expect(domainIp.Attribute[0].first_seen).toBeNull();
    expect(Object.keys(domainIp)).toEqual([
      'id',
      'name',
      'meta-category',
      'description',
      'template_uuid',
      'template_version',
      'event_id',
      'uuid',
      'timestamp',
      'distribution',
      'sharing_group_id',
      'comment',
      'deleted',
      'first_seen',
      'last_seen',
      'ObjectReference',
      'Attribute',
    ]);
    expect(domainIp.ObjectReference).toHaveLength(2);
    expect(domainIp.ObjectReference[0]).toMatchObject({
      referenced_uuid: u('d'),
      referenced_type: '1',
      relationship_type: 'related-to',
      comment: 'c1',
      source_uuid: u('a'),
      Object: { uuid: u('d'), name: 'url', 'meta-category': 'network', distribution: '0', sharing_group_id: '0' },
    });
    expect(domainIp.ObjectReference[1]).toMatchObject({
      referenced_type: '0',
      Attribute: { uuid: u('e'), value: '10.3.3.3', type: 'ip-src', category: 'Network activity', to_ids: true },
    });
  });

  it('objectReferences/add by referenced_uuid; an unknown target or object is a 404', async () => {
    const target = event.Object[0].Attribute[0].uuid;
    const r = await api('POST', `/object_references/add/${event.Object[1].id}`, {
      referenced_uuid: target,
      relationship_type: 'contains',
      comment: 'x',
    });
    expect(r.status).toBe(200);
    expect(r.body.ObjectReference).toMatchObject({
      object_id: event.Object[1].id,
      event_id: event.id,
      source_uuid: u('d'),
      referenced_uuid: target,
      referenced_type: '0',
      relationship_type: 'contains',
      deleted: false,
      object_uuid: u('d'),
    });
    const unknown = await api('POST', `/object_references/add/${event.Object[1].id}`, { referenced_uuid: u('9') });
    expect([unknown.status, unknown.body.message]).toEqual([404, 'Invalid target.']);
    const byId = await api('POST', `/object_references/add/${event.Object[1].id}`, { referenced_id: '1' });
    expect(byId.body.message).toBe('Invalid target.');
    const noObject = await api('POST', '/object_references/add/999999', { referenced_uuid: target });
    expect([noObject.status, noObject.body.message]).toEqual([404, 'Invalid object.']);
  });

  it('objectReferences/view and soft delete (still viewable, flagged)', async () => {
    const id = event.Object[0].ObjectReference[1].id;
    const deleted = await api('POST', `/object_references/delete/${id}`);
    expect(deleted.body).toEqual({
      saved: true,
      success: true,
      name: 'ObjectReference deleted',
      message: 'ObjectReference deleted',
      url: `/object_references/delete/${id}`,
      id,
    });
    const viewed = await api('GET', `/object_references/view/${id}`);
    expect(viewed.body.ObjectReference).toMatchObject({ id, deleted: true });
    expect(Object.keys(viewed.body.ObjectReference)).not.toContain('Attribute');
    const after = await api('GET', `/events/view/${event.id}`);
    expect(after.body.Event.Object[0].ObjectReference.map((r: Json) => r.id)).not.toContain(id);
    expect((await api('GET', '/object_references/view/999999')).body.message).toBe('Invalid object reference.');
    expect((await api('POST', '/object_references/delete/999999')).status).toBe(404);
  });

  it('events/edit updates an object and its attribute by uuid, adds new objects and references', async () => {
    const url = event.Object[1];
    const r = await api('POST', `/events/edit/${event.id}`, {
      Event: {
        Object: [
          {
            uuid: url.uuid,
            name: 'url',
            comment: 'changed',
            Attribute: [
              { uuid: url.Attribute[0].uuid, object_relation: 'url', type: 'url', value: 'http://ref.example/y' },
            ],
            ObjectReference: [{ referenced_uuid: u('a'), relationship_type: 'edit-ref' }],
          },
          {
            uuid: u('f'),
            name: 'domain-ip',
            'meta-category': 'network',
            description: 'd',
            template_uuid: DOMAIN_IP,
            template_version: '11',
            Attribute: [{ object_relation: 'domain', type: 'domain', value: 'new.ref.example' }],
          },
        ],
      },
    });
    expect(r.status).toBe(200);
    const objects = r.body.Event.Object;
    expect(objects).toHaveLength(3);
    const edited = objects.find((o: Json) => o.uuid === url.uuid);
    expect(edited.comment).toBe('changed');
    expect(edited.Attribute.map((a: Json) => a.value)).toEqual(['http://ref.example/y']);
    expect(edited.ObjectReference.map((x: Json) => x.relationship_type)).toContain('edit-ref');
  });
});

describe('objects/restSearch', () => {
  it('finds objects by name, attribute value, event tag; answers MISP envelope and count', async () => {
    const r = await api('POST', '/objects/restSearch', { object_name: 'domain-ip', value: 'ref.example' });
    expect(r.status).toBe(200);
    expect(r.headers.get('x-result-count')).toBe(String(r.body.response.length));
    expect(r.body.response).toHaveLength(1);
    expect(r.body.response[0].Object).toMatchObject({ name: 'domain-ip', uuid: u('a') });
    expect(Object.keys(r.body.response[0].Object).slice(-2)).toEqual(['Attribute', 'Event']);
    const limited = await api('POST', '/objects/restSearch', { object_name: 'domain-ip', limit: 1, page: 2 });
    expect(limited.body.response).toHaveLength(1);
  });

  it('answers MISP 2.5 errors: GET without filters 400, other formats 404, `deleted` 500', async () => {
    expect((await api('GET', '/objects/restSearch')).status).toBe(400);
    expect((await api('POST', '/objects/restSearch', { returnFormat: 'csv' })).body.message).toBe(
      'Invalid output format.',
    );
    expect((await api('POST', '/objects/restSearch', { deleted: 1 })).status).toBe(500);
  });
});

describe('object templates', () => {
  it('lists the vendored templates with their organisation, ids in MISP install order', async () => {
    const r = await api('GET', '/object_templates/index');
    expect(r.status).toBe(200);
    expect(r.body.length).toBeGreaterThan(400);
    expect(r.body[0].ObjectTemplate).toMatchObject({ id: '1', name: 'ADS', fixed: true, active: true });
    expect(r.body[0].Organisation).toMatchObject({ id: '1' });
    const url = r.body.find((t: Json) => t.ObjectTemplate.uuid === URL_TEMPLATE);
    expect(url.ObjectTemplate).toMatchObject({
      name: 'url',
      requirements: { requiredOneOf: ['url', 'resource_path'] },
    });
    expect(r.body.find((t: Json) => t.ObjectTemplate.name === 'domain-ip').ObjectTemplate.id).toBe('93');
  });

  it('views a template by id or uuid with its elements', async () => {
    const r = await api('GET', `/object_templates/view/${URL_TEMPLATE}`);
    expect(r.status).toBe(200);
    expect(r.body.User).toMatchObject({ id: '1' });
    expect(r.body.ObjectTemplateElement[0]).toMatchObject({
      object_relation: 'credential',
      type: 'text',
      'ui-priority': '0',
      categories: [],
      disable_correlation: null,
      multiple: false,
    });
    expect((await api('GET', '/object_templates/view/abc')).body.message).toBe('Invalid object template id.');
    expect((await api('GET', '/object_templates/view/999999')).body.message).toBe('Invalid object template');
  });

  it('update redirects to the index and installs nothing new', async () => {
    const before = count('object_templates');
    const r = await api('POST', '/object_templates/update');
    expect(r.status).toBe(302);
    expect(count('object_templates')).toBe(before);
  });
});

describe('breakOnDuplicate', () => {
  const object = (value: string, extra: Json = {}) => ({
    Object: {
      name: 'domain-ip',
      'meta-category': 'network',
      description: 'd',
      template_uuid: DOMAIN_IP,
      template_version: '9',
      ...extra,
      Attribute: [
        { object_relation: 'domain', type: 'domain', category: 'Network activity', value },
        { object_relation: 'ip', type: 'ip-dst', category: 'Network activity', value: '203.0.113.5' },
      ],
    },
  });
  let dupEvent: string;
  let first: Json;

  beforeAll(async () => {
    dupEvent = (await api('POST', '/events/add', { Event: { info: 'duplicates', distribution: 0 } })).body.Event.id;
    first = (await api('POST', `/objects/add/${dupEvent}`, object('dup.example.test'))).body.Object;
  });

  it('objects/add refuses an object like one of the event (named parameter or in the object), writing nothing', async () => {
    const message = `Object could not be saved.\nvalue: Duplicate object found (id: ${first.id}, uuid: ${first.uuid}). Since breakOnDuplicate is set the object will not be added.`;
    const before = [count('objects'), count('attributes')];
    for (const [path, body] of [
      [`/objects/add/${dupEvent}/breakOnDuplicate:1`, object('dup.example.test')],
      [`/objects/add/${dupEvent}`, object('Dup.Example.TEST', { breakOnDuplicate: true })],
    ] as const) {
      const r = await api('POST', path, body);
      expect([r.status, r.body]).toEqual([
        403,
        {
          saved: false,
          name: 'Could not add Object',
          message: 'Could not add Object',
          url: '/objects/add',
          errors: message,
        },
      ]);
    }
    expect([count('objects'), count('attributes')]).toEqual(before);
  });

  it('objects/add takes an object that differs in one attribute, or any without breakOnDuplicate', async () => {
    const other = await api('POST', `/objects/add/${dupEvent}`, object('other.example.test', { breakOnDuplicate: 1 }));
    expect(other.status).toBe(200);
    expect((await api('POST', `/objects/add/${dupEvent}`, object('dup.example.test'))).status).toBe(200);
  });

  it('events/add drops, silently, duplicate objects when the event asks for breakOnDuplicate', async () => {
    const objects = [object('twice.example.test').Object, object('twice.example.test').Object];
    const kept = await api('POST', '/events/add', { Event: { info: 'kept', Object: objects } });
    expect(kept.body.Event.Object).toHaveLength(2);
    const broken = await api('POST', '/events/add', {
      Event: { info: 'broken', breakOnDuplicate: 1, Object: objects },
    });
    expect(broken.status).toBe(200);
    expect(broken.body.Event.Object).toHaveLength(1);
  });
});

describe("an object's own distribution", () => {
  let partnerApi: Api;
  let shared: Json;
  const objectOf = (uuid: string, distribution: string, value: string, extra: Json = {}) => ({
    uuid,
    name: 'domain-ip',
    'meta-category': 'network',
    description: 'd',
    template_uuid: DOMAIN_IP,
    template_version: '9',
    distribution,
    ...extra,
    Attribute: [{ object_relation: 'domain', type: 'domain', value }],
  });

  beforeAll(async () => {
    partnerApi = apiFor(misp, (await partner(api, 'Object Partner CERT', '3')).key);
    const group = await api('POST', '/sharing_groups/add', { name: 'Objects circle', releasability: 'host only' });
    shared = (
      await api('POST', '/events/add', {
        Event: {
          info: 'objects with their own distribution',
          distribution: 1,
          Object: [
            objectOf(u('1'), '0', 'own-org.example'),
            objectOf(u('2'), '5', 'inherits.example'),
            objectOf(u('3'), '4', 'circle.example', { sharing_group_id: group.body.SharingGroup.id }),
          ],
        },
      })
    ).body.Event;
  });

  it('hides objects of another organisation that it may not see, with their attributes, in events/view', async () => {
    const theirs = (await partnerApi('GET', `/events/view/${shared.id}`)).body.Event;
    expect(theirs.Object.map((o: Json) => o.uuid)).toEqual([u('2')]);
    const mine = (await api('GET', `/events/view/${shared.id}`)).body.Event;
    expect(mine.Object.map((o: Json) => o.uuid)).toEqual([u('1'), u('2'), u('3')]);
  });

  it('answers "Invalid object." for them in objects/view and leaves them out of both restSearch endpoints', async () => {
    for (const uuid of [u('1'), u('3')]) {
      const r = await partnerApi('GET', `/objects/view/${uuid}`);
      expect([r.status, r.body.message]).toEqual([404, 'Invalid object.']);
      expect((await partnerApi('HEAD', `/objects/view/${uuid}`)).status).toBe(404);
    }
    expect((await partnerApi('GET', `/objects/view/${u('2')}`)).status).toBe(200);
    const objects = await partnerApi('POST', '/objects/restSearch', { eventid: shared.id });
    expect(objects.body.response.map((o: Json) => o.Object.uuid)).toEqual([u('2')]);
    const attributes = await partnerApi('POST', '/attributes/restSearch', { eventid: shared.id });
    expect(attributes.body.response.Attribute.map((a: Json) => a.value)).toEqual(['inherits.example']);
    const events = await partnerApi('POST', '/events/restSearch', { eventid: shared.id });
    expect(events.body.response[0].Event.Object.map((o: Json) => o.uuid)).toEqual([u('2')]);
  });
});

describe('DELETE /objects/delete/{id}/{hard}', () => {
  it('soft-deletes with 0 and deletes for good with 1, answering with the event', async () => {
    const add = () =>
      api('POST', `/objects/add/${eventId}/${templateId(DOMAIN_IP)}`, {
        Attribute: [{ object_relation: 'ip', type: 'ip-dst', value: '10.7.7.7' }],
      });
    const soft = (await add()).body.Object;
    const r = await api('DELETE', `/objects/delete/${soft.id}/0`);
    expect(r.body).toMatchObject({ saved: true, message: 'Object deleted', url: `/objects/delete/${eventId}` });
    expect((await api('GET', `/objects/view/${soft.id}`)).body.Object.deleted).toBe(true);
    const hard = (await add()).body.Object;
    expect((await api('DELETE', `/objects/delete/${hard.id}/1`)).status).toBe(200);
    expect((await api('GET', `/objects/view/${hard.id}`)).status).toBe(404);
  });
});

describe('the contract', () => {
  it('covers every object operation exercised here, and every answer validates', () => {
    const ids = new Set<string>(OBJECT_OPERATIONS);
    for (const id of OBJECT_OPERATIONS) expect(checker.exercised.has(id), id).toBe(true);
    const known = ['addObject', 'getObject', 'deleteObject', 'objectExists', 'getEvent', 'addEvent', 'editEvent'];
    for (const id of known) ids.add(id);
    expect(checker.problems.filter((p) => ids.has(p.split(/[: ]/)[0] ?? ''))).toEqual([]);
  });
});
