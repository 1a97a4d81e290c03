// The scanner: walks normalised text once, cutting it into URLs (which may contain almost anything) and
// plain tokens (letters, digits and the punctuation that indicators use), and classifies each.
import { type Candidate, classifyToken, separateAsn, type TokenContext } from './classify.js';
import { normaliseDomain } from './domain.js';
import { MISP_TYPES, ONION_TYPES } from './misp-types.js';
import { normaliseIPv6, parseIPv4 } from './net.js';
import { type Normalised, normalise } from './normalise.js';
import { slackSegments } from './slack.js';
import type { ExtractOptions, Indicator, IndicatorKind } from './types.js';

/** An indicator with its span in the input. */
export interface Located extends Candidate {
  start: number;
  end: number;
}

const LETTER_OR_NUMBER = /^[\p{L}\p{M}\p{N}]$/u;
const TOKEN_PUNCTUATION = new Set('.-_:@/%+=?&#~');
const URL_EXCLUDED = new Set('<>"`{}|\\^');
const LEADING_JUNK = new Set('.-_:@/%+=?&#~');
const TRAILING_JUNK = new Set('.:-_@%=?&#~');
const URL_TRAILING = new Set('.,;:!?\'"*_~');
const SPLITTERS = new Set('=:/&?#~');
const SCHEMES = new Set(['http', 'https', 'ftp', 'ftps', 'sftp']);
const MAX_TRIM = 64;

function isAsciiAlnum(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

// Scripts written without spaces: a boundary between them and ASCII ends a token (`访问evil.com`).
function isCjk(code: number): boolean {
  return (
    (code >= 0x0e00 && code <= 0x0e7f) ||
    (code >= 0x1100 && code <= 0x11ff) ||
    (code >= 0x3040 && code <= 0x30ff) ||
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0xac00 && code <= 0xd7af) ||
    (code >= 0xf900 && code <= 0xfaff)
  );
}

function isNonAsciiWordChar(s: string, i: number): boolean {
  const code = s.charCodeAt(i);
  if (code >= 0xd800 && code <= 0xdfff) return false;
  return LETTER_OR_NUMBER.test(s[i] as string);
}

// ASCII lookup: bit 1 = token character, bit 2 = URL character.
const ASCII_CLASS = new Uint8Array(128);
for (let code = 0; code < 128; code++) {
  const ch = String.fromCharCode(code);
  if (isAsciiAlnum(code) || TOKEN_PUNCTUATION.has(ch)) ASCII_CLASS[code] = (ASCII_CLASS[code] as number) | 1;
  if (code > 0x20 && code < 0x7f && !URL_EXCLUDED.has(ch)) ASCII_CLASS[code] = (ASCII_CLASS[code] as number) | 2;
}

function isTokenChar(s: string, i: number): boolean {
  const code = s.charCodeAt(i);
  if (code < 0x80) return ((ASCII_CLASS[code] as number) & 1) !== 0;
  return isNonAsciiWordChar(s, i);
}

function isUrlChar(s: string, i: number): boolean {
  const code = s.charCodeAt(i);
  if (code < 0x80) return ((ASCII_CLASS[code] as number) & 2) !== 0;
  return isNonAsciiWordChar(s, i);
}

function isAuthorityChar(s: string, i: number): boolean {
  const code = s.charCodeAt(i);
  if (code < 0x80) return isAsciiAlnum(code) || ".-_~%:@[]!$&'*+,;=".includes(s[i] as string);
  return isNonAsciiWordChar(s, i);
}

type Emit = (found: Located) => void;

class Scanner {
  private readonly s: string;
  private runFrom = -1;
  private runTo = -1;
  found = 0;

  constructor(
    private readonly n: Normalised,
    private readonly inLink: boolean,
    private readonly urlHosts: boolean,
    private readonly emit: Emit,
  ) {
    this.s = n.text;
  }

  private report(kind: IndicatorKind, value: string, from: number, to: number): void {
    this.found++;
    this.emit({ kind, value, start: this.n.starts[from] as number, end: this.n.ends[to - 1] as number });
  }

