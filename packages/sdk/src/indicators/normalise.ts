// Turns report text into scannable text in two linear passes, remembering for every output character
// which span of the input it came from (for `raw`) and whether it was produced by undoing a defang.
//   pass 1: drop invisible characters, map full-width punctuation, decode Slack's three HTML entities;
//   pass 2: undo defanging (`[.]`, `hxxp`, `[at]`, …).
// Every rule looks at most a few characters ahead, so the whole thing is O(n).

export interface Normalised {
  text: string;
  /** Input offset where output character i starts / ends (exclusive). Valid for i < text.length only:
   *  the arrays are shared scratch space, overwritten by the next call. */
  starts: Int32Array;
  ends: Int32Array;
  /** 1 where output character i was produced by refanging. */
  defanged: Uint8Array;
}

// Scratch arrays reused across calls: extraction is synchronous and never re-entered, and allocating
// typed arrays per Slack segment dominated the cost of messages with many links.
const MAX_KEPT = 1 << 16;

class Scratch {
  codes = new Uint16Array(256);
  starts = new Int32Array(256);
  ends = new Int32Array(256);
  defanged = new Uint8Array(256);
  /** Scratch space for `capacity` characters: these arrays, or fresh ones for a large input (not kept after it). */
  reserve(capacity: number): Scratch {
    if (capacity <= this.starts.length) return this;
    const size = Math.max(capacity, this.starts.length * 2);
    const target = size > MAX_KEPT ? new Scratch() : this;
    target.codes = new Uint16Array(size);
    target.starts = new Int32Array(size);
    target.ends = new Int32Array(size);
    target.defanged = new Uint8Array(size);
    return target;
  }
}
const utf16 = new TextDecoder('utf-16le');
const firstPass = new Scratch();
const secondPass = new Scratch();

class Builder {
  private readonly codes: Uint16Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly defanged: Uint8Array;
  length = 0;
  constructor(capacity: number, scratch: Scratch) {
    const space = scratch.reserve(capacity);
    this.codes = space.codes;
    this.starts = space.starts;
    this.ends = space.ends;
    this.defanged = space.defanged;
  }
  /** Emits `text` as produced from input span [start, end). */
  emit(text: string, start: number, end: number, defanged: boolean): void {
    const { codes, starts, ends } = this;
    let at = this.length;
    for (let k = 0; k < text.length; k++, at++) {
      codes[at] = text.charCodeAt(k);
      starts[at] = start;
      ends[at] = end;
      this.defanged[at] = defanged ? 1 : 0;
    }
    this.length = at;
  }
  /** Copies input characters [from, to) unchanged, each keeping its input span (or the one `map` gives it). */
  copy(source: string, from: number, to: number, map?: Normalised): void {
    const { codes, starts, ends, defanged } = this;
    let at = this.length;
    if (map) {
      for (let k = from; k < to; k++, at++) {
        codes[at] = source.charCodeAt(k);
        starts[at] = map.starts[k] as number;
        ends[at] = map.ends[k] as number;
        defanged[at] = map.defanged[k] as number;
      }
    } else {
      for (let k = from; k < to; k++, at++) {
        codes[at] = source.charCodeAt(k);
        starts[at] = k;
        ends[at] = k + 1;
        defanged[at] = 0;
      }
    }
    this.length = at;
  }
  /** `wellFormed`: the input has no lone surrogates, so the native UTF-16 decoder reproduces it exactly. */
  finish(wellFormed: boolean): Normalised {
    const codes = this.codes.subarray(0, this.length);
    let text: string;
    if (wellFormed) text = utf16.decode(codes);
    else {
      const chunks: string[] = [];
      for (let k = 0; k < codes.length; k += 4096) chunks.push(String.fromCharCode(...codes.subarray(k, k + 4096)));
      text = chunks.join('');
    }
    return { text, starts: this.starts, ends: this.ends, defanged: this.defanged };
  }
}

