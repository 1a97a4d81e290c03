import type { Route } from '../router.js';
import { decayingRoutes } from './decaying.js';
import { galaxyRoutes } from './galaxies.js';
import { noticelistRoutes } from './noticelists.js';
import { tagAdminRoutes } from './tag-admin.js';
import { taxonomyRoutes } from './taxonomies.js';
import { warninglistRoutes } from './warninglists.js';

/** MISP's catalogues and their administration (warninglists, taxonomies, galaxies, noticelists, tags). */
export const catalogueAdminRoutes: Route[] = [
  ...warninglistRoutes,
  ...taxonomyRoutes,
  ...noticelistRoutes,
  ...galaxyRoutes,
  ...tagAdminRoutes,
  ...decayingRoutes,
];
