// objects: view, existence, add (plain and from a template, with MISP's template checks), edit, soft and hard
// delete, restSearch; object references: add, view, delete; object templates: index, view; objects and
// references inside events/add and events/edit.
//
// The template cases need the oracle to have MISP's object templates installed (objectTemplates/update): MISP
// 2.5 on PHP 8.2 as /tmp/oracle-own/start installs it fails that update with a 500 (CakePHP's Folder::read
// passes string keys to array_merge), so run them against an oracle whose templates were loaded.
import { type Case, DOMAIN_IP, eventId, MISSING, NO_UUID, objectId, type Saved } from './case.js';

const DOMAIN_IP_TEMPLATE = '43b3b146-77eb-4931-b4cc-b66c60f28734';
const URL_TEMPLATE = '60efb77b-40b5-4c46-871b-ed1ed999fce5';
const u = (c: string) => `${c.repeat(8)}-${c.repeat(4)}-4${c.repeat(3)}-8${c.repeat(3)}-${c.repeat(12)}`;
/** Uuids fixed by the cases, so that both sides hold the same ones (a rerun against the same oracle clashes). */
const OBJ = { domainIp: u('a'), url: u('d'), ipAttribute: u('e'), domainAttribute: u('b') };

const objectsEvent = (s: Saved) => eventId(s, 'objectsEvent');
const savedObject = (s: Saved, name: string) => (s[name]?.Object ?? {}) as Record<string, unknown>;
const referenceId = (s: Saved, name = 'reference') => String(s[name]?.ObjectReference?.id ?? MISSING);
const url = (value: string) => [{ object_relation: 'url', type: 'url', value }];

