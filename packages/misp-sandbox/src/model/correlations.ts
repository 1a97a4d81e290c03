import type { Database } from 'better-sqlite3';
import { jsonList, prepare } from '../db/statements.js';
import { readSetting } from '../settings.js';
import type { AuthUser, Row } from '../types.js';
import { cidrContains, cidrTextPrefix, textPrefixEnd } from './cidr.js';
import { str } from './format.js';
import { attributeVisible, eventVisible } from './visibility.js';

/**
 * Correlations as MISP 2.5 makes them: two attributes of different events correlate when a value of one
 * equals a value of the other (case-insensitively, as MySQL's collation compares). Each attribute contributes `value1` and, unless its type is one whose
 * second half is a port, `value2`. Never correlating: the types below, attributes or events with
 * `disable_correlation`, soft-deleted attributes, values on the exclusion list when the attribute is
 * saved, and values that already correlate with more than CORRELATION_LIMIT attributes elsewhere
 * ("over-correlating": MISP then records no correlation for the new attribute).
 *
 * Storage: one row per attribute that correlates (`correlations`, keyed by attribute id) with a flag per
 * half (`v1`, `v2`: this value of this attribute correlates). The flags are set by SQLite triggers on
 * `attributes` and `events`, so every write path (attributes/add, events/add and edit, objects, deletes)
 * keeps them current; pairs are found through the attributes' own value indexes. Bulk loads drop the
 * triggers and rebuild the table with one sequential scan (`rebuildCorrelations`).
 *
 * CIDR correlation (MISP.enable_advanced_correlations, off in a fresh MISP): an ip-src/ip-dst attribute whose
 * value is a range also correlates with the ip-src/ip-dst(|port) attributes of other events whose address
 * lies in it, IPv4 and IPv6. Those pairs are found when read, from the same flags (a range or an address
 * correlates only when its own value may), so turning the setting on or off changes what is shown at once;
 * MISP, which stores pairs when attributes are saved, shows ranges saved before the switch only after a
 * recorrelation. MISP counts range matches towards the over-correlation limit; the sandbox does not.
 */
export const NON_CORRELATING_TYPES = [
  'comment',
  'http-method',
  'aba-rtn',
  'gender',
  'counter',
  'integer',
  'float',
  'port',
  'nationality',
  'cortex',
  'boolean',
  'anonymised',
] as const;

/** Composite types whose second part (a port) never correlates. */
export const PRIMARY_ONLY_CORRELATING_TYPES = ['ip-src|port', 'ip-dst|port', 'hostname|port'] as const;

/** MISP.correlation_limit's default. */
export const CORRELATION_LIMIT = 20;

const sqlList = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');
const NON_CORRELATING = sqlList(NON_CORRELATING_TYPES);
const PRIMARY_ONLY = sqlList(PRIMARY_ONLY_CORRELATING_TYPES);
/** CIDR correlation: the types whose address takes part, and the types whose value may be a range. */
const CIDR_ADDRESS_TYPES = sqlList(['ip-src', 'ip-dst', 'ip-src|port', 'ip-dst|port']);
const CIDR_RANGE_TYPES = sqlList(['ip-src', 'ip-dst']);
/** Attribute alias `a` holds a range, or a plain address (the index below lists the ranges). */
const isRange = (a: string) => `${a}.type IN (${CIDR_RANGE_TYPES}) AND instr(${a}.value1, '/') > 0`;
const isAddress = (a: string) => `${a}.type IN (${CIDR_ADDRESS_TYPES}) AND instr(${a}.value1, '/') = 0`;

/** Whether exclusion pattern `x` (a `%` at either end is a wildcard, compared case-sensitively) covers `v`. */
const excludedSql = (v: string) => `EXISTS (SELECT 1 FROM correlation_exclusions x WHERE x.value <> '' AND (
    CASE
      WHEN length(x.value) > 1 AND substr(x.value, 1, 1) = '%' AND substr(x.value, -1) = '%'
        THEN instr(${v}, substr(x.value, 2, length(x.value) - 2)) > 0
      WHEN substr(x.value, 1, 1) = '%' THEN substr(${v}, -(length(x.value) - 1)) = substr(x.value, 2) COLLATE BINARY
      WHEN substr(x.value, -1) = '%' THEN substr(${v}, 1, length(x.value) - 1) = substr(x.value, 1, length(x.value) - 1) COLLATE BINARY
      ELSE ${v} = x.value COLLATE BINARY
    END))`;

