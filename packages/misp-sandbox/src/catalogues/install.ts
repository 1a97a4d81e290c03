import type { Database } from 'better-sqlite3';
import { installGalaxies } from './galaxies.js';
import { NOTICELIST_SCHEMA } from './noticelists.js';
import { installObjectTemplates } from './object-templates.js';
import { installTaxonomies, TAXONOMY_SCHEMA } from './taxonomies.js';
import { installWarninglists, WARNINGLIST_SCHEMA } from './warninglists.js';

/**
 * What MISP's installer does after creating the database: load the catalogues (`warninglists/update`,
 * `taxonomies/update`, `galaxies/update`, `objectTemplates/update`), then enables the warninglists as an administrator would (all but
 * the VPN and datacenter ranges); taxonomies stay disabled, as MISP leaves them. Idempotent: a database
 * that already has them keeps its state.
 */
export function installCatalogues(db: Database): void {
  db.exec(WARNINGLIST_SCHEMA);
  installWarninglists(db);
  db.exec(TAXONOMY_SCHEMA);
  installTaxonomies(db);
  installGalaxies(db);
  installObjectTemplates(db);
  // Noticelists: none vendored (an empty index, as a MISP without the misp-noticelist data has).
  db.exec(NOTICELIST_SCHEMA);
}
