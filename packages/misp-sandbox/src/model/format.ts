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

export function formatOrganisation(row: Row): Record<string, unknown> {
  return {
    id: str(row.id),
    name: row.name,
    date_created: row.date_created,
    date_modified: row.date_modified,
    description: row.description,
    type: row.type,
    nationality: row.nationality,
    sector: row.sector,
    created_by: '0',
    uuid: row.uuid,
    contacts: row.contacts,
    local: bool(row.local),
    restricted_to_domain: [],
    landingpage: null,
  };
}

export function formatTag(row: Row, local?: unknown): Record<string, unknown> {
  const tag: Record<string, unknown> = {
    id: str(row.id),
    name: row.name,
    colour: row.colour,
    exportable: bool(row.exportable),
    user_id: str(row.user_id),
    hide_tag: bool(row.hide_tag),
    numerical_value:
      row.numerical_value === null || row.numerical_value === undefined ? null : str(row.numerical_value),
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

export function formatAttribute(row: Row): Record<string, unknown> {
  const value = row.value2 ? `${row.value1}|${row.value2}` : String(row.value1);
  return {
    id: str(row.id),
    event_id: str(row.event_id),
    object_id: str(row.object_id),
    object_relation: row.object_relation ?? null,
    category: row.category,
    type: row.type,
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

/** Event header fields, without children. */
export function formatEventHeader(row: Row): Record<string, unknown> {
  return {
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
    proposal_email_lock: false,
    locked: bool(row.locked),
    publish_timestamp: str(row.publish_timestamp),
    sighting_timestamp: str(row.sighting_timestamp),
    sharing_group_id: str(row.sharing_group_id),
    disable_correlation: bool(row.disable_correlation),
    extends_uuid: row.extends_uuid ?? '',
    protected: null,
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
    kill_chain_order: row.kill_chain_order ? JSON.parse(String(row.kill_chain_order)) : null,
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
