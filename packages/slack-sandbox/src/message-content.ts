import { randomBytes } from 'node:crypto';
import { BLOCK_LIMITS, validateBlocks } from './block-kit.js';
import { jsonParam, stringParam } from './http-util.js';

export interface MessageContent {
  text: string;
  blocks?: unknown[];
  attachments?: unknown[];
}

export type ContentError = { error: string; messages?: string[] };

/**
 * Checks text/blocks/attachments of a message the way chat.postMessage does.
 * `requireContent: false` is for chat.update, where omitted fields keep their old value.
 */
export function readMessageContent(
  params: Record<string, unknown>,
  requireContent = true,
): { ok: true; content: Partial<MessageContent> } | ({ ok: false } & ContentError) {
  const content: Partial<MessageContent> = {};
  const text = stringParam(params.text);
  if (params.text !== undefined && params.text !== null && text === undefined)
    return { ok: false, error: 'invalid_arguments' };
  if (text !== undefined) {
    if (text.length > BLOCK_LIMITS.messageText) return { ok: false, error: 'msg_too_long' };
    content.text = text;
  }
  if (params.blocks !== undefined && params.blocks !== '') {
    const parsed = jsonParam(params.blocks);
    if (!parsed.ok || !Array.isArray(parsed.value)) return { ok: false, error: 'invalid_blocks_format' };
    const errors = validateBlocks(parsed.value);
    if (errors.length > 0) return { ok: false, error: 'invalid_blocks', messages: errors };
    content.blocks = withGeneratedIds(parsed.value);
  }
  if (params.attachments !== undefined && params.attachments !== '') {
    const parsed = jsonParam(params.attachments);
    if (!parsed.ok || !Array.isArray(parsed.value)) return { ok: false, error: 'invalid_attachments' };
    content.attachments = parsed.value;
  }
  const hasBlocks = (content.blocks?.length ?? 0) > 0;
  const hasAttachments = (content.attachments?.length ?? 0) > 0;
  if (requireContent && !content.text && !hasBlocks && !hasAttachments) return { ok: false, error: 'no_text' };
  return { ok: true, content };
}

const shortId = (): string => randomBytes(3).toString('base64url');

/** Slack fills in a block_id for every block and an action_id for every element that lack one. */
function withGeneratedIds(blocks: unknown[]): unknown[] {
  return blocks.map((raw) => {
    const block = { ...(raw as Record<string, unknown>) };
    if (block.block_id === undefined) block.block_id = shortId();
    if (Array.isArray(block.elements) && block.type === 'actions') {
      block.elements = block.elements.map((el: Record<string, unknown>) =>
        el.action_id === undefined ? { ...el, action_id: shortId() } : el,
      );
    }
    const accessory = block.accessory as Record<string, unknown> | undefined;
    if (accessory && accessory.type !== 'image' && accessory.action_id === undefined) {
      block.accessory = { ...accessory, action_id: shortId() };
    }
    return block;
  });
}
