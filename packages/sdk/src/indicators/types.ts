/** What an extracted indicator is. Hash kinds are named after the most common algorithm of that length. */
export type IndicatorKind =
  | 'ipv4'
  | 'ipv6'
  | 'cidr'
  | 'domain'
  | 'url'
  | 'email'
  | 'md5'
  | 'sha1'
  | 'sha224'
  | 'sha256'
  | 'sha384'
  | 'sha512'
  | 'ssdeep'
  | 'tlsh'
  | 'cve'
  | 'asn'
  | 'btc';

export interface Indicator {
  kind: IndicatorKind;
  /** Refanged and normalised, ready to send to MISP as an attribute value. */
  value: string;
  /** The MISP attribute types this value can be stored as (search all of them). */
  mispTypes: readonly string[];
  /** The text it came from, as written (defanged, Unicode, Slack-escaped …). */
  raw: string;
}

export interface ExtractOptions {
  /** Only report these kinds (default: all). */
  kinds?: readonly IndicatorKind[];
  /** Also report the host of every URL as its own `domain`/`ipv4`/`ipv6` indicator (default false). */
  urlHosts?: boolean;
}

export const INDICATOR_KINDS: readonly IndicatorKind[] = [
  'ipv4',
  'ipv6',
  'cidr',
  'domain',
  'url',
  'email',
  'md5',
  'sha1',
  'sha224',
  'sha256',
  'sha384',
  'sha512',
  'ssdeep',
  'tlsh',
  'cve',
  'asn',
  'btc',
];
