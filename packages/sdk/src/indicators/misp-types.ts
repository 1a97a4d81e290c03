import type { IndicatorKind } from './types.js';

// MISP decides a hash attribute's type by hex length only (AttributeValidationTool::HASH_HEX_LENGTH),
// so a 64-hex value may be stored as sha256, sha3-256, authentihash … Composite `filename|<hash>`
// types are listed because a restSearch `type` filter must name them to match their hash half.
const FILENAME_COMPOSITES = new Set([
  'md5',
  'imphash',
  'sha1',
  'pehash',
  'sha224',
  'sha512/224',
  'sha3-224',
  'sha256',
  'sha512/256',
  'sha3-256',
  'authentihash',
  'sha384',
  'sha3-384',
  'sha512',
  'sha3-512',
]);
const withFilename = (types: string[]): readonly string[] =>
  Object.freeze([...types, ...types.filter((t) => FILENAME_COMPOSITES.has(t)).map((t) => `filename|${t}`)]);

const ip = Object.freeze(['ip-dst', 'ip-src', 'ip-dst|port', 'ip-src|port', 'domain|ip']);

export const MISP_TYPES: Readonly<Record<IndicatorKind, readonly string[]>> = Object.freeze({
  ipv4: ip,
  ipv6: ip,
  cidr: Object.freeze(['ip-dst', 'ip-src']),
  domain: Object.freeze(['domain', 'hostname', 'domain|ip', 'hostname|port']),
  url: Object.freeze(['url', 'uri', 'link']),
  email: Object.freeze([
    'email',
    'email-src',
    'email-dst',
    'email-reply-to',
    'target-email',
    'whois-registrant-email',
    'dns-soa-email',
  ]),
  md5: withFilename(['md5', 'imphash', 'x509-fingerprint-md5', 'ja3-fingerprint-md5', 'hassh-md5', 'hasshserver-md5']),
  sha1: withFilename(['sha1', 'pehash', 'x509-fingerprint-sha1', 'cdhash', 'git-commit-id']),
  sha224: withFilename(['sha224', 'sha512/224', 'sha3-224']),
  sha256: withFilename(['sha256', 'sha512/256', 'sha3-256', 'authentihash', 'x509-fingerprint-sha256']),
  sha384: withFilename(['sha384', 'sha3-384']),
  sha512: withFilename(['sha512', 'sha3-512']),
  ssdeep: Object.freeze(['ssdeep', 'filename|ssdeep']),
  tlsh: Object.freeze(['tlsh', 'filename|tlsh']),
  cve: Object.freeze(['vulnerability']),
  asn: Object.freeze(['AS']),
  btc: Object.freeze(['btc']),
});

/** Extra types for a `.onion` host. */
export const ONION_TYPES: readonly string[] = Object.freeze(['onion-address', 'domain', 'hostname', 'hostname|port']);