/** Attribute alias `a` may correlate at all (MISP's conditions on the attribute and its event). */
const eligibleSql = (a: string) =>
  `${a}.deleted = 0 AND ${a}.disable_correlation = 0 AND ${a}.type NOT IN (${NON_CORRELATING})
   AND NOT EXISTS (SELECT 1 FROM events ev WHERE ev.id = ${a}.event_id AND ev.disable_correlation = 1)`;

/**
 * MISP's over-correlation check when attribute `a` is saved: more than CORRELATION_LIMIT attributes of other
 * events that may correlate hold `value` (counting stops one past the limit).
 */
const overSql = (value: string, a: string) => `(SELECT COUNT(*) FROM (
    SELECT 1 FROM attributes x WHERE x.value1 = ${value} AND x.event_id <> ${a}.event_id
      AND x.deleted = 0 AND x.disable_correlation = 0 AND x.type NOT IN (${NON_CORRELATING})
    UNION ALL
    SELECT 1 FROM attributes x WHERE x.value2 = ${value} AND x.event_id <> ${a}.event_id AND x.type NOT IN (${PRIMARY_ONLY})
      AND x.deleted = 0 AND x.disable_correlation = 0 AND x.type NOT IN (${NON_CORRELATING})
    LIMIT ${CORRELATION_LIMIT + 1})) > ${CORRELATION_LIMIT}`;

/** Sets the flags of attribute alias `a` (used by the triggers): a row only when some half correlates. */
const flagSql = (a: string) => `
  INSERT OR REPLACE INTO correlations (attribute_id, v1, v2)
    SELECT ${a}.id, v1, v2 FROM (SELECT
      (NOT ${excludedSql(`${a}.value1`)} AND NOT ${overSql(`${a}.value1`, a)}) AS v1,
      (${a}.value2 <> '' AND ${a}.type NOT IN (${PRIMARY_ONLY}) AND NOT ${excludedSql(`${a}.value2`)}
        AND NOT ${overSql(`${a}.value2`, a)}) AS v2)
    WHERE ${eligibleSql(a)} AND (v1 OR v2);`;

const TRIGGERS: Record<string, string> = {
  correlate_attribute_insert: `AFTER INSERT ON attributes BEGIN ${flagSql('NEW')} END`,
  correlate_attribute_update: `AFTER UPDATE OF value1, value2, type, deleted, disable_correlation, event_id ON attributes
    BEGIN DELETE FROM correlations WHERE attribute_id = OLD.id; ${flagSql('NEW')} END`,
  correlate_attribute_delete: `AFTER DELETE ON attributes BEGIN DELETE FROM correlations WHERE attribute_id = OLD.id; END`,
  correlate_event_disable: `AFTER UPDATE OF disable_correlation ON events WHEN NEW.disable_correlation <> OLD.disable_correlation
    BEGIN
      DELETE FROM correlations WHERE attribute_id IN (SELECT id FROM attributes WHERE event_id = NEW.id);
      UPDATE attributes SET disable_correlation = disable_correlation WHERE event_id = NEW.id AND NEW.disable_correlation = 0;
    END`,
};

export function createCorrelationTriggers(db: Database): void {
  for (const [name, body] of Object.entries(TRIGGERS)) db.exec(`CREATE TRIGGER IF NOT EXISTS ${name} ${body}`);
}

export function dropCorrelationTriggers(db: Database): void {
  for (const name of Object.keys(TRIGGERS)) db.exec(`DROP TRIGGER IF EXISTS ${name}`);
}

