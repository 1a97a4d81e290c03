// Analyst data (issue 13): notes, opinions and relationships on the report event, its attribute, its report and
// on each other (nested), as the site admin, a read-only user and a user of the partner organisation; what MISP
// refuses (and what it does not: an opinion above 100); and the lists events/view embeds.
import { type Case, eventId, id, MISSING, NO_UUID, type Saved, uuid } from './case.js';

// The events MISP half-saves (see below), by fixed uuids so the oracle can delete them.
const NOTE_IN_NOTE_EVENT = 'fab0e000-0000-4000-8000-000000000001';
const UNDEDUCED_EVENT = 'fab0e000-0000-4000-8000-000000000002';

const reportEvent = (s: Saved) => eventId(s, 'reportEvent');
const eventUuid = (s: Saved) => uuid(s, 'reportEvent', 'Event');
const attributeUuid = (s: Saved) => String(s.reportEvent?.Event?.Attribute?.[0]?.uuid ?? MISSING);
const noteId = (s: Saved, name = 'note') => id(s, name, 'Note');
const add = (type: string, target: (s: Saved) => string, objectType: string) => (s: Saved) =>
  `/analyst_data/add/${type}/${target(s)}/${objectType}`;

/** Fixed, so that the nested opinion can name its parent note on both sides. */
const PAYLOAD_NOTE = '6a0c3d3e-0009-4000-8000-00000000c0de';

