import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { prepare } from './db/statements.js';
import type { AuthUser, Row } from './types.js';

/**
 * Decaying models: how much an indicator is still worth as it ages. MISP's polynomial formula (from the
 * paper "An indicator scoring method for MISP platforms"): after `t` seconds without being seen again, an
 * attribute scores `base × (1 − (t / τ)^(1/δ))`, never below 0, where τ is the lifetime (`tau`, in days)
 * and δ the decay speed (`delta`); it has decayed once the score falls below the model's `threshold`.
 * `t` runs from the attribute's last positive sighting, or from its timestamp when it was never sighted.
 * The base score is the model's `default_base_score` (the sandbox does not weigh taxonomy tags).
 */
export function migrateDecaying(db: Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS decaying_models (
      id INTEGER PRIMARY KEY AUTOINCREMENT, uuid TEXT NOT NULL UNIQUE, name TEXT NOT NULL, description TEXT NOT NULL DEFAULT '',
      parameters TEXT NOT NULL, attribute_types TEXT NOT NULL, org_id INTEGER NOT NULL DEFAULT 0,
      enabled INTEGER NOT NULL DEFAULT 0, all_orgs INTEGER NOT NULL DEFAULT 1, ref TEXT NOT NULL DEFAULT '[]',
      formula TEXT NOT NULL DEFAULT 'Polynomial', version TEXT NOT NULL DEFAULT '1', is_default INTEGER NOT NULL DEFAULT 1
    );
  `);
}

export interface DecayParameters {
  tau: number;
  delta: number;
  threshold: number;
  default_base_score: number;
  base_score_config: Record<string, number>;
}

interface DefaultModel {
  uuid: string;
  name: string;
  description: string;
  parameters: DecayParameters;
  attribute_types: string[];
}

const NETWORK_TYPES = [
  'ip-src',
  'ip-dst',
  'ip-src|port',
  'ip-dst|port',
  'domain',
  'domain|ip',
  'hostname',
  'url',
  'uri',
];
const FILE_TYPES = [
  'md5',
  'sha1',
  'sha256',
  'sha512',
  'filename|md5',
  'filename|sha1',
  'filename|sha256',
  'ssdeep',
  'imphash',
];

/**
 * The models `decayingModel/update` installs in the sandbox: the sandbox's own, written for it (not copies
 * of MISP's misp-decaying-models files), all polynomial and disabled until enabled.
 */
const DEFAULT_MODELS: DefaultModel[] = [
  {
    uuid: '6c1a56f9-1d9c-4a9d-8a6e-3b4c4ba7e101',
    name: 'Polynomial: network indicators',
    description: 'Addresses, domains and URLs lose their value within a month without new sightings.',
    parameters: { tau: 30, delta: 0.3, threshold: 30, default_base_score: 80, base_score_config: {} },
    attribute_types: NETWORK_TYPES,
  },
  {
    uuid: '6c1a56f9-1d9c-4a9d-8a6e-3b4c4ba7e102',
    name: 'Polynomial: file hashes',
    description: 'File hashes keep their value for a year, decaying slowly at first.',
    parameters: { tau: 365, delta: 2, threshold: 20, default_base_score: 80, base_score_config: {} },
    attribute_types: FILE_TYPES,
  },
];

/** `decayingModel/update`: installs the default models that are missing; answers how many it added. */
export function installDefaultModels(db: Database): number {
  let added = 0;
  for (const model of DEFAULT_MODELS) {
    added += prepare(
      db,
      `INSERT OR IGNORE INTO decaying_models (uuid, name, description, parameters, attribute_types)
       VALUES (?, ?, ?, ?, ?)`,
    ).run(
      model.uuid,
      model.name,
      model.description,
      JSON.stringify(model.parameters),
      JSON.stringify(model.attribute_types),
    ).changes;
  }
  return added;
}

export const newModelUuid = randomUUID;

export function formatModel(row: Row): Record<string, unknown> {
  return {
    id: String(row.id),
    uuid: row.uuid,
    name: row.name,
    description: row.description,
    parameters: JSON.parse(String(row.parameters)),
    attribute_types: JSON.parse(String(row.attribute_types)),
    org_id: row.org_id === null ? null : String(row.org_id),
    enabled: Boolean(row.enabled),
    all_orgs: Boolean(row.all_orgs),
    ref: JSON.parse(String(row.ref)),
    formula: row.formula,
    version: row.version,
    default: Boolean(row.is_default),
  };
}

/** The models the user may use: every model of all organisations, and its own organisation's. */
export function visibleModels(db: Database, user: AuthUser): Row[] {
  return prepare(db, 'SELECT * FROM decaying_models WHERE all_orgs = 1 OR org_id = ? ORDER BY id').all(
    user.org_id,
  ) as Row[];
}

/** The polynomial score of an attribute `elapsed` seconds after it was last seen. */
export function polynomialScore(parameters: DecayParameters, base: number, elapsed: number): number {
  if (elapsed < 0) return 0;
  const score = base * (1 - (elapsed / (parameters.tau * 86400)) ** (1 / parameters.delta));
  return Math.max(score, 0);
}

export interface DecayScore {
  score: number;
  base_score: number;
  decayed: boolean;
  DecayingModel: { id: string; name: string };
}

/**
 * The `decay_score` entries of an attribute: one per enabled model (or per model asked for by id) that
 * covers the attribute's type. Undefined when no model applies, so the attribute carries no `decay_score`.
 */
export function decayScores(
  models: Row[],
  attribute: { type: string; timestamp: number; lastSighting?: number | undefined },
  now: number,
  only?: Set<string>,
): DecayScore[] | undefined {
  const scores: DecayScore[] = [];
  for (const model of models) {
    if (only ? !only.has(String(model.id)) : !model.enabled) continue;
    if (!(JSON.parse(String(model.attribute_types)) as string[]).includes(attribute.type)) continue;
    const parameters = JSON.parse(String(model.parameters)) as DecayParameters;
    const seen = Math.max(attribute.timestamp, attribute.lastSighting ?? 0);
    const base = parameters.default_base_score;
    const score = polynomialScore(parameters, base, now - seen);
    scores.push({
      score,
      base_score: base,
      decayed: parameters.threshold > score,
      DecayingModel: { id: String(model.id), name: String(model.name) },
    });
  }
  return scores.length ? scores : undefined;
}

/**
 * restSearch's `includeDecayScore` / `excludeDecayed` for a page of attribute rows: the scores of each
 * attribute by id (`decayingModel` names the models to use, enabled or not; by default every enabled
 * model the user may use that covers the type).
 */
export function scoresForAttributes(
  db: Database,
  user: AuthUser,
  rows: Row[],
  filters: Record<string, unknown>,
  now = Math.floor(Date.now() / 1000),
): Map<number, DecayScore[]> {
  const scores = new Map<number, DecayScore[]>();
  const models = visibleModels(db, user);
  if (models.length === 0 || rows.length === 0) return scores;
  const asked = filters.decayingModel;
  const only =
    asked === undefined || asked === null || asked === ''
      ? undefined
      : new Set((Array.isArray(asked) ? asked : [asked]).map(String));
  const lastSighting = prepare(db, 'SELECT MAX(date_sighting) AS t FROM sightings WHERE attribute_id = ? AND type = 0');
  for (const row of rows) {
    const seen = lastSighting.get(row.id) as { t: number | null } | undefined;
    const found = decayScores(
      models,
      { type: String(row.type), timestamp: Number(row.timestamp), lastSighting: seen?.t ?? undefined },
      now,
      only,
    );
    if (found) scores.set(Number(row.id), found);
  }
  return scores;
}

/** The demo seed: the default models installed, the network one enabled (the bot's lookup card shows its score). */
export function seedDemoDecaying(db: Database): void {
  installDefaultModels(db);
  prepare(db, 'UPDATE decaying_models SET enabled = 1 WHERE uuid = ?').run(DEFAULT_MODELS[0]?.uuid);
}
