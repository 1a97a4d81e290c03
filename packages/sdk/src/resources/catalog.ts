// Read-mostly catalogues: server, current user, warninglists, galaxies, organisations, sharing groups.
import type {
  CurrentUser,
  Galaxy,
  GalaxyCluster,
  GalaxyWithClusters,
  Organisation,
  ServerVersion,
  SharingGroupEntry,
  Warninglist,
  WarninglistHit,
} from '../types.js';
import { type CallOptions, type ClientContext, field, idParam, list, unexpected, unwrapEach } from './shared.js';

export function catalogResources({ send }: ClientContext) {
  return {
    server: {
      version: async (options?: CallOptions): Promise<ServerVersion> =>
        (await send('GET', '/servers/getVersion', {}, options)).data,
    },
    users: {
      /** The key's own user, with `User`, `Role`, `Organisation` and `UserSetting`. */
      me: async (options?: CallOptions): Promise<CurrentUser> =>
        (await send('GET', '/users/view/me', {}, options)).data,
    },
    warninglists: {
      list: async (options?: CallOptions): Promise<Warninglist[]> => {
        const { data, response } = await send('GET', '/warninglists/index', {}, options);
        return unwrapEach<Warninglist>(field(data, 'Warninglists', response, true), 'Warninglist', response);
      },
      /** Value → hits in enabled warninglists; values without hits are absent (MISP answers `[]` for none). */
      check: async (values: string[], options?: CallOptions): Promise<Record<string, WarninglistHit[]>> => {
        if (values.length === 0) return {};
        const { data, response } = await send('POST', '/warninglists/checkValue', { body: values }, options);
        if (Array.isArray(data)) return {};
        if (typeof data !== 'object') throw unexpected('an object keyed by value', data, response);
        return data as Record<string, WarninglistHit[]>;
      },
    },
    galaxies: {
      list: async (options?: CallOptions): Promise<Galaxy[]> => {
        const { data, response } = await send('GET', '/galaxies/index', {}, options);
        return unwrapEach<Galaxy>(data, 'Galaxy', response);
      },
      /** Galaxies whose name, namespace, description or uuid matches `value` (SQL LIKE). */
      search: async (value: string, options?: CallOptions): Promise<Galaxy[]> => {
        const { data, response } = await send('POST', '/galaxies/index', { body: { value } }, options);
        return unwrapEach<Galaxy>(data, 'Galaxy', response);
      },
      get: async (id: string | number, options?: CallOptions): Promise<GalaxyWithClusters> => {
        const params = { path: { galaxyId: idParam(id) } };
        return (await send('GET', '/galaxies/view/{galaxyId}', { params }, options)).data;
      },
    },
    galaxyClusters: {
      get: async (id: string | number, options?: CallOptions): Promise<GalaxyCluster> => {
        const params = { path: { clusterId: idParam(id) } };
        const { data, response } = await send('GET', '/galaxy_clusters/view/{clusterId}', { params }, options);
        return field<GalaxyCluster>(data, 'GalaxyCluster', response);
      },
    },
    organisations: {
      list: async (options?: CallOptions): Promise<Organisation[]> => {
        const { data, response } = await send('GET', '/organisations/index', {}, options);
        return unwrapEach<Organisation>(list(data, response), 'Organisation', response);
      },
      get: async (id: string | number, options?: CallOptions): Promise<Organisation> => {
        const params = { path: { organisationId: idParam(id) } };
        const { data, response } = await send('GET', '/organisations/view/{organisationId}', { params }, options);
        return field<Organisation>(data, 'Organisation', response);
      },
    },
    sharingGroups: {
      list: async (options?: CallOptions): Promise<SharingGroupEntry[]> => {
        const { data, response } = await send('GET', '/sharing_groups/index', {}, options);
        return field<SharingGroupEntry[]>(data, 'response', response, true);
      },
    },
  };
}
