import type { Database } from 'better-sqlite3';
import { prepare } from '../db/statements.js';
import { flag, isUuid } from '../model/attributes.js';
import { isOrgBlocklisted } from '../routes/org-blocklists.js';
import type { AuthUser, Row } from '../types.js';
import { importEvent } from './import.js';
import { pullRuleParameters } from './rules.js';
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

/** MISP's __checkIfEventSaveAble: a live attribute (in the event or a live object) or a live report. */
function saveable(event: Row): boolean {
  const live = (list: unknown) => Array.isArray(list) && list.some((a: Row) => !a?.deleted);
  if (live(event.Attribute)) return true;
  if (Array.isArray(event.Object) && event.Object.some((o: Row) => !o?.deleted && live(o?.Attribute))) return true;
  return live(event.EventReport);
}

/**
 * The remote's events/index as Server::getEventIdsFromServer reads it: the pull rules as filters (`update`
 * ignores them), published events only, and not those already here in the same or a newer version or created
 * here (not locked).
 */
async function eventsToPull(db: Database, server: Row, withRules: boolean, options: SyncOptions): Promise<string[]> {
  const filters = { ...(withRules ? pullRuleParameters(server.pull_rules) : {}), minimal: 1, published: 1 };
  const index = await remoteJson(server, '/events/index', options, filters);
  if (!Array.isArray(index)) throw new SourceError(`${String(server.url)}/events/index did not answer a list.`);
  const local = prepare(db, 'SELECT timestamp, locked FROM events WHERE uuid = ?');
  return index
    .filter((e: Row) => flag(e?.published))
    .filter((e: Row) => !isOrgBlocklisted(db, e?.orgc_uuid)) // MISP drops them from the remote index
    .filter((e: Row) => {
      const here = local.get(String(e.uuid ?? '').toLowerCase()) as Row | undefined;
      return !here || (Number(here.timestamp) < Number(e.timestamp) && flag(here.locked));
    })
    .map((e: Row) => String(e.uuid ?? ''))
    .filter(Boolean)
    .reverse(); // the oldest first, as MISP pulls them
}

/** Thrown for a technique MISP does not know (its message is the answer's error). */
export class PullTechniqueError extends SourceError {}

/**
 * `technique`: full (every published event the pull rules let through), update (only events already here,
 * rules ignored), or a remote event id or uuid. MISP 2.5 knows no `incremental` pull: it fails with "Invalid pull
 * technique `incremental`.".
 */
export async function pull(
  db: Database,
  user: AuthUser,
  server: Row,
  technique: string,
  options: SyncOptions,
): Promise<PullResult> {
  await remoteVersion(server, options);
  let refs: string[];
  if (technique === 'full') refs = await eventsToPull(db, server, true, options);
  else if (technique === 'update') {
    const local = new Set(
      (db.prepare('SELECT uuid FROM events').all() as Row[]).map((r) => String(r.uuid).toLowerCase()),
    );
    refs = (await eventsToPull(db, server, false, options)).filter((uuid) => local.has(uuid.toLowerCase()));
  } else if (/^\d+$/.test(technique) || isUuid(technique)) refs = [technique];
  else throw new PullTechniqueError(`Invalid pull technique \`${technique}\`.`);
  const events: Row[] = [];
  let failed = 0;
  for (const ref of refs) {
    try {
      const event = preparePulledEvent((await remoteJson(server, `/events/view/${ref}`, options)) as Row);
      if (saveable(event)) events.push(event);
      else failed += 1; // "Empty event detected."
    } catch (error) {
      // A single event the remote refuses is counted as not pulled, as MISP does; a broken connection stops all.
      if (error instanceof RemoteStatusError && (error.status === 404 || error.status === 403)) failed += 1;
      else throw error;
    }
  }
  const existing = prepare(db, 'SELECT locked FROM events WHERE uuid = ?');
  return db.transaction(() => {
    const result = { pulled: 0, failed };
    for (const event of events) {
      const here = existing.get(String(event.uuid ?? '').toLowerCase()) as Row | undefined;
      // "Blocked an edit to an event that was created locally."
      if (here && !flag(here.locked) && !flag(server.internal)) {
        result.failed += 1;
        continue;
      }
      const outcome = importEvent(db, user, event, { locked: true });
      if (typeof outcome === 'string') result.failed += 1;
      else result.pulled += 1;
    }
    return result;
  })();
}
