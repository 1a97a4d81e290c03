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

export function eventsResource({ client, call }: ClientContext) {
  async function searchPage(filters: EventSearchFilters, options?: CallOptions): Promise<Page<MispEvent>> {
    const { data, response } = await call(options, (init) => client.POST('/events/restSearch', { body: filters, ...init }));
    const items = unwrapEach<MispEvent>(field(data, 'response', response, true), 'Event', response);
    return { items, total: resultCount(response) };
  }
  const byId = (id: string | number) => ({ path: { eventId: idParam(id) } });
  const action = (path: '/events/publish/{eventId}' | '/events/unpublish/{eventId}' | '/events/delete/{eventId}') =>
    async (id: string | number, options?: CallOptions): Promise<EventActionResult> => {
      const params = byId(id);
      const { data } = await call(options, (init) => client.POST(path, { params, ...init }));
      return data as EventActionResult;
    };
  return {
    searchPage,
    /** `POST /events/restSearch`, unwrapped from `{response:[{Event}]}` to `Event[]`. */
    search: async (filters: EventSearchFilters, options?: CallOptions): Promise<MispEvent[]> =>
      (await searchPage(filters, options)).items,
    get: async (id: string | number, options?: CallOptions): Promise<MispEvent> => {
      const params = byId(id);
      const { data, response } = await call(options, (init) => client.GET('/events/view/{eventId}', { params, ...init }));
      return field<MispEvent>(data, 'Event', response);
    },
    /** `POST /events/index` (event headers, no attributes; MISP sends a bare array). */
    list: async (filters: EventIndexFilters = {}, options?: CallOptions): Promise<EventIndexItem[]> => {
      const { data, response } = await call(options, (init) => client.POST('/events/index', { body: filters, ...init }));
      return list<EventIndexItem>(data, response);
    },
    add: async (event: EventInput, options?: CallOptions): Promise<MispEvent> => {
      const { data, response } = await call(options, (init) => client.POST('/events/add', { body: event, ...init }));
      return field<MispEvent>(data, 'Event', response);
    },
    edit: async (id: string | number, event: EventEdit, options?: CallOptions): Promise<MispEvent> => {
      const params = byId(id);
      const { data, response } = await call(options, (init) => client.POST('/events/edit/{eventId}', { params, body: event, ...init }));
      return field<MispEvent>(data, 'Event', response);
    },
    delete: action('/events/delete/{eventId}'),
    publish: action('/events/publish/{eventId}'),
    unpublish: action('/events/unpublish/{eventId}'),
  };
}