/** Idempotent: the tables and triggers; a database that had attributes before gets its flags built. */
export function migrateCorrelations(db: Database): void {
  const existed = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'correlations'").get();
  db.exec(`
    CREATE TABLE IF NOT EXISTS correlations (
      attribute_id INTEGER PRIMARY KEY, v1 INTEGER NOT NULL, v2 INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS correlation_exclusions (
      id INTEGER PRIMARY KEY AUTOINCREMENT, value TEXT NOT NULL UNIQUE, from_json INTEGER NOT NULL DEFAULT 0, comment TEXT
    );`);
  // The ranges only (few rows, so bulk loads keep it): an address finds the ranges holding it through it.
  db.exec(`CREATE INDEX IF NOT EXISTS idx_attributes_cidr ON attributes(value1) WHERE ${isRange('attributes')}`);
  registerCidrFunctions(db);
  createCorrelationTriggers(db);
  if (!existed) rebuildCorrelations(db);
}

/** The SQL functions of the CIDR branches (per connection; used when reading, never by the triggers). */
function registerCidrFunctions(db: Database): void {
  const options = { deterministic: true };
  db.function('mispkit_cidr_contains', options, (cidr, ip) => (cidrContains(String(cidr), String(ip)) ? 1 : 0));
  db.function('mispkit_cidr_prefix', options, (cidr) => cidrTextPrefix(String(cidr)));
  db.function('mispkit_prefix_end', options, (prefix) => textPrefixEnd(String(prefix)));
}

const cidrCorrelationEnabled = (db: Database) => readSetting(db, 'MISP.enable_advanced_correlations') === true;

/**
 * Rebuilds every flag in bulk (after a bulk load with the triggers dropped) as MISP's full recorrelation
 * leaves them: a value held by more than CORRELATION_LIMIT + 1 attributes (as `value1`, or as `value2`)
 * correlates nowhere. Uses the attributes' value indexes when they exist.
 */
export function rebuildCorrelations(db: Database): void {
  db.exec('DELETE FROM correlations');
  const hasExclusions = db.prepare("SELECT 1 FROM correlation_exclusions WHERE value <> '' LIMIT 1").get();
  const notExcluded = (v: string) => (hasExclusions ? `AND NOT ${excludedSql(v)}` : '');
  // Every eligible attribute in one sequential pass, then the over-correlating values switched off through
  // the value indexes (only their attributes are touched).
  db.exec(`
    INSERT INTO correlations (attribute_id, v1, v2)
      SELECT id, v1, v2 FROM (SELECT a.id, (1 ${notExcluded('a.value1')}) AS v1,
          (a.value2 <> '' AND a.type NOT IN (${PRIMARY_ONLY}) ${notExcluded('a.value2')}) AS v2
        FROM attributes a
        WHERE a.deleted = 0 AND a.disable_correlation = 0 AND a.type NOT IN (${NON_CORRELATING})
          AND a.event_id NOT IN (SELECT id FROM events WHERE disable_correlation = 1))
      WHERE v1 OR v2;
    CREATE TEMP TABLE over_correlating (value TEXT PRIMARY KEY COLLATE NOCASE) WITHOUT ROWID;
    INSERT OR IGNORE INTO over_correlating
      SELECT value1 FROM attributes GROUP BY value1 HAVING COUNT(*) > ${CORRELATION_LIMIT + 1};
    INSERT OR IGNORE INTO over_correlating
      SELECT value2 FROM attributes WHERE value2 > '' GROUP BY value2 HAVING COUNT(*) > ${CORRELATION_LIMIT + 1};
    UPDATE correlations SET v1 = 0 WHERE attribute_id IN (
      SELECT a.id FROM over_correlating o CROSS JOIN attributes a ON a.value1 = o.value);
    UPDATE correlations SET v2 = 0 WHERE attribute_id IN (
      SELECT a.id FROM over_correlating o CROSS JOIN attributes a ON a.value2 = o.value);
    DELETE FROM correlations WHERE v1 = 0 AND v2 = 0;
    DROP TABLE over_correlating;`);
}

