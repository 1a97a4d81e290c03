// What MISP's event and organisation blocklists share (its BlocklistComponent): entries of uuids, added in bulk
// from a list or newline-separated text, edited, removed, listed — site admins only. Each kind names its table,
// its uuid column, the fields an entry carries and how MISP writes an entry.
import type { Database } from 'better-sqlite3';
import { nowText } from '../accounts/roles.js';
import { prepare } from '../db/statements.js';
import { HttpError, saveSuccess } from '../http.js';
import { isUuid } from '../model/attributes.js';
import type { Route } from '../router.js';
import type { RequestContext, Row } from '../types.js';

export interface BlocklistKind {
  /** `event_blocklists`: the controller, which is also the table. */
  controller: string;
  /** `EventBlocklist`: the body's optional wrapper and the key of an edited entry in the answer. */
  model: string;
  /** `event_uuid`: the blocked uuid. */
  uuidColumn: string;
  /** The other fields an entry carries (comment, event_info, …), all text. */
  fields: readonly string[];
  /** Whether `index` reads each field and `searchall` as named-parameter filters (MISP: event blocklists only). */
  filters: boolean;
  format(db: Database, row: Row): Record<string, unknown>;
  /** What else goes when an entry is removed. */
  onRemove?(db: Database, row: Row): void;
}

export const isBlocklisted = (db: Database, kind: BlocklistKind, uuid: unknown): boolean =>
  typeof uuid === 'string' &&
  prepare(db, `SELECT 1 FROM ${kind.controller} WHERE ${kind.uuidColumn} = ?`).get(uuid) !== undefined;

/** Adds an entry unless the uuid is invalid or already blocked; whether it was saved. */
export function addBlocklistEntry(db: Database, kind: BlocklistKind, uuid: string, fields: Row): boolean {
  if (!isUuid(uuid) || isBlocklisted(db, kind, uuid)) return false;
  const columns = [kind.uuidColumn, 'created', ...kind.fields];
  prepare(
    db,
    `INSERT INTO ${kind.controller} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
  ).run(uuid, nowText(), ...kind.fields.map((f) => String(fields[f] ?? '')));
  return true;
}

const text = (value: unknown) =>
  value === undefined || value === null || value === '' || value === false ? '' : String(value);

export function blocklistRoutes(kind: BlocklistKind): Route[] {
  const table = kind.controller;
  const all = [kind.uuidColumn, ...kind.fields];

  /** The body with MISP's optional `{request: …}` and `{<Model>: …}` wrappers removed. */
  const input = (ctx: RequestContext): Row => {
    let body = ctx.body && typeof ctx.body === 'object' && !Array.isArray(ctx.body) ? (ctx.body as Row) : {};
    if (body.request && typeof body.request === 'object') body = body.request as Row;
    const wrapped = body[kind.model];
    if (wrapped && typeof wrapped === 'object') body = wrapped as Row;
    return body;
  };

  /** An entry by id or by the blocked uuid. */
  const findEntry = (ctx: RequestContext, missing: string): Row => {
    const ref = ctx.args[0] ?? '';
    const row = prepare(ctx.db, `SELECT * FROM ${table} WHERE ${isUuid(ref) ? kind.uuidColumn : 'id'} = ?`).get(ref) as
      | Row
      | undefined;
    if (!row) throw new HttpError(404, missing);
    return row;
  };

  /** Filters are CakePHP named parameters only (`/eventBlocklists/index/comment:x`); a body is ignored. */
  const index = (ctx: RequestContext) => {
    const where: string[] = [];
    const params: string[] = [];
    if (kind.filters) {
      for (const field of all) {
        const value = ctx.namedParams[field];
        if (value) {
          where.push(`${field} = ?`);
          params.push(value);
        }
      }
      const any = ctx.namedParams.searchall;
      if (any) {
        where.push(`(${all.map((f) => `${f} = ?`).join(' OR ')})`);
        params.push(...all.map(() => any));
      }
    }
    const rows = prepare(
      ctx.db,
      `SELECT * FROM ${table} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id`,
    ).all(...params) as Row[];
    return rows.map((row) => kind.format(ctx.db, row));
  };

  /**
   * `uuids` is a list or one string of newline-separated uuids; each is trimmed and saved with the shared fields,
   * or reported in `fails` (not 36 characters, not a uuid, already blocked).
   */
  const add = (ctx: RequestContext) => {
    const body = input(ctx);
    const uuids = Array.isArray(body.uuids) ? body.uuids.map((u) => text(u)) : text(body.uuids).trim().split('\n');
    const fields = Object.fromEntries(kind.fields.map((f) => [f, text(body[f])]));
    const successes: string[] = [];
    const fails: string[] = [];
    ctx.db.transaction(() => {
      for (const raw of uuids) {
        const uuid = raw.trim();
        const saved = uuid.length === 36 && addBlocklistEntry(ctx.db, kind, uuid, fields);
        (saved ? successes : fails).push(uuid);
      }
    })();
    return {
      result: { successes, fails },
      message: `Done. Added ${successes.length} new entries to the blocklist. ${fails.length} entries could not be saved.`,
    };
  };

  /** Any field may change; an invalid or already blocked uuid is 405, as in MISP. */
  const edit = (ctx: RequestContext) => {
    const entry = findEntry(ctx, 'Blocklist item not found.');
    const body = input(ctx);
    const next: Row = { ...entry };
    for (const field of all) if (body[field] !== undefined && body[field] !== null) next[field] = String(body[field]);
    const uuid = String(next[kind.uuidColumn]);
    const taken = prepare(ctx.db, `SELECT 1 FROM ${table} WHERE ${kind.uuidColumn} = ? AND id != ?`).get(
      uuid,
      entry.id,
    );
    if (!isUuid(uuid) || taken) throw new HttpError(405, 'Could not save the blocklist item.');
    prepare(ctx.db, `UPDATE ${table} SET ${all.map((f) => `${f} = @${f}`).join(', ')} WHERE id = @id`).run(next);
    return {
      [kind.model]: kind.format(ctx.db, prepare(ctx.db, `SELECT * FROM ${table} WHERE id = ?`).get(entry.id) as Row),
    };
  };

  const remove = (ctx: RequestContext) => {
    const entry = findEntry(ctx, 'Invalid blocklist entry');
    prepare(ctx.db, `DELETE FROM ${table} WHERE id = ?`).run(entry.id);
    kind.onRemove?.(ctx.db, entry);
    return saveSuccess(`${kind.model}s`, 'delete', ctx.args[0], 'Blocklist entry removed');
  };

  const route = (action: string, methods: string[], handler: (ctx: RequestContext) => unknown): Route => ({
    controller: kind.controller,
    action,
    methods,
    handler,
    permission: 'site_admin',
  });
  return [
    route('index', ['GET', 'POST'], index),
    route('add', ['POST'], add),
    route('edit', ['POST', 'PUT'], edit),
    route('delete', ['POST', 'DELETE'], remove),
  ];
}
