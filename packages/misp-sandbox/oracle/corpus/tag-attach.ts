// events/addTag, events/removeTag, attributes/addTag and attributes/removeTag: by tag id, by uuid, local tags,
// local-only and organisation tags, exclusive taxonomies, the forms outside the contract (the tag in the body, a
// name:value path segment), and callers without the tagger permission or of another organisation. Exclusivity
// needs MISP's taxonomies, which catalogues.ts installs on the oracle earlier in the corpus. The cases use an event
// of their own and tags made after that install (which recolours the taxonomy tags that exist by then).
import { attributeId, type Case, eventId, id, MISSING, NO_UUID, type Saved, TAG_LISTS, uuid } from './case.js';

const tag = (s: Saved, name: string) => id(s, name, 'Tag');
const partnerOrg = (s: Saved) => String(s.partner?.Event?.orgc_id ?? MISSING);
const privateAttribute = (s: Saved) => String(s.private?.Event?.Attribute?.[0]?.id ?? MISSING);
const taEvent = (s: Saved) => eventId(s, 'taEvent');
const taEventUuid = (s: Saved) => uuid(s, 'taEvent', 'Event');

/** `ofPartner`: a tag of the partner organisation, which other organisations cannot use. */
const addTag = (name: string, save: string, ofPartner = false): Case => ({
  name: `addTag: ${name} (starting data)`,
  method: 'POST',
  path: '/tags/add',
  body: (s: Saved) => ({ Tag: { name, colour: '#123456', ...(ofPartner ? { org_id: partnerOrg(s) } : {}) } }),
  save,
  setup: true,
});

const setup: Case[] = [
  addTag('tag-attach:one', 'taOne'),
  addTag('tag-attach:two', 'taTwo'),
  addTag('tag-attach:three', 'taThree'),
  addTag('tag-attach:four', 'taFour'),
  addTag('tag-attach:local-only', 'taLocalOnly'),
  addTag('tag-attach:northwind', 'taOrg', true),
  addTag('tlp:clear', 'tlpClear'),
  addTag('tlp:amber', 'tlpAmber'),
  {
    name: 'addEvent: an event for the tag operations (starting data)',
    method: 'POST',
    path: '/events/add',
    body: {
      info: 'oracle: tag operations',
      distribution: '1',
      date: '2026-01-18',
      Attribute: [{ type: 'domain', value: 'tag-attach.oracle.example', comment: 'tagged' }],
      Tag: [{ name: 'tlp:clear' }],
    },
    save: 'taEvent',
    setup: true,
  },
  {
    name: 'editTag: make a tag local only (starting data)',
    method: 'POST',
    path: (s) => `/tags/edit/${tag(s, 'taLocalOnly')}`,
    body: { Tag: { local_only: 1 } },
    setup: true,
  },
  {
    name: 'addAttribute: one to delete, for the tag operations (starting data)',
    method: 'POST',
    path: (s) => `/attributes/add/${eventId(s, 'taEvent')}`,
    body: { type: 'domain', value: 'tag-attach-deleted.example' },
    save: 'taDeleted',
    setup: true,
  },
  {
    name: 'deleteAttribute: the one to delete, for the tag operations (starting data)',
    method: 'POST',
    path: (s) => `/attributes/delete/${attributeId(s, 'taDeleted')}`,
    body: {},
    setup: true,
  },
];

