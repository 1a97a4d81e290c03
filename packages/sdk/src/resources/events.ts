import type { Page } from '../pagination.js';
import type {
  EventActionResult,
  EventEdit,
  EventIndexFilters,
  EventIndexItem,
  EventInput,
  EventSearchFilters,
  MispEvent,
} from '../types.js';
import { type CallOptions, type ClientContext, field, idParam, list, resultCount, unwrapEach } from './shared.js';

export function eventsResource({ send, exists }: ClientContext) {
  async function searchPage(filters: EventSearchFilters, options?: CallOptions): Promise<Page<MispEvent>> {
    const { data, response } = await send('POST', '/events/restSearch', { body: filters }, options);
    const items = unwrapEach<MispEvent>(field(data, 'response', response, true), 'Event', response);
    return { items, total: resultCount(response) };
  }
  const byId = (id: string | number) => ({ path: { eventId: idParam(id) } });
  const action =
    (path: '/events/publish/{eventId}' | '/events/unpublish/{eventId}' | '/events/delete/{eventId}') =>
    async (id: string | number, options?: CallOptions): Promise<EventActionResult> => {
      const params = byId(id);
      const { data } = await send('POST', path, { params }, options);
      return data as EventActionResult;
    };
  return {
    searchPage,
    /** `POST /events/restSearch`, unwrapped from `{response:[{Event}]}` to `Event[]`. */
    search: async (filters: EventSearchFilters, options?: CallOptions): Promise<MispEvent[]> =>
      (await searchPage(filters, options)).items,
    get: async (id: string | number, options?: CallOptions): Promise<MispEvent> => {
      const params = byId(id);
      const { data, response } = await send('GET', '/events/view/{eventId}', { params }, options);
      return field<MispEvent>(data, 'Event', response);
    },
    /** `HEAD /events/view/{id}`: whether the event exists and is visible to you (404 → false). */
    exists: async (id: string | number, options?: CallOptions): Promise<boolean> =>
      exists('/events/view/{eventId}', { params: byId(id) }, options),
    /** `POST /events/index` (event headers, no attributes; MISP sends a bare array). */
    list: async (filters: EventIndexFilters = {}, options?: CallOptions): Promise<EventIndexItem[]> => {
      const { data, response } = await send('POST', '/events/index', { body: filters }, options);
      return list<EventIndexItem>(data, response);
    },
    add: async (event: EventInput, options?: CallOptions): Promise<MispEvent> => {
      const { data, response } = await send('POST', '/events/add', { body: event }, options);
      return field<MispEvent>(data, 'Event', response);
    },
    edit: async (id: string | number, event: EventEdit, options?: CallOptions): Promise<MispEvent> => {
      const params = byId(id);
      const { data, response } = await send('POST', '/events/edit/{eventId}', { params, body: event }, options);
      return field<MispEvent>(data, 'Event', response);
    },
    delete: action('/events/delete/{eventId}'),
    publish: action('/events/publish/{eventId}'),
    unpublish: action('/events/unpublish/{eventId}'),
  };
}
