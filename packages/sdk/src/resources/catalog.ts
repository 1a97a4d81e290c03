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

export function catalogResources({ client, call }: ClientContext) {
  return {
    server: {
      version: async (options?: CallOptions): Promise<ServerVersion> =>
        (await call(options, (fetch) => client.GET('/servers/getVersion', { fetch }))).data,
    },
    users: {
      /** The key's own user, with `User`, `Role`, `Organisation` and `UserSetting`. */
      me: async (options?: CallOptions): Promise<CurrentUser> =>
        (await call(options, (fetch) => client.GET('/users/view/me', { fetch }))).data,
    },
    warninglists: {
      list: async (options?: CallOptions): Promise<Warninglist[]> => {
        const { data, response } = await call(options, (fetch) => client.GET('/warninglists/index', { fetch }));
        return unwrapEach<Warninglist>(field(data, 'Warninglists', response, true), 'Warninglist', response);
      },
      /** Value → hits in enabled warninglists; values without hits are absent (MISP answers `[]` for none). */
      check: async (values: string[], options?: CallOptions): Promise<Record<string, WarninglistHit[]>> => {
        if (values.length === 0) return {};
        const { data, response } = await call(options, (fetch) =>
          client.POST('/warninglists/checkValue', { body: values, fetch }),
        );
        if (Array.isArray(data)) return {};
        if (typeof data !== 'object') throw unexpected('an object keyed by value', data, response);
        return data as Record<string, WarninglistHit[]>;
      },
    },
    galaxies: {
      list: async (options?: CallOptions): Promise<Galaxy[]> => {
        const { data, response } = await call(options, (fetch) => client.GET('/galaxies/index', { fetch }));
        return unwrapEach<Galaxy>(data, 'Galaxy', response);
      },
      /** Galaxies whose name, namespace, description or uuid matches `value` (SQL LIKE). */
      search: async (value: string, options?: CallOptions): Promise<Galaxy[]> => {
        const { data, response } = await call(options, (fetch) => client.POST('/galaxies/index', { body: { value }, fetch }));
        return unwrapEach<Galaxy>(data, 'Galaxy', response);
      },
      get: async (id: string | number, options?: CallOptions): Promise<GalaxyWithClusters> => {
        const params = { path: { galaxyId: idParam(id) } };
        return (await call(options, (fetch) => client.GET('/galaxies/view/{galaxyId}', { params, fetch }))).data;
      },
    },
    galaxyClusters: {
      get: async (id: string | number, options?: CallOptions): Promise<GalaxyCluster> => {
        const params = { path: { clusterId: idParam(id) } };
        const { data, response } = await call(options, (fetch) =>
          client.GET('/galaxy_clusters/view/{clusterId}', { params, fetch }),
        );
        return field<GalaxyCluster>(data, 'GalaxyCluster', response);
      },
    },
    organisations: {
      list: async (options?: CallOptions): Promise<Organisation[]> => {
        const { data, response } = await call(options, (fetch) => client.GET('/organisations/index', { fetch }));
        return unwrapEach<Organisation>(list(data, response), 'Organisation', response);
      },
      get: async (id: string | number, options?: CallOptions): Promise<Organisation> => {
        const params = { path: { organisationId: idParam(id) } };
        const { data, response } = await call(options, (fetch) =>
          client.GET('/organisations/view/{organisationId}', { params, fetch }),
        );
        return field<Organisation>(data, 'Organisation', response);
      },
    },
    sharingGroups: {
      list: async (options?: CallOptions): Promise<SharingGroupEntry[]> => {
        const { data, response } = await call(options, (fetch) => client.GET('/sharing_groups/index', { fetch }));
        return field<SharingGroupEntry[]>(data, 'response', response, true);
      },
    },
  };
}