const eventCases: Case[] = [
  { name: 'addEventTag: a tag by id', method: 'POST', path: (s) => `/events/addTag/${taEvent(s)}/${tag(s, 'taOne')}` },
  {
    name: 'addEventTag: the same tag again',
    method: 'POST',
    path: (s) => `/events/addTag/${taEvent(s)}/${tag(s, 'taOne')}`,
  },
  { name: 'addEventTag: an unknown tag id', method: 'POST', path: (s) => `/events/addTag/${taEvent(s)}/${MISSING}` },
  {
    name: 'addEventTag: an unknown event',
    method: 'POST',
    path: (s) => `/events/addTag/${MISSING}/${tag(s, 'taOne')}`,
  },
  {
    name: 'addEventTag: the event by uuid',
    method: 'POST',
    path: (s) => `/events/addTag/${taEventUuid(s)}/${tag(s, 'taTwo')}`,
  },
  {
    name: 'addEventTag: a local tag',
    method: 'POST',
    path: (s) => `/events/addTag/${taEvent(s)}/${tag(s, 'taThree')}/local:1`,
  },
  {
    name: 'addEventTag: a local-only tag as a global one',
    method: 'POST',
    path: (s) => `/events/addTag/${taEvent(s)}/${tag(s, 'taLocalOnly')}`,
  },
  {
    name: 'addEventTag: a local-only tag, locally',
    method: 'POST',
    path: (s) => `/events/addTag/${taEvent(s)}/${tag(s, 'taLocalOnly')}/local:1`,
  },
  {
    name: 'addEventTag: a second tag of an exclusive taxonomy (tlp:amber next to tlp:clear)',
    method: 'POST',
    path: (s) => `/events/addTag/${taEvent(s)}/${tag(s, 'tlpAmber')}`,
  },
  {
    name: 'addEventTag: a tag name in the path (tlp:red is a named parameter)',
    method: 'POST',
    path: (s) => `/events/addTag/${taEvent(s)}/tlp:red`,
    outsideContract: true,
  },
  {
    name: 'addEventTag: a tag name without a colon in the path',
    method: 'POST',
    path: (s) => `/events/addTag/${taEvent(s)}/no-such-tag`,
  },
  {
    name: 'addEventTag: a tag collection that does not exist',
    method: 'POST',
    path: (s) => `/events/addTag/${taEvent(s)}/collection_1`,
  },
  {
    name: 'addEventTag: the tag in the body, by name in other letter case',
    method: 'POST',
    path: (s) => `/events/addTag/${taEvent(s)}`,
    body: { tag: 'TAG-ATTACH:FOUR' },
    outsideContract: true,
  },
  {
    name: 'addEventTag: a JSON list of tag ids in the body, two failing',
    method: 'POST',
    path: (s) => `/events/addTag/${taEvent(s)}`,
    body: (s: Saved) => ({ tag: JSON.stringify([tag(s, 'taOne'), MISSING, tag(s, 'tag')]) }),
    outsideContract: true,
  },
  {
    name: 'addEventTag: the event and tag in an Event wrapper',
    method: 'POST',
    path: '/events/addTag',
    body: (s: Saved) => ({ Event: { id: taEvent(s), tag_id: tag(s, 'taOne') } }),
    outsideContract: true,
  },
  {
    name: 'addEventTag: a JSON array (not a string) as the tag',
    method: 'POST',
    path: (s) => `/events/addTag/${taEvent(s)}`,
    body: (s: Saved) => ({ tag: [tag(s, 'taOne')] }),
    outsideContract: true,
  },
  {
    name: 'addEventTag: as read-only user (no perm_tagger)',
    method: 'POST',
    path: (s) => `/events/addTag/${taEvent(s)}/${tag(s, 'taTwo')}`,
    as: 'readonly',
  },
  {
    name: 'addEventTag: another organisation’s event, as a publisher',
    method: 'POST',
    path: (s) => `/events/addTag/${eventId(s, 'partner')}/${tag(s, 'taOne')}`,
    as: 'user',
  },
  {
    name: 'addEventTag: another organisation’s event locally, as a publisher',
    method: 'POST',
    path: (s) => `/events/addTag/${eventId(s, 'partner')}/${tag(s, 'taOne')}/local:1`,
    as: 'user',
  },
  {
    name: 'addEventTag: an event the caller cannot see',
    method: 'POST',
    path: (s) => `/events/addTag/${eventId(s, 'private')}/${tag(s, 'taOne')}`,
    as: 'partner',
  },
  {
    name: 'addEventTag: a tag of another organisation, as a publisher',
    method: 'POST',
    path: (s) => `/events/addTag/${eventId(s, 'private')}/${tag(s, 'taOrg')}`,
    as: 'user',
  },
  {
    name: 'addEventTag: a tag of another organisation by name in the body, as a publisher',
    method: 'POST',
    path: (s) => `/events/addTag/${eventId(s, 'private')}`,
    body: { tag: 'tag-attach:northwind' },
    as: 'user',
    outsideContract: true,
  },
  {
    name: 'addEventTag: as a publisher of the event’s organisation',
    method: 'POST',
    path: (s) => `/events/addTag/${eventId(s, 'private')}/${tag(s, 'taOne')}`,
    as: 'user',
  },
  {
    name: 'addEventTag: another organisation’s event locally, as site admin',
    method: 'POST',
    path: (s) => `/events/addTag/${eventId(s, 'partner')}/${tag(s, 'taOne')}/local:1`,
  },
  {
    name: 'getEvent: the tag operations’ event after the tags were added',
    method: 'GET',
    path: (s) => `/events/view/${taEvent(s)}`,
    unordered: TAG_LISTS,
  },

  {
    name: 'removeEventTag: a local tag',
    method: 'POST',
    path: (s) => `/events/removeTag/${taEvent(s)}/${tag(s, 'taThree')}`,
  },
  {
    name: 'removeEventTag: a global tag',
    method: 'POST',
    path: (s) => `/events/removeTag/${taEvent(s)}/${tag(s, 'taTwo')}`,
  },
  {
    name: 'removeEventTag: a tag that is not attached',
    method: 'POST',
    path: (s) => `/events/removeTag/${taEvent(s)}/${tag(s, 'taTwo')}`,
  },
  {
    name: 'removeEventTag: an unknown tag id',
    method: 'POST',
    path: (s) => `/events/removeTag/${taEvent(s)}/${MISSING}`,
  },
  {
    name: 'removeEventTag: an unknown event',
    method: 'POST',
    path: (s) => `/events/removeTag/${MISSING}/${tag(s, 'taOne')}`,
  },
  {
    name: 'removeEventTag: the event by uuid',
    method: 'POST',
    path: (s) => `/events/removeTag/${taEventUuid(s)}/${tag(s, 'taOne')}`,
  },
  {
    name: 'removeEventTag: a tag name in the path (a named parameter)',
    method: 'POST',
    path: (s) => `/events/removeTag/${taEvent(s)}/tlp:red`,
    outsideContract: true,
  },
  {
    name: 'removeEventTag: the tag in the body as a LIKE pattern',
    method: 'POST',
    path: (s) => `/events/removeTag/${taEvent(s)}`,
    body: { tag: 'TAG-ATTACH:F%' },
    outsideContract: true,
  },
  {
    name: 'removeEventTag: no tag',
    method: 'POST',
    path: (s) => `/events/removeTag/${taEvent(s)}`,
    body: {},
    outsideContract: true,
  },
  {
    name: 'removeEventTag: another organisation’s tag, as the partner',
    method: 'POST',
    path: (s) => `/events/removeTag/${taEvent(s)}/${tag(s, 'taOne')}`,
    as: 'partner',
  },
  {
    name: 'removeEventTag: a site admin’s local tag on the partner’s own event, as the partner',
    method: 'POST',
    path: (s) => `/events/removeTag/${eventId(s, 'partner')}/${tag(s, 'taOne')}`,
    as: 'partner',
  },
  {
    name: 'removeEventTag: as read-only user',
    method: 'POST',
    path: (s) => `/events/removeTag/${taEvent(s)}/${tag(s, 'taOne')}`,
    as: 'readonly',
  },
];

