// Raw typed calls (misp.GET/POST…) arrive as a Request built by openapi-fetch; this finds the contract
// operation it is (verb and path, with the `.json` suffix and case as MISP allows), so the pipeline
// applies that operation's `idempotent` and gives middleware its `schemaPath`. Only the main client
// has a raw client, so only it pays for the matching.
import type { Pipeline } from './pipeline.js';
import { type BoundRoute, prepareRoute, type Route } from './routes.js';

export function rawFetch(pipeline: Pipeline, rows: readonly Route[]): (request: Request) => Promise<Response> {
  const basePath = new URL(pipeline.baseUrl).pathname.replace(/\/+$/, '');
  let compiled: Array<{ route: BoundRoute; pattern: RegExp }> | undefined;
  const find = (method: string, url: string): BoundRoute | undefined => {
    compiled ??= rows.map((row) => {
      const route = prepareRoute(row);
      const source = route.parts.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^/]+');
      return { route, pattern: new RegExp(`^${source}(?:\\.json)?$`, 'i') };
    });
    let path = new URL(url).pathname;
    if (basePath && path.startsWith(basePath)) path = path.slice(basePath.length);
    return compiled.find((c) => c.route.verb === method && c.pattern.test(path))?.route;
  };
  return (request) => pipeline.fetchRequest(request, find(request.method, request.url));
}
