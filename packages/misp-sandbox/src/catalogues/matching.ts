import { isIPv4, isIPv6 } from 'node:net';

/**
 * Warninglist matching with MISP 2.5's semantics, per list type:
 * - `cidr`: the value (an address, optionally `/mask`) lies in one of the ranges. IPv4 entries are compared
 *   as written (an entry that is not a network address never matches), shortest prefix first; a value with
 *   a mask wider than the matching range does not match.
 * - `string`: exact, case-sensitive equality.
 * - `substring`: the value contains an entry (first entry in list order wins).
 * - `hostname`: the host of the value (the text before the first `/`, or after `//` for URLs) or one of
 *   its parent domains is on the list; entries are lower-cased and stripped of dots, the value is not.
 * - `regex`: a PCRE pattern with delimiters and modifiers; patterns PCRE would reject never match.
 */
export type ListType = 'cidr' | 'hostname' | 'string' | 'substring' | 'regex';

export interface Matcher {
  /** The list entry that matched, or undefined. */
  match(value: string): string | undefined;
}

/** PHP's `empty()` for strings: MISP stores neither '' nor '0' as an entry. */
const phpEmpty = (value: string): boolean => value === '' || value === '0';

function ipv4ToInt(ip: string): number {
  return ip.split('.').reduce((acc, octet) => acc * 256 + Number(octet), 0);
}

