// objects: view, existence, add, delete.
import { type Case, DOMAIN_IP, eventId, MISSING, objectId } from './case.js';

export const objects: Case[] = [
  { name: 'getObject: by id', method: 'GET', path: (s) => `/objects/view/${objectId(s)}` },
  { name: 'getObject: unknown id', method: 'GET', path: `/objects/view/${MISSING}` },
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
    name: 'addObject: a second object, to delete',
    method: 'POST',
    path: (s) => `/objects/add/${eventId(s)}`,
    body: {
      Object: {
        name: 'domain-ip',
        'meta-category': 'network',
        description: DOMAIN_IP,
        template_uuid: '43b3b146-77eb-4931-b4cc-b66c60f28734',
        template_version: '9',
        Attribute: [{ object_relation: 'domain', type: 'domain', value: 'gone.oracle.example' }],
      },
    },
    save: 'doomed',
  },
  { name: 'deleteObject: an object', method: 'POST', path: (s) => `/objects/delete/${objectId(s, 'doomed')}` },
  { name: 'deleteObject: unknown id', method: 'POST', path: `/objects/delete/${MISSING}` },
  {
    name: 'deleteObject: as read-only user',
    method: 'POST',
    path: (s) => `/objects/delete/${objectId(s)}`,
    as: 'readonly',
  },
];
