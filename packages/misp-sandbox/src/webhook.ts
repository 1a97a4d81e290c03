import { createHmac } from 'node:crypto';

export interface WebhookOptions {
  url: string;
  secret: string;
  /** Abort the POST after this long (default 5 s). */
  timeoutMs?: number;
}

/** Header carrying `sha256=<hex HMAC-SHA256 of the raw body keyed with the secret>`. */
export const SIGNATURE_HEADER = 'X-Mispkit-Signature';

export function sign(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * Shapes a full event like MISP's workflow roaming data: `{Event: {..., _AttributeFlattened}}`
 * where `_AttributeFlattened` holds event and object attributes together, each with `_allTags`.
 */
export function workflowPayload(event: Record<string, unknown>): { Event: Record<string, unknown> } {
  const eventTags = ((event.Tag as Record<string, unknown>[] | undefined) ?? []).map((t) => ({
    ...t,
    inherited: true,
  }));
  const direct = (event.Attribute as Record<string, unknown>[] | undefined) ?? [];
  const fromObjects = ((event.Object as Record<string, unknown>[] | undefined) ?? []).flatMap(
    (o) => (o.Attribute as Record<string, unknown>[] | undefined) ?? [],
  );
  const flattened = [...direct, ...fromObjects].map((a) => ({
    ...a,
    _allTags: [...((a.Tag as Record<string, unknown>[] | undefined) ?? []), ...eventTags],
  }));
  return { Event: { ...event, _AttributeFlattened: flattened } };
}

/** Fire-and-forget POST; failures are logged without the URL's credentials or the secret. */
export function deliver(options: WebhookOptions, payload: unknown, log: (line: string) => void = console.error): void {
  const body = JSON.stringify(payload);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? 5000);
  let target = 'webhook';
  try {
    const url = new URL(options.url);
    target = `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    // keep the generic label
  }
  fetch(options.url, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Accept: 'application/json',
      'User-Agent': 'MISP 2.5.1 (mispkit sandbox)',
      [SIGNATURE_HEADER]: sign(body, options.secret),
    },
    body,
    signal: controller.signal,
  })
    .then(async (response) => {
      await response.arrayBuffer().catch(() => undefined);
      if (!response.ok) log(`misp-sandbox: webhook ${target} answered HTTP ${response.status}`);
    })
    .catch((error: unknown) => {
      log(`misp-sandbox: webhook ${target} failed: ${error instanceof Error ? error.name : 'error'}`);
    })
    .finally(() => clearTimeout(timer));
}
