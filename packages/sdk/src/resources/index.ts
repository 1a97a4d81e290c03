// The thin hand-written layer: the calls people use most, envelopes unwrapped, errors mapped.
// Everything else is one typed call away on the raw client (misp.GET / misp.POST).
import type { ClientContext } from '../internal/context.js';
import type { PageSources } from '../pagination.js';
import { attributesResource } from './attributes.js';
import { catalogResources } from './catalog.js';
import { eventsResource } from './events.js';
import { sightingsResource } from './sightings.js';
import { tagsResource } from './tags.js';

export function createResources(ctx: ClientContext) {
  const { searchPage: attributePage, ...attributes } = attributesResource(ctx);
  const { searchPage: eventPage, ...events } = eventsResource(ctx);
  const pageSources: PageSources = { attributes: attributePage, events: eventPage };
  return {
    resources: {
      ...catalogResources(ctx),
      attributes,
      events,
      sightings: sightingsResource(ctx),
      tags: tagsResource(ctx),
    },
    pageSources,
  };
}

export type Resources = ReturnType<typeof createResources>['resources'];