/** correlation_exclusions/clean: drops the correlations of values the exclusion list now covers. */
export function cleanExcludedCorrelations(db: Database): void {
  db.exec(`
    UPDATE correlations SET v1 = 0 WHERE v1 = 1 AND attribute_id IN (
      SELECT a.id FROM attributes a WHERE ${excludedSql('a.value1')});
    UPDATE correlations SET v2 = 0 WHERE v2 = 1 AND attribute_id IN (
      SELECT a.id FROM attributes a WHERE a.value2 <> '' AND ${excludedSql('a.value2')});
    DELETE FROM correlations WHERE v1 = 0 AND v2 = 0;`);
}

/** After an exclusion is deleted MISP correlates its value again (exactly that value, not a pattern). */
export function recorrelateValue(db: Database, value: string): void {
  prepare(
    db,
    'UPDATE attributes SET disable_correlation = disable_correlation WHERE (value1 = ? OR value2 = ?) AND deleted = 0',
  ).run(value, value);
}

interface Pairs {
  sql: string;
  /** How many branches the SQL has: each takes the id list and the visibility parameters (pairsParams). */
  branches: number;
}

/**
 * The correlating pairs of the attributes `a1` selects (`a1Join`, joined to `json_each(?) ids`): one branch
 * per way two halves can meet, each through an index on the other attribute's value, and with CIDR
 * correlation on, one for a range meeting the addresses in it (through the value index, narrowed to the
 * range's text prefix) and one for an address meeting the ranges holding it (through idx_attributes_cidr).
 * Yields `a1.*`-side ids, the matched value and the other attribute `a2` with its event `e2`. The value of a
 * range pair is, as MISP records it, the one of the attribute saved first.
 */
function pairsSql(db: Database, a1Join: string, select: (matched: string) => string, where: string): Pairs {
  const flag = (half: 'value1' | 'value2') => (half === 'value1' ? 'v1' : 'v2');
  const pair = (a2Join: string, matched: string, condition: string, own: 'v1' | 'v2', other: 'v1' | 'v2') => `
    SELECT ${select(matched)} FROM json_each(?) ids CROSS JOIN ${a1Join}
      CROSS JOIN correlations f1 ON f1.attribute_id = a1.id AND f1.${own} = 1
      JOIN events e1 ON e1.id = a1.event_id
      CROSS JOIN ${a2Join} AND a2.event_id <> a1.event_id
      CROSS JOIN correlations f2 ON f2.attribute_id = a2.id AND f2.${other} = 1
      JOIN events e2 ON e2.id = a2.event_id
     WHERE ${condition} AND ${where}`;
  const exact = (own: 'value1' | 'value2', other: 'value1' | 'value2') =>
    pair(`attributes a2 ON a2.${other} = a1.${own}`, `a1.${own}`, `a1.${own} <> ''`, flag(own), flag(other));
  const branches = [
    exact('value1', 'value1'),
    exact('value1', 'value2'),
    exact('value2', 'value1'),
    exact('value2', 'value2'),
  ];
  if (cidrCorrelationEnabled(db)) {
    const firstSaved = 'CASE WHEN a1.id < a2.id THEN a1.value1 ELSE a2.value1 END';
    branches.push(
      pair(
        `attributes a2 ON a2.value1 >= mispkit_cidr_prefix(a1.value1) AND a2.value1 < mispkit_prefix_end(mispkit_cidr_prefix(a1.value1))`,
        firstSaved,
        `${isRange('a1')} AND ${isAddress('a2')} AND mispkit_cidr_contains(a1.value1, a2.value1)`,
        'v1',
        'v1',
      ),
      // INDEXED BY: the planner would otherwise walk every ip-src/ip-dst attribute through the type index.
      pair(
        `attributes a2 INDEXED BY idx_attributes_cidr ON ${isRange('a2')}`,
        firstSaved,
        `${isAddress('a1')} AND mispkit_cidr_contains(a2.value1, a1.value1)`,
        'v1',
        'v1',
      ),
    );
  }
  return { sql: branches.join(' UNION '), branches: branches.length };
}

/** The parameters of pairsSql: the id list and the visibility parameters, once per branch. */
const pairsParams = (pairs: Pairs, ids: number[], params: unknown[]) =>
  Array.from({ length: pairs.branches }, () => [jsonList(ids), ...params]).flat();

