// Decides what one token of normalised text is. Every check first rejects by length, so a
// megabyte-long token costs one pass, never a search.
import { isBase58Address, normaliseBech32Address } from './btc.js';
import { FILE_EXTENSION_TLDS, hasPlainTldCase, normaliseDomain, tldOf } from './domain.js';
import { parseDecimal, parseIPv4, parseIpOrCidr } from './net.js';
import type { IndicatorKind } from './types.js';

export interface Candidate {
  kind: IndicatorKind;
  value: string;
  /** How many leading characters of the token are the indicator, when a `:port` follows (default: all). */
  length?: number;
}

export interface TokenContext {
  /** The token contains refanged characters (`evil[.]zip`): the writer meant an indicator. */
  defanged: boolean;
  /** The token is the label or target of a Slack link. */
  inLink: boolean;
  /** The word before the token (lower case, letters only, '' if none) and whether it was upper case. */
  previousWord: string;
}

const HASH_KINDS: Readonly<Record<number, IndicatorKind>> = {
  32: 'md5',
  40: 'sha1',
  56: 'sha224',
  64: 'sha256',
  96: 'sha384',
  128: 'sha512',
};

// A dotted quad right after one of these words is a version number, not an address.
const VERSION_WORDS = new Set([
  'v',
  'ver',
  'version',
  'versions',
  'build',
  'release',
  'rev',
  'revision',
  'patch',
  'update',
  'firmware',
  'chrome',
  'firefox',
  'edge',
  'safari',
  'windows',
  'android',
  'ios',
  'macos',
  'kernel',
]);

function isHexString(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i) | 0x20;
    if (!((code >= 48 && code <= 57) || (code >= 97 && code <= 102))) return false;
  }
  return true;
}

function isAllDigits(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 48 || code > 57) return false;
  }
  return text.length > 0;
}

function hash(text: string): Candidate | null {
  const kind = HASH_KINDS[text.length];
  if (kind !== undefined) return isHexString(text) && !isAllDigits(text) ? { kind, value: text.toLowerCase() } : null;
  // TLSH: 70 hex digits, or `T1` + 70 (the current digest format).
  const body = text.length === 72 && (text[0] === 'T' || text[0] === 't') && text[1] === '1' ? text.slice(2) : text;
  if (body.length === 70 && isHexString(body) && !isAllDigits(body)) return { kind: 'tlsh', value: text.toLowerCase() };
  return null;
}

const SSDEEP_BLOCK = /^[0-9A-Za-z/+]+$/;

// `blocksize:hash:hash`; the block size is 3·2ⁿ and each part is base64, which rules out times like `12:30:45`.
function ssdeep(text: string): Candidate | null {
  if (text.length < 8 || text.length > 200) return null;
  const parts = text.split(':');
  if (parts.length !== 3) return null;
  const [size, first, second] = parts as [string, string, string];
  const blockSize = parseDecimal(size, 10);
  if (blockSize === null || blockSize < 3 || blockSize % 3 !== 0) return null;
  const power = blockSize / 3;
  if ((power & (power - 1)) !== 0) return null;
  if (first.length === 0 || first.length > 64 || second.length === 0 || second.length > 64) return null;
  if (!SSDEEP_BLOCK.test(first) || !SSDEEP_BLOCK.test(second)) return null;
  if (isAllDigits(first) && isAllDigits(second)) return null;
  if (first.length + second.length < 6) return null;
  return { kind: 'ssdeep', value: text };
}

function cve(text: string): Candidate | null {
  if (text.length < 13 || text.length > 24 || text.slice(0, 4).toLowerCase() !== 'cve-') return null;
  const year = text.slice(4, 8);
  const id = text.slice(9);
  if (text[8] !== '-' || !isAllDigits(year) || !isAllDigits(id) || id.length < 4) return null;
  if (year < '1988' || year > '2099') return null;
  return { kind: 'cve', value: `CVE-${year}-${id}` };
}

const MAX_ASN = 4294967295;

/** `15169` or asdot `1.10` (= 1·65536 + 10). */
function asNumber(text: string): number | null {
  const dot = text.indexOf('.');
  if (dot < 0) {
    const value = parseDecimal(text, 10);
    return value !== null && value <= MAX_ASN ? value : null;
  }
  const high = parseDecimal(text.slice(0, dot), 5);
  const low = parseDecimal(text.slice(dot + 1), 5);
  if (high === null || low === null || high > 65535 || low > 65535) return null;
  return high * 65536 + low;
}

function asn(text: string): Candidate | null {
  if (text.length < 3 || text.length > 16) return null;
  const prefix = text.startsWith('ASN') || text.startsWith('asn') ? 3 : text.startsWith('AS') ? 2 : 0;
  if (prefix === 0) return null;
  const value = asNumber(text.slice(prefix));
  return value === null ? null : { kind: 'asn', value: `AS${value}` };
}

