import type { Database } from 'better-sqlite3';
import { prepare } from '../db/statements.js';
import { flag } from '../model/attributes.js';
import { buildEvent } from '../model/events.js';
import type { AuthUser, Row } from '../types.js';
import { RemoteStatusError, remoteHeaders, remoteVersion } from './pull.js';
import { parseRules, pushAllowed } from './rules.js';
import { fetchText, SourceError, type SyncOptions } from './source.js';

/**
 * A one-way push to another MISP (servers/push), as MISP 2.5's Server::push and Event::uploadEventToServer do it
 * without workers, for a server that is not `internal`:
 * 1. the remote's servers/getVersion says whether its user may sync (`perm_sync`);
 * 2. the local events picked are published ones of distribution 1–3, or 4 with a sharing group the server or the
 *    remote organisation belongs to (`full`: all, `incremental`: above `lastpushedid`, or one event id), then
 *    filtered by the push rules (tag ids, creator organisation ids);
 * 3. the remote's events/filterEventIdsForPush drops those it holds already in the same or a newer version;
 * 4. each event is sent to the remote's events/add (events/edit when it exists there): an event of distribution
 *    below 2 (community only or less) is refused, connected communities become community only, attributes and
 *    objects below 2 are left out, attributes tagged with a NOT tag of the push rules are left out, local and
 *    non-exportable tags are dropped, and `unpublish_event` sends it unpublished.
 * The answer counts pushed events and failures; `lastpushedid` becomes the lowest failed id, else the highest pushed.
 */

export interface PushResult {
  pushed: number[];
  failed: Map<number, string | false>;
}

/** MISP answers an unknown technique with an exception (HTTP 500). */
export class PushTechniqueError extends Error {}

