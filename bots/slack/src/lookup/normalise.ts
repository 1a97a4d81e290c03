// Turns MISP JSON (typed by the SDK, but possibly from a MISP version that differs) into the
// bot's AttributeHit model. Missing fields get safe defaults; nothing here throws.
import type { AttributeHit, DecayRef, EventRef, SightingRef, SightingType, TagRef } from './types.js';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

function bool(value: unknown): boolean {
  return value === true || value === 1 || value === '1' || value === 'true';
}

function array(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function tags(value: unknown, inheritedDefault = false): TagRef[] {
  const out: TagRef[] = [];
  for (const raw of array(value)) {
    const tag = isObject(raw) && isObject(raw.Tag) ? raw.Tag : raw;
    if (!isObject(tag)) continue;
    const name = str(tag.name);
    if (!name) continue;
    out.push({ name, inherited: inheritedDefault || bool(tag.inherited) });
  }
  return out;
}

function sightings(value: unknown): SightingRef[] {
  const out: SightingRef[] = [];
  for (const raw of array(value)) {
    const s = isObject(raw) && isObject(raw.Sighting) ? raw.Sighting : raw;
    if (!isObject(s)) continue;
    const type = str(s.type) ?? '0';
    if (type !== '0' && type !== '1' && type !== '2') continue;
    const timestamp = Number(str(s.date_sighting) ?? 0);
    const org = isObject(s.Organisation) ? str(s.Organisation.name) : undefined;
    out.push({
      type: type as SightingType,
      timestamp: Number.isFinite(timestamp) ? timestamp : 0,
      source: str(s.source),
      org,
    });
  }
  return out;
}

function galaxyTags(value: unknown): TagRef[] {
  // includeContext may return galaxies as Galaxy[].GalaxyCluster[] without matching tags.
  const out: TagRef[] = [];
  for (const galaxy of array(value)) {
    if (!isObject(galaxy)) continue;
    for (const cluster of array(galaxy.GalaxyCluster)) {
      if (!isObject(cluster)) continue;
      const tagName = str(cluster.tag_name);
      const type = str(galaxy.type) ?? str(cluster.type);
      const clusterValue = str(cluster.value);
      const name = tagName ?? (type && clusterValue ? `misp-galaxy:${type}="${clusterValue}"` : undefined);
      if (name) out.push({ name, inherited: false });
    }
  }
  return out;
}

function uniqueTags(list: TagRef[]): TagRef[] {
  const seen = new Map<string, TagRef>();
  for (const tag of list) {
    const key = tag.name.toLowerCase();
    const prior = seen.get(key);
    // An attribute's own tag wins over the same tag inherited from its event.
    if (!prior || (prior.inherited && !tag.inherited)) seen.set(key, tag);
  }
  return [...seen.values()];
}

function event(raw: unknown, fallbackId: string): EventRef {
  const e = isObject(raw) ? raw : {};
  const orgc = isObject(e.Orgc) ? str(e.Orgc.name) : undefined;
  const org = isObject(e.Org) ? str(e.Org.name) : undefined;
  return {
    id: str(e.id) ?? fallbackId,
    uuid: str(e.uuid),
    info: str(e.info) ?? '(untitled event)',
    date: str(e.date),
    threatLevelId: str(e.threat_level_id),
    published: bool(e.published),
    analysis: str(e.analysis),
    org: orgc ?? org,
    tags: uniqueTags([...tags(e.Tag, true), ...galaxyTags(e.Galaxy)]),
  };
}

/** Parses one restSearch attribute; `undefined` when it lacks an id or value. */
export function normaliseAttribute(raw: unknown): AttributeHit | undefined {
  if (!isObject(raw)) return undefined;
  const id = str(raw.id);
  const value = str(raw.value);
  if (!id || value === undefined) return undefined;
  const eventId = str(raw.event_id) ?? (isObject(raw.Event) ? str(raw.Event.id) : undefined) ?? '0';
  const ev = event(raw.Event, eventId);
  const warninglists = array(raw.warnings)
    .map((w) => (isObject(w) ? str(w.warninglist_name) : undefined))
    .filter((name): name is string => Boolean(name));
  const timestamp = Number(str(raw.timestamp));
  const decay = decayOf(raw.decay_score);
  return {
    id,
    uuid: str(raw.uuid),
    eventId,
    type: str(raw.type) ?? 'other',
    category: str(raw.category),
    value,
    toIds: bool(raw.to_ids),
    comment: str(raw.comment),
    firstSeen: str(raw.first_seen),
    lastSeen: str(raw.last_seen),
    timestamp: Number.isFinite(timestamp) ? timestamp : undefined,
    tags: uniqueTags([...tags(raw.Tag), ...galaxyTags(raw.Galaxy)]),
    sightings: sightings(raw.Sighting),
    warninglists: [...new Set(warninglists)],
    ...(decay ? { decay } : {}),
    event: ev,
  };
}

/** The highest score among the decaying models MISP applied (`decay_score`), if any gave a number. */
function decayOf(raw: unknown): DecayRef | undefined {
  let best: DecayRef | undefined;
  for (const entry of array(raw)) {
    if (!isObject(entry)) continue;
    const score = Number(entry.score);
    if (!Number.isFinite(score)) continue;
    const model = isObject(entry.DecayingModel) ? (str(entry.DecayingModel.name) ?? '') : '';
    if (!best || score > best.score) best = { score, decayed: entry.decayed === true, model };
  }
  return best;
}

/** Names of the warninglists each value is on, from `warninglists.check` (object keyed by value, or `[]`). */
export function normaliseWarninglistCheck(raw: unknown): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (!isObject(raw)) return out;
  for (const [value, hits] of Object.entries(raw)) {
    const names = array(hits)
      .map((h) => (isObject(h) ? str(h.name) : undefined))
      .filter((name): name is string => Boolean(name));
    if (names.length > 0) out.set(value, [...new Set(names)]);
  }
  return out;
}
