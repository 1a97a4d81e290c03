// The starting data: the first cases create it with the same requests on both sides (and must succeed).
import { type Case, DOMAIN_IP, eventId, TAG_LISTS } from './case.js';

/** Tags MISP would create with a random colour when an event names them: created first, with fixed colours. */
const TAGS = [
  ['tlp:green', '#339900'],
  ['PAP:GREEN', '#33ff00'],
  ['tlp:red', '#cc0033'],
  ['PAP:AMBER', '#ffc000'],
].map(
  ([name, colour]): Case => ({
    name: `addTag: ${name} (starting data)`,
    method: 'POST',
    path: '/tags/add',
    body: { Tag: { name, colour } },
    setup: true,
  }),
);

export const setup: Case[] = [
  ...TAGS,
  {
    name: 'addEvent: the main event, with attributes and tags (starting data)',
    method: 'POST',
    path: '/events/add',
    body: {
      Event: {
        info: 'oracle: main event',
        distribution: '1',
        threat_level_id: '2',
        analysis: '1',
        date: '2026-01-15',
        Attribute: [
          { type: 'ip-dst', category: 'Network activity', value: '198.51.100.7', to_ids: true, comment: 'C2' },
          { type: 'domain', value: 'main.oracle.example', to_ids: true },
          { type: 'url', value: 'http://main.oracle.example/a', to_ids: false },
        ],
        Tag: [{ name: 'tlp:green' }, { name: 'PAP:GREEN' }],
      },
    },
    save: 'main',
    setup: true,
    unordered: TAG_LISTS,
  },
  {
    name: 'addEvent: an organisation-only event (starting data)',
    method: 'POST',
    path: '/events/add',
    body: {
      info: 'oracle: your organisation only',
      distribution: '0',
      threat_level_id: '3',
      date: '2026-01-16',
      Attribute: [{ type: 'domain', value: 'private.oracle.example' }],
      Tag: [{ name: 'tlp:red' }],
    },
    save: 'private',
    setup: true,
  },
  {
    name: 'addEvent: a partner organisation event (starting data)',
    method: 'POST',
    path: '/events/add',
    as: 'partner',
    body: {
      info: 'oracle: partner event',
      distribution: '0',
      date: '2026-01-17',
      Attribute: [{ type: 'ip-src', value: '203.0.113.77' }],
    },
    save: 'partner',
    setup: true,
  },
  {
    name: 'addAttribute: an md5 on the main event (starting data)',
    method: 'POST',
    path: (s) => `/attributes/add/${eventId(s)}`,
    body: {
      type: 'md5',
      value: 'd41d8cd98f00b204e9800998ecf8427e',
      comment: 'empty file',
      Tag: [{ name: 'PAP:AMBER' }],
    },
    save: 'md5',
    setup: true,
  },
  {
    name: 'addObject: a domain-ip object on the main event (starting data)',
    method: 'POST',
    path: (s) => `/objects/add/${eventId(s)}`,
    body: {
      Object: {
        name: 'domain-ip',
        'meta-category': 'network',
        description: DOMAIN_IP,
        template_uuid: '43b3b146-77eb-4931-b4cc-b66c60f28734',
        template_version: '9',
        Attribute: [
          { object_relation: 'domain', type: 'domain', value: 'object.oracle.example' },
          { object_relation: 'ip', type: 'ip-dst', value: '198.51.100.20' },
        ],
      },
    },
    save: 'object',
    setup: true,
  },
  {
    name: 'addSighting: a sighting by value (starting data)',
    method: 'POST',
    path: '/sightings/add',
    body: { value: '198.51.100.7', source: 'oracle', type: '0' },
    save: 'sighting',
    setup: true,
  },
  {
    name: 'addTag: a custom tag (starting data)',
    method: 'POST',
    path: '/tags/add',
    body: { Tag: { name: 'oracle:custom', colour: '#336699' } },
    save: 'tag',
    setup: true,
  },
];