const md5 = (s: Saved) => String(s.taEvent?.Event?.Attribute?.[0]?.id ?? MISSING);
const attributeCases: Case[] = [
  {
    name: 'addAttributeTag: a tag by id',
    method: 'POST',
    path: (s) => `/attributes/addTag/${md5(s)}/${tag(s, 'taOne')}`,
  },
  {
    name: 'addAttributeTag: the same tag again',
    method: 'POST',
    path: (s) => `/attributes/addTag/${md5(s)}/${tag(s, 'taOne')}`,
  },
  {
    name: 'addAttributeTag: an unknown tag id',
    method: 'POST',
    path: (s) => `/attributes/addTag/${md5(s)}/${MISSING}`,
  },
  {
    name: 'addAttributeTag: an unknown attribute',
    method: 'POST',
    path: (s) => `/attributes/addTag/${MISSING}/${tag(s, 'taOne')}`,
  },
  {
    name: 'addAttributeTag: the attribute by uuid',
    method: 'POST',
    path: (s) => `/attributes/addTag/${String(s.taEvent?.Event?.Attribute?.[0]?.uuid ?? NO_UUID)}/${tag(s, 'taTwo')}`,
  },
  {
    name: 'addAttributeTag: a local tag',
    method: 'POST',
    path: (s) => `/attributes/addTag/${md5(s)}/${tag(s, 'taThree')}/local:1`,
  },
  {
    name: 'addAttributeTag: a local-only tag as a global one (attributes do not check)',
    method: 'POST',
    path: (s) => `/attributes/addTag/${md5(s)}/${tag(s, 'taLocalOnly')}`,
  },
  {
    name: 'addAttributeTag: tlp:clear',
    method: 'POST',
    path: (s) => `/attributes/addTag/${md5(s)}/${tag(s, 'tlpClear')}`,
  },
  {
    name: 'addAttributeTag: a second tag of an exclusive taxonomy (tlp:amber next to tlp:clear)',
    method: 'POST',
    path: (s) => `/attributes/addTag/${md5(s)}/${tag(s, 'tlpAmber')}`,
  },
  {
    name: 'addAttributeTag: a tag name with a colon in the path (MISP sees no tag)',
    method: 'POST',
    path: (s) => `/attributes/addTag/${md5(s)}/tlp:red`,
    outsideContract: true,
  },
  {
    name: 'addAttributeTag: a tag name without a colon in the path',
    method: 'POST',
    path: (s) => `/attributes/addTag/${md5(s)}/no-such-tag`,
  },
  {
    name: 'addAttributeTag: an unknown attribute and an unknown tag name',
    method: 'POST',
    path: `/attributes/addTag/${MISSING}/no-such-tag`,
  },
  {
    name: 'addAttributeTag: an attribute id that is neither an id nor a uuid',
    method: 'POST',
    path: (s) => `/attributes/addTag/abc/${tag(s, 'taOne')}`,
  },
  {
    name: 'addAttributeTag: a JSON list of tag ids in the body, one failing',
    method: 'POST',
    path: (s) => `/attributes/addTag/${md5(s)}`,
    body: (s: Saved) => ({ tag: JSON.stringify([tag(s, 'tag'), MISSING]) }),
    outsideContract: true,
  },
  {
    name: 'addAttributeTag: a tag collection in the body',
    method: 'POST',
    path: (s) => `/attributes/addTag/${md5(s)}`,
    body: { tag: 'collection_1' },
    outsideContract: true,
  },
  {
    name: 'addAttributeTag: no tag',
    method: 'POST',
    path: (s) => `/attributes/addTag/${md5(s)}`,
    body: {},
    outsideContract: true,
  },
  {
    name: 'addAttributeTag: a deleted attribute',
    method: 'POST',
    path: (s) => `/attributes/addTag/${attributeId(s, 'taDeleted')}/${tag(s, 'taOne')}`,
  },
  {
    name: 'addAttributeTag: as read-only user (no perm_tagger)',
    method: 'POST',
    path: (s) => `/attributes/addTag/${md5(s)}/${tag(s, 'taTwo')}`,
    as: 'readonly',
  },
  {
    name: 'addAttributeTag: an attribute the caller cannot see',
    method: 'POST',
    path: (s) => `/attributes/addTag/${privateAttribute(s)}/${tag(s, 'taOne')}`,
    as: 'partner',
  },
  {
    name: 'addAttributeTag: another organisation’s attribute locally, as the partner',
    method: 'POST',
    path: (s) => `/attributes/addTag/${md5(s)}/${tag(s, 'taTwo')}/local:1`,
    as: 'partner',
  },
  {
    name: 'addAttributeTag: a tag of another organisation, as a publisher',
    method: 'POST',
    path: (s) => `/attributes/addTag/${privateAttribute(s)}/${tag(s, 'taOrg')}`,
    as: 'user',
  },
  {
    name: 'addAttributeTag: as a publisher of the event’s organisation',
    method: 'POST',
    path: (s) => `/attributes/addTag/${privateAttribute(s)}/${tag(s, 'taOne')}`,
    as: 'user',
  },
  {
    name: 'getAttribute: the tagged attribute after the tags were added',
    method: 'GET',
    path: (s) => `/attributes/view/${md5(s)}`,
    unordered: TAG_LISTS,
  },

  {
    name: 'removeAttributeTag: a local tag',
    method: 'POST',
    path: (s) => `/attributes/removeTag/${md5(s)}/${tag(s, 'taThree')}`,
  },
  {
    name: 'removeAttributeTag: a global tag',
    method: 'POST',
    path: (s) => `/attributes/removeTag/${md5(s)}/${tag(s, 'taTwo')}`,
  },
  {
    name: 'removeAttributeTag: a tag that is not attached',
    method: 'POST',
    path: (s) => `/attributes/removeTag/${md5(s)}/${tag(s, 'taTwo')}`,
  },
  {
    name: 'removeAttributeTag: an unknown tag id',
    method: 'POST',
    path: (s) => `/attributes/removeTag/${md5(s)}/${MISSING}`,
  },
  {
    name: 'removeAttributeTag: an unknown attribute',
    method: 'POST',
    path: (s) => `/attributes/removeTag/${MISSING}/${tag(s, 'taOne')}`,
  },
  {
    name: 'removeAttributeTag: an attribute by uuid (looked up by id only)',
    method: 'POST',
    path: (s) => `/attributes/removeTag/${NO_UUID}/${tag(s, 'taOne')}`,
  },
  {
    name: 'removeAttributeTag: a deleted attribute',
    method: 'POST',
    path: (s) => `/attributes/removeTag/${attributeId(s, 'taDeleted')}/${tag(s, 'taOne')}`,
  },
  {
    name: 'removeAttributeTag: the tag in the body as a LIKE pattern',
    method: 'POST',
    path: (s) => `/attributes/removeTag/${md5(s)}`,
    body: { tag: 'TAG-ATTACH:O%' },
    outsideContract: true,
  },
  {
    name: 'removeAttributeTag: an unknown tag name in the body',
    method: 'POST',
    path: (s) => `/attributes/removeTag/${md5(s)}`,
    body: { tag: 'no-such-tag' },
    outsideContract: true,
  },
  {
    name: 'removeAttributeTag: a tag that is not attached, as the partner (the permission comes first)',
    method: 'POST',
    path: (s) => `/attributes/removeTag/${md5(s)}/${MISSING}`,
    as: 'partner',
  },
  {
    name: 'removeAttributeTag: as a publisher of the event’s organisation',
    method: 'POST',
    path: (s) => `/attributes/removeTag/${md5(s)}/${tag(s, 'tlpClear')}`,
    as: 'user',
  },
  {
    name: 'removeAttributeTag: as read-only user',
    method: 'POST',
    path: (s) => `/attributes/removeTag/${md5(s)}/${tag(s, 'taLocalOnly')}`,
    as: 'readonly',
  },
  {
    name: 'getAttribute: the tagged attribute after the tags were removed',
    method: 'GET',
    path: (s) => `/attributes/view/${md5(s)}`,
    unordered: TAG_LISTS,
  },
];

export const tagAttach: Case[] = [...setup, ...eventCases, ...attributeCases];
