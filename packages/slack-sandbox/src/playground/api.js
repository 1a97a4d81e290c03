// The sandbox's playground HTTP API (/_sandbox/*). Errors carry the server's message so the page can show it.

export class SandboxError extends Error {
  constructor(message, status, body) {
    super(message);
    this.name = 'SandboxError';
    this.status = status;
    this.body = body;
  }
}

async function request(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const raw = await response.text();
  let parsed = null;
  try {
    parsed = raw ? JSON.parse(raw) : null;
  } catch {
    parsed = null;
  }
  if (!response.ok || (parsed && parsed.ok === false)) {
    const code = parsed?.error ?? parsed?.message;
    const reason = code
      ? parsed?.detail
        ? `${code} (${parsed.detail})`
        : code
      : raw.slice(0, 200) || response.statusText;
    throw new SandboxError(String(reason), response.status, parsed);
  }
  return parsed;
}

export const api = {
  state: () => request('GET', '/_sandbox/state'),
  async messages(channel, as) {
    const body = await request(
      'GET',
      `/_sandbox/channels/${encodeURIComponent(channel)}/messages?as=${encodeURIComponent(as)}`,
    );
    return Array.isArray(body) ? body : (body?.messages ?? []);
  },
  slash: (payload) => request('POST', '/_sandbox/slash', payload),
  action: (payload) => request('POST', '/_sandbox/action', payload),
  shortcut: (payload) => request('POST', '/_sandbox/shortcut', payload),
  postMessage: (payload) => request('POST', '/_sandbox/message', payload),
  appHomeOpened: (payload) => request('POST', '/_sandbox/app-home-opened', payload),
  submitView: (payload) => request('POST', '/_sandbox/view-submission', payload),
};
