import { locateIndicators } from './extract.js';
import { parseIPv4 } from './net.js';
import type { IndicatorKind } from './types.js';

// One style, chosen for being the most common in reports and easy to read back:
// `hxxp(s)://`, every dot of a host name as `[.]`, only the last dot of an IPv4 (`1.2.3[.]4`),
// `[@]` in e-mail addresses. IPv6, hashes, CVEs, ASNs and the like are left alone: nothing links them.
const dots = (host: string) => host.replaceAll('.', '[.]');
const lastDot = (ip: string) => `${ip.slice(0, ip.lastIndexOf('.'))}[.]${ip.slice(ip.lastIndexOf('.') + 1)}`;
const defangHost = (host: string) =>
  parseIPv4(host) !== null ? lastDot(host) : host.startsWith('[') ? host : dots(host);

function defangUrl(url: string): string {
  const separator = url.indexOf('://');
  const hasScheme = separator > 0 && separator < 6;
  const scheme = hasScheme ? url.slice(0, separator) : '';
  const authorityStart = hasScheme ? separator + 3 : 0;
  let authorityEnd = url.length;
  for (const ch of '/?#') {
    const at = url.indexOf(ch, authorityStart);
    if (at >= 0 && at < authorityEnd) authorityEnd = at;
  }
  const authority = url.slice(authorityStart, authorityEnd);
  const at = authority.lastIndexOf('@');
  const hostPort = authority.slice(at + 1);
  const colon = hostPort.startsWith('[') ? hostPort.indexOf(':', hostPort.indexOf(']')) : hostPort.indexOf(':');
  const host = colon < 0 ? hostPort : hostPort.slice(0, colon);
  const port = colon < 0 ? '' : hostPort.slice(colon);
  const fangless = scheme === 'http' ? 'hxxp' : scheme === 'https' ? 'hxxps' : scheme;
  return `${hasScheme ? `${fangless}://` : ''}${authority.slice(0, at + 1)}${defangHost(host)}${port}${url.slice(authorityEnd)}`;
}

export function defangValue(kind: IndicatorKind, value: string): string {
  switch (kind) {
    case 'url':
      return defangUrl(value);
    case 'domain':
      return dots(value);
    case 'ipv4':
      return lastDot(value);
    case 'cidr': {
      const slash = value.indexOf('/');
      const address = value.slice(0, slash);
      return parseIPv4(address) !== null ? `${lastDot(address)}${value.slice(slash)}` : value;
    }
    case 'email': {
      const at = value.lastIndexOf('@');
      return `${value.slice(0, at)}[@]${dots(value.slice(at + 1))}`;
    }
    default:
      return value;
  }
}

/**
 * Makes indicators safe to display: `https://evil.example/a` → `hxxps://evil[.]example/a`,
 * `1.2.3.4` → `1.2.3[.]4`, `a@evil.example` → `a[@]evil[.]example`. Given free text, defangs every
 * indicator in it (written in its normalised form) and leaves the rest as it was.
 * `refang(defang(v)) === v` for every value `extractIndicators` returns.
 */
export function defang(text: string): string {
  if (typeof text !== 'string') return '';
  let out = '';
  let last = 0;
  for (const found of locateIndicators(text)) {
    if (found.start < last) continue;
    out += text.slice(last, found.start) + defangValue(found.kind, found.value);
    last = found.end;
  }
  return out + text.slice(last);
}
