// Splits Slack message text into plain text, links (`<url>`, `<url|label>`, `<mailto:a@b|a@b>`) and
// mentions (`<@U123>`, `<#C123|name>`, `<!here>`), which carry no indicators.
// Slack escapes a literal `<` as `&lt;`, so a real `<` always opens markup; anything that does not look like
// markup (`<<<|||`, `Bob <bob@example.com>`) stays plain text.

export type Segment =
  | { type: 'text'; start: number; end: number }
  | { type: 'link'; start: number; end: number; labelStart: number; labelEnd: number; mailto: boolean };

const MAX_MARKUP = 8192;

function isSchemeChar(code: number): boolean {
  return (
    (code >= 97 && code <= 122) ||
    (code >= 65 && code <= 90) ||
    (code >= 48 && code <= 57) ||
    code === 43 ||
    code === 45 ||
    code === 46
  );
}

/** `scheme:` at the start of s[from, to), as Slack writes link targets. */
function hasScheme(s: string, from: number, to: number): boolean {
  for (let k = from; k < to && k - from <= 16; k++) {
    const code = s.charCodeAt(k);
    if (code === 58) return k > from + 1;
    if (!isSchemeChar(code) || (k === from && !(code >= 65 && code <= 122))) return false;
  }
  return false;
}

export function slackSegments(s: string): Segment[] {
  const segments: Segment[] = [];
  let textStart = 0;
  let nextGt = -2;
  let nextLt = -2;
  let nextNewline = -2;
  let nextPipe = -2;
  const after = (cached: number, ch: string, from: number) =>
    cached === -1 || cached >= from ? cached : s.indexOf(ch, from);
  let p = s.indexOf('<');
  while (p >= 0) {
    nextGt = after(nextGt, '>', p + 1);
    if (nextGt < 0) break;
    nextLt = after(nextLt, '<', p + 1);
    nextNewline = after(nextNewline, '\n', p + 1);
    const q = nextGt;
    const blocked = (nextLt >= 0 && nextLt < q) || (nextNewline >= 0 && nextNewline < q) || q - p > MAX_MARKUP;
    if (!blocked) {
      const first = s.charCodeAt(p + 1);
      const mention = first === 64 || first === 35 || first === 33; // @ # !
      if (mention || hasScheme(s, p + 1, q)) {
        if (p > textStart) segments.push({ type: 'text', start: textStart, end: p });
        if (!mention) {
          nextPipe = after(nextPipe, '|', p + 1);
          const pipe = nextPipe >= 0 && nextPipe < q ? nextPipe : q;
          const mailto = s.slice(p + 1, p + 8).toLowerCase() === 'mailto:';
          const start = mailto ? p + 8 : p + 1;
          const labelStart = pipe < q ? pipe + 1 : q;
          segments.push({ type: 'link', start, end: pipe, labelStart, labelEnd: q, mailto });
        }
        textStart = q + 1;
      }
    }
    p = nextLt >= 0 && nextLt < q ? nextLt : s.indexOf('<', q + 1);
  }
  if (textStart < s.length) segments.push({ type: 'text', start: textStart, end: s.length });
  return segments;
}
