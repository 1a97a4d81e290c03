import { isIPv4, isIPv6 } from 'node:net';

/**
 * Warninglists shipped with the sandbox. Written for the sandbox (not copied from
 * misp-warninglists): special-use address ranges, public DNS resolvers and a handful of
 * well-known benign domains — enough to exercise `checkValue`, `includeWarninglistHits` and
 * `enforceWarninglist` with realistic false-positive candidates.
 */
export interface Warninglist {
  id: number;
  name: string;
  type: 'cidr' | 'string' | 'hostname';
  description: string;
  version: number;
  category: 'false_positive' | 'known';
  entries: string[];
  matching_attributes: string[];
}

const IP_TYPES = ['ip-src', 'ip-dst', 'ip-src|port', 'ip-dst|port', 'domain|ip'];
const HOST_TYPES = [
  'hostname',
  'domain',
  'domain|ip',
  'url',
  'uri',
  'hostname|port',
  'email',
  'email-src',
  'email-dst',
];

export const WARNINGLISTS: Warninglist[] = [
  {
    id: 1,
    name: 'List of RFC 1918 CIDR blocks',
    type: 'cidr',
    description: 'Private IPv4 address space (RFC 1918): never routable on the public internet.',
    version: 1,
    category: 'false_positive',
    entries: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'],
    matching_attributes: IP_TYPES,
  },
  {
    id: 2,
    name: 'Special-use IPv4 and IPv6 ranges',
    type: 'cidr',
    description:
      'Loopback, link-local, documentation, benchmarking, CGNAT, multicast and reserved ranges (RFC 6890 and related).',
    version: 1,
    category: 'false_positive',
    entries: [
      '0.0.0.0/8',
      '100.64.0.0/10',
      '127.0.0.0/8',
      '169.254.0.0/16',
      '192.0.0.0/24',
      '192.0.2.0/24',
      '198.18.0.0/15',
      '198.51.100.0/24',
      '203.0.113.0/24',
      '224.0.0.0/4',
      '240.0.0.0/4',
      '::1/128',
      'fc00::/7',
      'fe80::/10',
      '2001:db8::/32',
    ],
    matching_attributes: IP_TYPES,
  },
  {
    id: 3,
    name: 'Public DNS resolvers',
    type: 'cidr',
    description: 'Anycast addresses of large public DNS resolvers; seen in almost every network.',
    version: 1,
    category: 'known',
    entries: [
      '8.8.8.8/32',
      '8.8.4.4/32',
      '1.1.1.1/32',
      '1.0.0.1/32',
      '9.9.9.9/32',
      '149.112.112.112/32',
      '208.67.222.222/32',
      '208.67.220.220/32',
      '2001:4860:4860::8888/128',
      '2001:4860:4860::8844/128',
      '2606:4700:4700::1111/128',
      '2606:4700:4700::1001/128',
    ],
    matching_attributes: IP_TYPES,
  },
  {
    id: 4,
    name: 'Well-known benign domains',
    type: 'hostname',
    description:
      'Large, well-known sites; a hit is almost always a false positive. Subdomains and URL hosts match too.',
    version: 1,
    category: 'false_positive',
    entries: [
      'google.com',
      'microsoft.com',
      'windowsupdate.com',
      'apple.com',
      'amazon.com',
      'cloudflare.com',
      'github.com',
      'wikipedia.org',
      'mozilla.org',
      'example.com',
      'example.org',
      'example.net',
    ],
    matching_attributes: HOST_TYPES,
  },
];

type Range = { v6: boolean; base: bigint; mask: bigint };

