// TLP policy: what may be shown where. Pure; see README "TLP policy" for the table.
//
// A result's effective TLP is the strictest TLP tag on its event and on the attribute itself
// (MISP may carry several, case varies, TLP 1.0 `tlp:white` means CLEAR). No TLP tag, or an
// unknown one such as `tlp:ex:chr`, means the configured default (AMBER unless told otherwise).
// Each conversation kind has a ceiling; a result above the ceiling is withheld and counted.

export const TLP_LEVELS = ['clear', 'green', 'amber', 'amber+strict', 'red'] as const;
export type Tlp = (typeof TLP_LEVELS)[number];

/**
 * Where an answer goes:
 * - `requester`: an ephemeral reply only the person who asked can see
 * - `dm`: the bot's direct message with the requester
 * - `private`: a private channel or group DM inside the workspace
 * - `public`: a public channel inside the workspace
 * - `shared`: a Slack Connect channel shared (or pending) with another organisation
 */
export type ConversationKind = 'requester' | 'dm' | 'private' | 'public' | 'shared';
export const CONVERSATION_KINDS: readonly ConversationKind[] = ['requester', 'dm', 'private', 'public', 'shared'];

/** The strictest TLP each kind of conversation may receive. */
export const DEFAULT_CEILINGS: Readonly<Record<ConversationKind, Tlp>> = {
  requester: 'red',
  dm: 'red',
  private: 'amber+strict',
  public: 'green',
  shared: 'clear',
};

export interface TlpPolicy {
  /** TLP assumed for results with no (or no recognised) TLP tag. */
  defaultTlp: Tlp;
  ceilings: Readonly<Record<ConversationKind, Tlp>>;
}

/**
 * The policy with nothing configured. Every decision takes the policy as an argument (there is no
 * default parameter anywhere): the bot builds one from its configuration (`config.tlp`) and hands
 * that same object to lookups, shares, alerts, digests, republish replies and App Home.
 */
export const defaultTlpPolicy: TlpPolicy = { defaultTlp: 'amber', ceilings: DEFAULT_CEILINGS };

export function tlpRank(tlp: Tlp): number {
  return TLP_LEVELS.indexOf(tlp);
}

export function stricter(a: Tlp, b: Tlp): Tlp {
  return tlpRank(a) >= tlpRank(b) ? a : b;
}

/** Parses one tag name; `undefined` when it is not a TLP tag, `'unknown'` for an unrecognised `tlp:` value. */
export function parseTlpTag(name: string): Tlp | 'unknown' | undefined {
  const match = /^\s*tlp\s*:\s*(.+?)\s*$/i.exec(name);
  if (!match?.[1]) return undefined;
  const value = match[1].toLowerCase().replace(/^"|"$/g, '').replace(/\s+/g, '');
  if (value === 'white') return 'clear';
  return (TLP_LEVELS as readonly string[]).includes(value) ? (value as Tlp) : 'unknown';
}

/**
 * Effective TLP of a result from every tag on it (event and attribute tags together).
 * An unrecognised `tlp:` tag counts as the default, and only makes things stricter.
 */
export function effectiveTlp(tagNames: Iterable<string>, policy: TlpPolicy): Tlp {
  let found: Tlp | undefined;
  for (const name of tagNames) {
    const parsed = parseTlpTag(name);
    if (parsed === undefined) continue;
    const tlp = parsed === 'unknown' ? policy.defaultTlp : parsed;
    found = found === undefined ? tlp : stricter(found, tlp);
  }
  return found ?? policy.defaultTlp;
}

export function ceilingFor(kind: ConversationKind, policy: TlpPolicy): Tlp {
  return policy.ceilings[kind];
}

export function mayShow(tlp: Tlp, kind: ConversationKind, policy: TlpPolicy): boolean {
  return tlpRank(tlp) <= tlpRank(ceilingFor(kind, policy));
}

export interface Partitioned<T> {
  shown: T[];
  /** Withheld items per TLP, so the answer can say "2 more results are TLP:RED". */
  withheld: Partial<Record<Tlp, number>>;
  withheldCount: number;
}

/** Splits items into those allowed in `kind` and a count of those withheld, by TLP. */
export function partitionByTlp<T>(
  items: readonly T[],
  tlpOf: (item: T) => Tlp,
  kind: ConversationKind,
  policy: TlpPolicy,
): Partitioned<T> {
  const shown: T[] = [];
  const withheld: Partial<Record<Tlp, number>> = {};
  let withheldCount = 0;
  for (const item of items) {
    const tlp = tlpOf(item);
    if (mayShow(tlp, kind, policy)) shown.push(item);
    else {
      withheld[tlp] = (withheld[tlp] ?? 0) + 1;
      withheldCount += 1;
    }
  }
  return { shown, withheld, withheldCount };
}

export function tlpLabel(tlp: Tlp): string {
  return `TLP:${tlp.toUpperCase()}`;
}

/** Channel facts as `conversations.info` reports them. */
export interface ChannelInfo {
  is_im?: boolean | undefined;
  is_mpim?: boolean | undefined;
  is_private?: boolean | undefined;
  is_group?: boolean | undefined;
  is_ext_shared?: boolean | undefined;
  is_shared?: boolean | undefined;
  is_org_shared?: boolean | undefined;
  is_pending_ext_shared?: boolean | undefined;
  user?: string | undefined;
}

/**
 * Classifies a conversation. Anything shared with another organisation is `shared`, whatever else
 * it is; a DM counts as `dm` only when it is the bot's DM with the requester (a DM between two
 * people is someone else's conversation, so it is treated as `private`).
 */
export function conversationKind(info: ChannelInfo | undefined, requester?: string): ConversationKind {
  if (!info) return 'shared';
  if (info.is_ext_shared || info.is_pending_ext_shared || (info.is_shared && !info.is_org_shared)) return 'shared';
  if (info.is_im) return info.user !== undefined && info.user === requester ? 'dm' : 'private';
  if (info.is_mpim || info.is_private || info.is_group) return 'private';
  return 'public';
}
