// Slack mrkdwn → DOM nodes. Text arrives Slack-escaped (`&amp; &lt; &gt;`); every piece of it ends up
// in a text node or an attribute set through the DOM API, never in innerHTML, because hostile MISP data
// is rendered through this page.
import { EMOJI, SKIN } from './emoji-data.js';

/** Undo Slack's three escapes (and nothing else: `&quot;` stays literal, as in Slack). */
export function unescapeSlack(text) {
  return String(text).replace(/&(amp|lt|gt);/g, (_, name) => ({ amp: '&', lt: '<', gt: '>' })[name]);
}

const SHORTCODE = /:([a-z0-9_+-]+):(?::skin-tone-([2-6]):)?/g;

/**
 * The character(s) for a Slack shortcode, from Slack's own data (emoji-datasource, see
 * emoji-data.js): every alias (`:+1:` = `:thumbsup:`) and skin tones (`:+1::skin-tone-3:`). An
 * emoji without skin-tone forms gets the tone swatch after it, as Slack shows it. Unknown: undefined.
 */
export function emojiChar(name, tone) {
  const base = EMOJI[name];
  if (base === undefined) return undefined;
  if (!tone) return base;
  return SKIN[name]?.split(' ')[Number(tone) - 2] ?? `${base}${EMOJI[`skin-tone-${tone}`] ?? ''}`;
}

/** One emoji as Slack draws it: a glyph of its own size, the shortcode on hover. */
export function emojiNode(char, shortcode) {
  const node = el('span', 'mk-emoji', [char]);
  node.title = shortcode;
  return node;
}

/** Text with `:shortcodes:` → text and emoji nodes; unknown shortcodes stay text, as in Slack. */
export function emojiNodes(text) {
  const out = [];
  let last = 0;
  for (const match of text.matchAll(SHORTCODE)) {
    const char = emojiChar(match[1], match[2]);
    if (char === undefined) continue;
    if (match.index > last) out.push(document.createTextNode(text.slice(last, match.index)));
    out.push(emojiNode(char, match[0]));
    last = match.index + match[0].length;
  }
  if (last < text.length || out.length === 0) out.push(document.createTextNode(text.slice(last)));
  return out;
}

/** The node for an emoji by name (rich_text `emoji` elements): the emoji, or `:name:` when unknown. */
export function emojiFor(name, tone) {
  const char = emojiChar(name, tone);
  return char === undefined ? document.createTextNode(`:${name}:`) : emojiNode(char, `:${name}:`);
}

function el(tag, className, children) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  for (const child of children ?? []) node.append(child);
  return node;
}

/** Only schemes that cannot run script become clickable links. */
export function safeUrl(url) {
  const trimmed = String(url).trim();
  return /^(https?:|mailto:)/i.test(trimmed) ? trimmed : null;
}

export function linkNode(href, label) {
  const safe = safeUrl(href);
  if (!safe) return el('span', 'mk-link-unsafe', [label]);
  const a = el('a', 'mk-link', [label]);
  a.href = safe;
  a.target = '_blank';
  a.rel = 'noopener noreferrer';
  return a;
}

function mention(className, label, title) {
  const node = el('span', `mk-mention ${className}`, [label]);
  if (title) node.title = title;
  return node;
}

/** `<…>` control sequences: mentions, channel links, special mentions, dates, URLs. */
function angleToken(body, ctx) {
  const bar = body.indexOf('|');
  const target = bar === -1 ? body : body.slice(0, bar);
  const label = bar === -1 ? null : unescapeSlack(body.slice(bar + 1));
  if (target.startsWith('@')) {
    const id = target.slice(1);
    const user = ctx.users?.get(id);
    return mention('mk-user', `@${user?.real_name || user?.name || label || id}`, id);
  }
  if (target.startsWith('#')) {
    const id = target.slice(1);
    const channel = ctx.channels?.get(id);
    return mention('mk-channel', `#${label || channel?.name || id}`, id);
  }
  if (target.startsWith('!')) {
    const [kind, ...rest] = target.slice(1).split('^');
    if (kind === 'here' || kind === 'channel' || kind === 'everyone') {
      return mention('mk-broadcast', `@${kind}`);
    }
    if (kind === 'subteam') return mention('mk-user', label || `@${rest[0] ?? 'group'}`);
    if (kind === 'date') {
      const seconds = Number(rest[0]);
      const when = Number.isFinite(seconds) ? new Date(seconds * 1000).toLocaleString() : null;
      return el('span', 'mk-date', [when ?? label ?? '']);
    }
    return document.createTextNode(label ?? `<${unescapeSlack(target)}>`);
  }
  const url = unescapeSlack(target);
  // Not a URL Slack could link (e.g. raw `<img …>` a bot forgot to escape): show it exactly as written.
  if (!safeUrl(url) && label === null) return document.createTextNode(`<${url}>`);
  return linkNode(url, label ?? url);
}

