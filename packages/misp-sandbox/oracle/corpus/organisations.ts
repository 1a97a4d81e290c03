// organisations/index `scope` (issue 12): MISP reads it as a CakePHP named parameter (`/scope:all`) and
// ignores `?scope=` in the query string; `local` (the default) lists organisations with `local: true`,
// `external` the others, `all` both. An external organisation is made first so that the three differ.
import { type Case, id } from './case.js';

const externalId = (s: Record<string, unknown>) => id(s, 'scopeExternalOrg', 'Organisation');

export const organisations: Case[] = [
  {
    name: 'addOrganisation: an external organisation for the scope cases (starting data)',
    method: 'POST',
    path: '/admin/organisations/add',
    body: { name: 'Scope External CSIRT', local: false, type: 'CSIRT', nationality: 'Canada' },
    save: 'scopeExternalOrg',
    setup: true,
  },
  { name: 'listOrganisations: scope absent (local)', method: 'GET', path: '/organisations/index' },
  { name: 'listOrganisations: scope local, named', method: 'GET', path: '/organisations/index/scope:local' },
  { name: 'listOrganisations: scope external, named', method: 'GET', path: '/organisations/index/scope:external' },
  { name: 'listOrganisations: scope all, named', method: 'GET', path: '/organisations/index/scope:all' },
  {
    name: 'listOrganisations: scope external as a query string (ignored)',
    method: 'GET',
    path: '/organisations/index?scope=external',
  },
  {
    name: 'listOrganisations: scope all as a query string (ignored)',
    method: 'GET',
    path: '/organisations/index?scope=all',
  },
  {
    name: 'listOrganisations: scope unknown, named (local)',
    method: 'GET',
    path: '/organisations/index/scope:nowhere',
  },
  {
    name: 'listOrganisations: scope all, named, as the partner',
    method: 'GET',
    path: '/organisations/index/scope:all',
    as: 'partner',
  },
  {
    name: 'deleteOrganisation: the scope cases’ external organisation',
    method: 'POST',
    path: (s) => `/admin/organisations/delete/${externalId(s)}`,
  },
];
