// Taxonomies: MISP's real vocabularies with the instance's state (enabled, required) and their tags.
import { type Case, MISSING } from './case.js';

/** Ids of MISP's install order, the same on both sides (both install the same misp-taxonomies copy). */
const TLP = '170';
const ADMIRALTY = '11';
const CIRCL = '26';

export const taxonomyCases: Case[] = [
  {
    name: 'oracle: install the taxonomies',
    method: 'POST',
    path: '/taxonomies/update',
    body: {},
    oracleOnly: 'the sandbox installs MISP’s taxonomies at start, as MISP’s installer does with taxonomies/update',
  },
  { name: 'listTaxonomies: all', method: 'GET', path: '/taxonomies/index' },
  { name: 'listTaxonomies: as a read-only user', method: 'GET', path: '/taxonomies/index', as: 'readonly' },
  { name: 'getTaxonomy: circl (no tags yet)', method: 'GET', path: `/taxonomies/view/${CIRCL}` },
  { name: 'getTaxonomy: by namespace', method: 'GET', path: '/taxonomies/view/admiralty-scale' },
  { name: 'getTaxonomy: unknown id', method: 'GET', path: `/taxonomies/view/${MISSING}` },
  { name: 'exportTaxonomy: admiralty-scale', method: 'GET', path: `/taxonomies/export/${ADMIRALTY}` },
  { name: 'enableTaxonomy: admiralty-scale', method: 'POST', path: `/taxonomies/enable/${ADMIRALTY}`, body: {} },
  { name: 'enableTaxonomy: unknown id', method: 'POST', path: `/taxonomies/enable/${MISSING}`, body: {} },
  {
    name: 'enableTaxonomy: as a publisher',
    method: 'POST',
    path: `/taxonomies/enable/${TLP}`,
    body: {},
    as: 'user',
  },
  { name: 'addTaxonomyTags: admiralty-scale', method: 'POST', path: `/taxonomies/addTag/${ADMIRALTY}`, body: {} },
  { name: 'getTaxonomy: admiralty-scale with its tags', method: 'GET', path: `/taxonomies/view/${ADMIRALTY}` },
  {
    name: 'setTaxonomyRequired: admiralty-scale',
    method: 'POST',
    path: `/taxonomies/toggleRequired/${ADMIRALTY}`,
    body: { Taxonomy: { required: 1 } },
  },
  { name: 'disableTaxonomy: admiralty-scale', method: 'POST', path: `/taxonomies/disable/${ADMIRALTY}`, body: {} },
  { name: 'listTaxonomies: after the changes', method: 'GET', path: '/taxonomies/index' },
  { name: 'updateTaxonomies: nothing new', method: 'POST', path: '/taxonomies/update', body: {} },
  { name: 'listNoticelists: none installed', method: 'GET', path: '/noticelists/index' },
  { name: 'getNoticelist: unknown id', method: 'GET', path: '/noticelists/view/1' },
  { name: 'updateNoticelists: nothing to install', method: 'POST', path: '/noticelists/update', body: {} },
  {
    name: 'toggleNoticelist: unknown id',
    method: 'POST',
    path: '/noticelists/toggleEnable/1',
    body: {},
  },
];