  run(): void {
    const s = this.s;
    let nextSeparator = -2;
    let tokenEnd = 0;
    let i = 0;
    while (i < s.length) {
      if (!isTokenChar(s, i)) {
        i++;
        continue;
      }
      // Resuming inside a token (after a rejected `scheme://`) reuses its end, keeping the scan linear.
      let j = i < tokenEnd ? tokenEnd : i + 1;
      while (j < s.length && isTokenChar(s, j) && !this.scriptBoundary(j)) j++;
      tokenEnd = j;
      if (nextSeparator !== -1 && nextSeparator < i) nextSeparator = s.indexOf('://', i);
      if (nextSeparator >= i && nextSeparator < j) {
        const separator = nextSeparator;
        let a = separator;
        while (a > i && separator - a < 6 && isAsciiAlnum(s.charCodeAt(a - 1))) a--;
        if (a > i && isAsciiAlnum(s.charCodeAt(a - 1))) a = separator; // longer word: not a scheme
        if (SCHEMES.has(s.slice(a, separator).toLowerCase())) {
          this.token(i, a);
          const end = this.url(a, separator);
          i = end > 0 ? end : separator + 3;
          continue;
        }
        this.token(i, separator);
        i = separator + 3;
        continue;
      }
      this.token(i, j);
      i = j;
    }
  }

  private scriptBoundary(j: number): boolean {
    const before = this.s.charCodeAt(j - 1);
    const after = this.s.charCodeAt(j);
    return (isCjk(before) && isAsciiAlnum(after)) || (isAsciiAlnum(before) && isCjk(after));
  }

  /** End of the run of URL characters starting at `from`; memoised because every `://` in a run shares it. */
  private urlRunEnd(from: number): number {
    if (from >= this.runFrom && from < this.runTo) return this.runTo;
    let k = from;
    while (k < this.s.length && isUrlChar(this.s, k)) k++;
    this.runFrom = from;
    this.runTo = k;
    return k;
  }

  /** Tries a URL whose scheme starts at `a`; returns where it ends, or 0 if it is not a valid URL. */
  private url(a: number, separator: number): number {
    const s = this.s;
    const runEnd = this.urlRunEnd(a);
    const authorityStart = separator + 3;
    let authorityEnd = authorityStart;
    while (authorityEnd < runEnd && isAuthorityChar(s, authorityEnd)) authorityEnd++;
    const next = s[authorityEnd];
    const hasPath = authorityEnd < runEnd && (next === '/' || next === '?' || next === '#');
    if (!hasPath) {
      let steps = 0;
      while (authorityEnd > authorityStart && steps++ < MAX_TRIM && URL_TRAILING.has(s[authorityEnd - 1] as string))
        authorityEnd--;
      const bracketed = s[authorityStart] === '[' || s.slice(authorityStart, authorityEnd).includes('@[');
      while (authorityEnd > authorityStart && s[authorityEnd - 1] === ']' && !bracketed) authorityEnd--;
    }
    const host = this.authority(s.slice(authorityStart, authorityEnd));
    if (host === null) return 0;
    const end = hasPath ? this.trimUrl(authorityEnd, runEnd) : authorityEnd;
    const scheme = s.slice(a, separator).toLowerCase();
    this.report('url', `${scheme}://${host.authority}${s.slice(authorityEnd, end)}`, a, end);
    if (this.urlHosts) {
      const hostStart = authorityStart + host.offset;
      this.report(host.kind, host.value, hostStart, hostStart + host.length);
    }
    return end;
  }

