// Friendly names derived from the generated `paths`/`components` (never generated themselves),
// plus the MISP enums as named constants with labels.
import type { components, operations, paths } from './generated/schema.js';

export type { components, operations, paths };
export type Schemas = components['schemas'];

type Method = 'get' | 'post';
type Json<C> = C extends { content: { 'application/json': infer B } } ? B : never;

/** JSON request body of an operation, e.g. `RequestBody<'/attributes/restSearch', 'post'>`. */
export type RequestBody<P extends keyof paths, M extends Method> =
  paths[P] extends Record<M, infer O> ? (O extends { requestBody?: infer R } ? Json<NonNullable<R>> : never) : never;

/** JSON body of an operation's 200 response, e.g. `ResponseBody<'/events/view/{eventId}', 'get'>`. */
export type ResponseBody<P extends keyof paths, M extends Method> =
  paths[P] extends Record<M, infer O> ? (O extends { responses: { 200: infer R } } ? Json<R> : never) : never;

type Item<A> = A extends ReadonlyArray<infer T> ? T : never;

export type AttributeSearchFilters = RequestBody<'/attributes/restSearch', 'post'>;
export type EventSearchFilters = RequestBody<'/events/restSearch', 'post'>;
export type EventIndexFilters = NonNullable<RequestBody<'/events/index', 'post'>>;

export type Attribute = ResponseBody<'/attributes/view/{attributeId}', 'get'>['Attribute'];
export type AttributeInput = RequestBody<'/attributes/add/{eventId}', 'post'>;
export type AttributeEdit = RequestBody<'/attributes/edit/{attributeId}', 'post'>;
export type MispEvent = ResponseBody<'/events/view/{eventId}', 'get'>['Event'];
export type EventInput = RequestBody<'/events/add', 'post'>;
export type EventEdit = RequestBody<'/events/edit/{eventId}', 'post'>;
export type EventIndexItem = Item<ResponseBody<'/events/index', 'get'>>;
export type EventActionResult = ResponseBody<'/events/publish/{eventId}', 'post'>;
export type MispObject = ResponseBody<'/objects/view/{objectId}', 'get'>['Object'];
export type Sighting = Extract<ResponseBody<'/sightings/add', 'post'>, { Sighting: unknown }>['Sighting'];
export type SightingInput = RequestBody<'/sightings/add', 'post'>;
export type Tag = ResponseBody<'/tags/add', 'post'>['Tag'];
export type TagListItem = Item<ResponseBody<'/tags/index', 'get'>['Tag']>;
export type TagSearchResult = Item<ResponseBody<'/tags/search', 'post'>>;
export type Warninglist = Item<ResponseBody<'/warninglists/index', 'get'>['Warninglists']>['Warninglist'];
export type Galaxy = Item<ResponseBody<'/galaxies/index', 'get'>>['Galaxy'];
export type GalaxyWithClusters = ResponseBody<'/galaxies/view/{galaxyId}', 'get'>;
export type GalaxyCluster = ResponseBody<'/galaxy_clusters/view/{clusterId}', 'get'>['GalaxyCluster'];
export type Organisation = Item<ResponseBody<'/organisations/index', 'get'>>['Organisation'];
export type SharingGroupEntry = Item<ResponseBody<'/sharing_groups/index', 'get'>['response']>;
export type ServerVersion = ResponseBody<'/servers/getVersion', 'get'>;
export type CurrentUser = ResponseBody<'/users/view/me', 'get'>;

/** One warninglist hit returned by `warninglists.check`. */
export interface WarninglistHit {
  id: string;
  name: string;
  matched: string;
}

function labelled<const T extends Record<string, string>>(values: T, labels: Record<T[keyof T], string>) {
  return Object.freeze({ ...values, labels: Object.freeze(labels) });
}

/** Event `threat_level_id`. */
export const ThreatLevel = labelled({ High: '1', Medium: '2', Low: '3', Undefined: '4' } as const, {
  '1': 'High',
  '2': 'Medium',
  '3': 'Low',
  '4': 'Undefined',
});
export type ThreatLevel = Exclude<(typeof ThreatLevel)[keyof typeof ThreatLevel], object>;

/** Event `analysis`. */
export const Analysis = labelled({ Initial: '0', Ongoing: '1', Complete: '2' } as const, {
  '0': 'Initial',
  '1': 'Ongoing',
  '2': 'Complete',
});
export type Analysis = Exclude<(typeof Analysis)[keyof typeof Analysis], object>;

/** `distribution` (5, inherit, exists for attributes, objects and reports, not events). */
export const Distribution = labelled(
  {
    YourOrganisationOnly: '0',
    ThisCommunityOnly: '1',
    ConnectedCommunities: '2',
    AllCommunities: '3',
    SharingGroup: '4',
    InheritEvent: '5',
  } as const,
  {
    '0': 'Your organisation only',
    '1': 'This community only',
    '2': 'Connected communities',
    '3': 'All communities',
    '4': 'Sharing group',
    '5': 'Inherit event',
  },
);
export type Distribution = Exclude<(typeof Distribution)[keyof typeof Distribution], object>;

/** Sighting `type`. */
export const SightingType = labelled({ Sighting: '0', FalsePositive: '1', Expiration: '2' } as const, {
  '0': 'Sighting',
  '1': 'False positive',
  '2': 'Expiration',
});
export type SightingType = Exclude<(typeof SightingType)[keyof typeof SightingType], object>;
