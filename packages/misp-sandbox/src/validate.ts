import { isIPv4, isIPv6 } from 'node:net';
import { CATEGORY_TYPE_MAPPINGS, COMPOSITE_TYPES, SANE_DEFAULTS } from './describe-types.js';

export type Validated =
  | { ok: true; value1: string; value2: string }
  /** `also`: further fields MISP's validation refuses at the same time. */
  | { ok: false; field: string; message: string; also?: Record<string, string[]> };

const HASH_LENGTHS: Record<string, number> = {
  md5: 32,
  imphash: 32,
  'x509-fingerprint-md5': 32,
  'ja3-fingerprint-md5': 32,
  'hassh-md5': 32,
  'hasshserver-md5': 32,
  sha1: 40,
  'x509-fingerprint-sha1': 40,
  'git-commit-id': 40,
  sha224: 56,
  'sha512/224': 56,
  'sha3-224': 56,
  sha256: 64,
  'sha512/256': 64,
  'sha3-256': 64,
  authentihash: 64,
  'x509-fingerprint-sha256': 64,
  sha384: 96,
  'sha3-384': 96,
  sha512: 128,
  'sha3-512': 128,
};

const EMAIL_TYPES = new Set([
  'email',
  'email-src',
  'email-dst',
  'target-email',
  'whois-registrant-email',
  'dns-soa-email',
  'eppn',
  'email-reply-to',
]);
const DOMAIN_RE =
  /^(?=.{1,253}$)(?:[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})\.?$/i;
/**
 * `local@domain` where the domain has a dot with something either side. Checked on the captured
 * domain rather than by a regex `[^@\s]+\.[^@\s]+`, whose backtracking is quadratic in the length.
 */
const EMAIL_RE = /^[^@\s]+@([^@\s]+)$/;
const isEmail = (value: string) => EMAIL_RE.exec(value)?.[1]?.slice(1, -1).includes('.') === true;

const fail = (message: string, field = 'value') => ({ ok: false as const, field, message });

/** Normalises an IP (optionally with CIDR) the way MISP stores it: IPv6 compressed, /32 and /128 dropped. */
export function normaliseIp(raw: string): string | null {
  const [address = '', prefix, extra] = raw.trim().split('/');
  if (extra !== undefined) return null;
  let ip: string;
  if (isIPv4(address)) ip = address;
  else if (isIPv6(address)) ip = new URL(`http://[${address}]`).hostname.slice(1, -1);
  else return null;
  if (prefix === undefined) return ip;
  const max = isIPv4(ip) ? 32 : 128;
  if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > max) return null;
  return Number(prefix) === max ? ip : `${ip}/${Number(prefix)}`;
}

function validatePart(type: string, raw: string): { value: string } | { error: string } {
  const value = raw.trim();
  if (value === '') return { error: 'Value cannot be empty.' };
  const hashLength = HASH_LENGTHS[type];
  if (hashLength !== undefined) {
    if (value.length !== hashLength || !/^[0-9a-f]+$/i.test(value)) {
      return {
        error: `Checksum has an invalid length or format (expected: ${hashLength} hexadecimal characters). Please double check the value or select type "other".`,
      };
    }
    return { value: value.toLowerCase() };
  }
  switch (type) {
    case 'ip-src':
    case 'ip-dst': {
      const ip = normaliseIp(value);
      return ip === null ? { error: 'IP address has an invalid format.' } : { value: ip };
    }
    case 'domain':
    case 'hostname':
      return DOMAIN_RE.test(value)
        ? { value: value.toLowerCase().replace(/\.$/, '') }
        : {
            error: `${type === 'domain' ? 'Domain' : 'Hostname'} has an invalid format. Please double check the value or select type "other".`,
          };
    case 'port': {
      const port = Number(value);
      return /^\d+$/.test(value) && port >= 1 && port <= 65535
        ? { value: String(port) }
        : { error: 'Port numbers have to be integers between 1 and 65535.' };
    }
    case 'AS': {
      const digits = value.replace(/^as/i, '');
      return /^\d{1,10}$/.test(digits)
        ? { value: String(Number(digits)) }
        : { error: 'AS number have to be integer between 1 and 4294967295' };
    }
    case 'vulnerability':
      return /^CVE-\d{4}-\d{4,}$/i.test(value)
        ? { value: value.toUpperCase() }
        : { error: 'Invalid format. Expected: CVE-xxxx-xxxx...' };
    default:
      if (EMAIL_TYPES.has(type)) {
        return isEmail(value)
          ? { value }
          : { error: 'Email address has an invalid format. Please double check the value or select type "other".' };
      }
      return { value };
  }
}

/** The sub-types the two halves of a composite type are validated as. */
function compositeParts(type: string): [string, string] {
  if (type === 'malware-sample') return ['filename', 'md5'];
  const [left = '', right = ''] = type.split('|');
  if (left === 'ip-src' || left === 'ip-dst') return [left, right === 'port' ? 'port' : right];
  if (left === 'domain' && right === 'ip') return ['domain', 'ip-dst'];
  return [left, right];
}

const TYPE_NOT_IN_CATEGORY = 'Options depend on the selected category.';

export function validateAttribute(type: unknown, category: unknown, value: unknown): Validated {
  if (type === undefined || type === null || type === '' || type === 0) return fail('No type set.', 'type');
  if (typeof type !== 'string' || !(type in SANE_DEFAULTS)) return fail('Invalid type.', 'type');
  const types = typeof category === 'string' ? CATEGORY_TYPE_MAPPINGS[category] : undefined;
  if (!types) {
    // An unknown category fails both rules: the type's (checked against the category) and the category's.
    return {
      ...fail(TYPE_NOT_IN_CATEGORY, 'type'),
      also: { category: ['Options : Payload delivery, Antivirus detection, Payload installation, Files dropped ...'] },
    };
  }
  if (!types.includes(type)) return fail(TYPE_NOT_IN_CATEGORY, 'type');
  if (typeof value !== 'string' && typeof value !== 'number') return fail('Value cannot be empty.');
  const text = String(value).trim();
  if (text === '') return fail('Value cannot be empty.');
  if (COMPOSITE_TYPES.has(type)) {
    const pipe = text.indexOf('|');
    if (pipe < 0) return fail('Composite type found but the value not in the composite (value1|value2) format.');
    const [leftType, rightType] = compositeParts(type);
    const left = validatePart(leftType, text.slice(0, pipe));
    if ('error' in left) return fail(left.error);
    const right = validatePart(rightType, text.slice(pipe + 1));
    if ('error' in right) return fail(right.error);
    return { ok: true, value1: left.value, value2: right.value };
  }
  const single = validatePart(type, text);
  return 'error' in single ? fail(single.error) : { ok: true, value1: single.value, value2: '' };
}
