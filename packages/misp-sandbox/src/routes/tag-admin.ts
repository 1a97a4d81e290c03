import { prepare } from '../db/statements.js';
import { HttpError } from '../http.js';
import { formatTag } from '../model/format.js';
import { findTag } from '../model/tags.js';
import type { Route } from '../router.js';
import type { RequestContext, Row } from '../types.js';
import { baseUrl } from './util.js';

const asObject = (value: unknown): Row =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Row) : {};
const flag = (value: unknown) => value === true || value === 1 || value === '1' || value === 'true';

function existing(ctx: RequestContext): Row {
  const ref = ctx.args[0] ?? '';
  const tag = /^\d+$/.test(ref) ? findTag(ctx.db, Number(ref)) : undefined;
  if (!tag) throw new HttpError(404, 'Invalid tag');
  return tag;
}

/** `tags/edit/{id}`: name, colour, exportable, hide_tag, numerical_value, local_only, org_id, user_id. */
function editTag(ctx: RequestContext) {
  const tag = existing(ctx);
  const body = asObject(ctx.body);
  const input = asObject(body.Tag ?? body);
  const changes: [string, unknown][] = [];
  if (typeof input.name === 'string' && input.name.trim() !== '' && input.name.trim() !== tag.name) {
    const name = input.name.trim();
    const clash = findTag(ctx.db, name);
    if (clash && clash.id !== tag.id)
      throw new HttpError(405, 'Could not add the Tag. [name]: A similar name already exists.');
    changes.push(['name', name]);
  }
  if (typeof input.colour === 'string' && /^#[0-9a-f]{6}$/i.test(input.colour)) changes.push(['colour', input.colour]);
  for (const field of ['exportable', 'hide_tag', 'local_only'])
    if (input[field] !== undefined) changes.push([field, flag(input[field]) ? 1 : 0]);
  if (input.numerical_value !== undefined)
    changes.push([
      'numerical_value',
      input.numerical_value === null || input.numerical_value === '' ? null : Number(input.numerical_value),
    ]);
  for (const field of ['org_id', 'user_id'])
    if (input[field] !== undefined && /^\d+$/.test(String(input[field]))) changes.push([field, Number(input[field])]);
  if (changes.length)
    prepare(ctx.db, `UPDATE tags SET ${changes.map(([f]) => `${f} = ?`).join(', ')} WHERE id = ?`).run(
      ...changes.map(([, v]) => v),
      tag.id,
    );
  return { Tag: formatTag(findTag(ctx.db, Number(tag.id)) as Row) };
}

/** `tags/delete/{id}`: the tag goes, and with it every place it was attached. */
function deleteTag(ctx: RequestContext) {
  const tag = existing(ctx);
  ctx.db.transaction(() => {
    prepare(ctx.db, 'DELETE FROM event_tags WHERE tag_id = ?').run(tag.id);
    prepare(ctx.db, 'DELETE FROM attribute_tags WHERE tag_id = ?').run(tag.id);
    prepare(ctx.db, 'DELETE FROM tags WHERE id = ?').run(tag.id);
  })();
  return { name: 'Tag deleted.', message: 'Tag deleted.', url: `${baseUrl(ctx)}${ctx.url}` };
}

export const tagAdminRoutes: Route[] = [
  { controller: 'tags', action: 'edit', methods: ['POST', 'PUT'], handler: editTag, permission: 'tag_editor' },
  { controller: 'tags', action: 'delete', methods: ['POST', 'DELETE'], handler: deleteTag, permission: 'tag_editor' },
];
