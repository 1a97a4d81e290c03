// The free-text parser behind events/freeTextImport, written from MISP 2.5's documented behaviour (its
// ComplexTypeTool): the text is cut into words, each word is refanged and given the attribute types it could
// be, first match wins, and each value is proposed once.
import { isIP } from 'node:net';

export interface ResolvedValue {
  /** Every type the value could be; the first is the proposal. */
  types: string[];
  default_type: string;
  /** `On port N` when a port was cut off, `false` when the check could have found one and did not. */
  comment?: string | false;
  value: string;
}

export interface ParsedValue extends ResolvedValue {
  /** The word as it stood in the text (trimmed), before refanging. */
  original_value: string;
}

export interface ParserContext {
  /** Lower-case top-level domains (MISP's `TLDs as known by IANA` warninglist, plus `onion`). */
  tlds: ReadonlySet<string>;
  /** Domains whose https URLs are `link`s, not `url`s (security vendors and sandboxes). */
  vendorDomains: readonly string[];
}

const HEX_HASHES: Record<number, { single: string[]; composite: string[] }> = {
  32: {
    single: ['md5', 'imphash', 'x509-fingerprint-md5', 'ja3-fingerprint-md5'],
    composite: ['filename|md5', 'filename|imphash'],
  },
  40: {
    single: ['sha1', 'pehash', 'x509-fingerprint-sha1', 'cdhash'],
    composite: ['filename|sha1', 'filename|pehash'],
  },
  56: { single: ['sha224', 'sha512/224'], composite: ['filename|sha224', 'filename|sha512/224'] },
  64: {
    single: ['sha256', 'authentihash', 'sha512/256', 'x509-fingerprint-sha256'],
    composite: ['filename|sha256', 'filename|authentihash', 'filename|sha512/256'],
  },
  96: { single: ['sha384'], composite: ['filename|sha384'] },
  128: { single: ['sha512'], composite: ['filename|sha512'] },
};

const IP_TYPES = ['ip-dst', 'ip-src', 'ip-src/ip-dst'];
const IP_PORT_TYPES = ['ip-dst|port', 'ip-src|port', 'ip-src|port/ip-dst|port'];
const EMAIL_TYPES = ['email', 'email-src', 'email-dst', 'target-email', 'whois-registrant-email'];

/** Defanging undone in this order; MISP applies every rule to every word before typing it. */
const REFANG: [RegExp, string][] = [
  [/^(hxxp|hxtp|htxp|meow|h\[tt\]p)/i, 'http'],
  [/(\[\.\]|\[dot\]|\(dot\))/g, '.'],
  [/\[hxxp:\/\/\]/g, 'http://'],
  [/\[@\]|\[at\]/g, '@'],
  [/\[:\]/g, ':'],
];

/** Characters trimmed off both ends of every word: quotes, brackets, dots, commas and whitespace. */
const TRIMMED = new Set(["'", '"', '.', ',', '(', ')', ' ', '\t', '\n', '\r', '\0', '\x0B']);

function trimWord(word: string): string {
  let start = 0;
  let end = word.length;
  while (start < end && TRIMMED.has(word[start] as string)) start++;
  while (end > start && TRIMMED.has(word[end - 1] as string)) end--;
  return word.slice(start, end);
}

/** PHP's `empty()` on a string: `''` and `'0'`. */
const isEmpty = (s: string) => s === '' || s === '0';

const isIp = (s: string) => isIP(s) !== 0 && !/^\s|\s$/.test(s);
const isIpv6 = (s: string) => isIP(s) === 6;
const isXdigit = (s: string) => s.length > 0 && /^[0-9a-f]+$/i.test(s);
const isAlnum = (s: string) => s.length > 0 && /^[a-z0-9]+$/i.test(s);
const isNumeric = (s: string) => /^[ \t\n\r\v\f]*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?[ \t\n\r\v\f]*$/.test(s);

function hashTypes(value: string) {
  const entry = HEX_HASHES[value.length];
  return entry && isXdigit(value) ? entry : undefined;
}

const isSsdeep = (v: string) =>
  /^[0-9]+:[0-9a-zA-Z/+]+:[0-9a-zA-Z/+]+$/.test(v) && !/^[0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}$/.test(v);

// As MISP writes it, the legacy address alternative is anchored at the start only and the bech32 one at the
// end only.
const isBtc = (v: string) =>
  /^([13][a-km-zA-HJ-NP-Z1-9]{25,34})|(bc|tb)1([023456789acdefghjklmnpqrstuvwxyz]{11,71})$/i.test(v);

/** A file name: a dot after the first character (or a drive letter), and an alphanumeric, non-numeric extension. */
function isFilename(value: string): boolean {
  if (!/^.:/.test(value) && !(value.indexOf('.') > 0)) return false;
  const ext = value.split('.').at(-1) ?? '';
  return !isNumeric(ext) && isAlnum(ext);
}