async function remote(
  server: Row,
  path: string,
  options: SyncOptions,
  method: 'GET' | 'POST' | 'HEAD',
  body?: unknown,
): Promise<{ status: number; json: unknown }> {
  const url = `${String(server.url).replace(/\/+$/, '')}${path}`;
  const { status, text } = await fetchText(url, options, {
    method,
    headers: remoteHeaders(server),
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status, json };
}

/** SharingGroup::checkIfServerInSG: a non-roaming group listing servers must list this one, else the remote org. */
function serverInGroup(db: Database, sharingGroupId: number, server: Row, remoteOrgUuid: string): boolean {
  const group = prepare(db, 'SELECT * FROM sharing_groups WHERE id = ?').get(sharingGroupId) as Row | undefined;
  if (!group) return false;
  const servers = prepare(db, 'SELECT server_id, all_orgs FROM sharing_group_servers WHERE sharing_group_id = ?').all(
    sharingGroupId,
  ) as Row[];
  if (servers.length && !flag(group.roaming)) {
    const listed = servers.filter((s) => Number(s.server_id) === Number(server.id));
    if (listed.some((s) => flag(s.all_orgs))) return true;
    if (!listed.length && !flag(server.internal)) return false;
  }
  return Boolean(
    prepare(
      db,
      `SELECT 1 FROM sharing_group_orgs sgo JOIN organisations o ON o.id = sgo.org_id
       WHERE sgo.sharing_group_id = ? AND o.uuid = ?`,
    ).get(sharingGroupId, remoteOrgUuid),
  );
}

function candidateEvents(db: Database, server: Row, technique: string, remoteOrgUuid: string): Row[] {
  let condition: string;
  let value: number;
  if (technique === 'full') [condition, value] = ['e.id > ?', 0];
  else if (technique === 'incremental') [condition, value] = ['e.id > ?', Number(server.lastpushedid ?? 0) || 0];
  else if (Number.parseInt(technique, 10)) [condition, value] = ['e.id = ?', Number.parseInt(technique, 10)];
  else throw new PushTechniqueError("Technique parameter must be 'full', 'incremental' or event ID.");
  const rows = prepare(
    db,
    `SELECT e.* FROM events e WHERE ${condition} AND e.published = 1 AND e.distribution IN (1, 2, 3, 4) ORDER BY e.id`,
  ).all(value) as Row[];
  return rows.filter(
    (e) => Number(e.distribution) !== 4 || serverInGroup(db, Number(e.sharing_group_id), server, remoteOrgUuid),
  );
}

const eventTagIds = (db: Database, eventId: unknown): number[] =>
  (prepare(db, 'SELECT tag_id FROM event_tags WHERE event_id = ?').all(eventId) as Row[]).map((r) => Number(r.tag_id));

/** Tags as they travel: only exportable global ones, without their local ids. */
const syncTags = (tags: unknown): Row[] | undefined => {
  if (!Array.isArray(tags)) return undefined;
  return (tags as Row[])
    .filter((t) => t.exportable !== false && !t.local)
    .map(({ id: _id, user_id: _user, ...rest }) => rest);
};

/** Event::__updateAttributeForSync / __updateObjectForSync for a non-internal server; undefined drops it. */
function forSync(db: Database, item: Row, server: Row, remoteOrgUuid: string): Row | undefined {
  const distribution = Number(item.distribution);
  if (distribution < 2) return undefined;
  if (distribution === 4 && !serverInGroup(db, Number(item.sharing_group_id), server, remoteOrgUuid)) return undefined;
  const { id: _id, event_id: _event, object_id: _object, ...rest } = item;
  return { ...rest, distribution: distribution === 2 ? '1' : String(item.distribution) };
}

function prepareEvent(db: Database, user: AuthUser, event: Row, server: Row, remoteOrgUuid: string): Row {
  const rules = parseRules(server.push_rules);
  const built = buildEvent(db, user, event, {
    deleted: 2,
    noSightings: true,
    blockedTagIds: rules.tags.NOT.map(Number).filter(Number.isFinite),
  });
  const attributes = ((built.Attribute as Row[] | undefined) ?? [])
    .map((a) => forSync(db, a, server, remoteOrgUuid))
    .filter((a): a is Row => a !== undefined)
    .map(({ Galaxy: _g, ShadowAttribute: _s, ...a }) => ({ ...a, ...(a.Tag ? { Tag: syncTags(a.Tag) } : {}) }));
  const objects = ((built.Object as Row[] | undefined) ?? [])
    .map((o) => forSync(db, o, server, remoteOrgUuid))
    .filter((o): o is Row => o !== undefined)
    .map((o) => ({
      ...o,
      Attribute: ((o.Attribute as Row[] | undefined) ?? [])
        .map((a) => forSync(db, a, server, remoteOrgUuid))
        .filter((a): a is Row => a !== undefined)
        .map(({ Galaxy: _g, ShadowAttribute: _s, ...a }) => ({ ...a, ...(a.Tag ? { Tag: syncTags(a.Tag) } : {}) })),
    }));
  const {
    id,
    org_id: _org,
    orgc_id: _orgc,
    Org: _Org,
    RelatedEvent: _related,
    ShadowAttribute: _proposals,
    Galaxy: _galaxy,
    event_creator_email: _email,
    proposal_email_lock: _lock,
    ...header
  } = built;
  const orgc = (built.Orgc ?? {}) as Row;
  return {
    Event: {
      ...header,
      id,
      distribution: Number(built.distribution) === 2 ? '1' : String(built.distribution),
      published: flag(server.unpublish_event) ? false : built.published,
      locked: true,
      Orgc: { name: orgc.name, uuid: orgc.uuid },
      Attribute: attributes,
      Object: objects,
      ...(built.Tag ? { Tag: syncTags(built.Tag) } : {}),
    },
  };
}

/** ServerSyncTool::pushEvent: events/edit when the remote has the event (HEAD events/view), else events/add. */
async function upload(server: Row, payload: Row, options: SyncOptions): Promise<'Success' | string | false> {
  const uuid = String((payload.Event as Row).uuid);
  let exists = false;
  try {
    exists = (await remote(server, `/events/view/${uuid}`, options, 'HEAD')).status === 200;
  } catch {
    exists = false;
  }
  let answer = await remote(
    server,
    exists ? `/events/edit/${uuid}/metadata:1` : '/events/add/metadata:1',
    options,
    'POST',
    payload,
  );
  if (answer.status === 404 && exists)
    answer = await remote(server, '/events/add/metadata:1', options, 'POST', payload);
  else if (answer.status === 404 && !exists) {
    // MISP answers an event that exists with 404 and a Location; try the edit then.
    answer = await remote(server, `/events/edit/${uuid}/metadata:1`, options, 'POST', payload);
  }
  if (answer.status === 200) return 'Success';
  const errors = (answer.json as Row | undefined)?.errors;
  if (
    answer.status === 403 &&
    errors === 'Event could not be saved: Event in the request not newer than the local copy.'
  ) {
    return errors;
  }
  return false;
}

/** Push to one server. Answers MISP's failure message when the remote cannot be used at all. */
export async function push(
  db: Database,
  user: AuthUser,
  server: Row,
  technique: string,
  options: SyncOptions,
): Promise<PushResult | string> {
  let info: Row;
  try {
    info = await remoteVersion(server, options);
    if (typeof info?.version !== 'string') {
      throw new SourceError('Invalid response when fetching server version: `version` field missing.');
    }
  } catch (error) {
    if (error instanceof RemoteStatusError) {
      return `Error: Connection to the server has failed. Returned response code: ${error.status}`;
    }
    if (error instanceof SourceError) {
      return `Error: Connection to the server has failed. The returned exception's error message was: ${error.message}`;
    }
    throw error;
  }
  const result: PushResult = { pushed: [], failed: new Map() };
  if (!info.perm_sync && !info.perm_sighting) return 'Remote instance is outdated or no permission to push.';
  if (!info.perm_sync || !flag(server.push)) return result;
  const remoteOrgUuid = String(
    (prepare(db, 'SELECT uuid FROM organisations WHERE id = ?').get(server.remote_org_id) as Row | undefined)?.uuid ??
      '',
  );
  const rules = parseRules(server.push_rules);
  const candidates = candidateEvents(db, server, technique, remoteOrgUuid).filter((e) =>
    pushAllowed(rules, eventTagIds(db, e.id), Number(e.orgc_id)),
  );
  if (!candidates.length) return result;
  let wanted: Set<string>;
  try {
    const answer = await remote(
      server,
      '/events/filterEventIdsForPush',
      options,
      'POST',
      candidates.map((e) => ({ Event: { uuid: e.uuid, timestamp: String(e.timestamp) } })),
    );
    if (answer.status !== 200 || !Array.isArray(answer.json)) return result;
    wanted = new Set((answer.json as unknown[]).map((u) => String(u).toLowerCase()));
  } catch (error) {
    if (error instanceof SourceError) return result; // MISP logs it and pushes nothing
    throw error;
  }
  const events = candidates.filter((e) => wanted.has(String(e.uuid).toLowerCase()));
  if (!events.length) return result;
  for (const event of events) {
    const id = Number(event.id);
    if (Number(event.distribution) < 2) {
      result.failed.set(id, 'The distribution level of this event blocks it from being pushed.');
      continue;
    }
    try {
      const outcome = await upload(server, prepareEvent(db, user, event, server, remoteOrgUuid), options);
      if (outcome === 'Success') result.pushed.push(id);
      else result.failed.set(id, outcome);
    } catch (error) {
      if (!(error instanceof SourceError)) throw error;
      result.failed.set(id, false);
    }
  }
  const lastPushed = result.failed.size ? Math.min(...result.failed.keys()) : Math.max(...result.pushed);
  prepare(db, 'UPDATE servers SET lastpushedid = ? WHERE id = ?').run(lastPushed, server.id);
  return result;
}
