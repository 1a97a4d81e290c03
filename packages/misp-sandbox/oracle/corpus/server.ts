// servers, users and the type catalogue.
import type { Case } from './case.js';

export const server: Case[] = [
  { name: 'getVersion: admin', method: 'GET', path: '/servers/getVersion' },
  { name: 'getVersion: read-only user', method: 'GET', path: '/servers/getVersion', as: 'readonly' },
  { name: 'getVersion: no key', method: 'GET', path: '/servers/getVersion', as: 'anonymous' },
  { name: 'getVersion: a key nobody has', method: 'GET', path: '/servers/getVersion', as: 'badKey' },
  { name: 'getPyMispVersion: with .json suffix', method: 'GET', path: '/servers/getPyMISPVersion.json' },
  { name: 'getCurrentUser: site admin', method: 'GET', path: '/users/view/me' },
  { name: 'getCurrentUser: publisher', method: 'GET', path: '/users/view/me', as: 'user' },
  { name: 'getCurrentUser: read-only user', method: 'GET', path: '/users/view/me', as: 'readonly' },
  { name: 'getCurrentUser: a key nobody has', method: 'GET', path: '/users/view/me', as: 'badKey' },
  { name: 'describeTypes: with .json suffix', method: 'GET', path: '/attributes/describeTypes.json' },
  { name: 'describeTypes: a key nobody has', method: 'GET', path: '/attributes/describeTypes', as: 'badKey' },
];
