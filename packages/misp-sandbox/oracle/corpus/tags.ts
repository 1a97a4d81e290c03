// tags: index, view, add, search, attach and remove.
import { type Case, id, MISSING, NO_UUID, type Saved, uuid } from './case.js';

export const tags: Case[] = [
  { name: 'listTags: all', method: 'GET', path: '/tags/index', save: 'tags' },
  { name: 'listTags: searchall', method: 'GET', path: '/tags/index?searchall=tlp' },
  { name: 'listTags: searchall with a wildcard', method: 'GET', path: '/tags/index?searchall=tlp:%25' },
  {
    name: 'listTags: searchall as a named parameter',
    method: 'GET',
    path: '/tags/index/searchall:tlp',
    outsideContract: true,
  },
  { name: 'getTag: by id', method: 'GET', path: (s) => `/tags/view/${id(s, 'tag', 'Tag')}` },
  { name: 'getTag: unknown id', method: 'GET', path: `/tags/view/${MISSING}` },
  { name: 'addTag: unwrapped', method: 'POST', path: '/tags/add', body: { name: 'oracle:unwrapped' } },
  { name: 'addTag: a name that exists', method: 'POST', path: '/tags/add', body: { Tag: { name: 'oracle:custom' } } },
  { name: 'addTag: no name', method: 'POST', path: '/tags/add', body: { Tag: { colour: '#000000' } } },
  { name: 'addTag: a number as body', method: 'POST', path: '/tags/add', body: 42 },
  {
    name: 'addTag: as publisher (no tag editor permission)',
    method: 'POST',
    path: '/tags/add',
    body: { name: 'oracle:publisher' },
    as: 'user',
  },
  {
    name: 'searchTags: a JSON string with a wildcard',
    method: 'POST',
    path: '/tags/search',
    body: JSON.stringify('tlp:%'),
  },
  { name: 'searchTags: exact name', method: 'POST', path: '/tags/search', body: JSON.stringify('oracle:custom') },
  { name: 'searchTags: nothing matches', method: 'POST', path: '/tags/search', body: JSON.stringify('no-such-tag') },
  {
    name: 'attachTag: to an event',
    method: 'POST',
    path: '/tags/attachTagToObject',
    body: (s: Saved) => ({ uuid: uuid(s, 'main', 'Event'), tag: 'oracle:custom' }),
  },
  {
    name: 'attachTag: the same tag again',
    method: 'POST',
    path: '/tags/attachTagToObject',
    body: (s: Saved) => ({ uuid: uuid(s, 'main', 'Event'), tag: 'oracle:custom' }),
  },
  {
    name: 'attachTag: to an attribute, a tag that does not exist yet',
    method: 'POST',
    path: '/tags/attachTagToObject',
    body: (s: Saved) => ({ uuid: uuid(s, 'md5', 'Attribute'), tag: 'oracle:new-on-attach' }),
  },
  {
    name: 'attachTag: unknown uuid',
    method: 'POST',
    path: '/tags/attachTagToObject',
    body: { uuid: NO_UUID, tag: 'tlp:red' },
  },
  {
    name: 'attachTag: as read-only user',
    method: 'POST',
    path: '/tags/attachTagToObject',
    body: (s: Saved) => ({ uuid: uuid(s, 'main', 'Event'), tag: 'tlp:red' }),
    as: 'readonly',
  },
  {
    name: 'removeTag: from an event',
    method: 'POST',
    path: '/tags/removeTagFromObject',
    body: (s: Saved) => ({ uuid: uuid(s, 'main', 'Event'), tag: 'oracle:custom' }),
  },
  {
    name: 'removeTag: a tag that is not attached',
    method: 'POST',
    path: '/tags/removeTagFromObject',
    body: (s: Saved) => ({ uuid: uuid(s, 'main', 'Event'), tag: 'tlp:red' }),
  },
  {
    name: 'removeTag: unknown uuid',
    method: 'POST',
    path: '/tags/removeTagFromObject',
    body: { uuid: NO_UUID, tag: 'tlp:red' },
  },
];