export const objects: Case[] = [
  { name: 'getObject: by id', method: 'GET', path: (s) => `/objects/view/${objectId(s)}` },
  { name: 'getObject: unknown id', method: 'GET', path: `/objects/view/${MISSING}` },
  { name: 'getObject: neither id nor uuid', method: 'GET', path: '/objects/view/abc' },
  { name: 'objectExists: by id', method: 'HEAD', path: (s) => `/objects/view/${objectId(s)}` },
  { name: 'objectExists: unknown id', method: 'HEAD', path: `/objects/view/${MISSING}` },
  {
    name: 'addObject: no name, no attributes',
    method: 'POST',
    path: (s) => `/objects/add/${eventId(s)}`,
    body: { Object: { Attribute: [] } },
  },
  {
    name: 'addObject: unknown event',
    method: 'POST',
    path: `/objects/add/${MISSING}`,
    body: { Object: { name: 'x' } },
  },
  { name: 'addObject: broken JSON', method: 'POST', path: (s) => `/objects/add/${eventId(s)}`, body: '{"Object":' },
  {
    name: 'addObject: as read-only user',
    method: 'POST',
    path: (s) => `/objects/add/${eventId(s)}`,
    body: {
      Object: { name: 'domain-ip', Attribute: [{ object_relation: 'domain', type: 'domain', value: 'ro.example' }] },
    },
    as: 'readonly',
  },
  {
    name: 'addObject: without template fields',
    method: 'POST',
    path: (s) => `/objects/add/${eventId(s)}`,
    body: { name: 'url', Attribute: url('http://nofields.oracle.example/') },
  },
  {
    name: 'addObject: the installed template by uuid and version, requirement not met',
    method: 'POST',
    path: (s) => `/objects/add/${eventId(s)}`,
    body: (s: Saved) => ({
      name: 'url',
      'meta-category': 'network',
      description: 'x',
      template_uuid: URL_TEMPLATE,
      template_version: String(
        (s.urlTemplate as { ObjectTemplate?: { version?: string } } | undefined)?.ObjectTemplate?.version ?? '10',
      ),
      Attribute: [{ object_relation: 'port', type: 'port', value: '80' }],
    }),
  },
  {
    name: 'addObject: an invalid attribute',
    method: 'POST',
    path: (s) => `/objects/add/${eventId(s)}`,
    body: {
      name: 'domain-ip',
      'meta-category': 'network',
      description: DOMAIN_IP,
      template_uuid: DOMAIN_IP_TEMPLATE,
      template_version: '9',
      Attribute: [{ object_relation: 'ip', type: 'ip-dst', value: 'not-an-ip' }],
    },
  },
  {
    name: 'addObject: a second object, to delete',
    method: 'POST',
    path: (s) => `/objects/add/${eventId(s)}`,
    body: {
      Object: {
        name: 'domain-ip',
        'meta-category': 'network',
        description: DOMAIN_IP,
        template_uuid: DOMAIN_IP_TEMPLATE,
        template_version: '9',
        Attribute: [{ object_relation: 'domain', type: 'domain', value: 'gone.oracle.example' }],
      },
    },
    save: 'doomed',
  },
  { name: 'deleteObject: an object', method: 'POST', path: (s) => `/objects/delete/${objectId(s, 'doomed')}` },
  { name: 'getObject: a soft-deleted object', method: 'GET', path: (s) => `/objects/view/${objectId(s, 'doomed')}` },
  { name: 'deleteObject: again', method: 'POST', path: (s) => `/objects/delete/${objectId(s, 'doomed')}` },
  {
    name: 'deleteObject: hard',
    method: 'POST',
    path: (s) => `/objects/delete/${objectId(s, 'doomed')}/1`,
    outsideContract: true,
  },
  {
    name: 'getObject: a hard-deleted object',
    method: 'GET',
    path: (s) => `/objects/view/${objectId(s, 'doomed')}`,
  },
  { name: 'deleteObject: unknown id', method: 'POST', path: `/objects/delete/${MISSING}` },
  {
    name: 'deleteObject: as read-only user',
    method: 'POST',
    path: (s) => `/objects/delete/${objectId(s)}`,
    as: 'readonly',
  },

  // --- Object templates ------------------------------------------------------------------------------------
  { name: 'listObjectTemplates: all', method: 'GET', path: '/objectTemplates/index' },
  {
    name: 'getObjectTemplate: url by uuid',
    method: 'GET',
    path: `/objectTemplates/view/${URL_TEMPLATE}`,
    save: 'urlTemplate',
  },
  { name: 'getObjectTemplate: neither id nor uuid', method: 'GET', path: '/objectTemplates/view/abc' },
  { name: 'getObjectTemplate: unknown id', method: 'GET', path: `/objectTemplates/view/${MISSING}` },
  { name: 'getObjectTemplate: unknown uuid', method: 'GET', path: `/objectTemplates/view/${NO_UUID}` },

  // --- objects/add from a template -------------------------------------------------------------------------
  {
    name: 'addObjectFromTemplate: domain-ip by uuid, with first_seen',
    method: 'POST',
    path: (s) => `/objects/add/${eventId(s)}/${DOMAIN_IP_TEMPLATE}`,
    body: {
      Object: {
        first_seen: '2024-03-01T00:00:00Z',
        comment: 'from the template',
        Attribute: [
          { object_relation: 'ip', type: 'ip-dst', value: '198.51.100.30' },
          { object_relation: 'domain', type: 'domain', value: 'template.oracle.example' },
        ],
      },
    },
    save: 'fromTemplate',
  },
  {
    name: 'addObjectFromTemplate: none of requiredOneOf',
    method: 'POST',
    path: (s) => `/objects/add/${eventId(s)}/${DOMAIN_IP_TEMPLATE}`,
    body: { Attribute: [{ object_relation: 'port', type: 'port', value: '80' }] },
  },
  {
    name: 'addObjectFromTemplate: a relation twice without the multiple flag',
    method: 'POST',
    path: (s) => `/objects/add/${eventId(s)}/${URL_TEMPLATE}`,
    body: { Attribute: [...url('http://twice.oracle.example/1'), ...url('http://twice.oracle.example/2')] },
  },
  {
    name: 'addObjectFromTemplate: a relation the template does not know',
    method: 'POST',
    path: (s) => `/objects/add/${eventId(s)}/${URL_TEMPLATE}`,
    body: {
      Attribute: [
        ...url('http://unknown-relation.oracle.example/'),
        { object_relation: 'bogus', type: 'text', value: 'free text', to_ids: false },
      ],
    },
  },
  {
    name: 'addObjectFromTemplate: unknown template uuid',
    method: 'POST',
    path: (s) => `/objects/add/${eventId(s)}/${NO_UUID}`,
    body: { Attribute: url('http://x.oracle.example/') },
  },
  {
    name: 'addObjectFromTemplate: unknown template id',
    method: 'POST',
    path: (s) => `/objects/add/${eventId(s)}/${MISSING}`,
    body: { Attribute: url('http://x.oracle.example/') },
  },
  {
    name: 'addObjectFromTemplate: an invalid attribute',
    method: 'POST',
    path: (s) => `/objects/add/${eventId(s)}/${URL_TEMPLATE}`,
    body: { Attribute: [...url('http://x.oracle.example/'), { object_relation: 'ip', type: 'ip-dst', value: 'bad' }] },
  },
  {
    name: 'addObjectFromTemplate: unknown event',
    method: 'POST',
    path: `/objects/add/${MISSING}/${URL_TEMPLATE}`,
    body: { Attribute: url('http://x.oracle.example/') },
  },

  // --- objects/edit -----------------------------------------------------------------------------------------
  {
    name: 'updateObject: comment, last_seen, one attribute changed by uuid, one added, one left out',
    method: 'POST',
    path: (s) => `/objects/edit/${objectId(s, 'fromTemplate')}`,
    body: (s: Saved) => {
      const [ip] = (savedObject(s, 'fromTemplate').Attribute ?? []) as { uuid?: string }[];
      return {
        Object: {
          comment: 'edited',
          last_seen: '2024-05-01T00:00:00Z',
          Attribute: [
            { uuid: ip?.uuid ?? NO_UUID, object_relation: 'ip', type: 'ip-dst', value: '198.51.100.31' },
            { object_relation: 'hostname', type: 'hostname', value: 'host.template.oracle.example' },
          ],
        },
      };
    },
  },
  { name: 'getObject: the edited object', method: 'GET', path: (s) => `/objects/view/${objectId(s, 'fromTemplate')}` },
  {
    name: 'updateObject: last_seen before first_seen',
    method: 'POST',
    path: (s) => `/objects/edit/${objectId(s, 'fromTemplate')}`,
    body: { first_seen: '2024-06-01', last_seen: '2024-01-01' },
  },
  { name: 'updateObject: unknown id', method: 'POST', path: `/objects/edit/${MISSING}`, body: { comment: 'x' } },
  {
    name: 'updateObject: as read-only user',
    method: 'POST',
    path: (s) => `/objects/edit/${objectId(s, 'fromTemplate')}`,
    body: { comment: 'x' },
    as: 'readonly',
  },

  // --- Objects and references in events/add and events/edit ------------------------------------------------
  {
    name: 'addEvent: objects with seen times and references, one forward, one to an attribute, one dropped',
    method: 'POST',
    path: '/events/add',
    body: {
      Event: {
        info: 'oracle: objects event',
        distribution: '0',
        date: '2026-01-20',
        Attribute: [{ type: 'domain', value: 'target.objects.oracle.example', uuid: OBJ.ipAttribute }],
        Object: [
          {
            name: 'domain-ip',
            'meta-category': 'network',
            description: DOMAIN_IP,
            template_uuid: DOMAIN_IP_TEMPLATE,
            template_version: '9',
            uuid: OBJ.domainIp,
            first_seen: '2024-01-01T00:00:00Z',
            last_seen: '2024-02-01T10:00:00.123456+02:00',
            Attribute: [
              { object_relation: 'domain', type: 'domain', value: 'objects.oracle.example', uuid: OBJ.domainAttribute },
            ],
            ObjectReference: [
              { referenced_uuid: OBJ.url, relationship_type: 'related-to', comment: 'forward' },
              { referenced_uuid: OBJ.ipAttribute, relationship_type: 'resolves-to' },
              { referenced_uuid: NO_UUID, relationship_type: 'nowhere' },
            ],
          },
          {
            name: 'url',
            'meta-category': 'network',
            description: 'url',
            template_uuid: URL_TEMPLATE,
            template_version: '9',
            uuid: OBJ.url,
            Attribute: url('http://objects.oracle.example/x'),
          },
          { name: 'url', Attribute: url('http://dropped.oracle.example/') },
        ],
      },
    },
    save: 'objectsEvent',
  },
  { name: 'getEvent: with objects and references', method: 'GET', path: (s) => `/events/view/${objectsEvent(s)}` },
  {
    name: 'editEvent: an object and its attribute by uuid, a new object, a new reference',
    method: 'POST',
    path: (s) => `/events/edit/${objectsEvent(s)}`,
    body: {
      Event: {
        Object: [
          {
            uuid: OBJ.url,
            name: 'url',
            comment: 'changed',
            Attribute: [
              { uuid: OBJ.domainAttribute, object_relation: 'domain', type: 'domain', value: 'moved.oracle.example' },
            ],
            ObjectReference: [{ referenced_uuid: OBJ.domainIp, relationship_type: 'edit-ref' }],
          },
          {
            uuid: OBJ.domainIp,
            name: 'domain-ip',
            Attribute: [
              { uuid: OBJ.domainAttribute, object_relation: 'domain', type: 'domain', value: 'edited.oracle.example' },
            ],
          },
          {
            name: 'domain-ip',
            'meta-category': 'network',
            description: DOMAIN_IP,
            template_uuid: DOMAIN_IP_TEMPLATE,
            template_version: '9',
            Attribute: [{ object_relation: 'domain', type: 'domain', value: 'new.objects.oracle.example' }],
          },
        ],
      },
    },
  },

  // --- Object references -----------------------------------------------------------------------------------
  {
    name: 'addObjectReference: to an attribute of the same event',
    method: 'POST',
    path: (s) => `/objectReferences/add/${objectId(s, 'fromTemplate')}`,
    body: (s: Saved) => ({
      referenced_uuid: String((s.md5 as { Attribute?: { uuid?: string } } | undefined)?.Attribute?.uuid ?? NO_UUID),
      relationship_type: 'contains',
      comment: 'oracle',
    }),
    save: 'reference',
  },
  {
    name: 'addObjectReference: wrapped, to an object by the source uuid',
    method: 'POST',
    path: (s) => `/objectReferences/add/${String(savedObject(s, 'fromTemplate').uuid ?? NO_UUID)}`,
    body: (s: Saved) => ({ ObjectReference: { referenced_uuid: String(savedObject(s, 'object').uuid ?? NO_UUID) } }),
  },
  {
    name: 'addObjectReference: unknown target',
    method: 'POST',
    path: (s) => `/objectReferences/add/${objectId(s, 'fromTemplate')}`,
    body: { referenced_uuid: NO_UUID, relationship_type: 'x' },
  },
  {
    name: 'addObjectReference: referenced_id only',
    method: 'POST',
    path: (s) => `/objectReferences/add/${objectId(s, 'fromTemplate')}`,
    body: (s: Saved) => ({ referenced_id: objectId(s), relationship_type: 'x' }),
  },
  {
    name: 'addObjectReference: a target in another event',
    method: 'POST',
    path: (s) => `/objectReferences/add/${objectId(s, 'fromTemplate')}`,
    body: { referenced_uuid: OBJ.url, relationship_type: 'x' },
  },
  {
    name: 'addObjectReference: unknown object',
    method: 'POST',
    path: `/objectReferences/add/${MISSING}`,
    body: { referenced_uuid: NO_UUID },
  },
  { name: 'getObjectReference: by id', method: 'GET', path: (s) => `/objectReferences/view/${referenceId(s)}` },
  { name: 'getObjectReference: unknown id', method: 'GET', path: `/objectReferences/view/${MISSING}` },
  { name: 'deleteObjectReference: soft', method: 'POST', path: (s) => `/objectReferences/delete/${referenceId(s)}` },
  {
    name: 'deleteObjectReference: soft, again',
    method: 'POST',
    path: (s) => `/objectReferences/delete/${referenceId(s)}`,
  },
  {
    name: 'getObjectReference: a soft-deleted one',
    method: 'GET',
    path: (s) => `/objectReferences/view/${referenceId(s)}`,
  },
  {
    name: 'deleteObjectReference: hard',
    method: 'POST',
    path: (s) => `/objectReferences/delete/${referenceId(s)}/1`,
    outsideContract: true,
  },
  {
    name: 'getObjectReference: a hard-deleted one',
    method: 'GET',
    path: (s) => `/objectReferences/view/${referenceId(s)}`,
  },
  { name: 'deleteObjectReference: unknown id', method: 'POST', path: `/objectReferences/delete/${MISSING}` },

  // --- objects/restSearch ------------------------------------------------------------------------------------
  {
    name: 'searchObjects: by event and name',
    method: 'POST',
    path: '/objects/restSearch',
    body: (s: Saved) => ({ eventid: objectsEvent(s), object_name: 'domain-ip' }),
  },
  {
    name: 'searchObjects: by attribute value',
    method: 'POST',
    path: '/objects/restSearch',
    body: { value: 'template.oracle.example' },
  },
  {
    name: 'searchObjects: by event, a page of one',
    method: 'POST',
    path: '/objects/restSearch',
    body: (s: Saved) => ({ eventid: objectsEvent(s), limit: 1, page: 2 }),
  },
  {
    name: 'searchObjects: by event tag',
    method: 'POST',
    path: '/objects/restSearch',
    body: (s: Saved) => ({ eventid: eventId(s), tags: 'tlp:green', metadata: 1 }),
  },
  {
    name: 'searchObjects: first_seen from',
    method: 'POST',
    path: '/objects/restSearch',
    body: (s: Saved) => ({ eventid: objectsEvent(s), first_seen: '2023-12-01' }),
  },
  {
    name: 'searchObjects: by template uuid',
    method: 'POST',
    path: '/objects/restSearch',
    body: (s: Saved) => ({ eventid: objectsEvent(s), object_template_uuid: URL_TEMPLATE }),
  },
  {
    name: 'searchObjects: deleted',
    method: 'POST',
    path: '/objects/restSearch',
    body: (s: Saved) => ({ eventid: objectsEvent(s), deleted: 1 }),
  },
  {
    name: 'searchObjects: csv',
    method: 'POST',
    path: '/objects/restSearch',
    body: (s: Saved) => ({ eventid: objectsEvent(s), returnFormat: 'csv' }),
    outsideContract: true,
  },
  { name: 'searchObjects: GET without filters', method: 'GET', path: '/objects/restSearch', outsideContract: true },
  {
    name: 'deleteObject: soft, then the event view with deleted data',
    method: 'POST',
    path: `/objects/delete/${OBJ.url}`,
  },
  {
    name: 'getEvent: with deleted objects',
    method: 'GET',
    path: (s) => `/events/view/${objectsEvent(s)}/deleted:1`,
    outsideContract: true,
  },
  {
    name: 'addObject: breakOnDuplicate, a copy of the starting object',
    method: 'POST',
    path: (s) => `/objects/add/${eventId(s)}/breakOnDuplicate:1`,
    body: {
      Object: {
        name: 'domain-ip',
        'meta-category': 'network',
        description: DOMAIN_IP,
        template_uuid: DOMAIN_IP_TEMPLATE,
        template_version: '9',
        Attribute: [
          { object_relation: 'domain', type: 'domain', value: 'OBJECT.oracle.example' },
          { object_relation: 'ip', type: 'ip-dst', value: '198.51.100.20' },
        ],
      },
    },
    notComparable: 'the message names the existing object by its id and uuid, which differ between the sides',
  },
  {
    name: 'addObject: breakOnDuplicate in the object, one attribute differs',
    method: 'POST',
    path: (s) => `/objects/add/${eventId(s)}`,
    body: {
      Object: {
        name: 'domain-ip',
        'meta-category': 'network',
        description: DOMAIN_IP,
        template_uuid: DOMAIN_IP_TEMPLATE,
        template_version: '9',
        breakOnDuplicate: true,
        Attribute: [
          { object_relation: 'domain', type: 'domain', value: 'object.oracle.example' },
          { object_relation: 'ip', type: 'ip-dst', value: '198.51.100.21' },
        ],
      },
    },
    save: 'flagObject',
  },
  {
    name: 'deleteObjectWithHardFlag: 0 soft-deletes',
    method: 'DELETE',
    path: (s) => `/objects/delete/${objectId(s, 'flagObject')}/0`,
  },
  {
    name: 'getObject: soft-deleted by the path flag',
    method: 'GET',
    path: (s) => `/objects/view/${objectId(s, 'flagObject')}`,
  },
  {
    name: 'deleteObjectWithHardFlag: 1 deletes for good',
    method: 'DELETE',
    path: (s) => `/objects/delete/${objectId(s, 'flagObject')}/1`,
  },
  {
    name: 'getObject: hard-deleted by the path flag',
    method: 'GET',
    path: (s) => `/objects/view/${objectId(s, 'flagObject')}`,
  },
];
