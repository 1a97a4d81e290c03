// `misp.paginate(...)`: an async iterator over MISP's limit/page (1-based) pagination. MISP gives no
// cursor, so iteration stops at the first page shorter than `limit`, or earlier when X-Result-Count is
// a total that says every match has been seen (events; attributes/restSearch only sends a look-ahead). Any method the spec marks `paginated` can be walked.
import { BODY, boundRoutes, PAGINATED, unwrap } from './internal/routes.js';
import type { CallOptions } from './internal/transport.js';
import type { Attribute, AttributeSearchFilters, EventSearchFilters, MispEvent } from './types.js';

export interface Page<T> {
  items: T[];
  /** Total matches across all pages, when the server said (X-Result-Count). */
  total?: number | undefined;
}

export type PageFetcher<T> = (page: number, limit: number) => Promise<T[] | Page<T>>;

export interface PaginateOptions extends CallOptions {
  /** Page size. Default 100. */
  limit?: number | undefined;
  /** First page to fetch (1-based). Default 1. */
  startPage?: number | undefined;
  /** Stop after this many pages. Default: no limit. */
  maxPages?: number | undefined;
}

export interface Paginate {
  (scope: 'attributes', filters?: AttributeSearchFilters, options?: PaginateOptions): AsyncIterableIterator<Attribute>;
  (scope: 'events', filters?: EventSearchFilters, options?: PaginateOptions): AsyncIterableIterator<MispEvent>;
  <T>(fetchPage: PageFetcher<T>, options?: PaginateOptions): AsyncIterableIterator<T>;
  /** Any generated method marked paginated (`misp.events.index`, `misp.attributes.search`, …) with its first argument. */
  <I, T>(
    method: (input: I, options?: CallOptions) => Promise<T[]>,
    input?: I,
    options?: PaginateOptions,
  ): AsyncIterableIterator<T>;
}

function positiveInteger(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`paginate: ${name} must be an integer ≥ 1`);
  return value;
}

export async function* paginatePages<T>(
  fetchPage: PageFetcher<T>,
  options: PaginateOptions = {},
): AsyncIterableIterator<T> {
  const limit = positiveInteger(options.limit, 100, 'limit');
  const startPage = positiveInteger(options.startPage, 1, 'startPage');
  const maxPages =
    options.maxPages === undefined ? Number.POSITIVE_INFINITY : positiveInteger(options.maxPages, 1, 'maxPages');
  for (let page = startPage; page < startPage + maxPages; page++) {
    const result = await fetchPage(page, limit);
    const { items, total } = Array.isArray(result) ? { items: result, total: undefined } : result;
    yield* items;
    if (items.length < limit) return;
    // Stop early only on a count that can be a total: one below what pages 1..page hold cannot be (MISP's
    // attributes/restSearch sends, under limit/page, this page's rows plus one when it is full).
    if (total !== undefined && total >= (page - 1) * limit + items.length && total <= page * limit) return;
  }
}

export function resultCount(response: Response): number | undefined {
  const header = response.headers.get('x-result-count');
  if (header === null || !/^\d+$/.test(header.trim())) return undefined;
  return Number(header);
}

/** One page of a paginated generated method: limit/page in the body (POST) or the query (GET). */
function methodPages(method: object, input: object | undefined, callOptions: CallOptions): PageFetcher<unknown> {
  const bound = boundRoutes.get(method);
  if (!bound || !(bound.route.flags & PAGINATED) || bound.route.names.length > 0) {
    throw new TypeError(
      'paginate: pass a method the spec marks paginated (x-mispkit.paginated), a page function, or a scope',
    );
  }
  const { route, pipeline } = bound;
  const hasBody = (route.flags & BODY) !== 0;
  return async (page, limit) => {
    const { data, response } = hasBody
      ? await pipeline.call(route, [], { ...input, page, limit }, callOptions)
      : await pipeline.call(route, [], undefined, { ...input, ...callOptions, page, limit });
    return { items: unwrap(data, route.unwrap, response) as unknown[], total: resultCount(response) };
  };
}

/** `named` maps the string scopes ('attributes', 'events') to their search methods (main client only). */
export function createPaginate(named: Partial<Record<'attributes' | 'events', object>> = {}): Paginate {
  function paginate(
    source: 'attributes' | 'events' | PageFetcher<unknown> | object,
    second?: object,
    third?: PaginateOptions,
  ): AsyncIterableIterator<unknown> {
    if (typeof source === 'function' && !boundRoutes.has(source)) {
      return paginatePages(source as PageFetcher<unknown>, second as PaginateOptions | undefined);
    }
    const method = typeof source === 'string' ? named[source] : source;
    if (!method)
      throw new TypeError("paginate: the first argument must be 'attributes', 'events', a method or a page function");
    const options = third ?? {};
    const { limit: _limit, startPage: _start, maxPages: _max, ...callOptions } = options;
    return paginatePages(methodPages(method, second, callOptions), options);
  }
  return paginate as Paginate;
}