  /** Validates `userinfo@host:port`; returns the normalised authority and the host on its own. */
  private authority(
    text: string,
  ): { authority: string; kind: IndicatorKind; value: string; offset: number; length: number } | null {
    if (text.length === 0 || text.length > 2048) return null;
    const at = text.lastIndexOf('@');
    const userinfo = at >= 0 ? text.slice(0, at + 1) : '';
    const hostPort = text.slice(at + 1);
    let host: string;
    let port = '';
    if (hostPort.startsWith('[')) {
      const close = hostPort.indexOf(']');
      if (close < 0) return null;
      host = hostPort.slice(1, close);
      const rest = hostPort.slice(close + 1);
      if (rest !== '') {
        if (!rest.startsWith(':')) return null;
        port = rest.slice(1);
      }
      const v6 = normaliseIPv6(host);
      if (v6 === null) return null;
      return this.withPort(userinfo, `[${v6}]`, port, { kind: 'ipv6', value: v6, offset: at + 2, length: host.length });
    }
    const colon = hostPort.indexOf(':');
    host = colon < 0 ? hostPort : hostPort.slice(0, colon);
    if (colon >= 0) port = hostPort.slice(colon + 1);
    if (parseIPv4(host) !== null)
      return this.withPort(userinfo, host, port, { kind: 'ipv4', value: host, offset: at + 1, length: host.length });
    const domain = normaliseDomain(host);
    if (domain === null) return null;
    return this.withPort(userinfo, domain, port, {
      kind: 'domain',
      value: domain,
      offset: at + 1,
      length: host.length,
    });
  }

  private withPort<T extends { kind: IndicatorKind; value: string; offset: number; length: number }>(
    userinfo: string,
    host: string,
    port: string,
    found: T,
  ): (T & { authority: string }) | null {
    if (port !== '') {
      const number = port.length <= 5 && /^\d+$/.test(port) ? Number(port) : Number.NaN;
      if (!(number <= 65535)) return null;
    }
    return { ...found, authority: `${userinfo}${host}${port === '' ? '' : `:${port}`}` };
  }

  /** Drops trailing sentence punctuation and closing brackets that were not opened inside the URL. */
  private trimUrl(from: number, to: number): number {
    const s = this.s;
    const balance: Record<string, number> = { ')': 0, ']': 0, '}': 0 };
    let counted = false;
    let end = to;
    for (let steps = 0; end > from && steps < MAX_TRIM; steps++) {
      const ch = s[end - 1] as string;
      if (URL_TRAILING.has(ch)) {
        end--;
        continue;
      }
      if (!(ch in balance)) break;
      if (!counted) {
        for (let k = from; k < end; k++) {
          const c = s[k] as string;
          if (c in balance) balance[c] = (balance[c] as number) + 1;
          else if (c === '(' || c === '[' || c === '{') {
            const closer = c === '(' ? ')' : c === '[' ? ']' : '}';
            balance[closer] = (balance[closer] as number) - 1;
          }
        }
        counted = true;
      }
      if ((balance[ch] as number) <= 0) break;
      balance[ch] = (balance[ch] as number) - 1;
      end--;
    }
    return end;
  }

  /** A plain token [a, b): trims junk, classifies it whole, else classifies its parts. */
  private token(from: number, to: number): void {
    const s = this.s;
    const a = this.trimStart(from, to);
    const b = this.trimEnd(a, to);
    if (b <= a) return;
    if (this.classify(a, b)) return;
    let partStart = a;
    for (let k = a; k <= b; k++) {
      if (k < b && !SPLITTERS.has(s[k] as string)) continue;
      const p = this.trimStart(partStart, k);
      const q = this.trimEnd(p, k);
      if (q > p && (p !== a || q !== b)) this.classify(p, q);
      partStart = k + 1;
    }
  }

  // `::1` and `1::` are addresses, so a double colon is never trimmed.
  private trimStart(from: number, to: number): number {
    const s = this.s;
    let a = from;
    while (a < to && LEADING_JUNK.has(s[a] as string) && !(s[a] === ':' && s[a + 1] === ':')) a++;
    return a;
  }

  private trimEnd(from: number, to: number): number {
    const s = this.s;
    let b = to;
    while (
      b > from &&
      TRAILING_JUNK.has(s[b - 1] as string) &&
      !(s[b - 1] === ':' && s[b - 2] === ':' && b - 2 >= from)
    )
      b--;
    return b;
  }