const eventFields = (e: string) =>
  `${e}.id, ${e}.date, ${e}.threat_level_id, ${e}.info, ${e}.published, ${e}.uuid, ${e}.analysis, ${e}.timestamp,
   ${e}.distribution, ${e}.org_id, ${e}.orgc_id`;

/**
 * For each event, the visible events it correlates with, as events/view's `RelatedEvent` entries,
 * newest date first (as MISP sorts them).
 */
export function relatedEvents(
  db: Database,
  user: AuthUser,
  eventIds: number[],
  org: (id: unknown) => Record<string, unknown>,
): Map<number, Record<string, unknown>[]> {
  const result = new Map<number, Record<string, unknown>[]>();
  if (eventIds.length === 0) return result;
  const ownVisible = attributeVisible(user, 'a1', 'e1');
  const otherAttribute = attributeVisible(user, 'a2', 'e2');
  const otherEvent = eventVisible(user, 'e2');
  const pairs = pairsSql(
    db,
    'attributes a1 ON a1.event_id = ids.value',
    () => `a1.event_id AS source_id, ${eventFields('e2')}`,
    `${ownVisible.sql} AND ${otherAttribute.sql} AND ${otherEvent.sql}`,
  );
  const rows = prepare(db, `SELECT DISTINCT * FROM (${pairs.sql}) ORDER BY source_id, date DESC, id DESC`).all(
    ...pairsParams(pairs, eventIds, [...ownVisible.params, ...otherAttribute.params, ...otherEvent.params]),
  ) as Row[];
  for (const row of rows) {
    const list = result.get(Number(row.source_id)) ?? [];
    list.push({
      Event: {
        id: str(row.id),
        date: row.date,
        threat_level_id: str(row.threat_level_id),
        info: row.info,
        published: Boolean(row.published),
        uuid: row.uuid,
        analysis: str(row.analysis),
        timestamp: str(row.timestamp),
        distribution: str(row.distribution),
        org_id: str(row.org_id),
        orgc_id: str(row.orgc_id),
        Org: brief(org(row.org_id)),
        Orgc: brief(org(row.orgc_id)),
      },
      RelationshipInbound: [],
    });
    result.set(Number(row.source_id), list);
  }
  return result;
}

/** RelatedEvent's organisations carry id, name and uuid only (no `local`). */
const brief = (org: Record<string, unknown>) => ({ id: org.id, name: org.name, uuid: org.uuid });

interface RelatedRow extends Row {
  source_id: number;
}

/** `order`: MISP lists restSearch's correlations newest attribute first, events/view's oldest first. */
function relatedAttributeRows(
  db: Database,
  user: AuthUser,
  attributeIds: number[],
  order: 'ASC' | 'DESC',
): RelatedRow[] {
  if (attributeIds.length === 0) return [];
  const otherAttribute = attributeVisible(user, 'a2', 'e2');
  const otherEvent = eventVisible(user, 'e2');
  const pairs = pairsSql(
    db,
    'attributes a1 ON a1.id = ids.value',
    (matched) => `a1.id AS source_id, ${matched} AS matched, a2.*, e2.uuid AS e_uuid,
            e2.threat_level_id AS e_threat_level_id, e2.analysis AS e_analysis, e2.info AS e_info,
            e2.extends_uuid AS e_extends_uuid, e2.distribution AS e_distribution,
            e2.sharing_group_id AS e_sharing_group_id, e2.published AS e_published, e2.date AS e_date,
            e2.orgc_id AS e_orgc_id, e2.org_id AS e_org_id`,
    `${otherAttribute.sql} AND ${otherEvent.sql}`,
  );
  return prepare(db, `SELECT * FROM (${pairs.sql}) ORDER BY source_id, id ${order}`).all(
    ...pairsParams(pairs, attributeIds, [...otherAttribute.params, ...otherEvent.params]),
  ) as RelatedRow[];
}