// Zero-width and formatting characters that survive copy-paste from PDFs and web reports.
function isInvisible(code: number): boolean {
  return (
    code === 0x00ad ||
    code === 0x180e ||
    (code >= 0x200b && code <= 0x200f) ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2060 && code <= 0x2064) ||
    (code >= 0x2066 && code <= 0x2069) ||
    code === 0xfeff
  );
}

const LOOKALIKES: Readonly<Record<number, string>> = {
  65294: '.', // FULLWIDTH FULL STOP
  12290: '.', // IDEOGRAPHIC FULL STOP
  65377: '.', // HALFWIDTH IDEOGRAPHIC FULL STOP
  8228: '.', // ONE DOT LEADER
  65312: '@', // FULLWIDTH COMMERCIAL AT
  65306: ':', // FULLWIDTH COLON
  65295: '/', // FULLWIDTH SOLIDUS
};

const ENTITIES: ReadonlyArray<readonly [string, string]> = [
  ['&lt;', '<'],
  ['&gt;', '>'],
  ['&amp;', '&'],
];

function isWellFormed(text: string): boolean {
  // String.prototype.isWellFormed is ES2024 (Node 20, current browsers); without it, take the exact slow path.
  return (text as { isWellFormed?: () => boolean }).isWellFormed?.call(text) === true;
}

function cleanPass(
  input: string,
  start: number,
  end: number,
  decodeEntities: boolean,
  wellFormed: boolean,
): Normalised {
  const out = new Builder(end - start, firstPass);
  let run = start;
  for (let i = start; i < end; i++) {
    const code = input.charCodeAt(i);
    if (code < 0x26 || (code > 0x26 && code < 0xad)) continue;
    if (code === 0x26) {
      if (!decodeEntities) continue;
      const entity = ENTITIES.find(([name]) => input.startsWith(name, i) && i + name.length <= end);
      if (!entity) continue;
      out.copy(input, run, i);
      out.emit(entity[1], i, i + entity[0].length, false);
      i += entity[0].length - 1;
      run = i + 1;
    } else if (isInvisible(code)) {
      out.copy(input, run, i);
      run = i + 1;
    } else {
      const mapped = LOOKALIKES[code];
      if (mapped === undefined) continue;
      out.copy(input, run, i);
      out.emit(mapped, i, i + 1, false);
      run = i + 1;
    }
  }
  out.copy(input, run, end);
  return out.finish(wellFormed);
}

const BRACKET_WORDS: Readonly<Record<string, string>> = {
  '.': '.',
  dot: '.',
  ',': '.',
  punto: '.',
  punkt: '.',
  ':': ':',
  '://': '://',
  '/': '/',
  '@': '@',
  at: '@',
  arroba: '@',
};

// Scheme spellings, longest first so that `hxxps` wins over `hxxp`.
const SCHEME_ALIASES: ReadonlyArray<readonly [string, string]> = [
  ['[https]', 'https'],
  ['[http]', 'http'],
  ['htt[ps]', 'https'],
  ['http[s]', 'https'],
  ['htt[p]', 'http'],
  ['https', 'https'],
  ['hxxps', 'https'],
  ['hxtps', 'https'],
  ['htxps', 'https'],
  ['h**ps', 'https'],
  ['xxxxs', 'https'],
  ['http', 'http'],
  ['hxxp', 'http'],
  ['hxtp', 'http'],
  ['htxp', 'http'],
  ['h**p', 'http'],
  ['xxxx', 'http'],
  ['sftp', 'sftp'],
  ['ftps', 'ftps'],
  ['fxps', 'ftps'],
  ['ftp', 'ftp'],
  ['fxp', 'ftp'],
];

const ALIASES_BY_FIRST_CHAR = new Map<number, Array<readonly [string, string]>>();
for (const alias of SCHEME_ALIASES) {
  const first = alias[0].charCodeAt(0) | 0x20; // '[' | 0x20 is '{', which never starts an alias itself
  ALIASES_BY_FIRST_CHAR.set(first, [...(ALIASES_BY_FIRST_CHAR.get(first) ?? []), alias]);
}

