/**
 * A web page as Markdown, the way MISP's html_to_markdown enrichment module makes a report of it: the page's
 * head, header, footer, scripts and styles dropped, links and images reduced to their text, headings, lists,
 * emphasis, code and quotes kept. One linear pass over the tags; no HTML parser.
 */
const SKIPPED = new Set(['head', 'header', 'footer', 'script', 'style', 'noscript', 'template', 'svg', 'iframe']);
/** Elements whose content is raw text: their end tag is searched for, not parsed up to. */
const RAW_TEXT = new Set(['script', 'style']);
const BLOCKS = new Set([
  'p',
  'div',
  'section',
  'article',
  'main',
  'nav',
  'aside',
  'ul',
  'ol',
  'table',
  'form',
  'dl',
  'figure',
  'body',
]);
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (match, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : match;
    }
    return ENTITIES[name.toLowerCase()] ?? match;
  });
}

export function htmlToMarkdown(html: string): string {
  const lower = html.toLowerCase();
  const out: string[] = [];
  const tag = /<!--[\s\S]*?(?:-->|$)|<(\/?)([a-z][a-z0-9-]*)\b[^>]*>|<![^>]*>|<\?[^>]*>/gi;
  let skipped: string[] = [];
  let pre = 0;
  let last = 0;
  const text = (raw: string) => {
    if (skipped.length || raw === '') return;
    const decoded = decodeEntities(raw);
    if (pre) {
      out.push(decoded);
      return;
    }
    // Whitespace collapses to one space, and to none after a line break, a marker or another space.
    const collapsed = decoded.replace(/\s+/g, ' ');
    const previous = out.at(-1) ?? '\n';
    out.push(/\s$/.test(previous) ? collapsed.trimStart() : collapsed);
  };
  for (let match = tag.exec(html); match; match = tag.exec(html)) {
    text(html.slice(last, match.index));
    last = tag.lastIndex;
    const name = match[2]?.toLowerCase();
    if (!name) continue;
    const closing = match[1] === '/';
    if (SKIPPED.has(name)) {
      if (closing) skipped = skipped.slice(0, Math.max(0, skipped.lastIndexOf(name)));
      else if (RAW_TEXT.has(name)) {
        const end = lower.indexOf(`</${name}`, last);
        const stop = end === -1 ? html.length : lower.indexOf('>', end) + 1 || html.length;
        last = stop;
        tag.lastIndex = stop;
      } else if (!match[0].endsWith('/>')) skipped.push(name);
      continue;
    }
    if (skipped.length) continue;
    const heading = /^h([1-6])$/.exec(name);
    if (heading) out.push(closing ? '\n\n' : `\n\n${'#'.repeat(Number(heading[1]))} `);
    else if (BLOCKS.has(name)) out.push('\n\n');
    else if (name === 'br') out.push('\n');
    else if (name === 'hr') out.push('\n\n---\n\n');
    else if (name === 'li') out.push(closing ? '' : '\n* ');
    else if (name === 'tr') out.push('\n');
    else if (name === 'td' || name === 'th') out.push(closing ? ' |' : ' ');
    else if (name === 'blockquote') out.push(closing ? '\n\n' : '\n\n> ');
    else if (name === 'strong' || name === 'b') out.push('**');
    else if (name === 'em' || name === 'i') out.push('*');
    else if (name === 'code' && !pre) out.push('`');
    else if (name === 'pre') {
      pre = Math.max(0, pre + (closing ? -1 : 1));
      out.push(closing ? '\n```\n\n' : '\n\n```\n');
    }
  }
  text(html.slice(last));
  return out
    .join('')
    .split('\n')
    .map((line) => line.replace(/[ \t]+$/, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