/** One list per source attribute, each correlating attribute in it once (its first row wins). */
function groupRelated(
  rows: RelatedRow[],
  format: (row: RelatedRow) => Record<string, unknown>,
): Map<number, Record<string, unknown>[]> {
  const result = new Map<number, Record<string, unknown>[]>();
  const seen = new Set<string>();
  for (const row of rows) {
    const key = `${row.source_id}:${row.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const list = result.get(row.source_id) ?? [];
    list.push(format(row));
    result.set(row.source_id, list);
  }
  return result;
}

const composite = (row: Row) => (row.value2 ? `${row.value1}|${row.value2}` : String(row.value1));

/** attributes/restSearch `includeCorrelations`: the correlating attributes of each attribute with their event. */
export function relatedAttributesFull(
  db: Database,
  user: AuthUser,
  attributeIds: number[],
): Map<number, Record<string, unknown>[]> {
  return groupRelated(relatedAttributeRows(db, user, attributeIds, 'DESC'), (row) => ({
    id: str(row.id),
    event_id: str(row.event_id),
    object_id: str(row.object_id),
    object_relation: row.object_relation ?? null,
    category: row.category,
    type: row.type,
    uuid: row.uuid,
    timestamp: str(row.timestamp),
    distribution: str(row.distribution),
    sharing_group_id: str(row.sharing_group_id),
    to_ids: Boolean(row.to_ids),
    comment: row.comment,
    value: composite(row),
    Event: {
      id: str(row.event_id),
      uuid: row.e_uuid,
      threat_level_id: str(row.e_threat_level_id),
      analysis: str(row.e_analysis),
      info: row.e_info,
      extends_uuid: row.e_extends_uuid,
      distribution: str(row.e_distribution),
      sharing_group_id: str(row.e_sharing_group_id),
      published: Boolean(row.e_published),
      date: row.e_date,
      orgc_id: str(row.e_orgc_id),
      org_id: str(row.e_org_id),
    },
  }));
}

/** events/view `includeGranularCorrelations`: `{id, value, org_id, info, event_id}` per correlating attribute. */
export function relatedAttributesBrief(
  db: Database,
  user: AuthUser,
  attributeIds: number[],
): Map<number, Record<string, unknown>[]> {
  return groupRelated(relatedAttributeRows(db, user, attributeIds, 'ASC'), (row) => ({
    id: str(row.id),
    value: row.matched,
    org_id: str(row.e_org_id),
    info: row.e_info,
    event_id: str(row.event_id),
  }));
}

/**
 * How many correlations MISP would have stored (users/statistics `correlation_count`): one per pair of attributes
 * of different events that share a correlating value, per value they share (exact matches; CIDR pairs are not
 * counted).
 */
export function correlationCount(db: Database): number {
  const half = (own: 'value1' | 'value2', other: 'value1' | 'value2') => `
    SELECT 1 FROM attributes a1
      JOIN correlations f1 ON f1.attribute_id = a1.id AND f1.${own === 'value1' ? 'v1' : 'v2'} = 1
      JOIN attributes a2 ON a2.${other} = a1.${own} AND a2.id > a1.id AND a2.event_id <> a1.event_id
      JOIN correlations f2 ON f2.attribute_id = a2.id AND f2.${other === 'value1' ? 'v1' : 'v2'} = 1
     WHERE a1.${own} <> ''`;
  const sql = [half('value1', 'value1'), half('value1', 'value2'), half('value2', 'value1'), half('value2', 'value2')];
  return (prepare(db, `SELECT COUNT(*) AS n FROM (${sql.join(' UNION ALL ')})`).get() as { n: number }).n;
}

/** The exclusion list, as correlation_exclusions/index gives it. */
export function formatExclusion(row: Row): Record<string, unknown> {
  return {
    id: str(row.id),
    value: row.value,
    from_json: Boolean(row.from_json),
    comment: row.comment ?? null,
  };
}

export function findExclusion(db: Database, id: string | undefined): Row | undefined {
  if (!id || !/^\d+$/.test(id)) return undefined;
  return prepare(db, 'SELECT * FROM correlation_exclusions WHERE id = ?').get(Number(id)) as Row | undefined;
}