function isOpener(code: number): boolean {
  return code === 0x5b || code === 0x28 || code === 0x7b || code === 0x3c;
}
function isCloser(code: number): boolean {
  return code === 0x5d || code === 0x29 || code === 0x7d || code === 0x3e;
}
function isAsciiAlnum(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}
function isAsciiLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}
function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}
function isDashLike(code: number): boolean {
  return (code >= 0x2010 && code <= 0x2015) || code === 0x2212 || code === 0xfe58 || code === 0xfe63 || code === 0xff0d;
}

/** `[.]`, `(dot)`, `{at}`, `[://]` … at i: returns [replacement, length] or null. */
const SINGLE_CHAR_WORDS: Readonly<Record<string, readonly [string, number]>> = {
  '.': ['.', 3],
  ',': ['.', 3],
  ':': [':', 3],
  '/': ['/', 3],
  '@': ['@', 3],
};

function bracketWord(s: string, i: number): readonly [string, number] | null {
  if (isCloser(s.charCodeAt(i + 2))) return SINGLE_CHAR_WORDS[s[i + 1] as string] ?? null;
  const limit = Math.min(s.length, i + 9);
  for (let j = i + 1; j < limit; j++) {
    if (!isCloser(s.charCodeAt(j))) continue;
    const word =
      BRACKET_WORDS[
        s
          .slice(i + 1, j)
          .trim()
          .toLowerCase()
      ];
    return word === undefined ? null : [word, j + 1 - i];
  }
  return null;
}

function startsWithIgnoreCase(s: string, prefix: string, at: number): boolean {
  if (at + prefix.length > s.length) return false;
  for (let k = 0; k < prefix.length; k++) {
    let code = s.charCodeAt(at + k);
    if (code >= 65 && code <= 90) code += 32;
    if (code !== prefix.charCodeAt(k)) return false;
  }
  return true;
}

/** A scheme in any spelling followed by `://` in any spelling (`[:]//`, `[://]`, `: //`, `:///`, `:\\`). */
function scheme(s: string, i: number): readonly [string, number, boolean] | null {
  const aliases = ALIASES_BY_FIRST_CHAR.get(s.charCodeAt(i) | 0x20);
  if (aliases === undefined) return null;
  for (const [alias, canonical] of aliases) {
    if (!startsWithIgnoreCase(s, alias, i)) continue;
    let j = i + alias.length;
    let slashes = 0;
    if (s.startsWith('://', j)) {
      j += 3;
      slashes = 2;
    } else if (s.charCodeAt(j) === 0x3a) j += 1;
    else {
      const word = isOpener(s.charCodeAt(j)) ? bracketWord(s, j) : null;
      if (word === null || (word[0] !== ':' && word[0] !== '://')) return null;
      j += word[1];
      if (word[0] === '://') slashes = 2;
    }
    if (slashes === 0) {
      let spaces = 0;
      while (spaces < 2 && s.charCodeAt(j) === 0x20) {
        j++;
        spaces++;
      }
      while (slashes < 3) {
        const code = s.charCodeAt(j);
        if (code === 0x2f || code === 0x5c) j++;
        else if (isOpener(code) && bracketWord(s, j)?.[0] === '/')
          j += (bracketWord(s, j) as readonly [string, number])[1];
        else break;
        slashes++;
      }
      if (slashes === 0) return null;
    } else if (s.charCodeAt(j) === 0x2f) j++; // `http:///x`
    const plain = s.slice(i, j).toLowerCase() === `${canonical}://`;
    return [`${canonical}://`, j - i, !plain];
  }
  return null;
}

