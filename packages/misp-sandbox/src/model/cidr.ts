import { isIPv4, isIPv6 } from 'node:net';

/**
 * IPv4 and IPv6 addresses and CIDR ranges for MISP's CIDR correlation (MISP.enable_advanced_correlations):
 * pure functions, registered as SQL functions by the correlation queries.
 */
interface Address {
  version: 4 | 6;
  /** The address as a 32- or 128-bit integer. */
  bits: bigint;
}

function parseAddress(text: string): Address | undefined {
  if (isIPv4(text)) {
    const bits = text.split('.').reduce((n, octet) => (n << 8n) | BigInt(Number(octet)), 0n);
    return { version: 4, bits };
  }
  if (!isIPv6(text)) return undefined;
  // Node's URL parser expands `::` and embedded IPv4 for us: its hostname is the compressed canonical form.
  const canonical = new URL(`http://[${text}]`).hostname.slice(1, -1);
  const [head = '', tail] = canonical.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  return { version: 6, bits: groups.reduce((n, group) => (n << 16n) | BigInt(Number.parseInt(group, 16)), 0n) };
}

interface Range extends Address {
  prefix: number;
}

function parseCidr(text: string): Range | undefined {
  const [ip = '', prefix, extra] = text.split('/');
  if (prefix === undefined || extra !== undefined || !/^\d{1,3}$/.test(prefix)) return undefined;
  const address = parseAddress(ip);
  if (!address || Number(prefix) > (address.version === 4 ? 32 : 128)) return undefined;
  return { ...address, prefix: Number(prefix) };
}

const width = (version: 4 | 6) => (version === 4 ? 32n : 128n);

/** Whether `ip` (a plain address) lies in `cidr` (same IP version; host bits of the range are ignored). */
export function cidrContains(cidr: string, ip: string): boolean {
  const range = parseCidr(cidr);
  const address = parseAddress(ip);
  if (!range || !address || range.version !== address.version) return false;
  const shift = width(range.version) - BigInt(range.prefix);
  return range.bits >> shift === address.bits >> shift;
}

/**
 * The text every address of `cidr` starts with, as MISP stores addresses (IPv4 dotted, IPv6 compressed
 * lower case): the whole octets (IPv4) or leading non-zero groups (IPv6) the prefix fixes. Lets the value
 * index narrow the candidates; '' when nothing is fixed.
 */
export function cidrTextPrefix(cidr: string): string {
  const range = parseCidr(cidr);
  if (!range) return '';
  const shift = width(range.version) - BigInt(range.prefix);
  const network = (range.bits >> shift) << shift;
  if (range.version === 4) {
    const octets = [24n, 16n, 8n, 0n].map((s) => String((network >> s) & 255n));
    const whole = Math.floor(range.prefix / 8);
    if (whole === 0) return '';
    return whole === 4 ? octets.join('.') : `${octets.slice(0, whole).join('.')}.`;
  }
  // A zero group may be written as `::`, so only the groups before the first zero are sure to be there.
  const groups: string[] = [];
  for (let i = 0; i < Math.floor(range.prefix / 16); i++) {
    const group = (network >> BigInt(112 - 16 * i)) & 0xffffn;
    if (group === 0n) break;
    groups.push(group.toString(16));
  }
  return groups.length === 0 ? '' : groups.length === 8 ? groups.join(':') : `${groups.join(':')}:`;
}

/** The smallest text above every text starting with `prefix` ('' prefix: above every address). */
export function textPrefixEnd(prefix: string): string {
  if (prefix === '') return '\uffff';
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}
