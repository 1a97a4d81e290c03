// Everything that came from MISP (titles, tags, org names, comments, warninglist names) or from a
// user is untrusted. Slack parses `<…>` as mentions and links (`<!channel>`, `<@U1>`,
// `<http://evil|click>`), and `*_~`` ` `` as formatting; these helpers make such text inert.
// Every mrkdwn text object we send also carries `verbatim: true` so Slack does not auto-link.

// Characters that can hide, reorder or disguise text, removed from everything we send:
// - control characters (Cc) except newline and tab;
// - every format character (Cf): the bidi embeddings, overrides and isolates (U+202A–U+202E,
//   U+2066–U+2069), the marks (U+200E, U+200F, U+061C), zero-width characters (U+200B–U+200D,
//   U+2060, U+FEFF), invisible operators, soft hyphens, interlinear annotations, tag characters;
// - the Hangul fillers, letters that render as nothing (a favourite for blank-looking names).
// Unpaired surrogates go too: they are not text, and Slack refuses or mangles them.
// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\p{Cf}\u115f\u1160\u3164\uffa0]|\p{Cs}/gu;
/** Line and paragraph separators end a line as a newline does. */
const LINE_SEPARATORS = /[\u2028\u2029\u0085]/g;

/** Removes what can hide, reorder or disguise text (see CONTROL); newlines and tabs stay. */
export function stripInvisible(text: string): string {
  return text.replace(LINE_SEPARATORS, '\n').replace(CONTROL, '');
}

/** Escapes the three characters Slack treats as control characters, and only those. */
export function escapeMrkdwn(text: string): string {
  return stripInvisible(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const LOOK_ALIKE: Record<string, string> = { '*': '∗', _: 'ˍ', '~': '∼', '`': 'ˋ' };
const WORD = /[\p{L}\p{N}]/u;
const SPACE = /\s/;

/**
 * Where Slack could turn a pair of `*`, `_` or `~` into bold, italic or strike: an opening marker not
 * preceded by a letter or digit and followed by a non-space, and a later closing marker preceded by
 * a non-space and not followed by a letter or digit. Deliberately broader than Slack's own rules (it
 * ignores line ends and Slack's punctuation lists), so that whatever Slack might format is caught.
 */
function formattingPairs(text: string): Set<number> {
  const hits = new Set<number>();
  const n = text.length;
  for (const marker of ['*', '_', '~']) {
    // closer[k]: the first possible closing marker at or after k (-1: none), so that finding the
    // partner of each opening marker costs O(1) and hostile text stays linear.
    const closer = new Int32Array(n + 2).fill(-1);
    for (let k = n - 1; k >= 0; k--) {
      const next = text[k + 1];
      const closes =
        text[k] === marker && k > 0 && !SPACE.test(text[k - 1] as string) && (next === undefined || !WORD.test(next));
      closer[k] = closes ? k : (closer[k + 1] as number);
    }
    for (let i = 0; i < n; i++) {
      if (text[i] !== marker || hits.has(i)) continue;
      const before = text[i - 1];
      const after = text[i + 1];
      if ((before !== undefined && WORD.test(before)) || after === undefined || SPACE.test(after)) continue;
      const j = closer[i + 2] as number;
      if (j === -1) continue;
      hits.add(i).add(j);
      i = j;
    }
  }
  return hits;
}

/**
 * Escapes, and keeps mrkdwn formatting from applying, while changing as few characters as possible
 * so that copied text still matches MISP: `to_ids`, `file_name.exe`, `a*b` and a lone backtick stay
 * exactly as they are. Only markers that could pair into bold/italic/strike (`*urgent*`, `_x_`), and
 * backticks when two or more could form a code span, become look-alike characters.
 */
export function safeText(text: string): string {
  const escaped = escapeMrkdwn(text);
  const pairs = formattingPairs(escaped);
  const codeSpans = (escaped.match(/`/g)?.length ?? 0) >= 2;
  if (pairs.size === 0 && !codeSpans) return escaped;
  let out = '';
  for (let i = 0; i < escaped.length; i++) {
    const c = escaped[i] as string;
    out += pairs.has(i) || (codeSpans && c === '`') ? (LOOK_ALIKE[c] ?? c) : c;
  }
  return out;
}

/** Text for a single line: newlines become spaces. */
export function safeLine(text: string): string {
  return safeText(
    stripInvisible(text)
      .replace(/[\r\n\t]+/g, ' ')
      .trim(),
  );
}

/** An inline code span; formatting inside code spans is not applied, but `<` still must be escaped. */
export function codeSpan(text: string, max = 300): string {
  const inner = clampEscaped(
    escapeMrkdwn(
      stripInvisible(text)
        .replace(/[\r\n\t]+/g, ' ')
        .replace(/`/g, 'ˋ'),
    ),
    max,
  );
  return `\`${inner || ' '}\``;
}

/** Label for `<url|label>`: no `|` or newlines, escaped, neutralised. */
export function linkLabel(text: string, max = 200): string {
  return clampEscaped(safeLine(text.replace(/\|/g, '¦')), max);
}

/** A Slack link; the url must be one we built (MISP base URL + path), never feed data. */
export function link(url: string, label: string): string {
  return `<${url.replace(/[<>|\s]/g, encodeURIComponent)}|${linkLabel(label)}>`;
}

/** The first `n` UTF-16 units of `text`, one fewer if that would split a surrogate pair. */
function head(text: string, n: number): string {
  const code = text.charCodeAt(n - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? n - 1 : n);
}

/**
 * Cuts an already escaped string to `max` characters (as Slack counts them, UTF-16 units) without
 * splitting an `&amp;`-style entity or a surrogate pair.
 */
export function clampEscaped(escaped: string, max: number): string {
  if (escaped.length <= max) return escaped;
  let cut = head(escaped, Math.max(0, max - 1));
  const amp = cut.lastIndexOf('&');
  if (amp !== -1 && !cut.slice(amp).includes(';')) cut = cut.slice(0, amp);
  return `${cut}…`;
}

/** Clamps plain text (for `plain_text` objects, which need no escaping) to `max` characters. */
export function clampPlain(text: string, max: number): string {
  const clean = stripInvisible(text);
  if (clean.length <= max) return clean;
  return `${head(clean, Math.max(0, max - 1))}…`;
}
