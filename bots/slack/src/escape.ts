// Everything that came from MISP (titles, tags, org names, comments, warninglist names) or from a
// user is untrusted. Slack parses `<…>` as mentions and links (`<!channel>`, `<@U1>`,
// `<http://evil|click>`), and `*_~`` ` `` as formatting; these helpers make such text inert.
// Every mrkdwn text object we send also carries `verbatim: true` so Slack does not auto-link.

// Control characters (except newline and tab) can hide text or break layout.
// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/g;

/** Escapes the three characters Slack treats as control characters, and only those. */
export function escapeMrkdwn(text: string): string {
  return text.replace(CONTROL, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escapes and also neutralises mrkdwn formatting with look-alike characters, so `*x*` stays literal. */
export function safeText(text: string): string {
  return escapeMrkdwn(text).replace(/\*/g, '∗').replace(/~/g, '∼').replace(/`/g, 'ˋ').replace(/_/g, 'ˍ');
}

/** Text for a single line: newlines become spaces. */
export function safeLine(text: string): string {
  return safeText(text.replace(/[\r\n\t]+/g, ' ').trim());
}

/** An inline code span; formatting inside code spans is not applied, but `<` still must be escaped. */
export function codeSpan(text: string, max = 300): string {
  const inner = clampEscaped(escapeMrkdwn(text.replace(/[\r\n\t]+/g, ' ').replace(/`/g, 'ˋ')), max);
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

/** Cuts an already escaped string to `max` characters without splitting an `&amp;`-style entity. */
export function clampEscaped(escaped: string, max: number): string {
  if (escaped.length <= max) return escaped;
  let cut = escaped.slice(0, Math.max(0, max - 1));
  const amp = cut.lastIndexOf('&');
  if (amp !== -1 && !cut.slice(amp).includes(';')) cut = cut.slice(0, amp);
  return `${cut}…`;
}

/** Clamps plain text (for `plain_text` objects, which need no escaping) to `max` characters. */
export function clampPlain(text: string, max: number): string {
  const clean = text.replace(CONTROL, '');
  if (clean.length <= max) return clean;
  return `${clean.slice(0, Math.max(0, max - 1))}…`;
}