const LABEL = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/i;

function isHostname(host: string): boolean {
  const name = host.endsWith('.') ? host.slice(0, -1) : host;
  if (name === '' || name.length > 253) return false;
  return name.split('.').every((label) => label.length <= 63 && LABEL.test(label));
}

/** Close to PHP's FILTER_VALIDATE_URL: printable ASCII, a scheme, and for web schemes a valid host. */
function isUrl(value: string): boolean {
  if (!/^[\x21-\x7e]+$/.test(value)) return false;
  const match = /^([a-z][a-z0-9+.-]*):\/\/(?:[^/?#@]*@)?(\[[^\]]+\]|[^/?#:]*)(?::(\d*))?([/?#].*)?$/i.exec(value);
  if (!match) return false;
  const scheme = (match[1] as string).toLowerCase();
  const host = match[2] as string;
  if (host.startsWith('[')) return isIpv6(host.slice(1, -1));
  if (scheme === 'http' || scheme === 'https') return host !== '' && isHostname(host);
  return true;
}

/** PHP's FILTER_VALIDATE_EMAIL, as far as indicators go: a dot-atom local part and a dotted host name. */
function isEmail(value: string): boolean {
  const at = value.lastIndexOf('@');
  if (at < 1 || value.length > 320) return false;
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  if (local.length > 64 || !/^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/i.test(local))
    return false;
  const labels = domain.split('.');
  return labels.length > 1 && isHostname(domain) && /^[a-z]/i.test(labels.at(-1) as string);
}

interface Word {
  raw: string;
  refanged: string;
  noPort: string;
  port?: string;
  comment: string | false;
}

function refang(raw: string): string {
  let value = raw;
  for (const [from, to] of REFANG) value = value.replace(from, to);
  value = value.replace(/\.+$/, '');
  return value.replace(/\[.\]/g, (m) => m.slice(1, -1));
}

function checkHashes(raw: string): ResolvedValue | undefined {
  if (raw.includes('|')) {
    const parts = raw.split('|');
    if (parts.length === 2 && isFilename(parts[0] as string)) {
      const hash = hashTypes(parts[1] as string);
      if (hash) return { types: hash.composite, default_type: hash.composite[0] as string, value: raw };
      if (isSsdeep(parts[1] as string))
        return { types: ['filename|ssdeep'], default_type: 'filename|ssdeep', value: raw };
    }
  }
  const hash = hashTypes(raw);
  if (hash) {
    const types = isBtc(raw) ? [...hash.single, 'btc'] : hash.single;
    return { types, default_type: types[0] as string, value: raw };
  }
  if (isSsdeep(raw)) return { types: ['ssdeep'], default_type: 'ssdeep', value: raw };
  return undefined;
}

function checkIp(w: Word): ResolvedValue | undefined {
  if (isIp(w.noPort)) {
    return w.port !== undefined
      ? { types: IP_PORT_TYPES, default_type: 'ip-dst|port', comment: w.comment, value: `${w.noPort}|${w.port}` }
      : { types: IP_TYPES, default_type: 'ip-dst', comment: w.comment, value: w.noPort };
  }
  // An IPv6 address whose last group looked like a port.
  if (isIpv6(w.refanged)) return { types: IP_TYPES, default_type: 'ip-dst', comment: '', value: w.refanged };
  if (w.port !== undefined && w.noPort.startsWith('[') && isIpv6(w.noPort.slice(1, -1))) {
    return {
      types: IP_PORT_TYPES,
      default_type: 'ip-dst|port',
      comment: w.comment,
      value: `${w.noPort.slice(1, -1)}|${w.port}`,
    };
  }
  if (w.noPort.includes('/')) {
    const parts = w.noPort.split('/');
    if (parts.length === 2 && isIp(parts[0] as string) && isNumeric(parts[1] as string)) {
      return { types: IP_TYPES, default_type: 'ip-dst', comment: w.comment, value: w.noPort };
    }
  }
  return undefined;
}

function isLink(value: string, vendors: readonly string[]): boolean {
  const match = /^https:\/\/([^/]*)/i.exec(value);
  if (!match) return false;
  let candidate = '';
  for (const part of (match[1] as string).toLowerCase().split('.').reverse()) {
    candidate = part + candidate;
    if (vendors.includes(candidate)) return true;
    candidate = `.${candidate}`;
  }
  return false;
}

function checkDomainOrFilename(w: Word, ctx: ParserContext): ResolvedValue | undefined {
  if (w.noPort.includes('.')) {
    const labels = w.noPort.split('.');
    const domainLike =
      /^([-\p{L}\p{N}]+\.)+[a-z0-9-]+$/iu.test(w.noPort) && ctx.tlds.has((labels.at(-1) as string).toLowerCase());
    if (domainLike) {
      return labels.length > 2
        ? {
            types: ['hostname', 'domain', 'url', 'filename'],
            default_type: 'hostname',
            comment: w.comment,
            value: w.noPort,
          }
        : { types: ['domain', 'filename'], default_type: 'domain', comment: w.comment, value: w.noPort };
    }
    if (labels.length > 1 && (isUrl(w.noPort) || isUrl(`http://${w.noPort}`))) {
      if (isLink(w.noPort, ctx.vendorDomains))
        return { types: ['link'], default_type: 'link', comment: w.comment, value: w.noPort };
      if (w.noPort.includes('/')) return { types: ['url'], default_type: 'url', comment: w.comment, value: w.noPort };
    }
    if (isFilename(w.raw)) return { types: ['filename'], default_type: 'filename', value: w.raw };
  }
  if (w.raw.includes('\\')) {
    const parts = w.raw.split('\\');
    const last = parts.at(-1) as string;
    if (last.includes('.') || /^.:/i.test(parts[0] as string)) {
      if (isFilename(last)) return { types: ['filename'], default_type: 'filename', value: w.raw };
    } else if (!isEmpty(parts[0] as string)) {
      return { types: ['regkey'], default_type: 'regkey', value: w.raw };
    }
  }
  return undefined;
}

function checkSimpleRegex(raw: string): ResolvedValue | undefined {
  if (/^cve-[0-9]{4}-[0-9]{4,9}$/i.test(raw))
    return { types: ['vulnerability'], default_type: 'vulnerability', value: raw.toUpperCase() };
  // Phone numbers are only recognised with a leading + or a dash (not at the start), and never as a date.
  if (raw[0] === '+' || raw.indexOf('-') > 0) {
    if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(raw) && /^(\+)?([0-9]{1,3}(\(0\))?)?[0-9/-]{5,}[0-9]$/.test(raw)) {
      return { types: ['phone-number', 'prtn', 'whois-registrant-phone'], default_type: 'phone-number', value: raw };
    }
  }
  return undefined;
}

/** The types one trimmed word could be, or undefined when it is no indicator. */
export function resolveWord(raw: string, ctx: ParserContext): ResolvedValue | undefined {
  if (isIp(raw)) return { types: IP_TYPES, default_type: 'ip-dst', value: raw };
  const hash = checkHashes(raw);
  if (hash) return hash;
  const refanged = refang(raw);
  if (refanged.includes('@') && isEmail(refanged))
    return { types: EMAIL_TYPES, default_type: 'email-src', value: refanged };
  const port = /(:[0-9]{2,5})$/.exec(refanged)?.[1];
  const word: Word =
    port !== undefined
      ? {
          raw,
          refanged,
          noPort: refanged.split(port).join(''),
          port: port.slice(1),
          comment: `On port ${port.slice(1)}`,
        }
      : { raw, refanged, noPort: refanged, comment: false };
  const found = checkIp(word) ?? checkDomainOrFilename(word, ctx) ?? checkSimpleRegex(raw);
  if (found) return found;
  if (/^as[0-9]+$/i.test(raw)) return { types: ['AS'], default_type: 'AS', value: raw.toUpperCase() };
  if (isBtc(raw)) return { types: ['btc'], default_type: 'btc', value: raw };
  return undefined;
}

/** Words of a text: split at whitespace, commas, semicolons and angle brackets, plus every "quoted" span. */
function words(input: string): string[] {
  const text = input.replace(/[\p{C}\u00a0]+/gu, ' ');
  const list = text.split(/[ \t\n\r\v\f,<>;]/);
  for (const match of text.matchAll(/"([^"]+)"/g)) list.push(match[1] as string);
  return list;
}

function resolveAll(candidates: string[], ctx: ParserContext): ParsedValue[] {
  const byValue = new Map<string, ParsedValue>();
  for (const candidate of candidates) {
    const word = trimWord(candidate);
    if (isEmpty(word)) continue;
    const resolved = resolveWord(word, ctx);
    if (!resolved || byValue.has(resolved.value)) continue;
    byValue.set(resolved.value, { ...resolved, original_value: word });
  }
  return [...byValue.values()];
}

/** Strings (and fractional numbers) of a JSON document, each followed by its words. */
function jsonCandidates(document: unknown): string[] {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') Object.values(node).forEach(walk);
    else if (typeof node === 'string' && !isEmpty(node)) {
      out.push(node);
      for (const w of words(node)) if (w !== node) out.push(w);
    } else if (typeof node === 'number' && !Number.isInteger(node)) out.push(String(node));
  };
  walk(document);
  return out;
}

/** Proposals for a free text, in the order they appear, each value once. A JSON object is read value by value. */
export function parseFreeText(input: string, ctx: ParserContext): ParsedValue[] {
  if (isEmpty(input)) return [];
  if (input[0] === '{') {
    try {
      return resolveAll(jsonCandidates(JSON.parse(input)), ctx);
    } catch {
      // Not JSON after all: read as text.
    }
  }
  return resolveAll(words(input), ctx);
}