function ip(text: string, context: TokenContext): Candidate | null {
  if (text.length > 64 || (!text.includes('.') && !text.includes(':'))) return null;
  const match = parseIpOrCidr(text);
  if (match === null) {
    // `1.2.3.4:443`: MISP matches either half of ip-dst|port, so the address alone finds it.
    const colon = text.lastIndexOf(':');
    if (colon > 0 && text.indexOf(':') === colon && parseDecimal(text.slice(colon + 1), 5) !== null) {
      const address = text.slice(0, colon);
      if (parseIPv4(address) !== null)
        return VERSION_WORDS.has(context.previousWord) ? null : { kind: 'ipv4', value: address, length: colon };
    }
  }
  if (match === null) return null;
  if (match.kind === 'ipv4' && VERSION_WORDS.has(context.previousWord)) return null;
  return match;
}

function btc(text: string): Candidate | null {
  if (text.length < 14 || text.length > 74) return null;
  if (isBase58Address(text)) return { kind: 'btc', value: text };
  const bech32 = normaliseBech32Address(text);
  return bech32 === null ? null : { kind: 'btc', value: bech32 };
}

function isLocalPartChar(code: number): boolean {
  return (
    (code >= 97 && code <= 122) ||
    (code >= 65 && code <= 90) ||
    (code >= 48 && code <= 57) ||
    code === 46 ||
    code === 95 ||
    code === 37 ||
    code === 43 ||
    code === 45
  );
}

function email(text: string): Candidate | null {
  const at = text.lastIndexOf('@');
  if (at < 1 || at > 64 || text.length - at > 256) return null;
  const local = text.slice(0, at);
  for (let i = 0; i < local.length; i++) if (!isLocalPartChar(local.charCodeAt(i))) return null;
  if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) return null;
  const domain = normaliseDomain(text.slice(at + 1));
  return domain === null ? null : { kind: 'email', value: `${local.toLowerCase()}@${domain}` };
}

/** A host as written in text: a domain, or with a path a schemeless URL (`evil.example/gate.php`). */
function hostOrPath(text: string, context: TokenContext): Candidate | null {
  let slash = -1;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 47 || code === 63 || code === 35) {
      slash = i;
      break;
    }
  }
  const hostPort = slash < 0 ? text : text.slice(0, slash);
  if (!hostPort.includes('.')) return null;
  const path = slash < 0 ? '' : text.slice(slash);
  if (hostPort.length > 1100) return null;
  const colon = hostPort.indexOf(':');
  const host = colon < 0 ? hostPort : hostPort.slice(0, colon);
  const port = colon < 0 ? '' : hostPort.slice(colon + 1);
  if (colon >= 0 && (parseDecimal(port, 5) === null || (parseDecimal(port, 5) as number) > 65535)) return null;
  const isPath = path.length > 1;
  let value: string;
  if (parseIPv4(host) !== null) {
    // A bare address (with or without a port) is handled by ip(); `1.2.3.4/33` is a broken CIDR, not a path.
    if (!isPath || isAllDigits(path.slice(1))) return null;
    value = host;
  } else {
    const domain = normaliseDomain(host);
    if (domain === null || !hasPlainTldCase(host)) return null;
    const fileLike = FILE_EXTENSION_TLDS.has(tldOf(domain)) && !domain.startsWith('www.');
    if (fileLike && !isPath && !context.defanged && !context.inLink && colon < 0) return null;
    value = domain;
  }
  if (!isPath) return colon < 0 ? { kind: 'domain', value } : { kind: 'domain', value, length: colon };
  return { kind: 'url', value: `${value}${colon < 0 ? '' : `:${port}`}${path}` };
}

/** The indicator this whole token is, or null. */
export function classifyToken(text: string, context: TokenContext): Candidate | null {
  const first = text.charCodeAt(0);
  const firstIsDigit = first >= 48 && first <= 57;
  return (
    hash(text) ??
    (firstIsDigit && text.includes(':') ? ssdeep(text) : null) ??
    ((first | 0x20) === 99 ? cve(text) : null) ??
    ((first | 0x20) === 97 ? asn(text) : null) ??
    ip(text, context) ??
    ((first === 49 || first === 51 || (first | 0x20) === 98) && !text.includes('.') ? btc(text) : null) ??
    (text.includes('@') ? email(text) : null) ??
    hostOrPath(text, context)
  );
}

/** `AS 15169` / `ASN 15169`, written as two words (upper case only: `as 2020 ended` is English). */
export function separateAsn(text: string, previousWordAsWritten: string): Candidate | null {
  if (previousWordAsWritten !== 'AS' && previousWordAsWritten !== 'ASN') return null;
  if (text.length > 11) return null;
  const value = asNumber(text);
  return value === null ? null : { kind: 'asn', value: `AS${value}` };
}
