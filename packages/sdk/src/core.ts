// @mispkit/sdk/core — pay for what you call. The same pipeline as the main entry's createMispClient
// (middleware, retries, deadlines, errors), bound only to the route tables you pass: a bundler keeps
// those and drops the rest of the contract (and `paginate`, unless you import it).
//
//   import { attributes, createMispClient } from '@mispkit/sdk/core';
//   const misp = createMispClient({ baseUrl, apiKey, resources: { attributes } });
//   await misp.attributes.search({ value: '203.0.113.9' });
import type { Middleware } from 'openapi-fetch';
import { type MispClientOptions, pipelineConfig } from './internal/options.js';
import { createPipeline } from './internal/pipeline.js';
import { bindResource, type MethodsOf, type ResourceTable } from './internal/routes.js';
import { createPaginate, type Paginate } from './pagination.js';

export * from './generated/routes.js';
export type { MispClientOptions } from './internal/options.js';

export type ResourceTables = Record<string, ResourceTable<unknown>>;

/**
 * Walks a paginated method page by page: `paginate(misp.attributes.search, filters, { limit })`. A
 * separate import here (on the main client it is `misp.paginate`), so clients that never page do not
 * ship it.
 */
export const paginate: Paginate = /* @__PURE__ */ createPaginate();

/** The client `createMispClient` from `@mispkit/sdk/core` returns: the resources you passed, bound. */
export type MispCoreClient<R extends ResourceTables> = { [K in keyof R]: MethodsOf<R[K]> } & {
  /** Adds openapi-fetch-style middleware (`onRequest`/`onResponse`/`onError`) that sees every call. */
  use(...middleware: Middleware[]): void;
  eject(...middleware: Middleware[]): void;
  /** The normalised base URL (no trailing slash). */
  readonly baseUrl: string;
};

export function createMispClient<R extends ResourceTables>(
  options: MispClientOptions & { resources: R },
): MispCoreClient<R> {
  const pipeline = createPipeline(pipelineConfig(options));
  const client: Record<string, unknown> = {
    use: pipeline.use,
    eject: pipeline.eject,
    baseUrl: pipeline.baseUrl,
  };
  for (const [name, table] of Object.entries(options.resources)) client[name] = bindResource(pipeline, table);
  return client as MispCoreClient<R>;
}