function intToIpv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** 8 groups of 16 bits, or undefined when PHP's filter would not accept the address. */
function ipv6Groups(ip: string): number[] | undefined {
  if (ip.includes('%') || !isIPv6(ip)) return undefined;
  let text = ip.toLowerCase();
  const dotted = text.match(/(\d+\.\d+\.\d+\.\d+)$/);
  if (dotted?.[1]) {
    const n = ipv4ToInt(dotted[1]);
    text = `${text.slice(0, -dotted[1].length)}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const headParts = head ? head.split(':') : [];
  const tailParts = tail ? tail.split(':') : [];
  const parts =
    tail === undefined
      ? headParts
      : [...headParts, ...Array(8 - headParts.length - tailParts.length).fill('0'), ...tailParts];
  return parts.length === 8 ? parts.map((p) => Number.parseInt(p, 16)) : undefined;
}

/** Text form of an IPv6 address as PHP's inet_ntop writes it (longest zero run compressed). */
export function formatIpv6(groups: number[]): string {
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `::ffff:${intToIpv4(((groups[6] ?? 0) << 16) | (groups[7] ?? 0))}`;
  }
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestLength < 2) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

function maskedKey(groups: number[], bits: number): string {
  const out: number[] = [];
  for (let i = 0; i < 8; i++) {
    const left = Math.max(0, Math.min(16, bits - 16 * i));
    out.push(left === 0 ? 0 : (groups[i] ?? 0) & (~(0xffff >> left) & 0xffff));
  }
  return out.join(':');
}

function cidrMatcher(entries: string[]): Matcher {
  const ipv4 = new Set<string>();
  let minimumIpv4Mask = 33;
  // Networks grouped by prefix length, in the order the prefix lengths first appear in the list.
  const ipv6 = new Map<number, Map<string, string>>();
  for (const entry of entries) {
    const slash = entry.indexOf('/');
    const address = slash < 0 ? entry : entry.slice(0, slash);
    const maskText = slash < 0 ? undefined : entry.slice(slash + 1);
    const v4 = isIPv4(address);
    const groups = v4 ? undefined : ipv6Groups(address);
    if (!v4 && !groups) continue;
    const maximum = v4 ? 32 : 128;
    const mask = maskText === undefined ? maximum : Number(maskText);
    if (maskText !== undefined && (!Number.isFinite(mask) || mask > maximum || mask < 0)) continue;
    if (v4) {
      minimumIpv4Mask = Math.min(minimumIpv4Mask, Math.trunc(mask));
      ipv4.add(maskText === undefined ? `${entry}/32` : entry);
    } else if (groups) {
      const bits = Math.trunc(mask);
      const group = ipv6.get(bits) ?? new Map<string, string>();
      ipv6.set(bits, group);
      const key = maskedKey(groups, bits);
      if (!group.has(key)) group.set(key, `${formatIpv6(groups)}/${maskText ?? bits}`);
    }
  }
  return {
    match(input) {
      const [value = '', valueMask] = input.split('/');
      let matched: string | undefined;
      if (isIPv4(value)) {
        const ip = ipv4ToInt(value);
        for (let bits = Math.max(minimumIpv4Mask, 0); bits <= 32; bits++) {
          const network = bits === 0 ? 0 : (ip & (-1 << (32 - bits))) >>> 0;
          const needle = `${intToIpv4(network)}/${bits}`;
          if (ipv4.has(needle)) {
            matched = needle;
            break;
          }
        }
      } else {
        const groups = ipv6Groups(value);
        // As in MISP, a later prefix length that also matches replaces an earlier match.
        if (groups) for (const [bits, group] of ipv6) matched = group.get(maskedKey(groups, bits)) ?? matched;
      }
      if (matched && valueMask !== undefined && !phpEmpty(valueMask)) {
        if (Number(valueMask) < Number(matched.slice(matched.lastIndexOf('/') + 1))) return undefined;
      }
      return matched;
    },
  };
}

function hostnameMatcher(entries: string[]): Matcher {
  const set = new Set(entries.map((v) => v.replace(/^\.+|\.+$/g, '').toLowerCase()));
  return {
    match(value) {
      const parts = value.split('/');
      const hostname = value.includes('//') ? parts[2] : parts[0];
      if (hostname === undefined) return undefined;
      const pieces = hostname.replace(/\.+$/, '').split('.');
      let rebuilt = '';
      for (let i = pieces.length - 1; i >= 0; i--) {
        // PHP's empty('0') is true: a trailing label '0' restarts the rebuilt name, as in MISP.
        rebuilt = phpEmpty(rebuilt) ? (pieces[i] as string) : `${pieces[i]}.${rebuilt}`;
        if (set.has(rebuilt)) return rebuilt;
      }
      return undefined;
    },
  };
}

/**
 * MISP scans the entries in order and reports the first one the value contains. The same answer without
 * the scan: every substring of the value whose length is one of the entries' lengths is looked up, and
 * of the entries found the earliest in list order wins.
 */
function substringMatcher(entries: string[]): Matcher {
  const position = new Map<string, number>();
  entries.forEach((entry, i) => {
    if (!position.has(entry)) position.set(entry, i);
  });
  const lengths = [...new Set(entries.map((e) => e.length))].sort((a, b) => a - b);
  return {
    match(value) {
      let best = Number.POSITIVE_INFINITY;
      for (const length of lengths) {
        if (length > value.length) break;
        for (let i = 0; i + length <= value.length; i++) {
          const at = position.get(value.slice(i, i + length));
          if (at !== undefined && at < best) best = at;
        }
      }
      return best === Number.POSITIVE_INFINITY ? undefined : entries[best];
    },
  };
}

const PCRE_CLOSERS: Record<string, string> = { '(': ')', '[': ']', '{': '}', '<': '>' };

/** A PCRE pattern as PHP's preg_match takes it, as a JS RegExp; undefined where preg_match would fail. */
export function pcreToRegExp(pattern: string): RegExp | undefined {
  const trimmed = pattern.replace(/^\s+/, '');
  const delimiter = trimmed[0];
  if (!delimiter || /[a-zA-Z0-9\\\s]/.test(delimiter)) return undefined;
  const closer = PCRE_CLOSERS[delimiter] ?? delimiter;
  const end = trimmed.lastIndexOf(closer);
  if (end <= 0) return undefined;
  let body = trimmed.slice(1, end);
  let flags = '';
  for (const modifier of trimmed.slice(end + 1)) {
    if (modifier === 'i' || modifier === 'm' || modifier === 's' || modifier === 'u') flags += modifier;
    else if (modifier === 'x')
      body = body
        .split('\\#')
        .map((part) => part.replace(/#.*$/gm, '').replace(/\s+/g, ''))
        .join('\\#');
    else if (modifier === 'A') body = `^(?:${body})`;
    else if (
      modifier === 'D' ||
      modifier === 'S' ||
      modifier === 'X' ||
      modifier === 'J' ||
      modifier === '\n' ||
      modifier === ' '
    )
      continue;
    else return undefined; // unknown modifier (e.g. `g`): PHP warns and preg_match returns false
  }
  try {
    return new RegExp(body, [...new Set(flags)].join(''));
  } catch {
    return undefined;
  }
}

export function compileMatcher(type: string, rawEntries: string[]): Matcher {
  const entries = rawEntries.filter((v) => typeof v === 'string' && !phpEmpty(v));
  switch (type) {
    case 'cidr':
      return cidrMatcher(entries);
    case 'hostname':
      return hostnameMatcher(entries);
    case 'string': {
      const set = new Set(entries);
      return { match: (value) => (set.has(value) ? value : undefined) };
    }
    case 'substring':
      return substringMatcher(entries);
    case 'regex': {
      const patterns = entries.map((entry) => [entry, pcreToRegExp(entry)] as const);
      return { match: (value) => patterns.find(([, re]) => re?.test(value))?.[0] };
    }
    default:
      return { match: () => undefined };
  }
}

/** MISP checks each half of a composite (`a|b`) value, and the halves of malware-sample; first hit wins. */
export function matchTyped(
  matcher: Matcher,
  value: string,
  type: string,
): { match: string; value: string } | undefined {
  const parts = type === 'malware-sample' || type.includes('|') ? splitOnce(value) : [value];
  for (const part of parts) {
    const match = matcher.match(part);
    if (match !== undefined) return { match, value: part };
  }
  return undefined;
}

function splitOnce(value: string): string[] {
  const bar = value.indexOf('|');
  return bar < 0 ? [value] : [value.slice(0, bar), value.slice(bar + 1)];
}

/** MISP's CidrTool::validate: an IPv4/IPv6 address with an optional prefix length in range. */
export function isValidCidr(cidr: string): boolean {
  const slash = cidr.indexOf('/');
  const address = slash < 0 ? cidr : cidr.slice(0, slash);
  const v4 = isIPv4(address);
  if (!v4 && !ipv6Groups(address)) return false;
  if (slash < 0) return true;
  const mask = Number(cidr.slice(slash + 1));
  return Number.isFinite(mask) && mask >= 0 && mask <= (v4 ? 32 : 128);
}
