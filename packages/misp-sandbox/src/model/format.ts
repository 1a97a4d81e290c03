import type { Row } from '../types.js';

/** MISP (CakePHP on MySQL) emits integers as decimal strings and tinyint(1) flags as booleans. */
export const str = (value: unknown): string => (value === null || value === undefined ? '0' : String(value));
export const bool = (value: unknown): boolean => value === 1 || value === true || value === '1';

export function formatOrg(row: Row, prefix = ''): Record<string, unknown> {
  return {
    id: str(row[`${prefix}id`]),
    name: String(row[`${prefix}name`]),
    uuid: String(row[`${prefix}uuid`]),
    local: bool(row[`${prefix}local`] ?? 1),
  };
}

/**
 * An organisation as MISP 2.5 serialises it. `index` and `view` (organisations/index and /view) carry
 * `user_count` (a string), the view no `landingpage`; `user` is the Organisation of users/view. Only who may
 * administer it (`fullAccess`) sees `created_by` in the index and view, and the creator's e-mail: in the index
 * "Unknown" for the organisation MISP creates at install (`created_by` "0"), in the view only when known.
 * `row` may carry `user_count` and `creator_email` (see ORGANISATION_COLUMNS).
 */
export function formatOrganisation(
  row: Row,
  mode: 'index' | 'view' | 'user' = 'user',
  fullAccess = true,
): Record<string, unknown> {
  const org: Record<string, unknown> = {
    id: str(row.id),
    name: row.name,
    date_created: row.date_created,
    date_modified: row.date_modified,
    description: row.description,
    type: row.type,
    nationality: row.nationality,
    sector: row.sector,
    uuid: row.uuid,
    contacts: row.contacts === '' || row.contacts === undefined ? null : row.contacts,
    local: bool(row.local),
    restricted_to_domain: null,
  };
  if (mode !== 'view') org.landingpage = null;
  if (mode === 'user' || fullAccess) org.created_by = str(row.created_by);
  if (mode === 'user') return org;
  org.user_count = str(row.user_count);
  if (fullAccess) {
    const email = typeof row.creator_email === 'string' ? row.creator_email : undefined;
    if (email !== undefined || mode === 'index') org.created_by_email = email ?? 'Unknown';
  }
  return org;
}

/** The computed columns `formatOrganisation` reads, for `SELECT o.*, ${ORGANISATION_COLUMNS} FROM organisations o`. */
export const ORGANISATION_COLUMNS =
  '(SELECT COUNT(*) FROM users u WHERE u.org_id = o.id) AS user_count, (SELECT email FROM users c WHERE c.id = o.created_by) AS creator_email';

const numerical = (row: Row) =>
  row.numerical_value === null || row.numerical_value === undefined ? null : str(row.numerical_value);

/** The four tag fields MISP puts in an AttributeTag of attributes/add and in inherited event tags. */
export function formatTagBrief(row: Row): Record<string, unknown> {
  return { id: str(row.id), name: row.name, colour: row.colour, numerical_value: numerical(row) };
}

/** A tag of an attribute in attributes/view and attributes/restSearch: brief, plus is_galaxy and local. */
export function formatAttributeTag(row: Row): Record<string, unknown> {
  return { ...formatTagBrief(row), is_galaxy: bool(row.is_galaxy), local: bool(row.link_local ?? 0) };
}

/**
 * A tag. Standalone (tags/add, tags/search, tags/index) it carries `org_id`; attached to an event or
 * attribute (`local` given) it carries `local` and `relationship_type` instead.
 */
export function formatTag(row: Row, local?: unknown): Record<string, unknown> {
  const tag: Record<string, unknown> = {
    id: str(row.id),
    name: row.name,
    colour: row.colour,
    exportable: bool(row.exportable),
    ...(local === undefined ? { org_id: str(row.org_id) } : {}),
    user_id: str(row.user_id),
    hide_tag: bool(row.hide_tag),
    numerical_value: numerical(row),
    is_galaxy: bool(row.is_galaxy),
    is_custom_galaxy: bool(row.is_custom_galaxy),
    local_only: bool(row.local_only),
  };
  if (local !== undefined) {
    tag.local = bool(local);
    tag.relationship_type = null;
  }
  return tag;
}

