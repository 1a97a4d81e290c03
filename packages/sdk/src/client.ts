// createMispClient = every operation of the contract as a method (generated route tables bound by one
// factory), the few hand-written helpers on top, openapi-fetch's typed raw client (misp.GET/POST…),
// and paginate — all sending through one pipeline (src/internal/pipeline.ts).
import type { Client } from 'openapi-fetch';
import * as openapiFetch from 'openapi-fetch';
import type { MispResources } from './generated/methods.js';
import { routes } from './generated/routes.js';
import type { paths } from './generated/schema.js';
import { type MispHelpers, withHelpers } from './helpers.js';
import { type MispClientOptions, pipelineConfig } from './internal/options.js';
import { createPipeline } from './internal/pipeline.js';
import { rawFetch } from './internal/raw.js';
import { bindResource, type Route } from './internal/routes.js';
import { createPaginate, type Paginate } from './pagination.js';

export type { MispClientOptions } from './internal/options.js';

export type MispClient = Client<paths> &
  MispHelpers & {
    paginate: Paginate;
    /** The normalised base URL (no trailing slash). */
    readonly baseUrl: string;
  };

// openapi-fetch has only a default export; our CJS build sees its CJS `module.exports` (Node
// interop), where the function sits one level down, under `.default`.
const createClient: typeof openapiFetch.default =
  typeof openapiFetch.default === 'function'
    ? openapiFetch.default
    : (openapiFetch.default as unknown as { default: typeof openapiFetch.default }).default;

export function createMispClient(options: MispClientOptions): MispClient {
  const rows = Object.values(routes).flatMap((table) => Object.values(table as Record<string, Route>));
  const pipeline = createPipeline(pipelineConfig(options));
  const raw = createClient<paths>({
    baseUrl: pipeline.baseUrl,
    headers: pipeline.headers,
    fetch: rawFetch(pipeline, rows),
    redirect: 'manual',
  });
  const generated: Record<string, unknown> = {};
  for (const [name, table] of Object.entries(routes)) generated[name] = bindResource(pipeline, table);
  const resources = withHelpers(generated as unknown as MispResources);
  return {
    GET: raw.GET,
    PUT: raw.PUT,
    POST: raw.POST,
    DELETE: raw.DELETE,
    OPTIONS: raw.OPTIONS,
    HEAD: raw.HEAD,
    PATCH: raw.PATCH,
    TRACE: raw.TRACE,
    request: raw.request,
    // Middleware lives in the pipeline, so it sees generated methods and helpers as well as raw calls.
    use: pipeline.use,
    eject: pipeline.eject,
    ...resources,
    paginate: createPaginate({ attributes: resources.attributes.search, events: resources.events.search }),
    baseUrl: pipeline.baseUrl,
  };
}