function ipToBigInt(ip: string): { v6: boolean; n: bigint } | null {
  if (isIPv4(ip)) {
    const n = ip.split('.').reduce((acc, octet) => (acc << 8n) + BigInt(Number(octet)), 0n);
    return { v6: false, n };
  }
  if (!isIPv6(ip)) return null;
  const expanded = new URL(`http://[${ip}]`).hostname.slice(1, -1);
  const [head = '', tail = ''] = expanded.split('::');
  const headParts = head ? head.split(':') : [];
  const tailParts = tail ? tail.split(':') : [];
  const parts = expanded.includes('::')
    ? [...headParts, ...Array(8 - headParts.length - tailParts.length).fill('0'), ...tailParts]
    : headParts;
  if (parts.length !== 8) return null;
  return { v6: true, n: parts.reduce((acc, part) => (acc << 16n) + BigInt(Number.parseInt(part, 16)), 0n) };
}

function parseRange(cidr: string): Range | null {
  const [ip = '', prefix] = cidr.split('/');
  const parsed = ipToBigInt(ip);
  if (!parsed) return null;
  const bits = parsed.v6 ? 128n : 32n;
  const length = prefix === undefined ? bits : BigInt(Number(prefix));
  const mask = ((1n << bits) - 1n) ^ ((1n << (bits - length)) - 1n);
  return { v6: parsed.v6, base: parsed.n & mask, mask };
}

const compiled = WARNINGLISTS.map((list) => ({
  list,
  ranges: list.type === 'cidr' ? (list.entries.map(parseRange).filter(Boolean) as Range[]) : [],
}));

function hostOf(value: string): string {
  const trimmed = value.trim().toLowerCase();
  if (trimmed.includes('@')) return trimmed.slice(trimmed.lastIndexOf('@') + 1);
  try {
    if (/^[a-z][a-z0-9+.-]*:\/\//.test(trimmed)) return new URL(trimmed).hostname;
  } catch {
    // fall through: not a URL
  }
  return trimmed.split('/')[0]?.split(':')[0] ?? trimmed;
}

export interface WarninglistHit {
  list: Warninglist;
  matched: string;
}

/** Lists that `value` hits (a composite `a|b` value is checked half by half). */
export function matchValue(value: string): WarninglistHit[] {
  const hits: WarninglistHit[] = [];
  const parts = value.includes('|') ? value.split('|') : [value];
  for (const { list, ranges } of compiled) {
    for (const raw of parts) {
      const part = raw.trim();
      let matched: string | undefined;
      if (list.type === 'cidr') {
        const ip = ipToBigInt(part.split('/')[0] ?? '');
        if (ip) {
          const index = ranges.findIndex((r) => r.v6 === ip.v6 && (ip.n & r.mask) === r.base);
          if (index >= 0) matched = list.entries[index];
        }
      } else if (list.type === 'hostname') {
        const host = hostOf(part);
        matched = list.entries.find((entry) => host === entry || host.endsWith(`.${entry}`));
      } else {
        matched = list.entries.find((entry) => entry.toLowerCase() === part.toLowerCase());
      }
      if (matched !== undefined) {
        hits.push({ list, matched });
        break;
      }
    }
  }
  return hits;
}

/** Hits in the shape restSearch's `includeWarninglistHits` adds as `warnings`. */
export function warningsFor(value: string): Record<string, unknown>[] {
  return matchValue(value).map((hit) => ({
    match: hit.matched,
    value,
    warninglist_id: String(hit.list.id),
    warninglist_name: hit.list.name,
    warninglist_category: hit.list.category,
  }));
}

export function formatWarninglist(list: Warninglist, withEntries = false): Record<string, unknown> {
  return {
    id: String(list.id),
    name: list.name,
    type: list.type,
    description: list.description,
    version: String(list.version),
    enabled: true,
    default: true,
    category: list.category,
    warninglist_entry_count: String(list.entries.length),
    valid_attributes: list.matching_attributes.join(', '),
    ...(withEntries
      ? {
          WarninglistEntry: list.entries.map((value, i) => ({
            id: String(list.id * 1000 + i + 1),
            value,
            warninglist_id: String(list.id),
            comment: null,
          })),
          WarninglistType: list.matching_attributes.map((type, i) => ({
            id: String(list.id * 100 + i + 1),
            type,
            warninglist_id: String(list.id),
          })),
        }
      : {}),
  };
}
