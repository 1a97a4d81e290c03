// sightings: add by value, uuid or attribute id; restSearch per attribute and per event.
import { attributeId, type Case, eventId, MISSING, type Saved, uuid } from './case.js';

export const sightings: Case[] = [
  {
    name: 'addSighting: false positive by value, with source',
    method: 'POST',
    path: '/sightings/add',
    body: { value: 'main.oracle.example', type: '1', source: 'oracle' },
  },
  {
    name: 'addSighting: by attribute uuid',
    method: 'POST',
    path: '/sightings/add',
    body: (s: Saved) => ({ uuid: uuid(s, 'md5', 'Attribute') }),
  },
  {
    name: 'addSighting: a value nobody has',
    method: 'POST',
    path: '/sightings/add',
    body: { value: 'nothing.oracle.example' },
  },
  { name: 'addSighting: empty body', method: 'POST', path: '/sightings/add', body: {} },
  {
    name: 'addSighting: as read-only user',
    method: 'POST',
    path: '/sightings/add',
    body: { value: '198.51.100.7' },
    as: 'readonly',
  },
  {
    name: 'addSightingToAttribute: an attribute',
    method: 'POST',
    path: (s) => `/sightings/add/${attributeId(s)}`,
    body: { type: '0' },
  },
  { name: 'addSightingToAttribute: unknown id', method: 'POST', path: `/sightings/add/${MISSING}`, body: {} },
  // The contract says `id` is a string (IdOrUuid); PyMISP sends a number.
  {
    name: 'searchSightings: of an attribute, id as a string',
    method: 'POST',
    path: '/sightings/restSearch/attribute',
    body: (s: Saved) => ({ id: String(s.sighting?.Sighting?.attribute_id ?? MISSING) }),
  },
  {
    name: 'searchSightings: of an attribute, id as a number (PyMISP)',
    method: 'POST',
    path: '/sightings/restSearch/attribute',
    body: (s: Saved) => ({ id: Number(s.sighting?.Sighting?.attribute_id ?? MISSING) }),
  },
  {
    name: 'searchSightings: of an event, id as a string, with uuids',
    method: 'POST',
    path: '/sightings/restSearch/event',
    body: (s: Saved) => ({ id: eventId(s), includeUuid: 1 }),
  },
  {
    name: 'searchSightings: of an event, id as a number, with uuids',
    method: 'POST',
    path: '/sightings/restSearch/event',
    body: (s: Saved) => ({ id: Number(eventId(s)), includeUuid: 1 }),
  },
  {
    name: 'searchSightings: of an attribute, by uuid',
    method: 'POST',
    path: '/sightings/restSearch/attribute',
    body: (s: Saved) => ({ uuid: uuid(s, 'md5', 'Attribute') }),
  },
  {
    name: 'searchSightings: unknown attribute',
    method: 'POST',
    path: '/sightings/restSearch/attribute',
    body: { id: Number(MISSING) },
  },
  {
    name: 'searchSightings: an unknown context',
    method: 'POST',
    path: '/sightings/restSearch/nothing',
    body: { id: '1' },
  },
];
