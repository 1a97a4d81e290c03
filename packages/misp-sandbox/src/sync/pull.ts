import type { Database } from 'better-sqlite3';
import type { AuthUser, Row } from '../types.js';
import { importEvent } from './import.js';
import { fetchText, parseJson, SourceError, type SyncOptions } from './source.js';

/**
 * A one-way pull from another MISP (servers/pull), as MISP 2.5's Server::pull does it without workers: the
 * remote's version is asked first, then its index of published events (what the remote lets the sync user
 * see), then each event. Before saving, distributions are downgraded one step (community only → your
 * organisation only, connected communities → community only, at event and attribute level), local tags are
 * dropped and the event is locked. Everything is downloaded before anything is saved, so a remote that fails
 * half-way leaves nothing behind.
 */

export const LOCAL_VERSION = '2.5.1';

export function remoteHeaders(server: Row): Record<string, string> {
  return {
    Authorization: String(server.authkey),
    Accept: 'application/json',
    'Content-Type': 'application/json',
    'User-Agent': `MISP ${LOCAL_VERSION} - #mispkit-sandbox`,
  };
}

export class RemoteStatusError extends SourceError {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function remoteJson(server: Row, path: string, options: SyncOptions, body?: unknown): Promise<unknown> {
  const url = `${String(server.url).replace(/\/+$/, '')}${path}`;
  const { status, text } = await fetchText(url, options, {
    method: body === undefined ? 'GET' : 'POST',
    headers: remoteHeaders(server),
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (status === 403) {
    throw new RemoteStatusError(
      403,
      'Not authorised. This is either due to an invalid auth key, or due to the sync user not having authentication permissions enabled on the remote server. Another reason could be an incorrect sync server setting.',
    );
  }
  if (status !== 200) throw new RemoteStatusError(status, `${url} answered HTTP ${status}.`);
  return parseJson(text, url);
}

export const remoteVersion = (server: Row, options: SyncOptions) =>
  remoteJson(server, '/servers/getVersion', options) as Promise<Row>;

const downgrade = (value: unknown): unknown => (String(value) === '1' ? '0' : String(value) === '2' ? '1' : value);
const globalOnly = (tags: unknown) => (Array.isArray(tags) ? tags.filter((t: Row) => !t?.local) : tags);

export function preparePulledEvent(body: Row): Row {
  const event = { ...((body.Event as Row | undefined) ?? body) };
  event.distribution = downgrade(event.distribution ?? '1');
  event.Tag = globalOnly(event.Tag);
  const attribute = (a: Row) => ({ ...a, distribution: downgrade(a.distribution), Tag: globalOnly(a.Tag) });
  if (Array.isArray(event.Attribute)) event.Attribute = event.Attribute.map(attribute);
  if (Array.isArray(event.Object)) {
    event.Object = event.Object.map((o: Row) => ({
      ...o,
      distribution: downgrade(o.distribution),
      Attribute: Array.isArray(o.Attribute) ? o.Attribute.map(attribute) : o.Attribute,
    }));
  }
  return event;
}

export interface PullResult {
  pulled: number;
  failed: number;
}

/** `technique`: full | incremental (every published event), update (only events already here), or an event id. */
export async function pull(
  db: Database,
  user: AuthUser,
  server: Row,
  technique: string,
  options: SyncOptions,
): Promise<PullResult> {
  await remoteVersion(server, options);
  let refs: string[];
  if (/^\d+$/.test(technique)) refs = [technique];
  else {
    const index = await remoteJson(server, '/events/index', options, { minimal: 1, published: 1 });
    if (!Array.isArray(index)) throw new SourceError(`${String(server.url)}/events/index did not answer a list.`);
    refs = index.map((e: Row) => String(e?.uuid ?? '')).filter(Boolean);
    if (technique === 'update') {
      const local = new Set(
        (db.prepare('SELECT uuid FROM events').all() as Row[]).map((r) => String(r.uuid).toLowerCase()),
      );
      refs = refs.filter((uuid) => local.has(uuid.toLowerCase()));
    }
  }
  const events: Row[] = [];
  let failed = 0;
  for (const ref of refs) {
    try {
      events.push(preparePulledEvent((await remoteJson(server, `/events/view/${ref}`, options)) as Row));
    } catch (error) {
      // A single event the remote refuses is counted as not pulled, as MISP does; a broken connection stops all.
      if (error instanceof RemoteStatusError && (error.status === 404 || error.status === 403)) failed += 1;
      else throw error;
    }
  }
  return db.transaction(() => {
    const result = { pulled: 0, failed };
    for (const event of events) {
      const outcome = importEvent(db, user, event, { locked: true });
      if (typeof outcome === 'string') result.failed += 1;
      else result.pulled += 1;
    }
    return result;
  })();
}
