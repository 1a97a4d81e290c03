import type { RequestBody, ResponseBody, Tag, TagListItem, TagSearchResult } from '../types.js';
import { type CallOptions, type ClientContext, field, idParam, list, okOrValidationError } from './shared.js';

export interface TagTarget {
  /** UUID of the event, attribute or object. */
  uuid: string;
  /** Tag name or id. */
  tag: string;
}

export function tagsResource({ send }: ClientContext) {
  return {
    /** `GET /tags/index`; `searchall` filters by name (SQL LIKE, `%` wildcards). */
    list: async (query: { searchall?: string } = {}, options?: CallOptions): Promise<TagListItem[]> => {
      const params = { query };
      const { data, response } = await send('GET', '/tags/index', { params }, options);
      return field<TagListItem[]>(data, 'Tag', response, true);
    },
    get: async (id: string | number, options?: CallOptions): Promise<ResponseBody<'/tags/view/{tagId}', 'get'>> => {
      const params = { path: { tagId: idParam(id) } };
      const { data } = await send('GET', '/tags/view/{tagId}', { params }, options);
      return data;
    },
    add: async (tag: RequestBody<'/tags/add', 'post'>, options?: CallOptions): Promise<Tag> => {
      const { data, response } = await send('POST', '/tags/add', { body: tag }, options);
      return field<Tag>(data, 'Tag', response);
    },
    /** `POST /tags/search`: exact names (or `%` patterns), also matching galaxy cluster values. */
    search: async (query: RequestBody<'/tags/search', 'post'>, options?: CallOptions): Promise<TagSearchResult[]> => {
      const { data, response } = await send('POST', '/tags/search', { body: query }, options);
      return list<TagSearchResult>(data, response);
    },
    attach: async (target: TagTarget & { local?: boolean }, options?: CallOptions) => {
      const body = {
        uuid: target.uuid,
        tag: target.tag,
        ...(target.local === undefined ? {} : { local: target.local }),
      };
      const { data, response } = await send('POST', '/tags/attachTagToObject', { body }, options);
      okOrValidationError(data, response, (d) => d['saved'] !== false && d['errors'] === undefined);
      return data;
    },
    remove: async (target: TagTarget, options?: CallOptions) => {
      const body = { uuid: target.uuid, tag: target.tag };
      const { data, response } = await send('POST', '/tags/removeTagFromObject', { body }, options);
      okOrValidationError(data, response, (d) => d['saved'] !== false && d['errors'] === undefined);
      return data;
    },
  };
}
