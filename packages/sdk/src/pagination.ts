// `misp.paginate(...)`: an async iterator over MISP's limit/page (1-based) pagination. MISP
// gives no cursor, so iteration stops at the first page shorter than `limit`, or earlier when the
// total (X-Result-Count) says every match has been seen.
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
}

export interface PageSources {
  attributes: (filters: AttributeSearchFilters, options?: CallOptions) => Promise<Page<Attribute>>;
  events: (filters: EventSearchFilters, options?: CallOptions) => Promise<Page<MispEvent>>;
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
    if (total !== undefined && page * limit >= total) return;
  }
}

export function createPaginate(sources: PageSources): Paginate {
  function paginate(
    source: 'attributes' | 'events' | PageFetcher<unknown>,
    filtersOrOptions?: object,
    maybeOptions?: PaginateOptions,
  ): AsyncIterableIterator<unknown> {
    if (typeof source === 'function') return paginatePages(source, filtersOrOptions as PaginateOptions | undefined);
    const options = maybeOptions ?? {};
    const { limit: _limit, startPage: _start, maxPages: _max, ...callOptions } = options;
    const filters = { ...(filtersOrOptions ?? {}) };
    if (source !== 'attributes' && source !== 'events') {
      throw new TypeError("paginate: the first argument must be 'attributes', 'events' or a page function");
    }
    const search = sources[source] as (f: object, o?: CallOptions) => Promise<Page<unknown>>;
    return paginatePages((page, limit) => search({ ...filters, page, limit }, callOptions), options);
  }
  return paginate as Paginate;
}
