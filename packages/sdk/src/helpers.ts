// The few hand-written conveniences, each built on generated methods (so they share the pipeline):
// older call shapes kept for existing code, and logic the spec cannot express.
import { MispResponseError, MispValidationError } from './errors.js';
import type { MispResources } from './generated/methods.js';
import type { CallOptions } from './internal/transport.js';
import type { Attribute, Galaxy, Schemas, Sighting, WarninglistHit } from './types.js';

type AttributeCreate = Schemas['AttributeCreate'];

/** The target of `tags.attach` / `tags.remove`. */
export interface TagTarget {
  /** UUID of the event, attribute or object. */
  uuid: string;
  /** Tag name or id. */
  tag: string;
}

export interface SightingListQuery {
  context: 'attribute' | 'event';
  id: string | number;
}

/** What this MISP and this key support, from `servers/getVersion`, `users/view/me` and a probe. */
export interface MispCapabilities {
  /** MISP's version string, for display and logs; decide on the flags below, not on it. */
  version: string;
  /** The key's permissions: every `perm_*` flag of getVersion and of the user's role, without the prefix, camelCase (`sighting`, `tagger`, `siteAdmin`, …). */
  permissions: Record<string, boolean>;
  /** The key can change data (its role has `perm_add` or `perm_modify`). */
  canWrite: boolean;
  /** `HEAD` existence checks answer 200/404 (`misp.events.exists(…)` and the other `exists` methods). */
  existenceChecks: boolean;
  /** getVersion reports `perm_analyst_data`: this MISP has analyst data (notes, opinions, relationships). */
  analystData: boolean;
  /** getVersion reports `filter_sightings`: sightings are filtered by the instance's sighting policy. */
  sightingPolicy: boolean;
  /** Compressions MISP accepts on request bodies (`request_encoding`), for example `['gzip', 'br']`. */
  requestEncodings: string[];
}

const camel = (name: string) => name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

function permissionsOf(...sources: Array<Record<string, unknown> | undefined>): Record<string, boolean> {
  const permissions: Record<string, boolean> = {};
  for (const source of sources) {
    for (const [key, value] of Object.entries(source ?? {})) {
      if (key.startsWith('perm_') && typeof value === 'boolean') permissions[camel(key.slice(5))] = value;
    }
  }
  return permissions;
}

const ID = /^(?:[0-9]+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

export function withHelpers(r: MispResources) {
  const { add, ...attributes } = r.attributes;
  return {
    ...r,
    attributes: {
      ...attributes,
      add: add as {
        /**
         * Add one attribute to an event (`POST /attributes/add/{eventId}`); resolves with the saved attribute.
         * @param eventId Event id or uuid.
         */
        (
          eventId: string | number,
          attribute: AttributeCreate | { Attribute: AttributeCreate },
          options?: CallOptions,
        ): Promise<Attribute>;
        /** Add several attributes in one request; resolves with the saved ones (a partial save still resolves). */
        (eventId: string | number, attributes: AttributeCreate[], options?: CallOptions): Promise<Attribute[]>;
      },
    },
    server: {
      ...r.server,
      /**
       * What this MISP and this key support — ask this instead of comparing version strings. Calls
       * `servers/getVersion` and `users/view/me`, and probes the `HEAD` existence check, in parallel.
       */
      capabilities: async (options?: CallOptions): Promise<MispCapabilities> => {
        const [version, me, existenceChecks] = await Promise.all([
          r.server.version(options),
          r.users.me(options),
          r.events.exists('0', options).then(
            () => true,
            () => false,
          ),
        ]);
        const reported = version as unknown as Record<string, unknown>;
        const role = me.Role as unknown as Record<string, unknown>;
        return {
          version: version.version,
          permissions: permissionsOf(reported, role),
          canWrite: role['perm_add'] === true || role['perm_modify'] === true,
          existenceChecks,
          analystData: 'perm_analyst_data' in reported,
          sightingPolicy: reported['filter_sightings'] === true,
          requestEncodings: Array.isArray(version.request_encoding) ? [...version.request_encoding] : [],
        };
      },
    },
    warninglists: {
      ...r.warninglists,
      /**
       * Value → hits in enabled warninglists (`POST /warninglists/checkValue`); values without hits are
       * absent, and MISP's `[]` for "no hits at all" becomes `{}`.
       */
      check: async (values: string[], options?: CallOptions): Promise<Record<string, WarninglistHit[]>> => {
        if (values.length === 0) return {};
        const data: unknown = await r.warninglists.checkValue(values, options);
        if (Array.isArray(data)) return {};
        if (!data || typeof data !== 'object') {
          throw new MispResponseError('Unexpected MISP response: expected an object keyed by value');
        }
        return data as Record<string, WarninglistHit[]>;
      },
    },
    sightings: {
      ...r.sightings,
      /** Sightings of one attribute or event (`POST /sightings/restSearch/{context}` with `{ id }`). */
      list: async ({ context, id }: SightingListQuery, options?: CallOptions): Promise<Sighting[]> => {
        const text = String(id).trim();
        if (!ID.test(text)) {
          throw new MispValidationError(
            `Invalid id ${JSON.stringify(text.slice(0, 64))}: expected a numeric id or a UUID`,
          );
        }
        // MISP wants a numeric id as a JSON number ("Invalid ID" for the string); a uuid stays a string.
        return r.sightings.search(context, { id: /^\d+$/.test(text) ? Number(text) : text }, options);
      },
    },
    galaxies: {
      ...r.galaxies,
      /** Galaxies whose name, namespace, description or uuid matches `value` (SQL LIKE; `POST /galaxies/index`). */
      search: (value: string, options?: CallOptions): Promise<Galaxy[]> => r.galaxies.filter({ value }, options),
    },
  };
}

export type MispHelpers = ReturnType<typeof withHelpers>;
