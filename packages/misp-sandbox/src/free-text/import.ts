// events/freeTextImport: the proposals of the parser, given categories, `to_ids` and a distribution, and saved
// into the event (as proposals when the user may not modify it), as MISP does on the API.
import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { listEntries, type WarninglistRow } from '../catalogues/warninglists.js';
import { prepare } from '../db/statements.js';
import { SANE_DEFAULTS } from '../describe-types.js';
import { draftAttribute, insertAttribute, isDuplicate, touchEvent } from '../model/attributes.js';
import { insertProposal } from '../model/shadow-attributes.js';
import { readSetting } from '../settings.js';
import type { AuthUser, Row } from '../types.js';
import { warningsFor } from '../warninglists.js';
import type { ParsedValue, ParserContext } from './parse.js';

const TLD_LIST = 'TLDs as known by IANA';
const VENDOR_LIST = 'List of known domains used by automated malware analysis services & security vendors';
/** MISP's fallback when the security-vendor warninglist is missing or empty. */
const DEFAULT_VENDORS = ['virustotal.com', 'hybrid-analysis.com'];

function listValues(db: Database, name: string): string[] {
  const row = prepare(db, 'SELECT * FROM warninglists WHERE name = ?').get(name) as WarninglistRow | undefined;
  return row ? listEntries(db, row).map((e) => e.value) : [];
}

/** The parser's TLD and vendor lists, from the instance's warninglists (enabled or not), as MISP reads them. */
export function parserContext(db: Database): ParserContext {
  const tlds = new Set(listValues(db, TLD_LIST).map((t) => t.toLowerCase()));
  tlds.add('onion');
  const vendors = listValues(db, VENDOR_LIST);
  return { tlds, vendorDomains: vendors.length ? vendors : DEFAULT_VENDORS };
}

/** The `returnMetaAttributes` answer: every candidate type as a `{type: type}` map, and the default one. */
export function metaAttributes(parsed: ParsedValue[]): Record<string, unknown>[] {
  return parsed.map(({ types, default_type, comment, value, original_value }) => ({
    types: Object.fromEntries(types.map((t) => [t, t])),
    default_type,
    ...(comment !== undefined ? { comment } : {}),
    value,
    original_value,
    to_ids: SANE_DEFAULTS[default_type]?.to_ids ?? 0,
  }));
}

export interface Proposal {
  comment?: string | false;
  value: string;
  original_value: string;
  to_ids: number;
  type: string;
  category: string;
  distribution: unknown;
  event_id: string;
}

/** The attributes MISP answers (and saves): the default type, its default category, the distribution asked for. */
export function proposals(parsed: ParsedValue[], eventId: string, distribution: unknown): Proposal[] {
  return parsed.map(({ default_type, comment, value, original_value }) => ({
    ...(comment !== undefined ? { comment } : {}),
    value,
    original_value,
    to_ids: SANE_DEFAULTS[default_type]?.to_ids ?? 0,
    type: default_type,
    category: SANE_DEFAULTS[default_type]?.default_category ?? 'Other',
    distribution,
    event_id: eventId,
  }));
}

/** No distribution asked for: the instance's default attribute distribution, `5` (inherit) for `event`. */
export function defaultDistribution(db: Database): number {
  const setting = readSetting(db, 'MISP.default_attribute_distribution');
  return setting === undefined || setting === null || setting === 'event' || !/^\d+$/.test(String(setting))
    ? 5
    : Number(setting);
}

export type WarninglistMode = false | 'soft' | 'hard';

/** `adhereToWarninglists` as PHP reads it: `soft` lowers `to_ids`, any other truthy value drops the value. */
export function warninglistMode(value: unknown): WarninglistMode {
  if (value === 'soft') return 'soft';
  if (value === undefined || value === null || value === false || value === 0 || value === '' || value === '0')
    return false;
  if (Array.isArray(value) && value.length === 0) return false;
  return 'hard';
}

/**
 * Saves the proposals into the event, one attribute (or proposal) each; the `ip-src/ip-dst` choices become
 * both. Values already in the event, and values that fail validation, are skipped, as MISP counts them failed.
 */
export function saveProposals(
  db: Database,
  user: AuthUser,
  event: Row,
  list: Proposal[],
  asProposals: boolean,
  mode: WarninglistMode,
): number {
  const eventId = Number(event.id);
  let saved = 0;
  db.transaction(() => {
    for (const proposal of list) {
      const types =
        proposal.type === 'ip-src/ip-dst'
          ? ['ip-src', 'ip-dst']
          : proposal.type === 'ip-src|port/ip-dst|port'
            ? ['ip-src|port', 'ip-dst|port']
            : [proposal.type];
      for (const type of types) {
        let toIds = proposal.to_ids;
        if (mode && warningsFor(db, proposal.value, type).length > 0) {
          if (mode === 'hard') continue;
          toIds = 0;
        }
        const result = draftAttribute({
          type,
          category: proposal.category,
          value: proposal.value,
          to_ids: toIds,
          distribution: proposal.distribution,
          comment: typeof proposal.comment === 'string' ? proposal.comment : '',
        });
        if ('errors' in result) continue;
        const draft = result.draft;
        if (asProposals) {
          insertProposal(db, user, event, {
            old_id: 0,
            type: draft.type,
            category: draft.category,
            value1: draft.value1,
            value2: draft.value2,
            to_ids: draft.to_ids,
            uuid: randomUUID(),
            comment: draft.comment,
            first_seen: null,
            last_seen: null,
          });
        } else {
          if (isDuplicate(db, eventId, draft, 0)) continue;
          insertAttribute(db, eventId, draft, 0);
        }
        saved++;
      }
    }
    if (saved > 0 && !asProposals) touchEvent(db, eventId);
  })();
  return saved;
}
