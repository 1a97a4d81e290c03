import type { Database } from 'better-sqlite3';
import { prepare } from '../db/statements.js';
import type { AuthUser, RequestContext, Row } from '../types.js';

/**
 * The sandbox's audit trail, kept as MISP keeps its `logs` table: one entry per saved model with its
 * model, id, action, a title naming it and the changed fields as `field (old) => (new)`. Every write goes
 * through one place: the request pipeline asks `trackWrite` before a write route runs and records what the
 * route changed once it has answered 200 (server.ts), so routes need not log by hand. Writes that are not a
 * row of a tracked table (server settings) call `writeLog` themselves, as MISP's controllers do.
 */
export interface LogEntry {
  model: string;
  model_id: number | string;
  action: string;
  title: string;
  change?: string;
  description?: string;
}

const nowText = () => new Date().toISOString().slice(0, 19).replace('T', ' ');

function orgName(db: Database, orgId: number): string {
  return (
    (prepare(db, 'SELECT name FROM organisations WHERE id = ?').get(orgId) as { name?: string } | undefined)?.name ?? ''
  );
}

export function writeLog(db: Database, user: AuthUser | undefined, entry: LogEntry): void {
  prepare(
    db,
    `INSERT INTO logs (title, created, model, model_id, action, user_id, change, email, org, description, ip)
     VALUES (@title, @created, @model, @model_id, @action, @user_id, @change, @email, @org, @description, '')`,
  ).run({
    title: entry.title,
    created: nowText(),
    model: entry.model,
    model_id: Number(entry.model_id) || 0,
    action: entry.action,
    user_id: user?.id ?? 0,
    change: entry.change ?? '',
    email: user?.email ?? 'SYSTEM',
    org: user ? orgName(db, user.org_id) : 'SYSTEM',
    description: entry.description ?? '',
  });
}

/** A model whose rows are logged: its table, MISP's name for it, the columns MISP reports and its title. */
interface Model {
  name: string;
  table: string;
  /** Columns in the order MISP lists them in `change`. */
  columns: string[];
  title: (row: Row) => string;
  /** How the description names the row: `Event (1)` or `Attribute "8.8.8.8" (1)`. */
  label: (row: Row) => string;
  /** Values MISP logs for an add whatever the row holds afterwards (columns the sandbox lacks, or fills later). */
  added?: Record<string, unknown>;
  /** A soft delete (a `deleted` flag) is described as an update, as MISP does. */
  softDelete?: boolean;
}

const attributeValue = (row: Row) => (row.value2 ? `${row.value1}|${row.value2}` : String(row.value1));

const MODELS: Record<string, Model> = {
  Event: {
    name: 'Event',
    table: 'events',
    columns: [
      'attribute_count',
      'distribution',
      'proposal_email_lock',
      'locked',
      'publish_timestamp',
      'sighting_timestamp',
      'disable_correlation',
      'info',
      'user_id',
      'analysis',
      'threat_level_id',
      'date',
      'sharing_group_id',
      'org_id',
      'orgc_id',
      'uuid',
    ],
    // MISP saves (and logs) an event before its attributes, with no proposal lock.
    added: { attribute_count: 0, proposal_email_lock: 0 },
    title: (row) => `Event (${row.id}): ${row.info}`,
    label: (row) => `Event (${row.id})`,
  },
  Attribute: {
    name: 'Attribute',
    table: 'attributes',
    columns: [
      'object_id',
      'to_ids',
      'distribution',
      'deleted',
      'disable_correlation',
      'type',
      'event_id',
      'sharing_group_id',
      'category',
      'uuid',
      'value1',
      'value2',
      'comment',
      'first_seen',
      'last_seen',
    ],
    title: (row) =>
      `Attribute (${row.id}) from Event (${row.event_id}): ${row.category}/${row.type} ${attributeValue(row)}`,
    label: (row) => `Attribute "${attributeValue(row)}" (${row.id})`,
    softDelete: true,
  },
  MispObject: {
    name: 'MispObject',
    table: 'objects',
    columns: [
      'name',
      'meta_category',
      'description',
      'template_uuid',
      'template_version',
      'event_id',
      'uuid',
      'distribution',
      'sharing_group_id',
      'comment',
      'deleted',
    ],
    title: (row) => `Object (${row.id}) from Event (${row.event_id}): ${row.name}`,
    label: (row) => `MispObject (${row.id})`,
    softDelete: true,
  },
  Tag: {
    name: 'Tag',
    table: 'tags',
    columns: [
      'name',
      'colour',
      'org_id',
      'user_id',
      'hide_tag',
      'exportable',
      'local_only',
      'is_galaxy',
      'is_custom_galaxy',
      'numerical_value',
    ],
    title: (row) => String(row.name),
    label: (row) => `Tag "${row.name}" (${row.id})`,
  },
  Organisation: {
    name: 'Organisation',
    table: 'organisations',
    columns: ['local', 'name', 'description', 'type', 'nationality', 'sector', 'contacts', 'uuid', 'date_created'],
    title: (row) => String(row.name),
    label: (row) => `Organisation "${row.name}" (${row.id})`,
  },
  User: {
    name: 'User',
    table: 'users',
    columns: ['org_id', 'role_id', 'email', 'disabled'],
    title: (row) => `User (${row.id}): ${row.email}`,
    label: (row) => `User "${row.email}" (${row.id})`,
  },
};