const STYLES = { '*': 'b', _: 'i', '~': 's' };
const BOUNDARY_BEFORE = /[\s([{"'“‘«.,;:!?/-]/;
const BOUNDARY_AFTER = /[\s)\]}"'”’».,;:!?/-]/;

function findClosing(text, marker, from) {
  for (let j = from; j < text.length; j++) {
    const c = text[j];
    if (c === '\n') return -1;
    if (c === marker && j > from && text[j - 1] !== ' ') {
      const after = text[j + 1];
      if (after === undefined || BOUNDARY_AFTER.test(after) || STYLES[after] || after === '`') return j;
    }
  }
  return -1;
}

const BARE_URL = /\bhttps?:\/\/[^\s<>]+[^\s<>.,;:!?)\]'"]/g;

function textNodes(raw, ctx, out) {
  const text = unescapeSlack(raw);
  if (ctx.verbatim) {
    out.push(...(ctx.emoji === false ? [document.createTextNode(text)] : emojiNodes(text)));
    return;
  }
  // Slack auto-links bare URLs when verbatim is false.
  let last = 0;
  for (const match of text.matchAll(BARE_URL)) {
    if (match.index > last) out.push(...emojiNodes(text.slice(last, match.index)));
    out.push(linkNode(match[0], match[0]));
    last = match.index + match[0].length;
  }
  if (last < text.length) out.push(...emojiNodes(text.slice(last)));
}

/** Inline mrkdwn (one paragraph, may contain newlines) → nodes. */
export function renderInline(text, ctx = {}) {
  const out = [];
  let plain = '';
  const flush = () => {
    if (plain) textNodes(plain, ctx, out);
    plain = '';
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '<') {
      const end = text.indexOf('>', i + 1);
      if (end > i + 1) {
        flush();
        out.push(angleToken(text.slice(i + 1, end), ctx));
        i = end + 1;
        continue;
      }
    } else if (c === '`') {
      const end = text.indexOf('`', i + 1);
      if (end > i + 1) {
        flush();
        out.push(el('code', 'mk-code', [unescapeSlack(text.slice(i + 1, end))]));
        i = end + 1;
        continue;
      }
    } else if (STYLES[c]) {
      const before = text[i - 1];
      const opens = before === undefined || BOUNDARY_BEFORE.test(before) || STYLES[before];
      const next = text[i + 1];
      if (opens && next !== undefined && next !== ' ' && next !== c) {
        const end = findClosing(text, c, i + 1);
        if (end !== -1) {
          flush();
          out.push(el(STYLES[c], `mk-${STYLES[c]}`, renderInline(text.slice(i + 1, end), ctx)));
          i = end + 1;
          continue;
        }
      }
    }
    plain += c;
    i++;
  }
  flush();
  return out;
}

const QUOTE_LINE = /^(>|&gt;)(?!>|&gt;) ?/;
const QUOTE_REST = /^(>>>|&gt;&gt;&gt;) ?/;

function renderParagraphs(text, ctx, out) {
  const lines = text.split('\n');
  let normal = [];
  let quoted = [];
  const flushNormal = () => {
    if (normal.length) out.push(el('span', 'mk-p', renderInline(normal.join('\n'), ctx)));
    normal = [];
  };
  const flushQuoted = () => {
    if (quoted.length) out.push(el('blockquote', 'mk-quote', renderInline(quoted.join('\n'), ctx)));
    quoted = [];
  };
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n];
    const rest = QUOTE_REST.exec(line);
    if (rest) {
      flushNormal();
      quoted.push(line.slice(rest[0].length), ...lines.slice(n + 1));
      break;
    }
    const quote = QUOTE_LINE.exec(line);
    if (quote) {
      flushNormal();
      quoted.push(line.slice(quote[0].length));
    } else {
      flushQuoted();
      normal.push(line);
    }
  }
  flushNormal();
  flushQuoted();
}

/**
 * Full mrkdwn text → a fragment: ```preformatted``` blocks, `>` quotes, then inline formatting.
 * ctx: { users: Map, channels: Map, verbatim?: boolean }
 */
export function renderMrkdwn(text, ctx = {}) {
  const fragment = document.createDocumentFragment();
  const source = String(text ?? '');
  const parts = source.split('```');
  parts.forEach((part, index) => {
    const isPre = index % 2 === 1 && index < parts.length - 1;
    if (isPre) {
      fragment.append(el('pre', 'mk-pre', [unescapeSlack(part.replace(/^\n/, ''))]));
    } else if (part) {
      const nodes = [];
      renderParagraphs(index % 2 === 1 ? `\`\`\`${part}` : part, ctx, nodes);
      fragment.append(...nodes);
    }
  });
  return fragment;
}

/** A Block Kit text object (mrkdwn or plain_text) → a fragment. */
export function renderTextObject(object, ctx = {}) {
  if (!object || typeof object !== 'object') return document.createDocumentFragment();
  if (object.type === 'mrkdwn') return renderMrkdwn(object.text, { ...ctx, verbatim: object.verbatim === true });
  const text = unescapeSlack(object.text ?? '');
  const fragment = document.createDocumentFragment();
  fragment.append(...(object.emoji === false ? [text] : emojiNodes(text)));
  return fragment;
}
