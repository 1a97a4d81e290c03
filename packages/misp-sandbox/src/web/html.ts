// HTML for the sandbox's few browser pages. Everything shown comes from the database, which holds
// hostile feed data in the demo seed, so every value goes through `text()`; nothing is trusted.

/** Escapes text for HTML element content and double-quoted attributes. */
export function text(value: unknown): string {
  return String(value ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}

/** Marks a string as already-built HTML so `page()` callers cannot pass raw data by mistake. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    const parts = Array.isArray(value) ? value : [value];
    for (const part of parts) out += part instanceof Html ? part.value : text(part);
    out += strings[i + 1] ?? '';
  });
  return new Html(out);
}

const STYLE = `
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:0;color:#222;background:#f5f6f8}
header{background:#1f2d3d;color:#fff;padding:10px 20px;display:flex;gap:16px;align-items:center;flex-wrap:wrap}
header a{color:#cfe3ff}header .brand{font-weight:700;color:#fff;text-decoration:none}header .who{margin-left:auto;font-size:13px}
main{max-width:1100px;margin:0 auto;padding:16px 20px}
h1{font-size:22px;margin:8px 0 12px;overflow-wrap:anywhere}h2{font-size:17px;margin:22px 0 8px}
table{border-collapse:collapse;width:100%;background:#fff;font-size:14px}
th,td{border:1px solid #d8dde3;padding:5px 8px;text-align:left;vertical-align:top;overflow-wrap:break-word}
td code,td.long{overflow-wrap:anywhere}td.nowrap{white-space:nowrap}
th{background:#eef1f4;font-weight:600}
dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 14px;background:#fff;padding:10px 14px;border:1px solid #d8dde3;margin:0}
dt{font-weight:600}dd{margin:0;overflow-wrap:anywhere}
.tag{display:inline-block;border-radius:3px;padding:0 6px;margin:1px 3px 1px 0;font-size:12px;font-weight:600;border:1px solid rgba(0,0,0,.15)}
.note{background:#fff8d6;border:1px solid #e9d77a;padding:8px 12px;margin:10px 0}
.error{background:#fde8e8;border:1px solid #e3a3a3;padding:8px 12px;margin:10px 0}
form.login{background:#fff;border:1px solid #d8dde3;padding:16px 20px;max-width:420px}
form.login label{display:block;margin:8px 0 2px;font-weight:600}
form.login input{width:100%;box-sizing:border-box;padding:6px 8px;font:inherit}
form.login button{margin-top:14px;padding:6px 18px;font:inherit}
code{font:13px ui-monospace,Menlo,Consolas,"DejaVu Sans Mono",monospace;background:#eef1f4;padding:0 3px;overflow-wrap:anywhere}
.muted{color:#666;font-size:13px}
`;

export function page(title: string, body: Html, signedInAs?: string): string {
  const who = signedInAs ? html`<span class="who">${signedInAs} · <a href="/users/logout">Log out</a></span>` : html``;
  return `<!doctype html>${html`<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title} · MISP sandbox</title><link rel="icon" href="data:,"><style>${new Html(STYLE)}</style></head><body><header><a class="brand" href="/events/index">MISP sandbox</a><a href="/events/index">Events</a>${who}</header><main>${body}</main></body></html>`}`;
}

/** A MISP tag pill in the tag's own colour, with readable text on it. */
export function tagPill(tag: { name?: unknown; colour?: unknown }): Html {
  const colour = /^#[0-9a-f]{6}$/i.test(String(tag.colour)) ? String(tag.colour) : '#dddddd';
  const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(colour.slice(i, i + 2), 16)) as [number, number, number];
  const ink = r * 0.299 + g * 0.587 + b * 0.114 > 150 ? '#000' : '#fff';
  return html`<span class="tag" style="background:${colour};color:${ink}">${tag.name}</span>`;
}
