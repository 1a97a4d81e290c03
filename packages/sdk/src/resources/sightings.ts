import type { Sighting, SightingInput } from '../types.js';
import { type CallOptions, type ClientContext, field, idParam, okOrValidationError, unwrapEach } from './shared.js';

export interface SightingListQuery {
  context: 'attribute' | 'event';
  id: string | number;
}

export function sightingsResource({ send }: ClientContext) {
  return {
    /** `POST /sightings/add`; MISP's HTTP-200 `{message:"Could not add the Sighting…"}` becomes MispValidationError. */
    add: async (sighting: SightingInput, options?: CallOptions): Promise<Sighting> => {
      const { data, response } = await send('POST', '/sightings/add', { body: sighting }, options);
      okOrValidationError(data, response, (d) => d['Sighting'] !== undefined);
      return field<Sighting>(data, 'Sighting', response);
    },
    /** Sightings of one attribute or event (`POST /sightings/restSearch/{context}`). */
    list: async ({ context, id }: SightingListQuery, options?: CallOptions): Promise<Sighting[]> => {
      const params = { path: { context } };
      const body = { id: idParam(id) };
      const { data, response } = await send('POST', '/sightings/restSearch/{context}', { params, body }, options);
      return unwrapEach<Sighting>(field(data, 'response', response, true), 'Sighting', response);
    },
  };
}
