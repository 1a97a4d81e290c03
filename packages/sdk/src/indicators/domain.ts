import { punycodeEncode } from './punycode.js';
import { TLDS } from './tlds.js';

// TLDs that are also common file extensions (`invoice.zip`, `setup.py`, `README.md`, `libc.so`).
// A bare `name.zip` is reported as a domain only with context (see isAmbiguousTld's callers).
export const FILE_EXTENSION_TLDS: ReadonlySet<string> = new Set(
  'zip mov app sh py pl pm rs md ai cc ml bz so tf la mo am ps cat cab one pub mobi run properties data pro map fish'.split(
    ' ',
  ),
);

// Reserved names (RFC 2606, 6761, 7686, ICANN 2024) that are not in the root zone but appear in reports and tests.
const SPECIAL_USE_TLDS: ReadonlySet<string> = new Set(['example', 'test', 'invalid', 'local', 'internal', 'onion']);

const UNICODE_LABEL_CHAR = /^[\p{L}\p{M}\p{N}-]$/u;
const MAX_HOST = 253;

function isAsciiLabelChar(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || code === 45;
}

/** Lower-cases, punycodes and validates a host name. Returns the ASCII form, or null if it is not a domain. */
export function normaliseDomain(host: string): string | null {
  if (host.length === 0 || host.length > MAX_HOST * 4 || !host.includes('.')) return null;
  let name = host.endsWith('.') ? host.slice(0, -1) : host;
  name = name.toLowerCase();
  const labels = name.split('.');
  if (labels.length < 2 || labels.length > 127) return null;
  const out: string[] = [];
  for (const label of labels) {
    const ascii = normaliseLabel(label);
    if (ascii === null) return null;
    out.push(ascii);
  }
  const tld = out[out.length - 1] as string;
  if (!TLDS.has(tld) && !SPECIAL_USE_TLDS.has(tld)) return null;
  const result = out.join('.');
  return result.length <= MAX_HOST ? result : null;
}

function normaliseLabel(label: string): string | null {
  if (label.length === 0 || label.length > 63 * 4) return null;
  let ascii = true;
  for (let i = 0; i < label.length; i++) {
    const code = label.charCodeAt(i);
    if (code >= 0x80) ascii = false;
    else if (!isAsciiLabelChar(code)) return null;
  }
  let result = label;
  if (!ascii) {
    const nfc = label.normalize('NFC');
    for (const ch of nfc) if (!UNICODE_LABEL_CHAR.test(ch)) return null;
    const encoded = punycodeEncode(nfc);
    if (encoded === null) return null;
    result = `xn--${encoded}`;
  }
  if (result.length > 63 || result.startsWith('-') || result.endsWith('-')) return null;
  return result;
}

export function tldOf(domain: string): string {
  return domain.slice(domain.lastIndexOf('.') + 1);
}

/** The TLD as written is all lower or all upper case (`Microsoft.Office` and `foo.Net` are code, not hosts). */
export function hasPlainTldCase(host: string): boolean {
  const name = host.endsWith('.') ? host.slice(0, -1) : host;
  const tld = name.slice(name.lastIndexOf('.') + 1);
  return tld === tld.toLowerCase() || tld === tld.toUpperCase();
}
