// IP address parsing without `node:net`, so it runs in every runtime.

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isHex(code: number): boolean {
  return isDigit(code) || (code >= 97 && code <= 102) || (code >= 65 && code <= 70);
}

/** Strict dotted-quad: four decimal octets 0–255, no leading zeros (`010.1.1.1` is octal to some parsers). */
export function parseIPv4(text: string): number[] | null {
  if (text.length < 7 || text.length > 15) return null;
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const octets: number[] = [];
  for (const part of parts) {
    const octet = parseDecimal(part, 3);
    if (octet === null || octet > 255) return null;
    octets.push(octet);
  }
  return octets;
}

/** A decimal number without leading zeros and with at most `maxDigits` digits. */
export function parseDecimal(text: string, maxDigits: number): number | null {
  if (text.length === 0 || text.length > maxDigits) return null;
  if (text.length > 1 && text.charCodeAt(0) === 48) return null;
  let value = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (!isDigit(code)) return null;
    value = value * 10 + (code - 48);
  }
  return value;
}

/** Eight 16-bit groups, or null. Accepts `::` compression, an IPv4 tail and a `%zone` (dropped). */
export function parseIPv6(input: string): number[] | null {
  if (input.length < 2 || input.length > 64) return null;
  const zone = input.indexOf('%');
  const text = zone >= 0 ? input.slice(0, zone) : input;
  if (zone >= 0 && !/^%[0-9A-Za-z._~-]{1,16}$/.test(input.slice(zone))) return null;
  if (text === '::' || text.length > 45) return null;
  const gap = text.indexOf('::');
  if (gap >= 0 && text.indexOf('::', gap + 1) >= 0) return null;
  const head = gap >= 0 ? text.slice(0, gap) : text;
  const tail = gap >= 0 ? text.slice(gap + 2) : '';
  const headGroups = head === '' ? [] : parseGroups(head, gap < 0);
  const tailGroups = tail === '' ? [] : parseGroups(tail, true);
  if (headGroups === null || tailGroups === null) return null;
  if (gap >= 0 && headGroups.length + tailGroups.length > 7) return null;
  if (gap < 0 && headGroups.length !== 8) return null;
  if (gap >= 0 && head === '' && tail === '') return null;
  const zeros = new Array<number>(8 - headGroups.length - tailGroups.length).fill(0);
  return [...headGroups, ...zeros, ...tailGroups];
}

function parseGroups(text: string, ipv4TailAllowed: boolean): number[] | null {
  const parts = text.split(':');
  const groups: number[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string;
    if (i === parts.length - 1 && ipv4TailAllowed && part.includes('.')) {
      const v4 = parseIPv4(part);
      if (v4 === null) return null;
      groups.push(((v4[0] as number) << 8) | (v4[1] as number), ((v4[2] as number) << 8) | (v4[3] as number));
      continue;
    }
    if (part.length === 0 || part.length > 4) return null;
    for (let j = 0; j < part.length; j++) if (!isHex(part.charCodeAt(j))) return null;
    groups.push(Number.parseInt(part, 16));
  }
  return groups;
}

/** RFC 5952 text form: lower case, no leading zeros, the longest run of ≥ 2 zero groups as `::`. */
export function formatIPv6(groups: readonly number[]): string {
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    const a = groups[6] as number;
    const b = groups[7] as number;
    return `::ffff:${a >> 8}.${a & 255}.${b >> 8}.${b & 255}`;
  }
  let bestStart = -1;
  let bestLength = 1;
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
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

/** Canonical text of an IPv6 address; null for invalid input and for the unspecified address `::`. */
export function normaliseIPv6(text: string): string | null {
  const groups = parseIPv6(text);
  return groups === null || groups.every((g) => g === 0) ? null : formatIPv6(groups);
}

export type IpMatch = { kind: 'ipv4' | 'ipv6' | 'cidr'; value: string };

/** An IPv4/IPv6 address, optionally with a CIDR prefix (`/32` and `/128` become plain addresses). */
export function parseIpOrCidr(text: string): IpMatch | null {
  const slash = text.indexOf('/');
  const address = slash >= 0 ? text.slice(0, slash) : text;
  let kind: 'ipv4' | 'ipv6';
  let value: string;
  if (parseIPv4(address) !== null) {
    kind = 'ipv4';
    value = address;
  } else if (address.includes(':')) {
    const v6 = normaliseIPv6(address);
    if (v6 === null) return null;
    kind = 'ipv6';
    value = v6;
  } else return null;
  if (slash < 0) return { kind, value };
  const prefix = parseDecimal(text.slice(slash + 1), 3);
  const max = kind === 'ipv4' ? 32 : 128;
  if (prefix === null || prefix > max) return null;
  if (prefix === max) return { kind, value };
  return { kind: 'cidr', value: `${value}/${prefix}` };
}
