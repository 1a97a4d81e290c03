import type { Page } from '../pagination.js';
import type { Attribute, AttributeEdit, AttributeInput, AttributeSearchFilters } from '../types.js';
import { type CallOptions, type ClientContext, field, idParam, resultCount } from './shared.js';

export function attributesResource({ send, exists }: ClientContext) {
  async function searchPage(filters: AttributeSearchFilters, options?: CallOptions): Promise<Page<Attribute>> {
    const { data, response } = await send('POST', '/attributes/restSearch', { body: filters }, options);
    const items = field<Attribute[]>(field(data, 'response', response), 'Attribute', response, true);
    return { items, total: resultCount(response) };
  }
  return {
    searchPage,
    /** `POST /attributes/restSearch`, unwrapped from `{response:{Attribute:[…]}}`. */
    search: async (filters: AttributeSearchFilters, options?: CallOptions): Promise<Attribute[]> =>
      (await searchPage(filters, options)).items,
    get: async (id: string | number, options?: CallOptions): Promise<Attribute> => {
      const params = { path: { attributeId: idParam(id) } };
      const { data, response } = await send('GET', '/attributes/view/{attributeId}', { params }, options);
      return field<Attribute>(data, 'Attribute', response);
    },
    /** `HEAD /attributes/view/{id}`: whether the attribute exists and is visible to you (404 → false). */
    exists: async (id: string | number, options?: CallOptions): Promise<boolean> =>
      exists('/attributes/view/{attributeId}', { params: { path: { attributeId: idParam(id) } } }, options),
    add: async (eventId: string | number, attribute: AttributeInput, options?: CallOptions): Promise<Attribute> => {
      const params = { path: { eventId: idParam(eventId) } };
      const { data, response } = await send('POST', '/attributes/add/{eventId}', { params, body: attribute }, options);
      return field<Attribute>(data, 'Attribute', response);
    },
    edit: async (id: string | number, attribute: AttributeEdit, options?: CallOptions): Promise<Attribute> => {
      const params = { path: { attributeId: idParam(id) } };
      const { data, response } = await send(
        'POST',
        '/attributes/edit/{attributeId}',
        { params, body: attribute },
        options,
      );
      return field<Attribute>(data, 'Attribute', response);
    },
    /** Soft delete; `{ hard: true }` deletes for good. */
    delete: async (id: string | number, options?: CallOptions & { hard?: boolean }): Promise<{ message: string }> => {
      const params = { path: { attributeId: idParam(id) }, ...(options?.hard ? { query: { hard: 1 as const } } : {}) };
      const { data } = await send('POST', '/attributes/delete/{attributeId}', { params }, options);
      return data as { message: string };
    },
  };
}