export const analystData: Case[] = [
  {
    name: 'addAnalystData: a note on an event',
    method: 'POST',
    path: add('Note', eventUuid, 'Event'),
    body: { note: 'Seen in the wild before', language: 'en' },
    save: 'note',
  },
  {
    name: 'addAnalystData: a note wrapped in Note, distribution 0',
    method: 'POST',
    path: add('Note', eventUuid, 'Event'),
    body: { Note: { note: 'Internal remark', distribution: 0 } },
    save: 'internalNote',
  },
  {
    name: 'addAnalystData: an opinion of 75 on an attribute',
    method: 'POST',
    path: add('Opinion', attributeUuid, 'Attribute'),
    body: { opinion: 75, comment: 'Likely malicious' },
    save: 'opinion',
  },
  {
    name: 'addAnalystData: an opinion of 101 (MISP does not check the range)',
    method: 'POST',
    path: add('Opinion', eventUuid, 'Event'),
    body: { opinion: 101 },
  },
  {
    name: 'addAnalystData: an opinion of -1',
    method: 'POST',
    path: add('Opinion', eventUuid, 'Event'),
    body: { opinion: -1 },
  },
  {
    name: 'addAnalystData: an opinion that is not a number',
    method: 'POST',
    path: add('Opinion', eventUuid, 'Event'),
    body: { opinion: 'high' },
  },
  {
    name: 'addAnalystData: a note on the note (nested)',
    method: 'POST',
    path: add('Note', (s) => uuid(s, 'note', 'Note'), 'Note'),
    body: { note: 'Agreed, see the report' },
    save: 'childNote',
  },
  {
    name: 'addAnalystData: an opinion on the note (nested)',
    method: 'POST',
    path: add('Opinion', (s) => uuid(s, 'note', 'Note'), 'Note'),
    body: { opinion: 20, comment: 'Not convinced' },
  },
  {
    name: 'addAnalystData: a relationship to an element this instance does not have',
    method: 'POST',
    path: add('Relationship', eventUuid, 'Event'),
    body: { relationship_type: 'derived-from', related_object_uuid: NO_UUID, related_object_type: 'Event' },
  },
  {
    name: 'addAnalystData: a relationship of an event with itself',
    method: 'POST',
    path: add('Relationship', eventUuid, 'Event'),
    body: (s: Saved) => ({
      relationship_type: 'related-to',
      related_object_uuid: eventUuid(s),
      related_object_type: 'Event',
    }),
  },
  {
    name: 'addAnalystData: a relationship without related_object_uuid',
    method: 'POST',
    path: add('Relationship', eventUuid, 'Event'),
    body: { relationship_type: 'related-to' },
  },
  {
    name: 'addAnalystData: an unknown kind',
    method: 'POST',
    path: add('Comment', eventUuid, 'Event'),
    body: { note: 'x' },
  },
  {
    name: 'addAnalystData: no object type, deduced from the attribute uuid',
    method: 'POST',
    path: (s) => `/analyst_data/add/Note/${attributeUuid(s)}`,
    body: { note: 'On the domain' },
    outsideContract: true,
  },
  {
    name: 'addAnalystData: no object type and a uuid nothing has',
    method: 'POST',
    path: '/analyst_data/add/Note/00000000-0000-4000-8000-000000000000',
    body: { note: 'x' },
    outsideContract: true,
  },
  {
    name: 'addAnalystData: as read-only user',
    method: 'POST',
    path: add('Note', eventUuid, 'Event'),
    body: { note: 'read-only' },
    as: 'readonly',
  },
  {
    name: 'addAnalystData: as partner, on an event it can see',
    method: 'POST',
    path: add('Note', eventUuid, 'Event'),
    body: { note: 'Partner view' },
    as: 'partner',
    save: 'partnerNote',
  },
  {
    name: 'addAnalystData: broken JSON',
    method: 'POST',
    path: add('Note', eventUuid, 'Event'),
    body: '{"note": ',
  },
  {
    name: 'getAnalystData: a note by id, with its children',
    method: 'GET',
    path: (s) => `/analyst_data/view/Note/${noteId(s)}`,
  },
  {
    name: 'getAnalystData: a note by uuid',
    method: 'GET',
    path: (s) => `/analyst_data/view/Note/${uuid(s, 'note', 'Note')}`,
  },
  {
    name: 'getAnalystData: an opinion',
    method: 'GET',
    path: (s) => `/analyst_data/view/Opinion/${id(s, 'opinion', 'Opinion')}`,
  },
  { name: 'getAnalystData: unknown id', method: 'GET', path: `/analyst_data/view/Note/${MISSING}` },
  { name: 'getAnalystData: unknown kind', method: 'GET', path: '/analyst_data/view/Comment/1' },
  {
    name: 'getAnalystData: as partner, a note of distribution 0',
    method: 'GET',
    path: (s) => `/analyst_data/view/Note/${noteId(s, 'internalNote')}`,
    as: 'partner',
  },
  {
    name: 'getAnalystData: as partner, a note of distribution 1',
    method: 'GET',
    path: (s) => `/analyst_data/view/Note/${noteId(s)}`,
    as: 'partner',
  },
  {
    name: 'editAnalystData: a note, new language',
    method: 'POST',
    path: (s) => `/analyst_data/edit/Note/${noteId(s)}`,
    body: { language: 'fr' },
  },
  {
    name: 'editAnalystData: an opinion, new value',
    method: 'POST',
    path: (s) => `/analyst_data/edit/Opinion/${id(s, 'opinion', 'Opinion')}`,
    body: { opinion: 90 },
  },
  {
    name: 'editAnalystData: as partner, the admin organisation note',
    method: 'POST',
    path: (s) => `/analyst_data/edit/Note/${noteId(s)}`,
    body: { note: 'partner edit' },
    as: 'partner',
  },
  {
    name: 'editAnalystData: as partner, its own note',
    method: 'POST',
    path: (s) => `/analyst_data/edit/Note/${noteId(s, 'partnerNote')}`,
    body: { note: 'Partner view, revised' },
    as: 'partner',
  },
  {
    name: 'editAnalystData: as read-only user',
    method: 'POST',
    path: (s) => `/analyst_data/edit/Note/${noteId(s)}`,
    body: { note: 'ro' },
    as: 'readonly',
  },
  {
    name: 'editAnalystData: unknown id',
    method: 'POST',
    path: `/analyst_data/edit/Note/${MISSING}`,
    body: { note: 'x' },
  },
  { name: 'listAnalystData: notes', method: 'GET', path: '/analyst_data/index/Note' },
  { name: 'listAnalystData: opinions', method: 'GET', path: '/analyst_data/index/Opinion' },
  { name: 'listAnalystData: notes as partner', method: 'GET', path: '/analyst_data/index/Note', as: 'partner' },
  { name: 'listAnalystData: relationships', method: 'GET', path: '/analyst_data/index/Relationship' },
  { name: 'listAnalystData: unknown kind', method: 'GET', path: '/analyst_data/index/Comment' },
  {
    name: 'getEvent: the report event with its notes and opinions',
    method: 'GET',
    path: (s) => `/events/view/${reportEvent(s)}`,
  },
  {
    name: 'getEvent: the report event with its notes and opinions, as partner',
    method: 'GET',
    path: (s) => `/events/view/${reportEvent(s)}`,
    as: 'partner',
  },
  {
    name: 'deleteAnalystData: as partner, the admin organisation note',
    method: 'POST',
    path: (s) => `/analyst_data/delete/Note/${noteId(s)}`,
    as: 'partner',
  },
  { name: 'deleteAnalystData: unknown id', method: 'POST', path: `/analyst_data/delete/Note/${MISSING}` },
  {
    name: 'deleteAnalystData: the nested note',
    method: 'POST',
    path: (s) => `/analyst_data/delete/Note/${noteId(s, 'childNote')}`,
  },
  {
    name: 'getAnalystData: the deleted note',
    method: 'GET',
    path: (s) => `/analyst_data/view/Note/${noteId(s, 'childNote')}`,
  },
  {
    name: 'addEvent: a report and analyst data in the payload (note with a nested opinion, relationship to an object)',
    method: 'POST',
    path: '/events/add',
    body: {
      info: 'oracle: analyst data in the payload',
      distribution: '1',
      Attribute: [
        {
          type: 'ip-dst',
          value: '198.51.100.77',
          Note: [{ note: 'on the attribute', authors: 'oracle@partner.example', created: '2026-02-10 10:10:00' }],
        },
      ],
      Object: [
        {
          name: 'domain-ip',
          'meta-category': 'network',
          description: 'A domain and its IP addresses.',
          template_uuid: '43b3b146-77eb-4931-b4cc-b66c60f28734',
          template_version: '9',
          Attribute: [{ object_relation: 'domain', type: 'domain', value: 'payload.oracle.example' }],
          Opinion: [{ opinion: '60', comment: 'on the object' }],
        },
      ],
      EventReport: [{ name: 'oracle payload report', content: '# Payload', timestamp: '1770717600' }],
      Note: [
        {
          uuid: PAYLOAD_NOTE,
          note: 'on the event',
          Opinion: [{ note_type_name: 'Opinion', object_type: 'Note', object_uuid: PAYLOAD_NOTE, opinion: '90' }],
        },
      ],
      Opinion: [{ opinion: '75', comment: 'on the event' }],
    },
    save: 'payloadEvent',
    notComparable: 'events/add answers without analyst data; the view after it is compared',
  },
  {
    name: 'getEvent: the payload event, with its report and analyst data on event, attribute and object',
    method: 'GET',
    path: (s) => `/events/view/${eventId(s, 'payloadEvent')}`,
  },
  {
    name: 'addEvent: a note nested in a note (MISP 2.5 fails: 500)',
    method: 'POST',
    path: '/events/add',
    body: {
      uuid: NOTE_IN_NOTE_EVENT,
      info: 'oracle: note in note',
      Note: [
        {
          note: 'parent',
          Note: [{ note_type_name: 'Note', object_type: 'Note', object_uuid: NO_UUID, note: 'child' }],
        },
      ],
    },
  },
  {
    name: 'addEvent: a nested entry without note_type_name (404)',
    method: 'POST',
    path: '/events/add',
    body: {
      uuid: UNDEDUCED_EVENT,
      info: 'oracle: undeduced',
      Note: [{ note: 'parent', Opinion: [{ opinion: 10 }] }],
    },
  },
  // MISP saved the two events above before failing; the sandbox saved nothing. The oracle drops them (with
  // blocklisting off for the while, as a delete otherwise blocklists), so that later lists compare the same.
  ...[false, NOTE_IN_NOTE_EVENT, UNDEDUCED_EVENT, true].map(
    (step): Case =>
      typeof step === 'boolean'
        ? {
            name: `editServerSetting: MISP.enableEventBlocklisting ${step}`,
            method: 'POST',
            path: '/servers/serverSettingsEdit/MISP.enableEventBlocklisting',
            body: { value: step },
            // Sent to both sides (and so logged on both): deleting the half-saved events must not blocklist them.
          }
        : {
            name: `deleteEvent: MISP's half-saved ${step}`,
            method: 'POST',
            path: `/events/delete/${step}`,
            oracleOnly:
              'MISP 2.5 saves an event with a nested note before it fails with a 500; the sandbox saves nothing',
          },
  ),
  {
    name: 'addAnalystData: a relationship to an object (related_object filled)',
    method: 'POST',
    path: (s) => `/analyst_data/add/Relationship/${eventUuid(s)}/Event`,
    body: (s: Saved) => ({
      relationship_type: 'related-to',
      related_object_uuid: String(s.object?.Object?.uuid ?? NO_UUID),
      related_object_type: 'Object',
    }),
  },
];
