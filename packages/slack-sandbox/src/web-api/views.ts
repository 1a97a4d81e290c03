import { BLOCK_LIMITS, validateBlocks } from '../block-kit.js';
import { randomId } from '../core.js';
import { jsonParam, stringParam } from '../http-util.js';
import { type ApiResponse, fail, type Method, type MethodContext, type View } from './types.js';

/** Modal titles and buttons are plain_text of at most 24 characters (Block Kit reference). */
const MODAL_TEXT_MAX = 24;

function readView(
  value: unknown,
  expectedType?: 'home' | 'modal',
): { ok: true; view: Record<string, unknown> } | { ok: false; response: ApiResponse } {
  const parsed = jsonParam(value);
  if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null || Array.isArray(parsed.value)) {
    return {
      ok: false,
      response: fail('invalid_arguments', {
        response_metadata: { messages: ['[ERROR] missing required field: view'] },
      }),
    };
  }
  const view = parsed.value as Record<string, unknown>;
  const messages: string[] = [];
  if (view.type !== 'modal' && view.type !== 'home')
    messages.push('[ERROR] must be one of modal, home [json-pointer:/view/type]');
  else if (expectedType && view.type !== expectedType)
    messages.push(`[ERROR] must be ${expectedType} [json-pointer:/view/type]`);
  if (view.type === 'modal') {
    for (const key of ['title', 'submit', 'close']) {
      const text = view[key] as { type?: unknown; text?: unknown } | undefined;
      if (text === undefined) {
        if (key === 'title') messages.push('[ERROR] missing required field: title [json-pointer:/view/title]');
        continue;
      }
      if (text.type !== 'plain_text') messages.push(`[ERROR] must be plain_text [json-pointer:/view/${key}/type]`);
      if (typeof text.text === 'string' && text.text.length > MODAL_TEXT_MAX) {
        messages.push(`[ERROR] must be less than ${MODAL_TEXT_MAX + 1} characters [json-pointer:/view/${key}/text]`);
      }
    }
  }
  messages.push(...validateBlocks(view.blocks, { maxBlocks: BLOCK_LIMITS.viewBlocks, pointer: '/view/blocks' }));
  if (typeof view.private_metadata === 'string' && view.private_metadata.length > 3000) {
    messages.push('[ERROR] must be less than 3001 characters [json-pointer:/view/private_metadata]');
  }
  if (messages.length > 0)
    return { ok: false, response: fail('invalid_arguments', { response_metadata: { messages } }) };
  return { ok: true, view };
}

function viewResponse(ctx: MethodContext, view: View): ApiResponse {
  const { team, bot } = ctx.core.workspace;
  return {
    ok: true,
    view: {
      id: view.id,
      team_id: team.id,
      app_id: bot.appId,
      bot_id: bot.botId,
      hash: view.hash,
      state: { values: {} },
      private_metadata: '',
      callback_id: '',
      external_id: view.external_id ?? '',
      root_view_id: view.id,
      previous_view_id: null,
      clear_on_close: false,
      notify_on_close: false,
      ...view.body,
    },
  };
}

function store(ctx: MethodContext, body: Record<string, unknown>, existing?: View, user?: string): View {
  const externalId = stringParam(body.external_id);
  const view: View = {
    id: existing?.id ?? `V${randomId(5).toUpperCase()}`,
    type: body.type === 'home' ? 'home' : 'modal',
    hash: `${Math.floor(Date.now() / 1000)}.${randomId(4)}`,
    body,
    ...(externalId ? { external_id: externalId } : {}),
    ...((user ?? existing?.user) ? { user: (user ?? existing?.user) as string } : {}),
  };
  ctx.views.byId.set(view.id, view);
  return view;
}

export const open: Method = (ctx, params) => {
  const trigger = stringParam(params.trigger_id);
  if (!trigger)
    return fail('invalid_arguments', {
      response_metadata: { messages: ['[ERROR] missing required field: trigger_id'] },
    });
  const read = readView(params.view, 'modal');
  if (!read.ok) return read.response;
  const user = ctx.core.triggers.userOf(trigger);
  const status = ctx.core.triggers.consume(trigger);
  if (status !== 'ok') return fail(status);
  const view = store(ctx, read.view, undefined, user);
  if (user) ctx.core.notify({ type: 'modal', user, view_id: view.id });
  return viewResponse(ctx, view);
};

export const update: Method = (ctx, params) => {
  const viewId = stringParam(params.view_id);
  const externalId = stringParam(params.external_id);
  const existing = viewId
    ? ctx.views.byId.get(viewId)
    : [...ctx.views.byId.values()].find((v) => externalId && v.external_id === externalId);
  if (!existing) return fail('not_found');
  const hash = stringParam(params.hash);
  if (hash && hash !== existing.hash) return fail('hash_conflict');
  const read = readView(params.view);
  if (!read.ok) return read.response;
  const view = store(ctx, read.view, existing);
  if (view.type === 'home' && view.user) ctx.core.notify({ type: 'home', user: view.user, view_id: view.id });
  return viewResponse(ctx, view);
};

export const publish: Method = (ctx, params) => {
  const userId = stringParam(params.user_id);
  if (!userId || !ctx.core.workspace.users.has(userId)) return fail('user_not_found');
  const read = readView(params.view, 'home');
  if (!read.ok) return read.response;
  const existing = ctx.views.homes.get(userId);
  const hash = stringParam(params.hash);
  if (existing && hash && hash !== existing.hash) return fail('hash_conflict');
  const view = store(ctx, read.view, existing, userId);
  ctx.views.homes.set(userId, view);
  ctx.core.notify({ type: 'home', user: userId, view_id: view.id });
  return viewResponse(ctx, view);
};