type Kind = 'add' | 'edit' | 'delete';
/** Which write routes change which models; `admin/x/y` routes are keyed with their admin prefix. */
const WRITES: Record<string, { kind: Kind; models: (keyof typeof MODELS)[] }> = {
  'events/add': { kind: 'add', models: ['Event', 'Attribute', 'MispObject', 'Tag'] },
  'events/edit': { kind: 'edit', models: ['Event'] },
  'events/delete': { kind: 'delete', models: ['Event'] },
  'attributes/add': { kind: 'add', models: ['Attribute'] },
  'attributes/edit': { kind: 'edit', models: ['Attribute'] },
  'attributes/delete': { kind: 'delete', models: ['Attribute'] },
  'objects/add': { kind: 'add', models: ['MispObject', 'Attribute'] },
  'objects/delete': { kind: 'delete', models: ['MispObject'] },
  'tags/add': { kind: 'add', models: ['Tag'] },
  'tags/edit': { kind: 'edit', models: ['Tag'] },
  'tags/delete': { kind: 'delete', models: ['Tag'] },
  'admin/organisations/add': { kind: 'add', models: ['Organisation'] },
  'admin/organisations/edit': { kind: 'edit', models: ['Organisation'] },
  'admin/organisations/delete': { kind: 'delete', models: ['Organisation'] },
  'admin/users/add': { kind: 'add', models: ['User'] },
  'admin/users/edit': { kind: 'edit', models: ['User'] },
  'admin/users/delete': { kind: 'delete', models: ['User'] },
};

const text = (value: unknown) => (value === null || value === undefined ? '' : String(value));

function findRow(db: Database, model: Model, ref: string | undefined): Row | undefined {
  if (!ref) return undefined;
  const hasUuid = model.columns.includes('uuid');
  const byUuid = hasUuid && !/^\d+$/.test(ref);
  return prepare(db, `SELECT * FROM ${model.table} WHERE ${byUuid ? 'uuid' : 'id'} = ?`).get(ref) as Row | undefined;
}

const describe = (model: Model, row: Row, verb: string, user: AuthUser) =>
  `${model.label(row)} ${verb} by User "${user.email}" (${user.id}).`;

/**
 * Called by the request pipeline before a route runs. For a tracked write it remembers what it needs
 * (the highest ids for an add, the row for an edit or delete) and answers the function that logs the
 * change once the route has succeeded; for anything else it answers undefined.
 */
export function trackWrite(ctx: RequestContext, controller: string, action: string): (() => void) | undefined {
  if (ctx.method === 'GET' || ctx.method === 'HEAD') return undefined;
  const admin = controller === 'admin';
  const key = admin ? `admin/${action}/${(ctx.args[0] ?? '').toLowerCase()}` : `${controller}/${action.toLowerCase()}`;
  const write = WRITES[key];
  if (!write) return undefined;
  const ref = admin ? ctx.args[1] : ctx.args[0];
  const { db, user } = ctx;
  const models = write.models.map((name) => MODELS[name] as Model);
  if (write.kind === 'add') {
    const before = models.map(
      (m) => (prepare(db, `SELECT COALESCE(MAX(id), 0) AS n FROM ${m.table}`).get() as { n: number }).n,
    );
    return () =>
      models.forEach((model, i) => {
        for (const row of prepare(db, `SELECT * FROM ${model.table} WHERE id > ? ORDER BY id`).all(
          before[i],
        ) as Row[]) {
          const values: Row = { ...row, ...model.added };
          const change = model.columns
            .filter((c) => values[c] !== null && values[c] !== undefined && !(c === 'deleted' && !values[c]))
            .map((c) => `${c} () => (${text(values[c])})`)
            .join(', ');
          writeLog(db, user, {
            model: model.name,
            model_id: Number(row.id),
            action: 'add',
            title: model.title(row),
            change,
            description: describe(model, row, 'added', user),
          });
        }
      });
  }
  const model = models[0] as Model;
  const before = findRow(db, model, ref);
  if (!before) return undefined;
  return () => {
    const after = prepare(db, `SELECT * FROM ${model.table} WHERE id = ?`).get(before.id) as Row | undefined;
    if (write.kind === 'delete') {
      if (after && !(model.softDelete && after.deleted)) return;
      writeLog(db, user, {
        model: model.name,
        model_id: Number(before.id),
        action: 'delete',
        title: model.title(before),
        description: describe(model, before, model.softDelete ? 'updated' : 'deleted', user),
      });
      return;
    }
    if (!after) return;
    const changed = model.columns.filter((c) => text(before[c]) !== text(after[c]));
    if (changed.length === 0) return;
    writeLog(db, user, {
      model: model.name,
      model_id: Number(after.id),
      action: 'edit',
      title: model.title(after),
      change: changed.map((c) => `${c} (${text(before[c])}) => (${text(after[c])})`).join(', '),
      description: describe(model, after, 'updated', user),
    });
  };
}
