// The requests sent to both sides, in order. Every operation of openapi/ appears with valid input and with
// each kind of invalid input it can meet: a refused or missing key, a caller without the permission, an
// unknown or unreadable id, a body that is not JSON or not the right shape, values MISP's validation
// refuses, and the wrong HTTP method. The first cases create the starting data (through the API, the same
// requests on both sides); later cases refer to what they created through `saved`, per side.
import { accounts } from './accounts.js';
import { admin } from './admin.js';
import { attachmentsAndDecaying } from './attachments-decaying.js';
import { attributes } from './attributes.js';
import type { Case } from './case.js';
import { catalogueAccount } from './catalogue-account.js';
import { catalogues } from './catalogues.js';
import { correlations } from './correlations.js';
import { eventRules } from './event-rules.js';
import { events } from './events.js';
import { feedsAndServers } from './feeds.js';
import { freeText } from './free-text.js';
import { galaxyClusters } from './galaxy-clusters.js';
import { namedParams } from './named-params.js';
import { objects } from './objects.js';
import { organisations } from './organisations.js';
import { parity } from './parity.js';
import { parityRoutes } from './parity-routes.js';
import { proposals } from './proposals.js';
import { reports } from './reports.js';
import { server } from './server.js';
import { servers } from './servers.js';
import { setup } from './setup.js';
import { sightings } from './sightings.js';
import { smallOperations } from './small-operations.js';
import { tagAttach } from './tag-attach.js';
import { tags } from './tags.js';

export type { Case, Saved } from './case.js';

export const corpus: Case[] = [
  ...setup,
  ...server,
  ...attributes,
  ...events,
  ...objects,
  ...reports,
  ...proposals,
  ...sightings,
  ...tags,
  ...catalogues,
  ...galaxyClusters,
  ...accounts,
  ...eventRules,
  ...namedParams,
  ...organisations,
  ...correlations,
  ...feedsAndServers,
  ...servers,
  ...admin,
  ...freeText,
  ...smallOperations,
  ...attachmentsAndDecaying,
  ...tagAttach,
  ...catalogueAccount,
  ...parity,
  ...parityRoutes,
];