/** `8,8,8,8` (an IPv4 written with commas), but not `1,234,567,890` or a list `1,2,3,4,5`. */
function commaIPv4(s: string, i: number): number {
  const groups: string[] = [];
  let j = i;
  for (;;) {
    const from = j;
    while (j < s.length && j - from < 4 && isDigit(s.charCodeAt(j))) j++;
    const group = s.slice(from, j);
    if (group.length === 0 || group.length > 3 || Number(group) > 255 || (group.length > 1 && group[0] === '0'))
      return 0;
    groups.push(group);
    if (groups.length === 4) break;
    if (s.charCodeAt(j) !== 0x2c) return 0;
    j++;
  }
  const next = s.charCodeAt(j);
  if (isAsciiAlnum(next) || next === 0x2c || ((next === 0x2e || next === 0x2c) && isDigit(s.charCodeAt(j + 1))))
    return 0;
  if (groups.slice(1).every((g) => g.length === 3)) return 0;
  return j - i;
}

function refangPass(p1: Normalised, wellFormed: boolean): Normalised {
  const s = p1.text;
  const out = new Builder(s.length, secondPass);
  let run = 0;
  const replace = (i: number, length: number, text: string, defanged: boolean) => {
    out.copy(s, run, i, p1);
    out.emit(text, p1.starts[i] as number, p1.ends[i + length - 1] as number, defanged);
    run = i + length;
  };
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    const prev = i > 0 ? s.charCodeAt(i - 1) : -1;
    if ((isAsciiLetter(code) || code === 0x5b) && !isAsciiAlnum(prev)) {
      const found = scheme(s, i);
      if (found) {
        replace(i, found[1], found[0], found[2]);
        i += found[1] - 1;
        continue;
      }
    }
    if (isOpener(code)) {
      const word = bracketWord(s, i);
      if (word) {
        replace(i, word[1], word[0], true);
        i += word[1] - 1;
      }
    } else if ((code === 0x5c || code === 0x5e) && s.charCodeAt(i + 1) === 0x2e && isAsciiAlnum(prev)) {
      replace(i, 2, '.', true);
      i += 1;
    } else if (code === 0x20 && isAsciiAlnum(prev)) {
      const word = s.startsWith(' DOT ', i) ? '.' : s.startsWith(' AT ', i) ? '@' : null;
      const length = word === '.' ? 5 : 4;
      if (word !== null && isAsciiAlnum(s.charCodeAt(i + length))) {
        replace(i, length, word, true);
        i += length - 1;
      }
    } else if (isDashLike(code) && isAsciiAlnum(prev) && isDigit(s.charCodeAt(i + 1))) {
      replace(i, 1, '-', false);
    } else if (isDigit(code) && !isAsciiAlnum(prev) && prev !== 0x2e && prev !== 0x2c) {
      const length = commaIPv4(s, i);
      if (length > 0) {
        out.copy(s, run, i, p1);
        for (let k = i; k < i + length; k++) {
          const comma = s.charCodeAt(k) === 0x2c;
          out.emit(comma ? '.' : (s[k] as string), p1.starts[k] as number, p1.ends[k] as number, comma);
        }
        run = i + length;
        i += length - 1;
      }
    }
  }
  out.copy(s, run, s.length, p1);
  return out.finish(wellFormed);
}

/** Normalises input[start, end) for scanning. `entities` decodes `&lt; &gt; &amp;` (Slack escapes those three). */
export function normalise(input: string, start = 0, end = input.length, entities = true): Normalised {
  const wellFormed = isWellFormed(input.slice(start, end));
  return refangPass(cleanPass(input, start, end, entities, wellFormed), wellFormed);
}

/**
 * Undoes defanging in free text: `hxxps://evil[.]example[/]a` → `https://evil.example/a`,
 * `user[at]example(.)com` → `user@example.com`, drops zero-width characters, maps full-width dots.
 * Leaves everything else (including Slack markup and HTML entities) untouched.
 */
export function refang(text: string): string {
  return normalise(text, 0, text.length, false).text;
}