  private classify(a: number, b: number): boolean {
    const first = this.s.charCodeAt(a);
    const startsWithDigit = first >= 48 && first <= 57;
    // Nothing shorter than `::1`, `AS1` or `x.io` is an indicator, except the number in `AS 1`.
    if (b - a < 3 && !startsWithDigit && first !== 58) return false;
    const text = this.s.slice(a, b);
    // Only an IPv4 (version check) or a bare number (`AS 15169`) looks at the word before it.
    const previous = startsWithDigit ? this.previousWord(a) : { word: '', start: a, spacesOnly: false };
    const context: TokenContext = {
      defanged: this.anyDefanged(a, b),
      inLink: this.inLink,
      previousWord: previous.word.toLowerCase(),
    };
    const separate = previous.spacesOnly ? separateAsn(text, previous.word) : null;
    if (separate) {
      this.report(separate.kind, separate.value, previous.start, b);
      return true;
    }
    const found = classifyToken(text, context);
    if (found === null) return false;
    this.report(found.kind, found.value, a, found.length === undefined ? b : a + found.length);
    return true;
  }

  private anyDefanged(a: number, b: number): boolean {
    for (let k = a; k < b; k++) if (this.n.defanged[k] === 1) return true;
    return false;
  }

  /** The word (ASCII letters, up to 12) before position a, separated from it by up to three of ` \t/:`. */
  private previousWord(a: number): { word: string; start: number; spacesOnly: boolean } {
    const s = this.s;
    let k = a;
    let spacesOnly = true;
    while (k > 0 && a - k < 3 && ' \t/:'.includes(s[k - 1] as string)) {
      if (s[k - 1] !== ' ' && s[k - 1] !== '\t') spacesOnly = false;
      k--;
    }
    const none = { word: '', start: a, spacesOnly: false };
    if (k === a) return none;
    const end = k;
    while (k > 0 && end - k < 12 && /[A-Za-z]/.test(s[k - 1] as string)) k--;
    if (k === end || (k > 0 && isTokenChar(s, k - 1))) return none;
    return { word: s.slice(k, end), start: k, spacesOnly };
  }
}

/** Scans input[start, end); returns how many indicators it found (before de-duplication and kind filtering). */
function scanRange(input: string, start: number, end: number, inLink: boolean, urlHosts: boolean, emit: Emit): number {
  const scanner = new Scanner(normalise(input, start, end), inLink, urlHosts, emit);
  scanner.run();
  return scanner.found;
}

/** Every indicator in `text` with its span, in order, not de-duplicated. */
export function locateIndicators(text: string, urlHosts = false): Located[] {
  const out: Located[] = [];
  const emit: Emit = (found) => out.push(found);
  for (const segment of slackSegments(text)) {
    if (segment.type === 'text') {
      scanRange(text, segment.start, segment.end, false, urlHosts, emit);
    } else if (segment.mailto) {
      scanRange(text, segment.start, segment.end, true, urlHosts, emit);
    } else {
      // Slack turns a typed `evil.example` into `<http://evil.example|evil.example>`: what the user wrote is
      // the label. A label without indicators (`<http://evil.example|click here>`) hides the target, so use that.
      const labelled: Located[] = [];
      scanRange(text, segment.labelStart, segment.labelEnd, true, urlHosts, (found) => labelled.push(found));
      if (labelled.length > 0) out.push(...labelled);
      else scanRange(text, segment.start, segment.end, true, urlHosts, emit);
    }
  }
  return out;
}

/**
 * Finds the indicators of compromise in free text (a Slack message, a report, an e-mail), undoing
 * defanging and Slack markup, and returns them in order of first appearance, de-duplicated by kind and value.
 */
export function extractIndicators(text: string, options: ExtractOptions = {}): Indicator[] {
  if (typeof text !== 'string') return [];
  const kinds = options.kinds ? new Set(options.kinds) : null;
  const seen = new Set<string>();
  const result: Indicator[] = [];
  for (const found of locateIndicators(text, options.urlHosts ?? false)) {
    if (kinds !== null && !kinds.has(found.kind)) continue;
    const key = `${found.kind}\u0000${found.value}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const mispTypes = found.kind === 'domain' && found.value.endsWith('.onion') ? ONION_TYPES : MISP_TYPES[found.kind];
    result.push({ kind: found.kind, value: found.value, mispTypes, raw: text.slice(found.start, found.end) });
  }
  return result;
}