export function formatAttribute(row: Row, withValues = false): Record<string, unknown> {
  const value = row.value2 ? `${row.value1}|${row.value2}` : String(row.value1);
  return {
    id: str(row.id),
    event_id: str(row.event_id),
    object_id: str(row.object_id),
    object_relation: row.object_relation ?? null,
    category: row.category,
    type: row.type,
    ...(withValues ? { value1: String(row.value1), value2: String(row.value2 ?? '') } : {}),
    to_ids: bool(row.to_ids),
    uuid: row.uuid,
    timestamp: str(row.timestamp),
    distribution: str(row.distribution),
    sharing_group_id: str(row.sharing_group_id),
    comment: row.comment,
    deleted: bool(row.deleted),
    disable_correlation: bool(row.disable_correlation),
    first_seen: row.first_seen ?? null,
    last_seen: row.last_seen ?? null,
    value,
  };
}

export function formatSighting(row: Row): Record<string, unknown> {
  return {
    id: str(row.id),
    attribute_id: str(row.attribute_id),
    event_id: str(row.event_id),
    org_id: str(row.org_id),
    date_sighting: str(row.date_sighting),
    uuid: row.uuid,
    source: row.source,
    type: str(row.type),
  };
}

/**
 * Event header fields, without children. `sighting_timestamp` (set only when sightings are published,
 * never by sightings/add) is part of the events/index row only; events/view and restSearch leave it out.
 */
export function formatEventHeader(row: Row, index = false): Record<string, unknown> {
  const header: Record<string, unknown> = {
    id: str(row.id),
    orgc_id: str(row.orgc_id),
    org_id: str(row.org_id),
    date: row.date,
    threat_level_id: str(row.threat_level_id),
    info: row.info,
    published: bool(row.published),
    uuid: row.uuid,
    attribute_count: str(row.attribute_count),
    analysis: str(row.analysis),
    timestamp: str(row.timestamp),
    distribution: str(row.distribution),
    // Set once a proposal has alerted the event's organisation, cleared when it handles one (model/shadow-attributes.ts).
    proposal_email_lock: bool(row.proposal_email_lock),
    locked: bool(row.locked),
    publish_timestamp: str(row.publish_timestamp),
    sharing_group_id: str(row.sharing_group_id),
    disable_correlation: bool(row.disable_correlation),
    extends_uuid: row.extends_uuid ?? '',
    protected: null,
  };
  if (index) header.sighting_timestamp = str(row.sighting_timestamp);
  return header;
}

/** The slim event of attributes/restSearch `includeContext` (no counts, flags or Org; tags even slimmer). */
export function formatContextEvent(row: Row): Record<string, unknown> {
  return {
    id: str(row.id),
    orgc_id: str(row.orgc_id),
    org_id: str(row.org_id),
    date: row.date,
    threat_level_id: str(row.threat_level_id),
    info: row.info,
    published: bool(row.published),
    uuid: row.uuid,
    analysis: str(row.analysis),
    timestamp: str(row.timestamp),
    distribution: str(row.distribution),
    publish_timestamp: str(row.publish_timestamp),
    sharing_group_id: str(row.sharing_group_id),
    extends_uuid: row.extends_uuid ?? '',
  };
}

export function formatGalaxy(row: Row): Record<string, unknown> {
  return {
    id: str(row.id),
    uuid: row.uuid,
    name: row.name,
    type: row.type,
    description: row.description,
    version: row.version,
    icon: row.icon,
    namespace: row.namespace,
    enabled: true,
    local_only: false,
    // MISP leaves the field out when a galaxy has no kill chain.
    ...(row.kill_chain_order ? { kill_chain_order: JSON.parse(String(row.kill_chain_order)) } : {}),
  };
}

export function formatCluster(row: Row): Record<string, unknown> {
  return {
    id: str(row.id),
    uuid: row.uuid,
    collection_uuid: '',
    type: row.type,
    value: row.value,
    tag_name: row.tag_name,
    description: row.description,
    galaxy_id: str(row.galaxy_id),
    source: row.source,
    authors: JSON.parse(String(row.authors)),
    version: row.version,
    distribution: '3',
    sharing_group_id: null,
    org_id: '0',
    orgc_id: '0',
    default: true,
    locked: false,
    extends_uuid: '',
    extends_version: '0',
    published: true,
    deleted: false,
    meta: JSON.parse(String(row.meta)),
  };
}
